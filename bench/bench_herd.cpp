// The herd lab's target: the OCC experiment for all five strategies at 50
// and 100 clients, 100 trials each, in at most 0.1 s on one core (a plain
// Python model, bench/herd/occ_reference.py, takes a few seconds). The
// counter is messages modelled per second (four per write).
#include "herd/occmodel.h"

#include <benchmark/benchmark.h>

using namespace jitterbug;

namespace {

void BM_OccFiveStrategiesAt50And100Clients(benchmark::State& state)
{
    QList<HerdStrategy> strategies;
    for (const QString& name : herdStrategyNames())
        strategies.append(*namedHerdStrategy(name, 5, 2000));
    qint64 events = 0;
    for (auto _ : state) {
        for (int clients : {50, 100}) {
            OccSettings settings;
            settings.clients = clients;
            settings.trials = 100;
            settings.seed = 1;
            for (const HerdStrategy& strategy : strategies) {
                const HerdResult result = runOcc(settings, strategy);
                events += result.events;
                benchmark::DoNotOptimize(result.meanCalls);
            }
        }
    }
    state.counters["events_per_s"] = benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_OccFiveStrategiesAt50And100Clients)->Unit(benchmark::kMillisecond)->UseRealTime();

} // namespace

BENCHMARK_MAIN();
