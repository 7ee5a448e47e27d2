// The history dock, offscreen, on a history file in a temporary folder:
// the rows it lists and in what order, the filter, Refresh, re-opening a
// call (double-click and Enter), and histories that do not read.
#include "history/historylist.h"
#include "history/historymodel.h"

#include "modeltestsupport.h"

#include "collection/history.h"
#include "report/timelinejson.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTemporaryDir>
#include <QTest>

#include <gtest/gtest.h>

using namespace jitterbug;
using namespace jitterbug::gui;
using namespace Qt::StringLiterals;
using jitterbug::gui::test::ModelTesterGuard;

namespace {

const QDateTime kFirstCall(QDate(2024, 5, 1), QTime(12, 30, 15, 250), Qt::UTC);

AttemptRecord attempt(int number, double startedMs, double endedMs, int status, Decision decision, QString reason)
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

AttemptRecord failedWith(int number, double startedMs, double endedMs, ErrorCode error, Decision decision,
                         QString reason)
{
    AttemptRecord a = attempt(number, startedMs, endedMs, 0, decision, std::move(reason));
    a.error = error;
    return a;
}

Timeline call(QByteArray method, QString url, QList<AttemptRecord> attempts, CallOutcome outcome)
{
    Timeline t;
    t.method = std::move(method);
    t.url = std::move(url);
    t.seed = 42;
    t.attempts = std::move(attempts);
    t.outcome = std::move(outcome);
    return t;
}

// 503, 503, 201.
Timeline createOrder()
{
    Timeline t = call("POST", u"http://api.test/orders"_s,
                      {attempt(1, 0, 120, 503, Decision::Retry, u"503 is retryable; backoff 100.0 ms"_s),
                       attempt(2, 220, 340, 503, Decision::Retry, u"503 is retryable; backoff 200.0 ms"_s),
                       attempt(3, 540, 600, 201, Decision::Success, u"201 is a success"_s)},
                      {201, ErrorCode::None, 3, 600, false, true, u"201 is a success"_s});
    t.idempotencyKey = "7b0e3c1e-5f7d-4a5b-9a57-1d2c3b4a5f6e";
    t.attempts[0].waitMs = 100;
    t.attempts[0].waitSource = WaitSource::Backoff;
    t.attempts[0].waits = {{WaitSource::Backoff, 120, 100}};
    return t;
}

Timeline search()
{
    return call("GET", u"http://api.test/search?q=jitter"_s,
                {attempt(1, 0, 45.5, 200, Decision::Success, u"200 is a success"_s)},
                {200, ErrorCode::None, 1, 45.5, false, true, u"200 is a success"_s});
}

// Four timeouts: the call gives up.
Timeline slowReport()
{
    QList<AttemptRecord> attempts;
    for (int n = 1; n <= 4; ++n)
        attempts.append(failedWith(n, (n - 1) * 1100.0, n * 1000.0 + (n - 1) * 100.0, ErrorCode::Timeout,
                                   n < 4 ? Decision::Retry : Decision::GiveUp, u"the attempt timed out: retryable"_s));
    return call("GET", u"http://api.test/reports/monthly"_s, attempts,
                {0, ErrorCode::Timeout, 4, 4300, false, false,
                 u"the attempt timed out: retryable, but all 4 attempts are used"_s});
}

// A 503 answered by the static fallback.
Timeline fallbackPrices()
{
    return call("GET", u"http://api.test/prices"_s,
                {attempt(1, 0, 80, 503, Decision::Retry, u"503 is retryable"_s),
                 attempt(2, 180, 260, 503, Decision::Fallback, u"503 is retryable, but all 2 attempts are used"_s)},
                {200, ErrorCode::None, 2, 260, true, false,
                 u"503 is retryable, but all 2 attempts are used; answered with the static fallback"_s});
}

QStringList linesOf(const QAbstractItemModel& model, int row)
{
    return model.index(row, 0).data().toString().split(u'\n');
}

class HistoryListTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        ASSERT_TRUE(dir.isValid());
        path = dir.filePath(u"history.jsonl"_s);
        history.emplace(path);
    }

    // The three calls, oldest first, a minute apart.
    void recordThreeCalls()
    {
        ASSERT_TRUE(history->append(u"Create order"_s, createOrder(), {}, kFirstCall));
        ASSERT_TRUE(history->append(u"Search"_s, search(), {}, kFirstCall.addSecs(60)));
        ASSERT_TRUE(history->append(u"Monthly report"_s, slowReport(), {}, kFirstCall.addSecs(120)));
    }

    struct Children {
        QLineEdit* filter = nullptr;
        QPushButton* refresh = nullptr;
        QLabel* message = nullptr;
        QListView* view = nullptr;
    };
    static Children childrenOf(HistoryList& list)
    {
        return {list.findChild<QLineEdit*>(u"historyFilter"_s), list.findChild<QPushButton*>(u"historyRefresh"_s),
                list.findChild<QLabel*>(u"historyMessage"_s), list.findChild<QListView*>(u"historyView"_s)};
    }
    static QAbstractItemModel* sourceModel(QListView* view)
    {
        return static_cast<QSortFilterProxyModel*>(view->model())->sourceModel();
    }
    // As a user's double-click arrives: a click, then the press that makes
    // it a double-click (the view only takes one on the row it saw pressed).
    static void doubleClickRow(QListView* view, int row)
    {
        const QPoint at = view->visualRect(view->model()->index(row, 0)).center();
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, at);
        QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, at);
    }
    static void showAndWait(QWidget& widget)
    {
        widget.resize(460, 420);
        widget.show();
        ASSERT_TRUE(QTest::qWaitForWindowExposed(&widget));
    }

    QTemporaryDir dir; // never the user's config folder
    QString path;
    std::optional<History> history;
};

} // namespace

