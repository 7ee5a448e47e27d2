#include "models/attemptstablemodel.h"

#include "modeltestsupport.h"

#include <QBrush>
#include <QSignalSpy>

#include <gtest/gtest.h>

using namespace jitterbug;
using namespace jitterbug::gui;
using jitterbug::gui::test::ModelTesterGuard;
using Column = AttemptsTableModel::Column;

namespace {

AttemptRecord attemptRecord(int number, double startedMs, double endedMs, int status, jitterbug::Decision decision,
                            QString reason)
{
    AttemptRecord a;
    a.attempt = number;
    a.startedMs = startedMs;
    a.endedMs = endedMs;
    a.status = status;
    a.decision = decision;
    a.reason = std::move(reason);
    return a;
}

AttemptRecord retriedAfter(AttemptRecord a, double waitMs)
{
    a.waitMs = waitMs;
    a.waitSource = WaitSource::Backoff;
    a.waits = {{WaitSource::Backoff, a.endedMs, waitMs}};
    return a;
}

Timeline callOf(QList<AttemptRecord> attempts)
{
    Timeline t;
    t.method = "POST";
    t.url = QStringLiteral("http://sim.local/orders");
    t.seed = 42;
    t.attempts = std::move(attempts);
    return t;
}

// 503, wait 100 ms; 503, wait 200 ms; 201.
QList<AttemptRecord> threeAttempts()
{
    return {
        retriedAfter(attemptRecord(1, 0, 120.5, 503, jitterbug::Decision::Retry,
                                   QStringLiteral("503 is retryable; backoff 100.0 ms")),
                     100),
        retriedAfter(attemptRecord(2, 220.5, 340, 503, jitterbug::Decision::Retry,
                                   QStringLiteral("503 is retryable; backoff 200.0 ms")),
                     200),
        attemptRecord(3, 540, 1250, 201, jitterbug::Decision::Success, QStringLiteral("201 is a success")),
    };
}

// The attempt as the engine shows it when it has just started.
AttemptRecord started(int number, double startedMs)
{
    AttemptRecord a;
    a.attempt = number;
    a.startedMs = startedMs;
    a.endedMs = startedMs;
    return a;
}

QStringList rowText(const AttemptsTableModel& model, int row)
{
    QStringList cells;
    for (int column = 0; column < model.columnCount(); ++column)
        cells.append(model.index(row, column).data().toString());
    return cells;
}

} // namespace

TEST(AttemptsTableModel, HeadersNameTheColumns)
{
    AttemptsTableModel model;
    ASSERT_EQ(model.columnCount(), 8);
    QStringList headers;
    for (int column = 0; column < model.columnCount(); ++column)
        headers.append(model.headerData(column, Qt::Horizontal).toString());
    EXPECT_EQ(headers,
              QStringList({QStringLiteral("#"), QStringLiteral("Start"), QStringLiteral("Duration"),
                           QStringLiteral("Result"), QStringLiteral("Decision"), QStringLiteral("Reason"),
                           QStringLiteral("Wait"), QStringLiteral("Source")}));
    EXPECT_EQ(model.rowCount(), 0);
}

TEST(AttemptsTableModel, ShowsEachAttemptOfARetriedCall)
{
    AttemptsTableModel model;
    model.setTimeline(callOf(threeAttempts()));
    ASSERT_EQ(model.rowCount(), 3);
    EXPECT_EQ(
        rowText(model, 0),
        QStringList({QStringLiteral("1"), QStringLiteral("0.0 ms"), QStringLiteral("120.5 ms"), QStringLiteral("503"),
                     QStringLiteral("retry"), QStringLiteral("503 is retryable; backoff 100.0 ms"),
                     QStringLiteral("100.0 ms"), QStringLiteral("backoff")}));
    EXPECT_EQ(
        rowText(model, 1),
        QStringList({QStringLiteral("2"), QStringLiteral("220.5 ms"), QStringLiteral("119.5 ms"), QStringLiteral("503"),
                     QStringLiteral("retry"), QStringLiteral("503 is retryable; backoff 200.0 ms"),
                     QStringLiteral("200.0 ms"), QStringLiteral("backoff")}));
    EXPECT_EQ(
        rowText(model, 2),
        QStringList({QStringLiteral("3"), QStringLiteral("540.0 ms"), QStringLiteral("710.0 ms"), QStringLiteral("201"),
                     QStringLiteral("success"), QStringLiteral("201 is a success"), QString(), QString()}));
}

