// The deadline as a property: 1,000 calls, each with a random policy
// (deadline, attempt timeout, backoff and jitter, Retry-After honoured or
// not, sometimes a rate limit, a breaker or a fallback) against a random
// server (scripted steps or a seeded model: latencies, 5xx and 429 with
// Retry-After as seconds or an HTTP-date, timeouts, resets, drips, cut
// bodies), on the virtual clock. Virtual time is exact, so no call may end
// even a microsecond after its deadline.
#include "support/simharness.h"

#include "util/random.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdio>

using namespace jitterbug;
using namespace jitterbug::test;

namespace {

// Times are doubles of milliseconds, and an attempt cut by the deadline ends
// at start + (deadline - elapsed so far), which can round one bit above
// start + deadline: a picosecond covers that and nothing a clock could see.
// (The timeline record rounds to the microsecond.)
constexpr double kLastBitMs = 1e-9;

template<typename T, size_t N>
T oneOf(Random& pick, const std::array<T, N>& choices)
{
    return choices[static_cast<size_t>(pick.uniform(0, static_cast<double>(N)))];
}

HeaderList retryAfterHeaders(Random& pick)
{
    HeaderList headers;
    const int seconds = static_cast<int>(pick.uniform(0, 4));
    if (pick.uniform01() < 0.5) {
        headers.append("Retry-After", QByteArray::number(seconds));
    } else {
        // An HTTP-date, measured from the answer's own Date.
        headers.append("Date", "Thu, 01 Jan 2026 00:00:00 GMT");
        headers.append("Retry-After", "Thu, 01 Jan 2026 00:00:0" + QByteArray::number(seconds) + " GMT");
    }
    return headers;
}

SimStep randomStep(Random& pick)
{
    const double latencyMs = pick.uniform(0, 600);
    switch (static_cast<int>(pick.uniform(0, 9))) {
    case 0:
        return reply(200, latencyMs);
    case 1:
        return reply(503, latencyMs, retryAfterHeaders(pick));
    case 2:
        return reply(429, latencyMs, retryAfterHeaders(pick));
    case 3:
        return reply(500, latencyMs);
    case 4:
        return fault(SimFault::Timeout, latencyMs);
    case 5:
        return fault(SimFault::Reset, latencyMs);
    case 6: {
        SimStep drip = reply(200, latencyMs);
        drip.fault = SimFault::Drip;
        drip.body = QByteArray(40, 'x');
        drip.drip = SimDrip{static_cast<qint64>(pick.uniform(1, 9)), pick.uniform(5, 200)};
        return drip;
    }
    case 7: {
        SimStep cut = reply(200, latencyMs);
        cut.fault = SimFault::Truncated;
        return cut;
    }
    default:
        return fault(SimFault::Refused, latencyMs);
    }
}

SimModel randomModel(Random& pick)
{
    SimModel model;
    model.latency.kind = oneOf(pick,
                               std::array{SimLatency::Kind::Fixed, SimLatency::Kind::Uniform,
                                          SimLatency::Kind::LogNormal, SimLatency::Kind::Exponential});
    model.latency.a = pick.uniform(1, 200);
    model.latency.b = model.latency.a + pick.uniform(0, 2000); // uniform's max, lognormal's p99
    model.failureRate = pick.uniform(0, 0.6);
    model.timeoutRate = pick.uniform(0, 0.2);
    model.resetRate = pick.uniform(0, 0.2);
    model.failureStatuses = {SimWeightedStatus{503, 2}, SimWeightedStatus{429, 1}, SimWeightedStatus{500, 1}};
    if (pick.uniform01() < 0.6)
        model.retryAfter = SimRetryAfter{0, static_cast<qint64>(pick.uniform(0, 4)), pick.uniform01() < 0.3};
    return model;
}

SimScenario randomServer(Random& pick)
{
    if (pick.uniform01() < 0.5) {
        QList<SimStep> steps;
        const int count = static_cast<int>(pick.uniform(1, 9));
        for (int s = 0; s < count; ++s)
            steps.append(randomStep(pick));
        return scriptOf(QStringLiteral("/x"), steps, pick.uniform01() < 0.5);
    }
    SimRoute route;
    route.method = "*";
    route.path = QStringLiteral("/x");
    route.model = randomModel(pick);
    SimScenario scenario;
    scenario.routes = {route};
    return scenario;
}

RetryPolicy randomPolicy(Random& pick)
{
    RetryPolicy p;
    p.deadlineMs = pick.uniform(50, 5000);
    p.attemptTimeoutMs = pick.uniform(10, 3000);
    p.maxAttempts = static_cast<int>(pick.uniform(1, 11));
    p.backoff = oneOf(pick, std::array{BackoffKind::Constant, BackoffKind::Linear, BackoffKind::Exponential});
    p.jitter = oneOf(pick, std::array{Jitter::None, Jitter::Full, Jitter::Equal, Jitter::Decorrelated});
    p.baseDelayMs = pick.uniform(1, 500);
    p.multiplier = pick.uniform(1, 4);
    p.maxDelayMs = pick.uniform(10, 10000);
    p.respectRetryAfter = pick.uniform01() < 0.5;
    p.maxRetryAfterMs = pick.uniform(0, 10000);
    if (pick.uniform01() < 0.2)
        p.rateLimit
            = RateLimitSettings{static_cast<int>(pick.uniform(1, 4)), pick.uniform(100, 3000), 0, RateLimitScope::Call};
    if (pick.uniform01() < 0.2) {
        CircuitBreakerSettings breaker;
        breaker.window = 2;
        breaker.minimumCalls = 1;
        breaker.breakMs = pick.uniform(50, 3000);
        breaker.halfOpenProbes = 1;
        p.circuitBreaker = breaker;
    }
    if (pick.uniform01() < 0.2)
        p.fallback = FallbackSettings{};
    return p;
}

} // namespace

TEST(DeadlineProperty, AThousandRandomCallsOnTheVirtualClockNeverEndAfterTheirDeadline)
{
    Random pick(2024);
    constexpr int calls = 1000;
    int reachedTheDeadline = 0;
    int gaveUpForIt = 0;
    for (int i = 0; i < calls; ++i) {
        SimHarness sim(randomServer(pick), static_cast<quint64>(i));
        const RetryPolicy policy = randomPolicy(pick);
        const double deadline = *policy.deadlineMs;
        const Timeline t = sim.run(
            i % 3 == 0 ? post(QStringLiteral("http://api.test/x")) : get(QStringLiteral("http://api.test/x")), policy);
        ASSERT_LE(t.outcome.elapsedMs, deadline + kLastBitMs) << "call " << i << ": " << t.outcome.reason.toStdString();
        for (const AttemptRecord& a : t.attempts) {
            ASSERT_LE(a.endedMs, deadline + kLastBitMs) << "call " << i << ", attempt " << a.attempt;
            ASSERT_LE(a.endedMs + a.waitMs, deadline + kLastBitMs) << "call " << i << ": a wait past the deadline";
        }
        reachedTheDeadline += t.outcome.elapsedMs >= deadline - kLastBitMs ? 1 : 0;
        gaveUpForIt += t.outcome.reason.contains(QStringLiteral("deadline"))
                || (!t.attempts.isEmpty() && t.attempts.back().reason.contains(QStringLiteral("deadline")))
            ? 1
            : 0;
    }
    // The check means something only if many calls were stopped by their deadline.
    EXPECT_GE(reachedTheDeadline + gaveUpForIt, calls / 5);
    std::printf("virtual clock: %d calls; %d ended at their deadline, %d gave up because of it\n", calls,
                reachedTheDeadline, gaveUpForIt);
}
