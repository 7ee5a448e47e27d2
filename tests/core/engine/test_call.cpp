// The engine on the scripted transport and the virtual clock: every
// timeline below is exact to the microsecond.
#include "support/simharness.h"

#include "report/timelinejson.h"

#include <QSignalSpy>

#include <gtest/gtest.h>

using namespace jitterbug;
using namespace jitterbug::test;

TEST(Call, RetriesA503UntilItSucceedsWithExactWaits)
{
    SimHarness sim(scriptOf(QStringLiteral("/flaky"), {reply(503), reply(503), reply(200)}));
    const Timeline t = sim.run(get(QStringLiteral("http://api.test/flaky")), noJitter());

    ASSERT_EQ(t.attempts.size(), 3);
    const AttemptRecord& a1 = t.attempts[0];
    EXPECT_EQ(a1.startedMs, 0);
    EXPECT_EQ(a1.endedMs, 10);
    EXPECT_EQ(a1.status, 503);
    EXPECT_EQ(a1.decision, Decision::Retry);
    EXPECT_EQ(a1.reason, QStringLiteral("503 is retryable"));
    EXPECT_EQ(a1.waitMs, 100);
    EXPECT_EQ(a1.waitSource, WaitSource::Backoff);
    EXPECT_EQ(a1.waits, (QList<WaitSegment>{{WaitSource::Backoff, 10, 100}}));

    EXPECT_EQ(t.attempts[1].startedMs, 110);
    EXPECT_EQ(t.attempts[1].waitMs, 200);
    EXPECT_EQ(t.attempts[2].startedMs, 320);
    EXPECT_EQ(t.attempts[2].endedMs, 330);
    EXPECT_EQ(t.attempts[2].decision, Decision::Success);
    EXPECT_EQ(t.attempts[2].waitSource, WaitSource::None);

    EXPECT_EQ(t.outcome.status, 200);
    EXPECT_EQ(t.outcome.attempts, 3);
    EXPECT_EQ(t.outcome.elapsedMs, 330);
    EXPECT_TRUE(t.outcome.succeeded);
    EXPECT_FALSE(t.outcome.fallback);
    EXPECT_EQ(sim.transport.received().size(), 3);
}

TEST(Call, GivesUpWhenTheAttemptsAreUsed)
{
    SimHarness sim(scriptOf(QStringLiteral("/down"), {reply(503)}));
    const Timeline t = sim.run(get(QStringLiteral("http://api.test/down")), noJitter());
    ASSERT_EQ(t.attempts.size(), 4);
    EXPECT_EQ(t.attempts[3].decision, Decision::GiveUp);
    EXPECT_EQ(t.attempts[3].reason, QStringLiteral("503 is retryable, but all 4 attempts are used"));
    EXPECT_EQ(t.outcome.status, 503);
    EXPECT_FALSE(t.outcome.succeeded);
    // 4 x 10 ms of attempts + 100 + 200 + 400 ms of waits
    EXPECT_EQ(t.outcome.elapsedMs, 740);
}

TEST(Call, AClientErrorIsNotRetried)
{
    SimHarness sim(scriptOf(QStringLiteral("/x"), {reply(404), reply(200)}));
    const Timeline t = sim.run(get(QStringLiteral("http://api.test/x")), RetryPolicy{});
    ASSERT_EQ(t.attempts.size(), 1);
    EXPECT_EQ(t.attempts[0].decision, Decision::GiveUp);
    EXPECT_EQ(t.attempts[0].reason, QStringLiteral("404 is a client error: retrying will not help"));
    EXPECT_EQ(sim.transport.received().size(), 1);
}

