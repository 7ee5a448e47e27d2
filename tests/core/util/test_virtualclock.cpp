#include "engine/virtualclock.h"

#include <gtest/gtest.h>

#include <vector>

using jitterbug::VirtualClock;

TEST(VirtualClock, RunsCallbacksInTimeOrderAndJumps)
{
    VirtualClock clock;
    std::vector<std::pair<int, double>> ran;
    clock.callAfter(300, [&] { ran.push_back({3, clock.nowMs()}); });
    clock.callAfter(100, [&] { ran.push_back({1, clock.nowMs()}); });
    clock.callAfter(200, [&] { ran.push_back({2, clock.nowMs()}); });
    clock.run();
    ASSERT_EQ(ran.size(), 3u);
    EXPECT_EQ(ran[0], (std::pair<int, double>{1, 100}));
    EXPECT_EQ(ran[1], (std::pair<int, double>{2, 200}));
    EXPECT_EQ(ran[2], (std::pair<int, double>{3, 300}));
}

TEST(VirtualClock, TiesRunInSchedulingOrder)
{
    VirtualClock clock;
    std::vector<int> ran;
    for (int i = 0; i < 5; ++i)
        clock.callAfter(50, [&ran, i] { ran.push_back(i); });
    clock.run();
    EXPECT_EQ(ran, (std::vector<int>{0, 1, 2, 3, 4}));
}

TEST(VirtualClock, CancelledCallbacksNeverRun)
{
    VirtualClock clock;
    int ran = 0;
    const auto id = clock.callAfter(10, [&] { ++ran; });
    clock.callAfter(20, [&] { ran += 10; });
    clock.cancel(id);
    clock.cancel(id); // twice is harmless
    clock.run();
    EXPECT_EQ(ran, 10);
    EXPECT_TRUE(clock.idle());
}

TEST(VirtualClock, CallbacksMayScheduleMore)
{
    VirtualClock clock;
    int depth = 0;
    std::function<void()> again = [&] {
        if (++depth < 1000)
            clock.callAfter(1.5, again);
    };
    clock.callAfter(0, again);
    clock.run();
    EXPECT_EQ(depth, 1000);
    EXPECT_DOUBLE_EQ(clock.nowMs(), 999 * 1.5);
}

TEST(VirtualClock, RunUntilStopsAtTheGivenTime)
{
    VirtualClock clock;
    int ran = 0;
    clock.callAfter(100, [&] { ++ran; });
    clock.callAfter(500, [&] { ++ran; });
    clock.runUntil(250);
    EXPECT_EQ(ran, 1);
    EXPECT_EQ(clock.nowMs(), 250);
    EXPECT_FALSE(clock.idle());
}

TEST(VirtualClock, WallTimeStartsAtTheFixedEpoch)
{
    VirtualClock clock;
    EXPECT_EQ(clock.wallTime(), QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC));
    clock.runUntil(1500);
    EXPECT_EQ(clock.wallTime(), QDateTime(QDate(2026, 1, 1), QTime(0, 0, 1, 500), Qt::UTC));
}

TEST(VirtualClock, RunUntilDoesNotRunPastItsTimeBehindACancelledTimer)
{
    VirtualClock clock;
    int ran = 0;
    const auto early = clock.callAfter(100, [&] { ++ran; });
    clock.callAfter(500, [&] { ++ran; });
    clock.cancel(early);
    clock.runUntil(250);
    EXPECT_EQ(ran, 0);
    EXPECT_EQ(clock.nowMs(), 250);
    clock.run();
    EXPECT_EQ(ran, 1);
}

TEST(VirtualClock, IdsOfFinishedTimersDoNotCancelNewOnes)
{
    VirtualClock clock;
    int ran = 0;
    const auto first = clock.callAfter(1, [&] { ++ran; });
    clock.run();
    // The slot is reused; the old id must not reach the new timer.
    clock.callAfter(1, [&] { ++ran; });
    clock.cancel(first);
    clock.run();
    EXPECT_EQ(ran, 2);
}

TEST(VirtualClock, ManyCancelledTimersLeaveTheOthersInOrder)
{
    // Enough cancellations to make the clock drop its dead entries early.
    VirtualClock clock;
    std::vector<int> ran;
    std::vector<VirtualClock::TimerId> ids;
    for (int i = 0; i < 1000; ++i)
        ids.push_back(clock.callAfter(1000 - i, [&ran, i] { ran.push_back(i); }));
    for (int i = 0; i < 1000; ++i) {
        if (i % 10 != 0)
            clock.cancel(ids[static_cast<std::size_t>(i)]);
    }
    clock.callAfter(0.5, [&ran] { ran.push_back(-1); });
    clock.run();
    ASSERT_EQ(ran.size(), 101u);
    EXPECT_EQ(ran.front(), -1);
    for (std::size_t k = 1; k < ran.size(); ++k)
        EXPECT_EQ(ran[k], 1000 - 10 * static_cast<int>(k)) << "later-scheduled ones fire first: shorter delays";
    EXPECT_TRUE(clock.idle());
}