TEST(AttemptsTableModel, UserRoleHoldsTheRawNumbers)
{
    AttemptsTableModel model;
    model.setTimeline(callOf(threeAttempts()));
    EXPECT_EQ(model.index(1, Column::Number).data(Qt::UserRole).toInt(), 2);
    EXPECT_DOUBLE_EQ(model.index(1, Column::Start).data(Qt::UserRole).toDouble(), 220.5);
    EXPECT_DOUBLE_EQ(model.index(1, Column::Duration).data(Qt::UserRole).toDouble(), 119.5);
    EXPECT_DOUBLE_EQ(model.index(1, Column::Wait).data(Qt::UserRole).toDouble(), 200);
    EXPECT_DOUBLE_EQ(model.index(2, Column::Wait).data(Qt::UserRole).toDouble(), 0);
    EXPECT_EQ(model.index(2, Column::Decision).data(Qt::UserRole).toString(), QStringLiteral("success"));
}

TEST(AttemptsTableModel, NumbersAlignRight)
{
    AttemptsTableModel model;
    model.setTimeline(callOf(threeAttempts()));
    auto alignment = [&model](int column) {
        return Qt::Alignment(model.index(0, column).data(Qt::TextAlignmentRole).toInt()) & Qt::AlignHorizontal_Mask;
    };
    for (int column : {Column::Number, Column::Start, Column::Duration, Column::Wait})
        EXPECT_EQ(alignment(column), Qt::AlignRight) << column;
    for (int column : {Column::Result, Column::Decision, Column::Reason, Column::Source})
        EXPECT_EQ(alignment(column), Qt::AlignLeft) << column;
}

TEST(AttemptsTableModel, TheReasonsToolTipIsTheWholeReason)
{
    const QString longReason = QStringLiteral("503 is retryable; attempt 1 of 4; full jitter drew 100.0 ms of "
                                              "a 100.0 ms backoff; the deadline leaves 19.9 s; the budget has 9 left");
    QList<AttemptRecord> attempts = threeAttempts();
    attempts[0].reason = longReason;
    AttemptsTableModel model;
    model.setTimeline(callOf(attempts));
    EXPECT_EQ(model.index(0, Column::Reason).data(Qt::ToolTipRole).toString(), longReason);
    EXPECT_FALSE(model.index(0, Column::Wait).data(Qt::ToolTipRole).isValid());
}

TEST(AttemptsTableModel, ResultsNameErrorsAndWhatWasNotSent)
{
    AttemptRecord timeout = attemptRecord(1, 0, 2000, 0, jitterbug::Decision::Retry, QStringLiteral("timed out"));
    timeout.error = ErrorCode::Timeout;
    timeout.errorDetail = QStringLiteral("no response within 2.00 s");
    AttemptRecord refused
        = attemptRecord(2, 2100, 2100, 0, jitterbug::Decision::GiveUp, QStringLiteral("the breaker is open"));
    refused.error = ErrorCode::CircuitOpen;
    refused.onWire = false;
    AttemptsTableModel model;
    model.setTimeline(callOf({timeout, refused}));

    EXPECT_EQ(model.index(0, Column::Result).data().toString(), QStringLiteral("timeout"));
    EXPECT_EQ(model.index(0, Column::Result).data(Qt::ToolTipRole).toString(), timeout.errorDetail);
    EXPECT_EQ(model.index(1, Column::Result).data().toString(), QStringLiteral("circuit_open (not sent)"));
    EXPECT_EQ(model.index(1, Column::Decision).data().toString(), QStringLiteral("give_up"));
    EXPECT_EQ(model.index(1, Column::Duration).data().toString(), QStringLiteral("0.0 ms"));
}

TEST(AttemptsTableModel, ResultsAreColouredByClass)
{
    AttemptsTableModel model;
    model.setTimeline(callOf(threeAttempts()));
    const QVariant serverError = model.index(0, Column::Result).data(Qt::ForegroundRole);
    const QVariant success = model.index(2, Column::Result).data(Qt::ForegroundRole);
    ASSERT_TRUE(serverError.canConvert<QBrush>());
    ASSERT_TRUE(success.canConvert<QBrush>());
    const QColor red = serverError.value<QBrush>().color();
    const QColor green = success.value<QBrush>().color();
    EXPECT_GT(red.red(), red.green());
    EXPECT_GT(green.green(), green.red());
    EXPECT_FALSE(model.index(0, Column::Reason).data(Qt::ForegroundRole).isValid()) << "only the result";
}

