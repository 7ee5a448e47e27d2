// The status code guide, offscreen: the table's rows against the engine's
// classifier, the explanations a user reads, the filter, and finding the
// status a reason talks about.
#include "guide/statuscodemodel.h"
#include "guide/statuscodes.h"
#include "guide/statusguide.h"

#include "modeltestsupport.h"

#include "policy/retrypolicy.h"

#include <QCoreApplication>
#include <QDir>
#include <QLineEdit>
#include <QSet>
#include <QTableView>
#include <QTest>
#include <QTextBrowser>

#include <gtest/gtest.h>

using namespace jitterbug;
using namespace jitterbug::gui;
using namespace Qt::StringLiterals;
using jitterbug::gui::test::ModelTesterGuard;

namespace {

const QList<int> kRequiredStatuses{200, 201, 202, 204, 301, 302, 303, 304, 307, 308, 400, 401, 403, 404, 405,
                                   406, 408, 409, 410, 412, 413, 415, 422, 425, 429, 500, 501, 502, 503, 504};
const QStringList kRequiredErrors{u"timeout"_s, u"connection_refused"_s, u"connection_reset"_s, u"host_not_found"_s,
                                  u"tls"_s};

int rowOfCode(const StatusCodeModel& model, const QString& code)
{
    for (int row = 0; row < model.rowCount(); ++row) {
        if (model.index(row, StatusCodeModel::Code).data().toString() == code)
            return row;
    }
    return -1;
}

QString cell(const QAbstractItemModel& model, int row, int column)
{
    return model.index(row, column).data().toString();
}

QStringList codesShown(const QAbstractItemModel& model)
{
    QStringList codes;
    for (int row = 0; row < model.rowCount(); ++row)
        codes.append(cell(model, row, StatusCodeModel::Code));
    return codes;
}

class StatusGuideTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        guide.resize(760, 640);
        filter = guide.findChild<QLineEdit*>(u"statusFilter"_s);
        table = guide.findChild<QTableView*>(u"statusTable"_s);
        ASSERT_TRUE(filter);
        ASSERT_TRUE(table);
    }
    QString selectedCode() const
    {
        const QModelIndex current = table->currentIndex();
        return current.isValid() ? cell(*table->model(), current.row(), StatusCodeModel::Code) : QString();
    }

    StatusGuide guide;
    QLineEdit* filter = nullptr;
    QTableView* table = nullptr;
};

} // namespace

TEST(StatusCodeTable, ListsEveryCommonStatusAndNetworkError)
{
    for (int status : kRequiredStatuses)
        EXPECT_NE(findStatusCode(status), nullptr) << status;
    for (const QString& error : kRequiredErrors)
        EXPECT_NE(findErrorCode(error), nullptr) << error.toStdString();
    // Every error a timeline can carry has a row, so showError never falls short.
    for (int code = int(ErrorCode::Timeout); code <= int(ErrorCode::Cancelled); ++code)
        EXPECT_NE(findErrorCode(errorCodeName(ErrorCode(code))), nullptr)
            << errorCodeName(ErrorCode(code)).toStdString();
    EXPECT_EQ(findStatusCode(418), nullptr);
    EXPECT_EQ(findErrorCode(u"no_such_error"_s), nullptr);
    for (const StatusCodeInfo& info : statusCodeTable()) {
        EXPECT_FALSE(info.action.isEmpty()) << codeText(info).toStdString();
        EXPECT_FALSE(info.meaning.isEmpty()) << codeText(info).toStdString();
        EXPECT_FALSE(info.retry.isEmpty()) << codeText(info).toStdString();
    }
}

TEST(StatusCodeModel, RetriedColumnIsTheDefaultPolicysRetryableSet)
{
    StatusCodeModel model;
    QSet<int> retried;
    for (int row = 0; row < model.rowCount(); ++row) {
        if (!model.info(row).isError() && cell(model, row, StatusCodeModel::Retried) == u"yes"_s)
            retried.insert(model.info(row).status);
    }
    EXPECT_EQ(retried, QSet<int>({408, 425, 429, 500, 502, 503, 504}));
    const QList<int> policySet = RetryPolicy{}.retryOnStatus;
    EXPECT_EQ(retried, QSet<int>(policySet.begin(), policySet.end()));

    for (const QString& error : {u"timeout"_s, u"connection_refused"_s, u"connection_reset"_s, u"host_not_found"_s})
        EXPECT_EQ(cell(model, rowOfCode(model, error), StatusCodeModel::Retried), u"yes"_s) << error.toStdString();
    EXPECT_EQ(cell(model, rowOfCode(model, u"tls"_s), StatusCodeModel::Retried), u"no"_s);
    EXPECT_EQ(cell(model, rowOfCode(model, u"404"_s), StatusCodeModel::Retried), u"no"_s);
    EXPECT_EQ(cell(model, rowOfCode(model, u"200"_s), StatusCodeModel::Retried), u"\u2014"_s); // nothing to retry
}

