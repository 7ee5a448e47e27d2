// Loading collections: a 1,000-request collection must load and validate in
// at most 100 ms. The collection is generated here with what real ones hold:
// folders, headers, params, JSON bodies, auth and policy overrides.
#include "collection/collectionjson.h"
#include "collection/requestbuilder.h"

#include <QCoreApplication>
#include <QTemporaryDir>

#include <benchmark/benchmark.h>

using namespace jitterbug;

namespace {

Collection thousandRequests()
{
    Collection c;
    c.id = QUuid::fromString(QStringLiteral("{6f1c2b8e-6d2a-4a8e-9a61-0c1b7c3d2e11}"));
    c.name = QStringLiteral("Large");
    c.policy = PolicyOverride{
        QJsonObject{{QStringLiteral("max_attempts"), 4}, {QStringLiteral("jitter"), QStringLiteral("full")}}};
    c.variables.append(Variable{QStringLiteral("base_url"), QStringLiteral("http://127.0.0.1:8080"), false, true});
    for (int f = 0; f < 20; ++f) {
        Folder folder;
        folder.name = QStringLiteral("Folder %1").arg(f);
        folder.policy = PolicyOverride{QJsonObject{{QStringLiteral("deadline_ms"), 10000 + f}}};
        for (int r = 0; r < 50; ++r) {
            RequestItem request;
            request.name = QStringLiteral("Request %1").arg(r);
            request.method = r % 3 == 0 ? QStringLiteral("POST") : QStringLiteral("GET");
            request.url = QStringLiteral("{{base_url}}/folders/%1/items/%2").arg(f).arg(r);
            request.params = {KeyValue{QStringLiteral("page"), QString::number(r), true, {}},
                              KeyValue{QStringLiteral("sort"), QStringLiteral("name"), r % 2 == 0, {}}};
            request.headers = {KeyValue{QStringLiteral("Accept"), QStringLiteral("application/json"), true, {}},
                               KeyValue{QStringLiteral("X-Request"), QString::number(f * 50 + r), true, {}}};
            if (request.method == u"POST") {
                request.body.kind = Body::Kind::Json;
                request.body.text = QStringLiteral("{\"item\": %1, \"quantity\": 2}").arg(r);
                request.policy = PolicyOverride{
                    QJsonObject{{QStringLiteral("idempotency_key"),
                                 QJsonObject{{QStringLiteral("header"), QStringLiteral("Idempotency-Key")},
                                             {QStringLiteral("value"), QStringLiteral("auto")}}}}};
            }
            folder.items.push_back(Item{request});
        }
        c.items.push_back(Item{folder});
    }
    return c;
}

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
