// Retry-After, idempotency keys, rate limits, breakers, budgets and
// fallbacks as the engine applies them, on the virtual clock.
#include "support/simharness.h"

#include <gtest/gtest.h>

using namespace jitterbug;
using namespace jitterbug::test;

namespace {

HeaderList retryAfter(const QByteArray& value)
{
    HeaderList h;
    h.append("Retry-After", value);
    return h;
}

} // namespace

TEST(RetryAfter, ALongerRetryAfterReplacesTheBackoff)
{
    SimHarness sim(scriptOf(QStringLiteral("/rl"), {reply(429, 10, retryAfter("2")), reply(200)}));
    const Timeline t = sim.run(get(QStringLiteral("http://api.test/rl")), noJitter());
    ASSERT_EQ(t.attempts.size(), 2);
    EXPECT_EQ(t.attempts[0].retryAfterMs, 2000);
    EXPECT_EQ(t.attempts[0].waitMs, 2000);
    EXPECT_EQ(t.attempts[0].waitSource, WaitSource::RetryAfter);
    EXPECT_EQ(t.attempts[1].startedMs, 2010);
}

TEST(RetryAfter, AShorterRetryAfterLeavesTheBackoff)
{
    SimHarness sim(scriptOf(QStringLiteral("/rl"), {reply(503, 10, retryAfter("0")), reply(200)}));
    const Timeline t = sim.run(get(QStringLiteral("http://api.test/rl")), noJitter());
    EXPECT_EQ(t.attempts[0].waitMs, 100);
    EXPECT_EQ(t.attempts[0].waitSource, WaitSource::Backoff);
}

TEST(RetryAfter, IsCappedByMaxRetryAfter)
{
    SimHarness sim(scriptOf(QStringLiteral("/rl"), {reply(503, 10, retryAfter("120")), reply(200)}));
    const Timeline t = sim.run(get(QStringLiteral("http://api.test/rl")), noJitter());
    EXPECT_EQ(t.attempts[0].retryAfterMs, 120000) << "recorded as the server sent it";
    EXPECT_EQ(t.attempts[0].waitMs, 60000);
}

TEST(RetryAfter, PastTheDeadlineGivesUpAtOnce)
{
    SimHarness sim(scriptOf(QStringLiteral("/rl"), {reply(429, 10, retryAfter("30")), reply(200)}));
    RetryPolicy p = noJitter();
    p.deadlineMs = 10000;
    const Timeline t = sim.run(get(QStringLiteral("http://api.test/rl")), p);
    ASSERT_EQ(t.attempts.size(), 1);
    EXPECT_EQ(t.attempts[0].decision, Decision::GiveUp);
    EXPECT_EQ(
        t.attempts[0].reason,
        QStringLiteral("429 is retryable, but waiting the 30.0 s that Retry-After asks for would cross the deadline "
                       "(9.99 s left)"));
    EXPECT_EQ(t.outcome.elapsedMs, 10);
}

TEST(RetryAfter, BeyondTheDeadlineGivesUpEvenWhenTheCapWouldFit)
{
    SimHarness sim(scriptOf(QStringLiteral("/rl"), {reply(503, 10, retryAfter("120")), reply(200)}));
    RetryPolicy p = noJitter();
    p.deadlineMs = 90000;
    const Timeline t = sim.run(get(QStringLiteral("http://api.test/rl")), p);
    ASSERT_EQ(t.attempts.size(), 1) << "the server said not before 120 s; the deadline is 90 s";
    EXPECT_EQ(t.attempts[0].decision, Decision::GiveUp);
}

TEST(RetryAfter, AnHttpDateIsMeasuredFromTheResponsesDate)
{
    HeaderList h;
    h.append("Date", "Thu, 01 Jan 2026 00:00:00 GMT");
    h.append("Retry-After", "Thu, 01 Jan 2026 00:00:05 GMT");
    SimHarness sim(scriptOf(QStringLiteral("/rl"), {reply(503, 10, h), reply(200)}));
    const Timeline t = sim.run(get(QStringLiteral("http://api.test/rl")), noJitter());
    EXPECT_EQ(t.attempts[0].retryAfterMs, 5000);
    EXPECT_EQ(t.attempts[0].waitMs, 5000);
}