TEST(StatusCodeModel, RowsShowCodeNameClassAndAction)
{
    StatusCodeModel model;
    ASSERT_EQ(model.columnCount(), 5);
    EXPECT_EQ(model.headerData(StatusCodeModel::Action, Qt::Horizontal).toString(), u"What to do"_s);
    const int row = rowOfCode(model, u"503"_s);
    ASSERT_GE(row, 0);
    EXPECT_EQ(cell(model, row, StatusCodeModel::Name), u"Service Unavailable"_s);
    EXPECT_EQ(cell(model, row, StatusCodeModel::Class), u"server error"_s);
    EXPECT_EQ(cell(model, row, StatusCodeModel::Action), u"Wait for Retry-After, then retry"_s);
    const int refused = rowOfCode(model, u"connection_refused"_s);
    EXPECT_EQ(cell(model, refused, StatusCodeModel::Name), u"Connection refused"_s);
    EXPECT_EQ(cell(model, refused, StatusCodeModel::Class), u"network"_s);
    EXPECT_EQ(cell(model, rowOfCode(model, u"tls"_s), StatusCodeModel::Class), u"TLS"_s);
    EXPECT_EQ(cell(model, rowOfCode(model, u"circuit_open"_s), StatusCodeModel::Class), u"refused locally"_s);
    EXPECT_EQ(cell(model, rowOfCode(model, u"too_many_redirects"_s), StatusCodeModel::Class), u"limit reached"_s);
    EXPECT_EQ(model.rowOfStatus(503), row);
    EXPECT_EQ(model.rowOfError(u"connection_refused"_s), refused);
    EXPECT_EQ(model.rowOfStatus(418), -1);
}

TEST(StatusCodeModel, PassesTheModelTester)
{
    StatusCodeModel model;
    ModelTesterGuard guard(&model);
    EXPECT_EQ(guard.failures(), "");
}

TEST_F(StatusGuideTest, FilteringPassesTheModelTesterAndMatchesCodesClassesAndWords)
{
    ModelTesterGuard guard(table->model());
    const int all = table->model()->rowCount();
    EXPECT_EQ(all, statusCodeTable().size());

    filter->setText(u"50"_s); // digits: the start of a code
    EXPECT_EQ(codesShown(*table->model()), QStringList({u"500"_s, u"501"_s, u"502"_s, u"503"_s, u"504"_s}));
    filter->setText(u"3xx"_s);
    EXPECT_EQ(codesShown(*table->model()), QStringList({u"301"_s, u"302"_s, u"303"_s, u"304"_s, u"307"_s, u"308"_s}));
    filter->setText(u"connection"_s); // any text of the row
    EXPECT_TRUE(codesShown(*table->model()).contains(u"connection_refused"_s));
    EXPECT_TRUE(codesShown(*table->model()).contains(u"connection_reset"_s));
    EXPECT_FALSE(codesShown(*table->model()).contains(u"200"_s));
    filter->setText(u"4xx idempotency"_s); // every word must match
    EXPECT_EQ(codesShown(*table->model()), QStringList({u"400"_s, u"408"_s, u"409"_s, u"422"_s}));
    filter->setText(u"nothing matches this"_s);
    EXPECT_EQ(table->model()->rowCount(), 0);
    filter->clear();
    EXPECT_EQ(table->model()->rowCount(), all);
    EXPECT_EQ(guard.failures(), "");
}

TEST_F(StatusGuideTest, ShowStatusSelectsTheRowAndExplainsRetryAfterAndIdempotency)
{
    EXPECT_EQ(guide.currentStatus(), 0);
    guide.showStatus(503);
    EXPECT_EQ(guide.currentStatus(), 503);
    EXPECT_EQ(selectedCode(), u"503"_s);
    const QString text = guide.currentExplanation();
    EXPECT_TRUE(text.contains(u"503 Service Unavailable"_s)) << text.toStdString();
    EXPECT_TRUE(text.contains(u"\u201c503 is retryable\u201d"_s)) << text.toStdString(); // the engine's words
    EXPECT_TRUE(text.contains(u"Retried by default"_s)) << text.toStdString();
    EXPECT_TRUE(text.contains(u"Retry-After: Honour it"_s)) << text.toStdString();
    EXPECT_TRUE(text.contains(u"60.0 s"_s)) << text.toStdString(); // the default cap
    EXPECT_TRUE(text.contains(u"Retry a POST only with an idempotency key"_s)) << text.toStdString();
}