TEST(AttemptsTableModel, AnAttemptInFlightHasNoResultYet)
{
    AttemptsTableModel model;
    model.setTimeline(callOf({started(1, 0)}));
    EXPECT_EQ(rowText(model, 0),
              QStringList({QStringLiteral("1"), QStringLiteral("0.0 ms"), QString(), QStringLiteral("…"), QString(),
                           QString(), QString(), QString()}));
}

TEST(AttemptsTableModel, AGrowingTimelineAddsAndUpdatesRows)
{
    AttemptsTableModel model;
    ModelTesterGuard tester(&model);
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    const QList<AttemptRecord> full = threeAttempts();

    // A new call replaces whatever was shown.
    model.setTimeline(callOf({started(1, 0)}));
    EXPECT_EQ(resets.size(), 1);
    EXPECT_EQ(model.rowCount(), 1);

    // Attempt 1 ends: its row is updated in place.
    model.setTimeline(callOf({full[0]}));
    EXPECT_EQ(resets.size(), 1);
    EXPECT_EQ(inserted.size(), 0);
    ASSERT_EQ(changed.size(), 1);
    EXPECT_EQ(changed[0][0].value<QModelIndex>(), model.index(0, 0));
    EXPECT_EQ(changed[0][1].value<QModelIndex>(), model.index(0, Column::ColumnCount - 1));
    EXPECT_EQ(model.index(0, Column::Result).data().toString(), QStringLiteral("503"));

    // Attempt 2 starts: one row is added after it.
    model.setTimeline(callOf({full[0], started(2, 220.5)}));
    EXPECT_EQ(resets.size(), 1);
    ASSERT_EQ(inserted.size(), 1);
    EXPECT_EQ(inserted[0][1].toInt(), 1);
    EXPECT_EQ(inserted[0][2].toInt(), 1);
    EXPECT_EQ(model.rowCount(), 2);

    // Attempt 2 ends and attempt 3 runs to the end between two updates.
    changed.clear();
    model.setTimeline(callOf(full));
    EXPECT_EQ(resets.size(), 1);
    ASSERT_EQ(inserted.size(), 2);
    EXPECT_EQ(inserted[1][1].toInt(), 2);
    EXPECT_EQ(inserted[1][2].toInt(), 2);
    ASSERT_EQ(changed.size(), 1);
    EXPECT_EQ(changed[0][0].value<QModelIndex>().row(), 1) << "the attempt that was in flight";
    EXPECT_EQ(rowText(model, 1)[Column::Result], QStringLiteral("503"));
    EXPECT_EQ(rowText(model, 2)[Column::Result], QStringLiteral("201"));

    // The same timeline again changes nothing.
    changed.clear();
    model.setTimeline(callOf(full));
    EXPECT_EQ(changed.size(), 0);
    EXPECT_EQ(inserted.size(), 2);
    EXPECT_EQ(resets.size(), 1);
    EXPECT_EQ(tester.failures(), "");
}

TEST(AttemptsTableModel, AnotherCallOrAnEarlierAttemptChangedResets)
{
    AttemptsTableModel model;
    ModelTesterGuard tester(&model);
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    const QList<AttemptRecord> full = threeAttempts();
    model.setTimeline(callOf(full));
    ASSERT_EQ(resets.size(), 1);

    Timeline otherCall = callOf(full.first(2));
    otherCall.callIndex = 1;
    model.setTimeline(otherCall);
    EXPECT_EQ(resets.size(), 2) << "another call of the run";
    EXPECT_EQ(model.rowCount(), 2);

    Timeline otherUrl = callOf(full);
    otherUrl.url = QStringLiteral("http://sim.local/flaky");
    model.setTimeline(otherUrl);
    EXPECT_EQ(resets.size(), 3) << "another request";

    QList<AttemptRecord> rewritten = full;
    rewritten[0].reason = QStringLiteral("a different story");
    Timeline rewrittenCall = callOf(rewritten);
    rewrittenCall.url = otherUrl.url;
    model.setTimeline(rewrittenCall);
    EXPECT_EQ(resets.size(), 4) << "a finished attempt changed";
    EXPECT_EQ(inserted.size(), 0);
    EXPECT_EQ(model.index(0, Column::Reason).data().toString(), QStringLiteral("a different story"));

    model.clear();
    EXPECT_EQ(resets.size(), 5);
    EXPECT_EQ(model.rowCount(), 0);
    EXPECT_EQ(model.timeline(), Timeline());
    EXPECT_EQ(tester.failures(), "");
}