TEST(RetryAfter, IgnoredWhenThePolicySaysSo)
{
    SimHarness sim(scriptOf(QStringLiteral("/rl"), {reply(429, 10, retryAfter("5")), reply(200)}));
    RetryPolicy p = noJitter();
    p.respectRetryAfter = false;
    const Timeline t = sim.run(get(QStringLiteral("http://api.test/rl")), p);
    EXPECT_EQ(t.attempts[0].waitMs, 100);
}

TEST(Idempotency, APostWithoutAKeyIsNotRetried)
{
    SimHarness sim(scriptOf(QStringLiteral("/orders"), {reply(503), reply(201)}));
    const Timeline t = sim.run(post(QStringLiteral("http://api.test/orders")), RetryPolicy{});
    ASSERT_EQ(t.attempts.size(), 1);
    EXPECT_EQ(t.attempts[0].decision, Decision::GiveUp);
    EXPECT_EQ(t.attempts[0].reason,
              QStringLiteral("503 is retryable, but POST is not idempotent and carries no Idempotency-Key"));
    EXPECT_EQ(sim.transport.received().size(), 1);
}

TEST(Idempotency, AnAutoKeyIsOneUuidSentOnEveryAttempt)
{
    SimHarness sim(scriptOf(QStringLiteral("/orders"), {reply(503), reply(503), reply(201)}));
    RetryPolicy p;
    p.idempotencyKey = "auto";
    const Timeline t = sim.run(post(QStringLiteral("http://api.test/orders")), p);
    ASSERT_EQ(t.attempts.size(), 3);
    EXPECT_EQ(t.idempotencyKey.size(), 36);
    EXPECT_FALSE(QUuid::fromString(QString::fromLatin1(t.idempotencyKey)).isNull());
    const auto& received = sim.transport.received();
    ASSERT_EQ(received.size(), 3);
    for (const auto& r : received)
        EXPECT_EQ(r.request.headers.value("Idempotency-Key"), t.idempotencyKey);

    // The next call gets a fresh key.
    const Timeline second = sim.run(post(QStringLiteral("http://api.test/orders")), p);
    EXPECT_NE(second.idempotencyKey, t.idempotencyKey);
}

TEST(Idempotency, AFixedKeyAndACustomHeaderName)
{
    SimHarness sim(scriptOf(QStringLiteral("/orders"), {reply(503), reply(201)}));
    RetryPolicy p;
    p.idempotencyKey = "order-77";
    p.idempotencyHeader = "X-Request-Key";
    const Timeline t = sim.run(post(QStringLiteral("http://api.test/orders")), p);
    EXPECT_EQ(t.attempts.size(), 2);
    EXPECT_EQ(sim.transport.received().at(1).request.headers.value("x-request-key"), "order-77");
}

TEST(Idempotency, AKeyTheUserSetThemselvesCounts)
{
    SimHarness sim(scriptOf(QStringLiteral("/orders"), {reply(503), reply(201)}));
    Request r = post(QStringLiteral("http://api.test/orders"));
    r.headers.append("idempotency-key", "mine");
    RetryPolicy p;
    p.idempotencyKey = "auto";
    const Timeline t = sim.run(r, p);
    EXPECT_EQ(t.idempotencyKey, "mine");
    EXPECT_EQ(t.attempts.size(), 2);
    EXPECT_EQ(sim.transport.received().at(1).request.headers.values("Idempotency-Key"), (QList<QByteArray>{"mine"}));
}

TEST(Idempotency, RetryUnsafeRetriesWithoutAKey)
{
    SimHarness sim(scriptOf(QStringLiteral("/orders"), {reply(503), reply(201)}));
    RetryPolicy p;
    p.retryUnsafe = true;
    const Timeline t = sim.run(post(QStringLiteral("http://api.test/orders")), p);
    EXPECT_EQ(t.attempts.size(), 2);
    EXPECT_TRUE(t.outcome.succeeded);
    EXPECT_FALSE(sim.transport.received().at(1).request.headers.contains("Idempotency-Key"));
}

