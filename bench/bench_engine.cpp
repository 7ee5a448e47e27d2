// How fast the engine decides: calls on the simulated transport and the
// virtual clock, so only the engine's own work is measured (no sockets, no
// sleeping). Targets: at least 1,000,000 simulated attempts per second, and
// a 10,000-call run of the flaky-orders scenario in under 0.5 s.
#include "engine/batchrun.h"
#include "engine/call.h"
#include "engine/engine.h"
#include "engine/virtualclock.h"
#include "policy/backoff.h"
#include "sim/scenarioparser.h"
#include "sim/simtransport.h"
#include "util/random.h"

#include <QCoreApplication>

#include <benchmark/benchmark.h>

using namespace jitterbug;

namespace {

SimScenario alwaysFailing()
{
    SimStep step;
    step.status = 503;
    step.latencyMs = 1;
    SimRoute route;
    route.method = "*";
    route.path = QStringLiteral("/down");
    route.script = {step};
    SimScenario scenario;
    scenario.routes = {route};
    return scenario;
}

SimScenario flaky()
{
    SimStep fail;
    fail.status = 503;
    fail.latencyMs = 3;
    SimStep ok;
    ok.status = 200;
    ok.latencyMs = 5;
    ok.body = "{\"ok\":true}";
    SimRoute route;
    route.method = "*";
    route.path = QStringLiteral("/flaky");
    route.script = {fail, fail, ok};
    route.cycle = true;
    SimScenario scenario;
    scenario.routes = {route};
    return scenario;
}

// One call that retries 10,000 times: the steady-state cost of an attempt.
void BM_AttemptsOfOneLongCall(benchmark::State& state)
{
    const int attempts = 10000;
    RetryPolicy policy;
    policy.maxAttempts = attempts;
    std::int64_t total = 0;
    for (auto _ : state) {
        VirtualClock clock;
        SimTransport transport(clock, alwaysFailing(), 1);
        transport.setRecording(false);
        Engine engine(clock, transport, 42);
        Request request;
        request.url = QUrl(QStringLiteral("http://api.test/down"));
        Call* call = engine.send(request, policy);
        clock.run();
        total += call->timeline().outcome.attempts;
        benchmark::DoNotOptimize(call->timeline().outcome.elapsedMs);
    }
    state.counters["attempts/s"] = benchmark::Counter(static_cast<double>(total), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_AttemptsOfOneLongCall)->Unit(benchmark::kMillisecond);

// Many short calls (503, 503, 200), `concurrency` in flight: the cost of a
// call's whole life, handle and timeline included.
void BM_ManyFlakyCalls(benchmark::State& state)
{
    const int calls = 10000;
    const auto concurrency = static_cast<int>(state.range(0));
    RetryPolicy policy;
    std::int64_t total = 0;
    for (auto _ : state) {
        VirtualClock clock;
        SimTransport transport(clock, flaky(), 1);
        transport.setRecording(false);
        Engine engine(clock, transport, 42);
        Request request;
        request.url = QUrl(QStringLiteral("http://api.test/flaky"));
        int started = 0;
        std::function<void()> launch = [&] {
            Call* call = engine.send(request, policy);
            ++started;
            QObject::connect(call, &Call::finished, call, [&, call](const Timeline& t) {
                total += t.outcome.attempts;
                clock.callAfter(0, [call] { delete call; });
                if (started < calls)
                    launch();
            });
        };
        for (int i = 0; i < concurrency; ++i)
            launch();
        clock.run();
    }
    state.counters["attempts/s"] = benchmark::Counter(static_cast<double>(total), benchmark::Counter::kIsRate);
    state.counters["calls/s"] = benchmark::Counter(static_cast<double>(calls) * static_cast<double>(state.iterations()),
                                                   benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ManyFlakyCalls)->Arg(1)->Arg(64)->Unit(benchmark::kMillisecond);

// The built-in flaky-orders scenario: 10,000 POSTs with an idempotency key,
// 64 in flight, against lost responses, 503s and a latency tail.
void BM_FlakyOrdersRun(benchmark::State& state)
{
    const SimScenario scenario = builtinScenario(u"flaky-orders").value();
    RetryPolicy policy;
    policy.idempotencyKey = "auto";
    Request request;
    request.method = "POST";
    request.url = QUrl(QStringLiteral("http://shop.test/orders"));
    request.body = "{\"item\":\"book\",\"quantity\":1}";
    const int calls = 10000;
    for (auto _ : state) {
        VirtualClock clock;
        SimTransport transport(clock, scenario, 1);
        transport.setRecording(false);
        Engine engine(clock, transport, 42);
        BatchRun batch(engine, request, policy, calls, 64);
        batch.start();
        clock.run();
        benchmark::DoNotOptimize(transport.backend().stats().requests);
    }
    state.counters["calls/s"] = benchmark::Counter(static_cast<double>(calls) * static_cast<double>(state.iterations()),
                                                   benchmark::Counter::kIsRate);
}
BENCHMARK(BM_FlakyOrdersRun)->Unit(benchmark::kMillisecond);

void BM_BackoffDraw(benchmark::State& state)
{
    RetryPolicy policy;
    policy.jitter = static_cast<Jitter>(state.range(0));
    Random random(1);
    double previous = 0;
    int attempt = 2;
    for (auto _ : state) {
        previous = backoffDelayMs(policy, attempt, previous, random);
        attempt = attempt == 12 ? 2 : attempt + 1;
        benchmark::DoNotOptimize(previous);
    }
}
BENCHMARK(BM_BackoffDraw)->DenseRange(0, 3);

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