TEST_F(HistoryListTest, ListsTheNewestCallFirstWithTimeNameRequestAndOutcome)
{
    recordThreeCalls();
    HistoryList list(&*history);
    const Children c = childrenOf(list);
    ASSERT_TRUE(c.view);
    EXPECT_EQ(list.count(), 3);
    const QAbstractItemModel& model = *c.view->model();
    ASSERT_EQ(model.rowCount(), 3);
    EXPECT_EQ(linesOf(model, 0),
              QStringList({historyTimeText(kFirstCall.addSecs(120)) + u"  Monthly report"_s,
                           u"GET http://api.test/reports/monthly"_s, u"failed: timeout after 4 attempts"_s}));
    EXPECT_EQ(linesOf(model, 1),
              QStringList({historyTimeText(kFirstCall.addSecs(60)) + u"  Search"_s,
                           u"GET http://api.test/search?q=jitter"_s, u"200"_s}));
    EXPECT_EQ(linesOf(model, 2),
              QStringList({historyTimeText(kFirstCall) + u"  Create order"_s, u"POST http://api.test/orders"_s,
                           u"201 after 3 attempts"_s}));
    EXPECT_EQ(model.index(2, 0).data(HistoryModel::RequestRole).toString(), u"Create order"_s);
    EXPECT_EQ(model.index(2, 0).data(HistoryModel::OutcomeRole).toString(), u"201 after 3 attempts"_s);
    EXPECT_EQ(model.index(2, 0).data(HistoryModel::AtRole).toDateTime(), kFirstCall);
    EXPECT_TRUE(model.index(2, 0).data(HistoryModel::SucceededRole).toBool());
    EXPECT_FALSE(model.index(0, 0).data(HistoryModel::SucceededRole).toBool());
    EXPECT_TRUE(model.index(0, 0).data(Qt::ToolTipRole).toString().contains(u"all 4 attempts are used"_s));
    EXPECT_TRUE(c.message->isHidden());
}

