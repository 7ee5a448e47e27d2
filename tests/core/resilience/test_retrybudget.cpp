#include "resilience/retrybudget.h"

#include <gtest/gtest.h>

using namespace jitterbug;

TEST(RetryBudget, AllowsRatioTimesFirstAttemptsPlusTheFloor)
{
    RetryBudget budget(RetryBudgetSettings{0.2, 10000, 0.1}); // floor: 0.1/s over 10 s = 1 retry
    for (int i = 0; i < 20; ++i)
        budget.recordFirstAttempt(i);
    // 0.2 * 20 + 1 = 5 retries
    int granted = 0;
    for (int i = 0; i < 10; ++i)
        granted += budget.tryRetry(100) ? 1 : 0;
    EXPECT_EQ(granted, 5);
    EXPECT_LT(budget.available(100), 1);
}

TEST(RetryBudget, TheFloorAloneLetsAQuietClientRetry)
{
    RetryBudget budget(RetryBudgetSettings{0.2, 1000, 3});
    EXPECT_TRUE(budget.tryRetry(0));
    EXPECT_TRUE(budget.tryRetry(0));
    EXPECT_TRUE(budget.tryRetry(0));
    EXPECT_FALSE(budget.tryRetry(0));
}

TEST(RetryBudget, OldEventsLeaveTheWindow)
{
    RetryBudget budget(RetryBudgetSettings{1.0, 1000, 0});
    budget.recordFirstAttempt(0);
    EXPECT_TRUE(budget.tryRetry(10));
    EXPECT_FALSE(budget.tryRetry(20));
    // After the window both the deposit and the withdrawal are gone.
    budget.recordFirstAttempt(1500);
    EXPECT_TRUE(budget.tryRetry(1500));
}