TEST(Call, ASilentServerTimesOutAtTheAttemptTimeout)
{
    SimHarness sim(scriptOf(QStringLiteral("/slow"), {fault(SimFault::Timeout), reply(200)}));
    RetryPolicy p = noJitter();
    p.attemptTimeoutMs = 1000;
    const Timeline t = sim.run(get(QStringLiteral("http://api.test/slow")), p);
    ASSERT_EQ(t.attempts.size(), 2);
    EXPECT_EQ(t.attempts[0].endedMs, 1000);
    EXPECT_EQ(t.attempts[0].error, ErrorCode::Timeout);
    EXPECT_EQ(t.attempts[0].status, 0);
    EXPECT_EQ(t.attempts[0].reason, QStringLiteral("the attempt timed out: retryable"));
    EXPECT_EQ(t.attempts[1].startedMs, 1100);
    EXPECT_TRUE(t.outcome.succeeded);
}

TEST(Call, NetworkErrorsAreRetried)
{
    SimHarness sim(scriptOf(QStringLiteral("/r"), {fault(SimFault::Reset, 5), fault(SimFault::Refused), reply(200)}));
    const Timeline t = sim.run(get(QStringLiteral("http://api.test/r")), noJitter());
    ASSERT_EQ(t.attempts.size(), 3);
    EXPECT_EQ(t.attempts[0].error, ErrorCode::ConnectionReset);
    EXPECT_EQ(t.attempts[0].endedMs, 5);
    EXPECT_EQ(t.attempts[1].error, ErrorCode::ConnectionRefused);
    EXPECT_EQ(t.attempts[1].endedMs, t.attempts[1].startedMs) << "refused at once";
    EXPECT_TRUE(t.outcome.succeeded);
}

TEST(Call, NoAttemptStartsWhoseWaitWouldCrossTheDeadline)
{
    SimHarness sim(scriptOf(QStringLiteral("/down"), {reply(503)}));
    RetryPolicy p = noJitter();
    p.deadlineMs = 250;
    const Timeline t = sim.run(get(QStringLiteral("http://api.test/down")), p);
    // 0-10, wait 100, 110-120, then a 200 ms wait would end at 320 > 250.
    ASSERT_EQ(t.attempts.size(), 2);
    EXPECT_EQ(t.attempts[1].decision, Decision::GiveUp);
    EXPECT_EQ(
        t.attempts[1].reason,
        QStringLiteral("503 is retryable, but the next wait (200.0 ms) would cross the deadline (130.0 ms left)"));
    EXPECT_EQ(t.outcome.elapsedMs, 120);
}

TEST(Call, TheDeadlineCutsTheAttemptTimeout)
{
    SimHarness sim(scriptOf(QStringLiteral("/slow"), {fault(SimFault::Timeout)}));
    RetryPolicy p = noJitter();
    p.deadlineMs = 500;
    const Timeline t = sim.run(get(QStringLiteral("http://api.test/slow")), p);
    ASSERT_EQ(t.attempts.size(), 1);
    EXPECT_EQ(t.attempts[0].timeoutMs, 500);
    EXPECT_EQ(t.attempts[0].endedMs, 500);
    EXPECT_EQ(t.attempts[0].error, ErrorCode::Timeout);
    EXPECT_EQ(t.attempts[0].errorDetail, QStringLiteral("cut at 500.0 ms by the call's deadline"));
    EXPECT_EQ(t.outcome.elapsedMs, 500);
    EXPECT_FALSE(t.outcome.succeeded);
}

TEST(Call, TheSameSeedGivesAByteIdenticalTimeline)
{
    const SimScenario script = scriptOf(QStringLiteral("/flaky"), {reply(503), reply(503), reply(503), reply(200)});
    RetryPolicy p;
    p.idempotencyKey = "auto";
    SimHarness a(script, 7), b(script, 7), c(script, 8);
    const QByteArray ja = timelineToJson(a.run(get(QStringLiteral("http://api.test/flaky")), p));
    const QByteArray jb = timelineToJson(b.run(get(QStringLiteral("http://api.test/flaky")), p));
    const QByteArray jc = timelineToJson(c.run(get(QStringLiteral("http://api.test/flaky")), p));
    EXPECT_EQ(ja, jb);
    EXPECT_NE(ja, jc);
}