TEST(RateLimit, AWaitForATokenFollowsTheBackoff)
{
    SimHarness sim(scriptOf(QStringLiteral("/x"), {reply(503), reply(200)}));
    RetryPolicy p = noJitter();
    p.rateLimit = RateLimitSettings{1, 1000, 1, RateLimitScope::Call};
    const Timeline t = sim.run(get(QStringLiteral("http://api.test/x")), p);
    ASSERT_EQ(t.attempts.size(), 2);
    // Token at 0 for attempt 1; the next token is at 1000, after the 100 ms backoff.
    EXPECT_EQ(t.attempts[0].waits,
              (QList<WaitSegment>{{WaitSource::Backoff, 10, 100}, {WaitSource::RateLimit, 110, 890}}));
    EXPECT_EQ(t.attempts[0].waitMs, 990);
    EXPECT_EQ(t.attempts[0].waitSource, WaitSource::RateLimit);
    EXPECT_EQ(t.attempts[1].startedMs, 1000);
}

TEST(RateLimit, CallsOfOneRunShareTheBucketByDefault)
{
    SimHarness sim(scriptOf(QStringLiteral("/x"), {reply(200)}));
    RetryPolicy p;
    p.rateLimit = RateLimitSettings{};
    p.rateLimit->requests = 2;
    p.rateLimit->burst = 1;
    QList<Call*> calls;
    for (int i = 0; i < 3; ++i)
        calls.append(sim.start(get(QStringLiteral("http://api.test/x")), p));
    sim.clock.run();
    EXPECT_EQ(calls[0]->timeline().queuedMs, 0);
    EXPECT_EQ(calls[1]->timeline().queuedMs, 500);
    EXPECT_EQ(calls[2]->timeline().queuedMs, 1000);
    const auto& received = sim.transport.received();
    ASSERT_EQ(received.size(), 3);
    EXPECT_EQ(received[2].atMs, 1000);
}

TEST(RateLimit, CallScopeGivesEachCallItsOwnBucket)
{
    SimHarness sim(scriptOf(QStringLiteral("/x"), {reply(200)}));
    RetryPolicy p;
    p.rateLimit = RateLimitSettings{1, 1000, 1, RateLimitScope::Call};
    Call* a = sim.start(get(QStringLiteral("http://api.test/x")), p);
    Call* b = sim.start(get(QStringLiteral("http://api.test/x")), p);
    sim.clock.run();
    EXPECT_EQ(a->timeline().queuedMs, 0);
    EXPECT_EQ(b->timeline().queuedMs, 0);
}

TEST(RateLimit, HostScopeSeparatesHosts)
{
    SimHarness sim(scriptOf(QStringLiteral("/x"), {reply(200)}));
    RetryPolicy p;
    p.rateLimit = RateLimitSettings{1, 1000, 1, RateLimitScope::Host};
    Call* a = sim.start(get(QStringLiteral("http://one.test/x")), p);
    Call* b = sim.start(get(QStringLiteral("http://two.test/x")), p);
    Call* c = sim.start(get(QStringLiteral("http://one.test/x")), p);
    sim.clock.run();
    EXPECT_EQ(a->timeline().queuedMs, 0);
    EXPECT_EQ(b->timeline().queuedMs, 0);
    EXPECT_EQ(c->timeline().queuedMs, 1000);
}

TEST(CircuitBreaker, OpensAndThenFailsFastWithoutTraffic)
{
    SimHarness sim(scriptOf(QStringLiteral("/down"), {reply(503)}));
    RetryPolicy p = noJitter();
    p.maxAttempts = 1;
    p.circuitBreaker = CircuitBreakerSettings{4, 4, 0.5, 1000, 1};
    for (int i = 0; i < 4; ++i)
        sim.run(get(QStringLiteral("http://api.test/down")), p);
    EXPECT_EQ(sim.transport.received().size(), 4);

    const Timeline refused = sim.run(get(QStringLiteral("http://api.test/down")), p);
    EXPECT_EQ(sim.transport.received().size(), 4) << "no traffic while open";
    ASSERT_EQ(refused.attempts.size(), 1);
    EXPECT_FALSE(refused.attempts[0].onWire);
    EXPECT_EQ(refused.attempts[0].error, ErrorCode::CircuitOpen);
    EXPECT_EQ(refused.outcome.error, ErrorCode::CircuitOpen);
    EXPECT_EQ(refused.outcome.elapsedMs, 0);
    EXPECT_TRUE(
        refused.attempts[0].reason.startsWith(QStringLiteral("the circuit breaker for http://api.test:80 is open")))
        << refused.attempts[0].reason.toStdString();
}

