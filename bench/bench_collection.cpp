// Loading collections: a 1,000-request collection must load and validate in
// at most 100 ms. The collection is generated here with what real ones hold:
// folders, headers, params, JSON bodies, auth and policy overrides.
#include "collection/collectionjson.h"
#include "collection/requestbuilder.h"
#include "largecollection.h"

#include <QCoreApplication>
#include <QTemporaryDir>

#include <benchmark/benchmark.h>

using namespace jitterbug;
using jitterbug::bench::thousandRequests;

namespace {

void BM_LoadThousandRequestCollection(benchmark::State& state)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("large.jitterbug.json"));
    if (!saveCollection(thousandRequests(), path))
        state.SkipWithError("cannot save the generated collection");
    for (auto _ : state) {
        auto loaded = loadCollection(path);
        benchmark::DoNotOptimize(loaded);
    }
}
BENCHMARK(BM_LoadThousandRequestCollection)->Unit(benchmark::kMillisecond);

// Building every request (variables, auth, policy inheritance), as `run`
// does before it sends anything.
void BM_BuildThousandRequests(benchmark::State& state)
{
    const Collection c = thousandRequests();
    const QList<ItemPath> paths = requestPaths(c);
    for (auto _ : state) {
        for (const ItemPath& path : paths)
            benchmark::DoNotOptimize(buildRequest(c, path, nullptr, {}));
    }
}
BENCHMARK(BM_BuildThousandRequests)->Unit(benchmark::kMillisecond);

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