TEST_F(StatusGuideTest, ConflictAndValidationErrorsExplainIdempotencyKeys)
{
    guide.showStatus(409);
    EXPECT_TRUE(guide.currentExplanation().contains(u"same key, never a new one"_s))
        << guide.currentExplanation().toStdString();
    EXPECT_TRUE(guide.currentExplanation().contains(u"Retry: Not retried by default"_s));
    guide.showStatus(422);
    EXPECT_TRUE(guide.currentExplanation().contains(u"a new operation needs a new key"_s));
    EXPECT_TRUE(guide.currentExplanation().contains(u"Fix the request: Read the error details"_s));
}

TEST_F(StatusGuideTest, ClientErrorsSayToFixTheRequestNotToRetry)
{
    guide.showStatus(400);
    const QString text = guide.currentExplanation();
    EXPECT_TRUE(text.contains(u"\u201c400 is a client error: retrying will not help\u201d"_s)) << text.toStdString();
    EXPECT_TRUE(text.contains(u"Retry: Not retried"_s)) << text.toStdString();
    EXPECT_TRUE(text.contains(u"Retry-After: Does not apply"_s)) << text.toStdString();
    EXPECT_TRUE(text.contains(u"Fix the request: Read the error in the body"_s)) << text.toStdString();
}

TEST_F(StatusGuideTest, RetryableStatusesWithoutTheirOwnCaveatGiveTheMethodRule)
{
    guide.showStatus(429);
    const QString text = guide.currentExplanation();
    EXPECT_TRUE(text.contains(u"Idempotency: GET, HEAD, OPTIONS, TRACE, PUT and DELETE are retried; POST and PATCH "
                              "only when the request carries an Idempotency-Key header"_s))
        << text.toStdString();
}

TEST_F(StatusGuideTest, ShowErrorExplainsNetworkErrors)
{
    guide.showStatus(503);
    guide.showError(u"timeout"_s);
    EXPECT_EQ(guide.currentStatus(), 0);
    EXPECT_EQ(selectedCode(), u"timeout"_s);
    QString text = guide.currentExplanation();
    EXPECT_TRUE(text.contains(u"\u201cthe attempt timed out: retryable\u201d"_s)) << text.toStdString();
    EXPECT_TRUE(text.contains(u"may have arrived and been processed"_s)) << text.toStdString();
    EXPECT_TRUE(text.contains(u"Retry-After: Does not apply: there is no response"_s)) << text.toStdString();

    guide.showError(u"tls"_s);
    text = guide.currentExplanation();
    EXPECT_TRUE(text.contains(u"Retry: Not retried"_s)) << text.toStdString();
    EXPECT_TRUE(text.contains(u"insecure TLS"_s)) << text.toStdString();
}

TEST_F(StatusGuideTest, UnlistedCodesAreExplainedByTheirClass)
{
    guide.showStatus(503);
    guide.showStatus(418);
    EXPECT_EQ(guide.currentStatus(), 418);
    EXPECT_EQ(selectedCode(), QString());
    QString text = guide.currentExplanation();
    EXPECT_TRUE(text.contains(u"418 I'm a teapot"_s)) << text.toStdString();
    EXPECT_TRUE(text.contains(u"not in this guide"_s)) << text.toStdString();
    EXPECT_TRUE(text.contains(u"the request has to change"_s)) << text.toStdString();

    guide.showStatus(507);
    EXPECT_TRUE(guide.currentExplanation().contains(u"retry_on"_s));
    guide.showStatus(999);
    EXPECT_TRUE(guide.currentExplanation().contains(u"Not an HTTP status"_s));
    guide.showError(u"gremlins"_s);
    EXPECT_EQ(guide.currentStatus(), 0);
    EXPECT_TRUE(guide.currentExplanation().contains(u"gremlins Unknown error"_s));

    // Back to a listed code: the panel follows even though nothing else changed.
    guide.showStatus(503);
    EXPECT_TRUE(guide.currentExplanation().contains(u"503 Service Unavailable"_s));
}

TEST_F(StatusGuideTest, ShowingACodeTheFilterHidesClearsTheFilter)
{
    filter->setText(u"4xx"_s);
    guide.showStatus(503);
    EXPECT_EQ(filter->text(), QString());
    EXPECT_EQ(selectedCode(), u"503"_s);
    // A code the filter shows keeps the filter.
    filter->setText(u"5xx"_s);
    guide.showStatus(502);
    EXPECT_EQ(filter->text(), u"5xx"_s);
    EXPECT_EQ(selectedCode(), u"502"_s);
}