namespace {

// Opens a breaker of `scope` with four failures to one.test, then returns
// the timeline of a call to two.test (the same path, the same answer).
Timeline callToAnotherHostAfterFailures(SimHarness& sim, BreakerScope scope)
{
    RetryPolicy p = noJitter();
    p.maxAttempts = 1;
    p.circuitBreaker = CircuitBreakerSettings{4, 4, 0.5, 1000, 1, scope};
    for (int i = 0; i < 4; ++i)
        sim.run(get(QStringLiteral("http://one.test/down")), p);
    return sim.run(get(QStringLiteral("http://two.test/down")), p);
}

} // namespace

TEST(CircuitBreaker, HostScopeLeavesOtherHostsAlone)
{
    SimHarness sim(scriptOf(QStringLiteral("/down"), {reply(503)}));
    const Timeline t = callToAnotherHostAfterFailures(sim, BreakerScope::Host);
    EXPECT_EQ(sim.transport.received().size(), 5) << "two.test has a breaker of its own, still closed";
    ASSERT_EQ(t.attempts.size(), 1);
    EXPECT_TRUE(t.attempts[0].onWire);
    EXPECT_EQ(t.attempts[0].status, 503);
}

TEST(CircuitBreaker, RunScopeIsOneBreakerForEveryHost)
{
    SimHarness sim(scriptOf(QStringLiteral("/down"), {reply(503)}));
    const Timeline t = callToAnotherHostAfterFailures(sim, BreakerScope::Run);
    EXPECT_EQ(sim.transport.received().size(), 4) << "the run's breaker opened on one.test and refuses two.test";
    ASSERT_EQ(t.attempts.size(), 1);
    EXPECT_FALSE(t.attempts[0].onWire);
    EXPECT_EQ(t.outcome.error, ErrorCode::CircuitOpen);
    EXPECT_TRUE(t.attempts[0].reason.startsWith(QStringLiteral("the run's circuit breaker is open for another")))
        << t.attempts[0].reason.toStdString();
}

TEST(CircuitBreaker, RunScopeEventsNameTheRun)
{
    SimHarness sim(scriptOf(QStringLiteral("/down"), {reply(503)}));
    RetryPolicy p = noJitter();
    p.maxAttempts = 1;
    p.circuitBreaker = CircuitBreakerSettings{2, 2, 0.5, 1000, 1, BreakerScope::Run};
    sim.run(get(QStringLiteral("http://one.test/down")), p);
    const Timeline t = sim.run(get(QStringLiteral("http://two.test/down")), p);
    ASSERT_EQ(t.breakerEvents.size(), 1);
    EXPECT_EQ(t.breakerEvents[0].host, QStringLiteral("run"));
    EXPECT_EQ(t.breakerEvents[0].to, QStringLiteral("open"));
}

TEST(CircuitBreaker, ARetryWaitsForTheBreakToEnd)
{
    SimHarness sim(scriptOf(QStringLiteral("/x"), {reply(503), reply(503), reply(200)}));
    RetryPolicy p = noJitter();
    p.circuitBreaker = CircuitBreakerSettings{2, 2, 1.0, 5000, 1};
    const Timeline t = sim.run(get(QStringLiteral("http://api.test/x")), p);
    ASSERT_EQ(t.attempts.size(), 3);
    // The breaker opened when attempt 2 failed at 120: the retry waits the
    // 200 ms backoff, then until the break ends at 5120.
    EXPECT_EQ(t.attempts[1].waits,
              (QList<WaitSegment>{{WaitSource::Backoff, 120, 200}, {WaitSource::CircuitOpen, 320, 4800}}));
    EXPECT_EQ(t.attempts[1].waitSource, WaitSource::CircuitOpen);
    EXPECT_EQ(t.attempts[2].startedMs, 5120);
    EXPECT_TRUE(t.outcome.succeeded);
    ASSERT_EQ(t.breakerEvents.size(), 3);
    EXPECT_EQ(t.breakerEvents[0].to, QStringLiteral("open"));
    EXPECT_EQ(t.breakerEvents[1].to, QStringLiteral("half_open"));
    EXPECT_EQ(t.breakerEvents[2].to, QStringLiteral("closed"));
}

