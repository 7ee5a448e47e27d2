#include "resilience/circuitbreaker.h"

#include <gtest/gtest.h>

using namespace jitterbug;
using State = CircuitBreaker::State;

namespace {

CircuitBreakerSettings settings()
{
    return CircuitBreakerSettings{10, 4, 0.5, 1000, 2};
}

using Permit = CircuitBreaker::Permit;
using Kind = CircuitBreaker::Permit::Kind;

void outcome(CircuitBreaker& b, double now, bool failure)
{
    const Permit permit = b.tryAcquire(now);
    ASSERT_TRUE(permit.granted());
    b.record(now, failure, permit);
}

} // namespace

TEST(CircuitBreaker, StaysClosedBelowTheMinimumCalls)
{
    CircuitBreaker b(settings());
    for (int i = 0; i < 3; ++i)
        outcome(b, i, true);
    EXPECT_EQ(b.state(), State::Closed);
}

TEST(CircuitBreaker, OpensAtTheThresholdAndRefusesUntilTheBreakEnds)
{
    CircuitBreaker b(settings());
    outcome(b, 0, false);
    outcome(b, 1, true);
    outcome(b, 2, false);
    EXPECT_EQ(b.state(), State::Closed);
    outcome(b, 3, true); // 2 of 4 = 0.5
    EXPECT_EQ(b.state(), State::Open);
    EXPECT_DOUBLE_EQ(b.openUntilMs(), 1003);
    EXPECT_EQ(b.tryAcquire(500).kind, Kind::Denied);
    EXPECT_EQ(b.tryAcquire(1002.9).kind, Kind::Denied);
    ASSERT_EQ(b.transitions().size(), 1);
    EXPECT_EQ(b.transitions()[0].to, State::Open);
    EXPECT_EQ(b.transitions()[0].reason, QStringLiteral("2 of the last 4 attempts failed (threshold 50%)"));
}

TEST(CircuitBreaker, HalfOpenProbesCloseItWhenTheyAllSucceed)
{
    CircuitBreaker b(settings());
    for (int i = 0; i < 4; ++i)
        outcome(b, i, true);
    ASSERT_EQ(b.state(), State::Open);
    const Permit first = b.tryAcquire(1003);
    EXPECT_EQ(first.kind, Kind::Probe);
    EXPECT_EQ(b.state(), State::HalfOpen);
    const Permit second = b.tryAcquire(1003);
    EXPECT_EQ(second.kind, Kind::Probe);
    EXPECT_EQ(b.tryAcquire(1003).kind, Kind::Denied) << "only two probes at a time";
    b.record(1010, false, first);
    EXPECT_EQ(b.state(), State::HalfOpen);
    b.record(1011, false, second);
    EXPECT_EQ(b.state(), State::Closed);
    // The window starts afresh: old failures do not reopen it.
    outcome(b, 1020, true);
    EXPECT_EQ(b.state(), State::Closed);
}

TEST(CircuitBreaker, AFailedProbeOpensItAgain)
{
    CircuitBreaker b(settings());
    for (int i = 0; i < 4; ++i)
        outcome(b, i, true);
    const Permit probe = b.tryAcquire(2000);
    ASSERT_EQ(probe.kind, Kind::Probe);
    b.record(2005, true, probe);
    EXPECT_EQ(b.state(), State::Open);
    EXPECT_DOUBLE_EQ(b.openUntilMs(), 3005);
    const auto& t = b.transitions();
    ASSERT_EQ(t.size(), 3);
    EXPECT_EQ(t[1].from, State::Open);
    EXPECT_EQ(t[1].to, State::HalfOpen);
    EXPECT_EQ(t[2].to, State::Open);
}

TEST(CircuitBreaker, TheWindowSlides)
{
    CircuitBreaker b(CircuitBreakerSettings{4, 4, 0.75, 1000, 1});
    outcome(b, 0, true);
    outcome(b, 1, true);
    outcome(b, 2, true);
    outcome(b, 3, false); // T T T F: 3 of 4 reaches 0.75
    EXPECT_EQ(b.state(), State::Open);

    CircuitBreaker c(CircuitBreakerSettings{4, 4, 0.75, 1000, 1});
    outcome(c, 0, true);
    outcome(c, 1, true);
    outcome(c, 2, false);
    outcome(c, 3, false); // T T F F: 2 of 4
    outcome(c, 4, false); // T F F F: the oldest failure slid out, 1 of 4
    outcome(c, 5, true); // F F F T: 1 of 4
    outcome(c, 6, true); // F F T T: 2 of 4
    EXPECT_EQ(c.state(), State::Closed);
    outcome(c, 7, true); // F T T T: 3 of 4
    EXPECT_EQ(c.state(), State::Open);
}

TEST(CircuitBreaker, ACancelledProbeFreesItsPlace)
{
    CircuitBreaker b(CircuitBreakerSettings{2, 2, 0.5, 100, 1});
    outcome(b, 0, true);
    outcome(b, 1, true);
    const Permit probe = b.tryAcquire(200);
    ASSERT_EQ(probe.kind, Kind::Probe);
    EXPECT_EQ(b.tryAcquire(200).kind, Kind::Denied);
    b.release(probe);
    EXPECT_EQ(b.tryAcquire(200).kind, Kind::Probe);
}

TEST(CircuitBreaker, AnAttemptGrantedWhileClosedSaysNothingAboutTheProbes)
{
    CircuitBreaker b(CircuitBreakerSettings{2, 2, 0.5, 100, 1});
    const Permit early = b.tryAcquire(0); // still out when the breaker opens
    outcome(b, 1, true);
    outcome(b, 2, true);
    ASSERT_EQ(b.state(), State::Open);
    const Permit probe = b.tryAcquire(200);
    ASSERT_EQ(probe.kind, Kind::Probe);
    b.record(201, false, early); // the old attempt succeeds late: no verdict
    EXPECT_EQ(b.state(), State::HalfOpen);
    b.record(202, false, probe);
    EXPECT_EQ(b.state(), State::Closed);
}

TEST(CircuitBreaker, AProbeFromAnEarlierHalfOpenRoundSaysNothing)
{
    CircuitBreaker b(CircuitBreakerSettings{2, 2, 0.5, 100, 2});
    outcome(b, 0, true);
    outcome(b, 1, true);
    const Permit a = b.tryAcquire(101);
    const Permit late = b.tryAcquire(101);
    b.record(102, true, a); // opens again until 202
    ASSERT_EQ(b.state(), State::Open);
    const Permit fresh = b.tryAcquire(202); // a new half-open round
    ASSERT_EQ(fresh.kind, Kind::Probe);
    b.record(203, false, late); // from the old round: ignored
    b.release(late); // and its release frees nothing in the new round
    EXPECT_EQ(b.state(), State::HalfOpen);
    EXPECT_EQ(b.tryAcquire(204).kind, Kind::Probe);
    EXPECT_EQ(b.tryAcquire(204).kind, Kind::Denied) << "two probes out: fresh and this one";
}