TEST(Call, FullJitterWaitsStayWithinTheFormula)
{
    SimHarness sim(scriptOf(QStringLiteral("/down"), {reply(503, 0)}));
    RetryPolicy p;
    p.maxAttempts = 6;
    const Timeline t = sim.run(get(QStringLiteral("http://api.test/down")), p);
    ASSERT_EQ(t.attempts.size(), 6);
    for (int k = 0; k < 5; ++k) {
        EXPECT_GE(t.attempts[k].waitMs, 0);
        EXPECT_LE(t.attempts[k].waitMs, 100 * std::pow(2, k)) << "before attempt " << k + 2;
        EXPECT_EQ(t.attempts[k + 1].startedMs, t.attempts[k].endedMs + t.attempts[k].waitMs);
    }
}

TEST(Call, SignalsReportEveryStep)
{
    SimHarness sim(scriptOf(QStringLiteral("/flaky"), {reply(503), reply(200)}));
    Call* call = sim.start(get(QStringLiteral("http://api.test/flaky")), noJitter());
    QSignalSpy started(call, &Call::attemptStarted);
    QSignalSpy finishedAttempts(call, &Call::attemptFinished);
    QSignalSpy waits(call, &Call::waitStarted);
    QSignalSpy finished(call, &Call::finished);
    sim.clock.run();
    EXPECT_EQ(started.count(), 2);
    EXPECT_EQ(finishedAttempts.count(), 2);
    EXPECT_EQ(waits.count(), 1);
    EXPECT_EQ(finished.count(), 1);
    EXPECT_EQ(started.at(1).at(0).toInt(), 2);
    EXPECT_EQ(started.at(1).at(1).toDouble(), 110);
}

TEST(Call, CancelDuringAWaitStopsTheCall)
{
    SimHarness sim(scriptOf(QStringLiteral("/down"), {reply(503)}));
    Call* call = sim.start(get(QStringLiteral("http://api.test/down")), noJitter());
    QSignalSpy finished(call, &Call::finished);
    QSignalSpy attempts(call, &Call::attemptFinished);
    sim.clock.runUntil(50); // attempt 1 ended at 10; waiting until 110
    call->cancel();
    EXPECT_EQ(finished.count(), 1);
    EXPECT_TRUE(call->isFinished());
    EXPECT_EQ(call->timeline().outcome.error, ErrorCode::Cancelled);
    EXPECT_EQ(call->timeline().attempts.size(), 1);
    EXPECT_EQ(attempts.count(), 1) << "attempt 1 was reported once, as a retry";
    EXPECT_EQ(call->timeline().attempts[0].decision, Decision::GiveUp);
    sim.clock.run();
    EXPECT_EQ(sim.transport.received().size(), 1) << "no attempt after cancel";
}

TEST(Call, CancelBeforeTheStartSendsNothing)
{
    SimHarness sim(scriptOf(QStringLiteral("/x"), {reply(200)}));
    sim.clock.runUntil(500);
    Call* call = sim.start(get(QStringLiteral("http://api.test/x")), noJitter());
    QSignalSpy finished(call, &Call::finished);
    call->cancel();
    sim.clock.run();
    EXPECT_EQ(finished.count(), 1);
    EXPECT_TRUE(sim.transport.received().isEmpty());
    EXPECT_EQ(call->timeline().outcome.error, ErrorCode::Cancelled);
    EXPECT_EQ(call->timeline().outcome.elapsedMs, 0);
}

TEST(Call, DeletingACallBeforeItsStartIsSafe)
{
    SimHarness sim(scriptOf(QStringLiteral("/x"), {reply(200)}));
    Call* call = sim.start(get(QStringLiteral("http://api.test/x")), noJitter());
    delete call;
    EXPECT_TRUE(sim.clock.idle());
    sim.clock.run();
    EXPECT_TRUE(sim.transport.received().isEmpty());
}

