#include "support/simharness.h"

#include "engine/batchrun.h"
#include "engine/realclock.h"

#include <QElapsedTimer>
#include <QTest>

#include <gtest/gtest.h>

using namespace jitterbug;
using namespace jitterbug::test;

TEST(BatchRun, KeepsAtMostConcurrencyCallsInFlightAndReportsEach)
{
    SimHarness sim(scriptOf(QStringLiteral("/x"), {reply(200, 100)}));
    BatchRun batch(*sim.engine, get(QStringLiteral("http://api.test/x")), RetryPolicy{}, 10, 3);
    int reported = 0;
    bool finished = false;
    QObject::connect(&batch, &BatchRun::callFinished, &batch, [&](const Timeline&, Call*) { ++reported; });
    QObject::connect(&batch, &BatchRun::finished, &batch, [&] { finished = true; });
    batch.start();
    sim.clock.run();
    EXPECT_TRUE(finished);
    EXPECT_EQ(reported, 10);
    // Three at a time, 100 ms each: arrivals at 0, 100, 200 and 300 ms.
    const auto& got = sim.transport.received();
    ASSERT_EQ(got.size(), 10);
    EXPECT_EQ(got[2].atMs, 0);
    EXPECT_EQ(got[3].atMs, 100);
    EXPECT_EQ(got[9].atMs, 300);
}

TEST(BatchRun, CancelStopsTheCallsInFlightAndStartsNoMore)
{
    SimHarness sim(scriptOf(QStringLiteral("/x"), {reply(200, 100)}));
    BatchRun batch(*sim.engine, get(QStringLiteral("http://api.test/x")), RetryPolicy{}, 10, 2);
    int cancelled = 0;
    QObject::connect(&batch, &BatchRun::callFinished, &batch,
                     [&](const Timeline& t, Call*) { cancelled += t.outcome.error == ErrorCode::Cancelled ? 1 : 0; });
    batch.start();
    sim.clock.runUntil(150); // two done, two in flight
    batch.cancel();
    sim.clock.run();
    EXPECT_TRUE(batch.isFinished());
    EXPECT_EQ(cancelled, 2);
    EXPECT_EQ(sim.transport.received().size(), 4);
}

TEST(RealClock, CallsBackAfterTheDelayAndNotWhenCancelled)
{
    RealClock clock;
    QElapsedTimer timer;
    timer.start();
    double firedAt = -1;
    bool cancelledRan = false;
    clock.callAfter(60, [&] { firedAt = static_cast<double>(timer.elapsed()); });
    const auto cancelled = clock.callAfter(30, [&] { cancelledRan = true; });
    clock.cancel(cancelled);
    EXPECT_TRUE(QTest::qWaitFor([&] { return firedAt >= 0; }, 5000));
    EXPECT_GE(firedAt, 60); // never early; a busy machine may make it late
    QTest::qWait(50);
    EXPECT_FALSE(cancelledRan);
    EXPECT_GE(clock.nowMs(), 60);
}
