#include "policy/waitplan.h"

#include <gtest/gtest.h>

using namespace jitterbug;

TEST(WaitPlan, DefaultPolicyMatchesTheFormula)
{
    const WaitPlan plan = planWaits(RetryPolicy{}, 20000, 1);
    ASSERT_EQ(plan.attempts.size(), 3);
    const double highs[] = {100, 200, 400};
    for (int k = 0; k < 3; ++k) {
        const PlannedAttempt& a = plan.attempts[k];
        EXPECT_EQ(a.attempt, k + 2);
        EXPECT_EQ(a.bounds.lowMs, 0);
        EXPECT_EQ(a.bounds.highMs, highs[k]);
        EXPECT_GE(a.wait.minMs, 0);
        EXPECT_LE(a.wait.maxMs, highs[k]);
        EXPECT_NEAR(a.wait.meanMs, highs[k] / 2, highs[k] * 0.02);
        EXPECT_NEAR(a.wait.p50Ms, highs[k] / 2, highs[k] * 0.03);
        EXPECT_NEAR(a.wait.p99Ms, highs[k] * 0.99, highs[k] * 0.01);
        EXPECT_LE(a.wait.minMs, a.wait.p50Ms);
        EXPECT_LE(a.wait.p50Ms, a.wait.p99Ms);
        EXPECT_LE(a.wait.p99Ms, a.wait.maxMs);
    }
    // 4 attempts x 30 s + 100 + 200 + 400 ms
    EXPECT_DOUBLE_EQ(plan.worstCaseMs, 120700);
    EXPECT_DOUBLE_EQ(plan.worstCaseWithRetryAfterMs, 120000 + 3 * 60000);
}

TEST(WaitPlan, TheDeadlineCapsTheWorstCase)
{
    RetryPolicy p;
    p.deadlineMs = 5000;
    EXPECT_DOUBLE_EQ(planWaits(p, 10, 1).worstCaseMs, 5000);
}

TEST(WaitPlan, OneAttemptHasNoWaits)
{
    RetryPolicy p;
    p.maxAttempts = 1;
    const WaitPlan plan = planWaits(p, 100, 1);
    EXPECT_TRUE(plan.attempts.isEmpty());
    EXPECT_DOUBLE_EQ(plan.worstCaseMs, 30000);
}

TEST(WaitPlan, TheSameSeedGivesTheSamePlan)
{
    RetryPolicy p;
    p.jitter = Jitter::Decorrelated;
    const WaitPlan a = planWaits(p, 1000, 77);
    const WaitPlan b = planWaits(p, 1000, 77);
    for (int k = 0; k < a.attempts.size(); ++k) {
        EXPECT_EQ(a.attempts[k].wait.meanMs, b.attempts[k].wait.meanMs);
        EXPECT_EQ(a.attempts[k].wait.p99Ms, b.attempts[k].wait.p99Ms);
    }
}