TEST(Call, ACancelFromASignalHandlerStopsTheCall)
{
    SimHarness sim(scriptOf(QStringLiteral("/down"), {reply(503)}));
    Call* call = sim.start(get(QStringLiteral("http://api.test/down")), noJitter());
    QSignalSpy finished(call, &Call::finished);
    QObject::connect(call, &Call::attemptFinished, call, [call](const AttemptRecord& r) {
        if (r.attempt == 2)
            call->cancel();
    });
    sim.clock.run();
    EXPECT_EQ(sim.transport.received().size(), 2);
    EXPECT_EQ(finished.count(), 1);
    EXPECT_EQ(call->timeline().outcome.error, ErrorCode::Cancelled);

    SimHarness again(scriptOf(QStringLiteral("/down"), {reply(503)}));
    Call* early = again.start(get(QStringLiteral("http://api.test/down")), noJitter());
    QSignalSpy earlyFinished(early, &Call::finished);
    QObject::connect(early, &Call::attemptStarted, early, [early] { early->cancel(); });
    again.clock.run();
    EXPECT_TRUE(again.transport.received().isEmpty()) << "cancelled before the exchange started";
    EXPECT_EQ(earlyFinished.count(), 1);
}

TEST(Call, TheRetryWindowStopsRetriesWithoutCuttingAttempts)
{
    SimHarness sim(scriptOf(QStringLiteral("/slow"), {reply(503, 400)}));
    RetryPolicy p = noJitter();
    p.maxAttempts = 10;
    p.retryWindowMs = 1000;
    const Timeline t = sim.run(get(QStringLiteral("http://api.test/slow")), p);
    // 0-400, wait 100, 500-900, wait 200, 1100-1500: at 1500 the window has passed.
    ASSERT_EQ(t.attempts.size(), 3);
    EXPECT_EQ(t.attempts[2].endedMs, 1500) << "the attempt that began inside the window ran to its end";
    EXPECT_EQ(t.attempts[2].reason, QStringLiteral("503 is retryable, but the 1.00 s retry window has passed"));
}

TEST(Call, CancelDuringAnAttemptAbortsIt)
{
    SimHarness sim(scriptOf(QStringLiteral("/slow"), {reply(200, 5000)}));
    Call* call = sim.start(get(QStringLiteral("http://api.test/slow")), noJitter());
    sim.clock.runUntil(1000);
    call->cancel();
    const AttemptRecord& a = call->timeline().attempts.at(0);
    EXPECT_EQ(a.error, ErrorCode::Cancelled);
    EXPECT_EQ(a.endedMs, 1000);
    EXPECT_TRUE(sim.clock.idle()) << "no timer is left behind";
}

TEST(Call, DeletingARunningCallLeavesNoCallbacks)
{
    SimHarness sim(scriptOf(QStringLiteral("/slow"), {reply(200, 5000)}));
    Call* call = sim.start(get(QStringLiteral("http://api.test/slow")), noJitter());
    sim.clock.runUntil(10);
    delete call;
    EXPECT_TRUE(sim.clock.idle()) << "the call's timeout and the exchange are gone with it";
}

TEST(Call, EachAnswerIsReportedWithItsAttemptAndACancelThenStopsTheCall)
{
    SimHarness sim(scriptOf(QStringLiteral("/flaky"), {reply(503), fault(SimFault::Reset), reply(200)}));
    Call* call = sim.start(get(QStringLiteral("http://api.test/flaky")), noJitter());
    QList<std::pair<int, int>> answers; // attempt, status
    QObject::connect(call, &Call::responseReceived, [&answers](int attempt, const Response& r) {
        answers.append({attempt, r.status});
    });
    sim.clock.run();
    EXPECT_EQ(answers, (QList<std::pair<int, int>>{{1, 503}, {3, 200}})) << "the reset attempt had no answer";

    SimHarness again(scriptOf(QStringLiteral("/flaky"), {reply(503), reply(200)}));
    Call* cancelled = again.start(get(QStringLiteral("http://api.test/flaky")), noJitter());
    QObject::connect(cancelled, &Call::responseReceived, cancelled, [cancelled] { cancelled->cancel(); });
    again.clock.run();
    EXPECT_EQ(cancelled->timeline().attempts.size(), 1);
    EXPECT_EQ(cancelled->timeline().outcome.error, ErrorCode::Cancelled);
    EXPECT_EQ(again.transport.received().size(), 1) << "nothing more is sent";
}