TEST(HistoryTimeText, IsTheLocalTimeToTheSecond)
{
    const QDateTime at(QDate(2024, 5, 1), QTime(12, 30, 15, 250), Qt::UTC);
    EXPECT_EQ(historyTimeText(at), at.toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss"_s));
}

TEST(OutcomeText, SaysHowTheCallEnded)
{
    EXPECT_EQ(outcomeText(createOrder()), u"201 after 3 attempts"_s);
    EXPECT_EQ(outcomeText(search()), u"200"_s);
    EXPECT_EQ(outcomeText(slowReport()), u"failed: timeout after 4 attempts"_s);
    EXPECT_EQ(outcomeText(fallbackPrices()), u"200 (fallback) after 2 attempts"_s);
    Timeline refused = search();
    refused.outcome = {0, ErrorCode::ConnectionRefused, 1, 3, false, false, u"refused"_s};
    EXPECT_EQ(outcomeText(refused), u"failed: connection_refused"_s);
    Timeline late = search();
    late.outcome = {503, ErrorCode::DeadlineExceeded, 2, 900, false, false, u"deadline"_s};
    EXPECT_EQ(outcomeText(late), u"failed: 503 (deadline_exceeded) after 2 attempts"_s);
}

TEST_F(HistoryListTest, TheModelPassesTheModelTesterThroughRefreshesAndFiltering)
{
    recordThreeCalls();
    HistoryList list(&*history);
    const Children c = childrenOf(list);
    ModelTesterGuard sourceGuard(sourceModel(c.view));
    ASSERT_TRUE(history->append(u"Prices"_s, fallbackPrices(), {}, kFirstCall.addSecs(180)));
    list.refresh();
    EXPECT_EQ(list.count(), 4);
    c.filter->setText(u"api.test/orders"_s);
    c.filter->clear();
    EXPECT_EQ(sourceGuard.failures(), "");
}

TEST_F(HistoryListTest, TheProxyPassesTheModelTesterWhileFiltering)
{
    recordThreeCalls();
    HistoryList list(&*history);
    const Children c = childrenOf(list);
    ModelTesterGuard proxyGuard(c.view->model());
    c.filter->setText(u"orders"_s);
    EXPECT_EQ(c.view->model()->rowCount(), 1);
    EXPECT_EQ(c.view->model()->index(0, 0).data(HistoryModel::RequestRole).toString(), u"Create order"_s);
    c.filter->setText(u"FAILED"_s); // case aside
    EXPECT_EQ(c.view->model()->rowCount(), 1);
    EXPECT_EQ(c.view->model()->index(0, 0).data(HistoryModel::RequestRole).toString(), u"Monthly report"_s);
    c.filter->setText(u"all 4 attempts are used"_s); // the reason the call ended is searched too
    EXPECT_EQ(c.view->model()->rowCount(), 1);
    c.filter->setText(u"GET"_s);
    EXPECT_EQ(c.view->model()->rowCount(), 2);
    EXPECT_EQ(list.count(), 3); // the filter hides rows, the list still holds them
    c.filter->clear();
    EXPECT_EQ(c.view->model()->rowCount(), 3);
    EXPECT_EQ(proxyGuard.failures(), "");
}

TEST_F(HistoryListTest, RefreshShowsNewCallsAndKeepsTheSelection)
{
    recordThreeCalls();
    HistoryList list(&*history);
    const Children c = childrenOf(list);
    c.view->setCurrentIndex(c.view->model()->index(1, 0)); // Search
    ASSERT_TRUE(history->append(u"Prices"_s, fallbackPrices(), {}, kFirstCall.addSecs(180)));
    EXPECT_EQ(list.count(), 3); // not until asked
    QTest::mouseClick(c.refresh, Qt::LeftButton);
    EXPECT_EQ(list.count(), 4);
    EXPECT_EQ(linesOf(*c.view->model(), 0).last(), u"200 (fallback) after 2 attempts"_s);
    EXPECT_EQ(c.view->currentIndex().data(HistoryModel::RequestRole).toString(), u"Search"_s);
    EXPECT_EQ(c.view->currentIndex().row(), 2);
}

TEST_F(HistoryListTest, DoubleClickReopensTheStoredTimeline)
{
    recordThreeCalls();
    HistoryList list(&*history);
    const Children c = childrenOf(list);
    showAndWait(list);
    QList<std::pair<Timeline, QString>> reopened;
    QObject::connect(&list, &HistoryList::reopen, [&](const Timeline& timeline, const QString& request) {
        reopened.append({timeline, request});
    });

    doubleClickRow(c.view, 2);
    ASSERT_EQ(reopened.size(), 1);
    EXPECT_EQ(reopened[0].second, u"Create order"_s);
    EXPECT_EQ(reopened[0].first, createOrder()); // the whole record, read back as it was
    EXPECT_EQ(reopened[0].first.attempts.size(), 3);
    EXPECT_EQ(reopened[0].first.idempotencyKey, createOrder().idempotencyKey);
}

TEST_F(HistoryListTest, EnterReopensTheCurrentCall)
{
    recordThreeCalls();
    HistoryList list(&*history);
    const Children c = childrenOf(list);
    showAndWait(list);
    QList<std::pair<Timeline, QString>> reopened;
    QObject::connect(&list, &HistoryList::reopen, [&](const Timeline& timeline, const QString& request) {
        reopened.append({timeline, request});
    });

    c.view->setFocus();
    c.view->setCurrentIndex(c.view->model()->index(0, 0));
    QTest::keyClick(c.view, Qt::Key_Return);
    ASSERT_EQ(reopened.size(), 1);
    EXPECT_EQ(reopened[0].second, u"Monthly report"_s);
    EXPECT_EQ(reopened[0].first, slowReport());

    // Through the filter, the row under the cursor is the one re-opened.
    c.filter->setText(u"search"_s);
    c.view->setFocus();
    c.view->setCurrentIndex(c.view->model()->index(0, 0));
    QTest::keyClick(c.view, Qt::Key_Enter);
    ASSERT_EQ(reopened.size(), 2);
    EXPECT_EQ(reopened[1].second, u"Search"_s);
    EXPECT_EQ(reopened[1].first, search());
}

TEST_F(HistoryListTest, AnEmptyHistorySaysSo)
{
    HistoryList list(&*history);
    const Children c = childrenOf(list);
    EXPECT_EQ(list.count(), 0);
    EXPECT_FALSE(c.message->isHidden());
    EXPECT_TRUE(c.message->text().startsWith(u"No calls yet"_s)) << c.message->text().toStdString();

    HistoryList none(nullptr);
    EXPECT_EQ(none.count(), 0);
    EXPECT_TRUE(childrenOf(none).message->text().startsWith(u"No history"_s));
}

TEST_F(HistoryListTest, AnUnreadableHistoryShowsItsErrorInTheWidget)
{
    recordThreeCalls();
    HistoryList list(&*history);
    const Children c = childrenOf(list);
    ModelTesterGuard guard(sourceModel(c.view));
    ASSERT_EQ(list.count(), 3);
    // The file replaced by a folder: list() fails with a one-line error.
    ASSERT_TRUE(QFile::remove(path));
    ASSERT_TRUE(QDir().mkpath(path));
    list.refresh();
    EXPECT_EQ(list.count(), 0);
    EXPECT_FALSE(c.message->isHidden());
    EXPECT_TRUE(c.message->text().startsWith(path + u": cannot read"_s)) << c.message->text().toStdString();
    EXPECT_FALSE(c.message->text().contains(u'\n'));
    EXPECT_EQ(guard.failures(), "");

    // Readable again: the rows are back and the error is gone.
    ASSERT_TRUE(QDir(path).removeRecursively());
    ASSERT_TRUE(history->append(u"Search"_s, search(), {}, kFirstCall));
    list.refresh();
    EXPECT_EQ(list.count(), 1);
    EXPECT_TRUE(c.message->isHidden());
}

TEST_F(HistoryListTest, CorruptLinesAreSkippedAndAnUnreadableTimelineSaysWhy)
{
    recordThreeCalls();
    {
        QFile file(path);
        ASSERT_TRUE(file.open(QIODevice::Append));
        file.write("{\"id\":4,\"request\":\"Torn wri");
        file.write("\nnot json at all\n");
        // A line History reads, holding a timeline that timelineFromJson does not.
        file.write(R"({"id":5,"request":"Broken","at":"2024-05-01T12:40:00.000Z","timeline":{"request":{}}})"
                   "\n");
    }
    HistoryList list(&*history);
    const Children c = childrenOf(list);
    showAndWait(list);
    ModelTesterGuard guard(sourceModel(c.view));
    ASSERT_EQ(list.count(), 4);
    EXPECT_TRUE(c.message->isHidden());
    const QStringList broken = linesOf(*c.view->model(), 0);
    EXPECT_EQ(broken[0], historyTimeText(QDateTime(QDate(2024, 5, 1), QTime(12, 40), Qt::UTC)) + u"  Broken"_s);
    EXPECT_TRUE(broken.last().startsWith(u"unreadable: "_s)) << broken.last().toStdString();

    int reopened = 0;
    QObject::connect(&list, &HistoryList::reopen, [&] { ++reopened; });
    doubleClickRow(c.view, 0);
    EXPECT_EQ(reopened, 0);
    EXPECT_FALSE(c.message->isHidden());
    EXPECT_TRUE(c.message->text().startsWith(u"Cannot re-open \u201cBroken\u201d: "_s))
        << c.message->text().toStdString();
    // The rows that read still re-open.
    doubleClickRow(c.view, 3);
    EXPECT_EQ(reopened, 1);
    EXPECT_EQ(guard.failures(), "");
}

TEST_F(HistoryListTest, Screenshot)
{
    recordThreeCalls();
    ASSERT_TRUE(history->append(u"Prices"_s, fallbackPrices(), {}, kFirstCall.addSecs(180)));
    HistoryList list(&*history);
    showAndWait(list);
    const Children c = childrenOf(list);
    c.view->setCurrentIndex(c.view->model()->index(1, 0));
    const QString shots = QCoreApplication::applicationDirPath() + u"/screenshots"_s;
    QDir().mkpath(shots);
    EXPECT_TRUE(list.grab().save(shots + u"/history.png"_s));
}