TEST_F(StatusGuideTest, ClickingARowExplainsIt)
{
    guide.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&guide));
    const int row = codesShown(*table->model()).indexOf(u"429"_s);
    ASSERT_GE(row, 0);
    const QModelIndex index = table->model()->index(row, StatusCodeModel::Name);
    table->scrollTo(index);
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, table->visualRect(index).center());
    EXPECT_EQ(guide.currentStatus(), 429);
    EXPECT_TRUE(guide.currentExplanation().contains(u"429 Too Many Requests"_s));
}

TEST(StatusMentionedIn, FindsTheStatusAReasonTalksAbout)
{
    EXPECT_EQ(statusMentionedIn(u"503 is retryable"_s), 503);
    EXPECT_EQ(statusMentionedIn(u"503 is retryable; backoff 100.0 ms"_s), 503);
    EXPECT_EQ(statusMentionedIn(u"400 is a client error: retrying will not help"_s), 400);
    EXPECT_EQ(statusMentionedIn(u"504 is retryable, but all 4 attempts are used"_s), 504);
    EXPECT_EQ(statusMentionedIn(u"429 is retryable, but waiting the 120.0 s that Retry-After asks for would cross "
                                "the deadline (1.50 s left)"_s),
              429);
    EXPECT_EQ(statusMentionedIn(u"waited 250 ms after a 502"_s), 502); // the duration is skipped
    EXPECT_EQ(statusMentionedIn(u"the server said HTTP 503."_s), 503);
    EXPECT_EQ(statusMentionedIn(u"503 is retryable; answered with the static fallback"_s), 503);
}

TEST(StatusMentionedIn, IgnoresDurationsCountsPortsAndIds)
{
    EXPECT_EQ(statusMentionedIn(u"the attempt timed out: retryable"_s), std::nullopt);
    EXPECT_EQ(statusMentionedIn(u"backoff 500 ms"_s), std::nullopt);
    EXPECT_EQ(statusMentionedIn(u"backoff 120.5 ms"_s), std::nullopt);
    EXPECT_EQ(statusMentionedIn(u"the next wait (1.503 s) would cross the deadline"_s), std::nullopt);
    EXPECT_EQ(statusMentionedIn(u"all 100 attempts are used"_s), std::nullopt);
    EXPECT_EQ(statusMentionedIn(u"the connection to http://localhost:503/x was refused"_s), std::nullopt);
    EXPECT_EQ(statusMentionedIn(u"key 550e8400-e29b-41d4-a716-446655440000"_s), std::nullopt);
    EXPECT_EQ(statusMentionedIn(u"a 1503 byte body"_s), std::nullopt);
    EXPECT_EQ(statusMentionedIn(u"600 is not a status"_s), std::nullopt);
    EXPECT_EQ(statusMentionedIn(QString()), std::nullopt);
}

TEST(StatusMentionedIn, ReadsBackEveryReasonTheClassifierWrites)
{
    for (const StatusCodeInfo& info : statusCodeTable()) {
        if (info.isError())
            continue;
        const QString reason = defaultClassification(info).reason;
        EXPECT_EQ(statusMentionedIn(reason), info.status) << reason.toStdString();
    }
}

TEST_F(StatusGuideTest, ANarrowDockKeepsCodeVerdictAndAction)
{
    guide.show(); // a hidden widget gets its resize event when shown
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&guide));
    EXPECT_FALSE(table->isColumnHidden(StatusCodeModel::Name));
    EXPECT_FALSE(table->isColumnHidden(StatusCodeModel::Class));
    guide.resize(420, 640);
    EXPECT_TRUE(table->isColumnHidden(StatusCodeModel::Name));
    EXPECT_TRUE(table->isColumnHidden(StatusCodeModel::Class));
    EXPECT_FALSE(table->isColumnHidden(StatusCodeModel::Retried));
    EXPECT_FALSE(table->isColumnHidden(StatusCodeModel::Action));
    // The hidden name and class are in the code's tooltip.
    const int row = codesShown(*table->model()).indexOf(u"503"_s);
    EXPECT_TRUE(table->model()
                    ->index(row, StatusCodeModel::Code)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .startsWith(u"503 Service Unavailable (server error)\n"_s));
    guide.resize(760, 640);
    EXPECT_FALSE(table->isColumnHidden(StatusCodeModel::Name));
}

TEST_F(StatusGuideTest, Screenshots)
{
    guide.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&guide));
    guide.showStatus(503);
    const QString dir = QCoreApplication::applicationDirPath() + u"/screenshots"_s;
    QDir().mkpath(dir);
    EXPECT_TRUE(guide.grab().save(dir + u"/status-guide.png"_s));
    // As a dock beside the editor is usually wide.
    guide.resize(420, 640);
    guide.showError(u"connection_reset"_s);
    EXPECT_TRUE(guide.grab().save(dir + u"/status-guide-narrow.png"_s));
}