TEST(RetryBudget, ASpentBudgetStopsRetries)
{
    SimHarness sim(scriptOf(QStringLiteral("/down"), {reply(503)}));
    RetryPolicy p = noJitter();
    p.retryBudget = RetryBudgetSettings{0.5, 10000, 0};
    // Two calls deposit 0.5 each: one retry in all.
    const Timeline first = sim.run(get(QStringLiteral("http://api.test/down")), p);
    EXPECT_EQ(first.outcome.error, ErrorCode::BudgetExhausted);
    EXPECT_EQ(first.attempts.size(), 1) << "0.5 tokens: not even one retry";
    const Timeline second = sim.run(get(QStringLiteral("http://api.test/down")), p);
    EXPECT_EQ(second.attempts.size(), 2);
    EXPECT_EQ(second.outcome.error, ErrorCode::BudgetExhausted);
    EXPECT_TRUE(second.outcome.reason.contains(QStringLiteral("retry budget"))) << second.outcome.reason.toStdString();
}

TEST(Fallback, AStaticAnswerReplacesAFailure)
{
    SimHarness sim(scriptOf(QStringLiteral("/down"), {reply(503)}));
    RetryPolicy p = noJitter();
    p.maxAttempts = 2;
    p.fallback = FallbackSettings{FallbackMode::Static, 200, "{\"cached\":true}", "application/json"};
    Call* call = sim.start(get(QStringLiteral("http://api.test/down")), p);
    sim.clock.run();
    const Timeline& t = call->timeline();
    EXPECT_TRUE(t.outcome.fallback);
    EXPECT_FALSE(t.outcome.succeeded);
    EXPECT_EQ(t.outcome.status, 200);
    EXPECT_EQ(t.attempts.back().decision, Decision::Fallback);
    ASSERT_TRUE(call->response());
    EXPECT_EQ(call->response()->body, "{\"cached\":true}");
    EXPECT_EQ(call->response()->headers.value("X-Jitterbug-Fallback"), "static");
}

TEST(Fallback, TheLastGoodResponseOfTheSameRequest)
{
    SimScenario script = scriptOf(QStringLiteral("/x"), {reply(200), reply(503)});
    script.routes[0].script[0].body = "fresh";
    SimHarness sim(script);
    RetryPolicy p = noJitter();
    p.maxAttempts = 1;
    p.fallback = FallbackSettings{FallbackMode::LastGood, 200, {}, {}};
    sim.run(get(QStringLiteral("http://api.test/x")), p);
    Call* call = sim.start(get(QStringLiteral("http://api.test/x")), p);
    sim.clock.run();
    EXPECT_TRUE(call->timeline().outcome.fallback);
    EXPECT_EQ(call->response()->body, "fresh");
    EXPECT_EQ(call->response()->headers.value("X-Jitterbug-Fallback"), "last_good");

    // Another URL has no good response to fall back on.
    Call* other = sim.start(get(QStringLiteral("http://api.test/x?page=2")), p);
    sim.clock.run();
    EXPECT_FALSE(other->timeline().outcome.fallback);
    EXPECT_TRUE(other->timeline().outcome.reason.endsWith(QStringLiteral("no earlier good response to fall back on")));
}

TEST(RateLimit, ACallThatWillNotWaitLeavesItsTokenToOthers)
{
    SimHarness sim(scriptOf(QStringLiteral("/x"), {reply(200)}));
    RetryPolicy patient;
    patient.rateLimit = RateLimitSettings{1, 1000, 1, RateLimitScope::Run};
    RetryPolicy hurried = patient;
    hurried.deadlineMs = 500;
    Call* first = sim.start(get(QStringLiteral("http://api.test/x")), patient);
    Call* gaveUp = sim.start(get(QStringLiteral("http://api.test/x")), hurried);
    Call* next = sim.start(get(QStringLiteral("http://api.test/x")), patient);
    sim.clock.run();
    EXPECT_EQ(first->timeline().queuedMs, 0);
    EXPECT_EQ(gaveUp->timeline().outcome.error, ErrorCode::DeadlineExceeded);
    EXPECT_EQ(next->timeline().queuedMs, 1000) << "the token the hurried call did not wait for";
}
