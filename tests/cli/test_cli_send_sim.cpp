// `send --backend sim`: the CLI over the simulated backend, no network.
#include "clirunner.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using jitterbug::test::runCli;

TEST(CliSendSim, TheFlakyRouteRetriesThenPrintsTheBody)
{
    const auto r = runCli({QStringLiteral("send"), QStringLiteral("--backend"), QStringLiteral("sim"),
                           QStringLiteral("--seed"), QStringLiteral("42"), QStringLiteral("http://demo/flaky")});
    EXPECT_EQ(r.exitCode, 0) << r.err.data();
    EXPECT_EQ(r.out, "{\"ok\":true,\"items\":[1,2,3]}\n");
    const QList<QByteArray> lines = r.err.trimmed().split('\n');
    ASSERT_EQ(lines.size(), 5) << r.err.data();
    EXPECT_TRUE(lines[1].contains("503")) << lines[1].data();
    EXPECT_TRUE(lines[1].contains("retry"));
    EXPECT_TRUE(lines[3].contains("200"));
    EXPECT_TRUE(lines[3].contains("success"));
    EXPECT_TRUE(lines[4].startsWith("GET http://demo/flaky → 200 after 3 attempts in ")) << lines[4].data();
    EXPECT_TRUE(lines[4].endsWith("(seed 42)"));
}

TEST(CliSendSim, TheSameSeedGivesTheSameTimelineByteForByte)
{
    const QStringList args{QStringLiteral("send"), QStringLiteral("--backend"),
                           QStringLiteral("sim"),  QStringLiteral("--timeline"),
                           QStringLiteral("json"), QStringLiteral("--seed"),
                           QStringLiteral("7"),    QStringLiteral("--idempotency-key"),
                           QStringLiteral("auto"), QStringLiteral("-X"),
                           QStringLiteral("POST"), QStringLiteral("http://demo/orders")};
    const auto a = runCli(args);
    const auto b = runCli(args);
    QStringList other = args;
    other[6] = QStringLiteral("8");
    const auto c = runCli(other);
    ASSERT_EQ(a.exitCode, 0) << a.err.data();
    EXPECT_EQ(a.err, b.err);
    EXPECT_NE(a.err, c.err);

    const QJsonObject t = QJsonDocument::fromJson(a.err).object();
    EXPECT_EQ(t.value(u"seed").toInteger(), 7);
    EXPECT_EQ(t.value(u"request").toObject().value(u"method").toString(), QStringLiteral("POST"));
    EXPECT_EQ(t.value(u"request").toObject().value(u"idempotency_key").toString().size(), 36);
    const QJsonArray attempts = t.value(u"attempts").toArray();
    ASSERT_EQ(attempts.size(), 2);
    EXPECT_EQ(attempts[0].toObject().value(u"status").toInt(), 503);
    EXPECT_EQ(attempts[0].toObject().value(u"decision").toString(), QStringLiteral("retry"));
    EXPECT_EQ(t.value(u"outcome").toObject().value(u"status").toInt(), 201);
}

TEST(CliSendSim, ExitStatusSaysWhetherTheCallSucceeded)
{
    auto r = runCli({QStringLiteral("send"), QStringLiteral("--backend"), QStringLiteral("sim"), QStringLiteral("-s"),
                     QStringLiteral("--attempts"), QStringLiteral("2"), QStringLiteral("http://demo/down")});
    EXPECT_EQ(r.exitCode, 1);
    r = runCli({QStringLiteral("send"), QStringLiteral("--backend"), QStringLiteral("sim"),
                QStringLiteral("http://demo/not-found")});
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_TRUE(r.err.contains("404 is a client error: retrying will not help")) << r.err.data();
}

TEST(CliSendSim, AFallbackAnswersButCountsAsAFailureUnlessAllowed)
{
    QStringList args{QStringLiteral("send"),
                     QStringLiteral("--backend"),
                     QStringLiteral("sim"),
                     QStringLiteral("--attempts"),
                     QStringLiteral("2"),
                     QStringLiteral("--fallback-body"),
                     QStringLiteral("{\"stale\":1}"),
                     QStringLiteral("--timeline"),
                     QStringLiteral("none"),
                     QStringLiteral("http://demo/down")};
    auto r = runCli(args);
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_EQ(r.out, "{\"stale\":1}");
    args.append(QStringLiteral("--fallback-ok"));
    r = runCli(args);
    EXPECT_EQ(r.exitCode, 0);
}

TEST(CliSendSim, RepeatSendsManyCallsAndSummarises)
{
    // One call at a time, so each call meets the route's whole 503, 503, 200 cycle.
    const auto r = runCli({QStringLiteral("send"), QStringLiteral("--backend"), QStringLiteral("sim"),
                           QStringLiteral("--repeat"), QStringLiteral("30"), QStringLiteral("--seed"),
                           QStringLiteral("1"), QStringLiteral("http://demo/flaky")});
    EXPECT_EQ(r.exitCode, 0) << r.err.data();
    EXPECT_TRUE(r.out.isEmpty());
    EXPECT_TRUE(r.err.startsWith("calls 30  succeeded 30  failed 0\nattempts 90  retries 60")) << r.err.data();
}

TEST(CliSendSim, RepeatWithJsonGivesOneRecordPerLine)
{
    const auto r = runCli({QStringLiteral("send"), QStringLiteral("--backend"), QStringLiteral("sim"),
                           QStringLiteral("--repeat"), QStringLiteral("5"), QStringLiteral("--timeline"),
                           QStringLiteral("json"), QStringLiteral("http://demo/ok")});
    EXPECT_EQ(r.exitCode, 0);
    const QList<QByteArray> lines = r.err.trimmed().split('\n');
    ASSERT_EQ(lines.size(), 7);
    for (int i = 0; i < 5; ++i) {
        const QJsonObject t = QJsonDocument::fromJson(lines[i]).object();
        EXPECT_EQ(t.value(u"outcome").toObject().value(u"status").toInt(), 200);
    }
    EXPECT_EQ(QJsonDocument::fromJson(lines[5]).object().value(u"summary").toObject().value(u"calls").toInt(), 5);
    // Then what the simulated server counted.
    EXPECT_EQ(QJsonDocument::fromJson(lines[6]).object().value(u"server").toObject().value(u"requests").toInt(), 5);
}

TEST(CliSendSim, ScenarioFilesDriveTheSimulatedBackend)
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("s.json"));
    QFile f(file);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    f.write(R"({"routes": [{"method": "GET", "path": "/items/:id", "script": [
        {"status": 429, "latency_ms": 5, "headers": {"Retry-After": "3"}},
        {"status": 200, "latency_ms": 5, "body": "item"}]}]})");
    f.close();
    const auto r = runCli({QStringLiteral("send"), QStringLiteral("--backend"), QStringLiteral("sim"),
                           QStringLiteral("--scenario"), file, QStringLiteral("--timeline"), QStringLiteral("json"),
                           QStringLiteral("http://any/items/9")});
    EXPECT_EQ(r.exitCode, 0) << r.err.data();
    EXPECT_EQ(r.out, "item");
    const QJsonObject t = QJsonDocument::fromJson(r.err).object();
    const QJsonObject a1 = t.value(u"attempts").toArray().at(0).toObject();
    EXPECT_EQ(a1.value(u"wait_ms").toDouble(), 3000.0);
    EXPECT_EQ(a1.value(u"wait_source").toString(), QStringLiteral("retry_after"));
    EXPECT_EQ(t.value(u"outcome").toObject().value(u"elapsed_ms").toDouble(), 3010.0);
}

TEST(CliSendSim, WriteOutAndIncludeHeaders)
{
    const auto r = runCli({QStringLiteral("send"), QStringLiteral("--backend"), QStringLiteral("sim"),
                           QStringLiteral("-s"), QStringLiteral("-i"), QStringLiteral("-w"),
                           QStringLiteral("\\n%{http_code} %{num_retries} %header{content-type}"),
                           QStringLiteral("http://demo/flaky")});
    EXPECT_EQ(r.exitCode, 0);
    EXPECT_TRUE(r.out.startsWith("HTTP/1.1 200\r\nContent-Type: application/json\r\n")) << r.out.data();
    EXPECT_TRUE(r.out.endsWith("{\"ok\":true,\"items\":[1,2,3]}\n\n200 2 application/json")) << r.out.data();
    EXPECT_TRUE(r.err.isEmpty()) << "-s keeps stderr quiet";
}

namespace {

QJsonObject lastJsonLine(const QByteArray& lines)
{
    return QJsonDocument::fromJson(lines.trimmed().split('\n').constLast()).object();
}

QStringList ordersRun(const QString& seed, const QStringList& policy)
{
    return QStringList{QStringLiteral("send"),
                       QStringLiteral("--backend"),
                       QStringLiteral("sim"),
                       QStringLiteral("--scenario"),
                       QStringLiteral("flaky-orders"),
                       QStringLiteral("--seed"),
                       seed,
                       QStringLiteral("--timeline"),
                       QStringLiteral("json"),
                       QStringLiteral("--repeat"),
                       QStringLiteral("300"),
                       QStringLiteral("--concurrency"),
                       QStringLiteral("16"),
                       QStringLiteral("-X"),
                       QStringLiteral("POST"),
                       QStringLiteral("-d"),
                       QStringLiteral("{\"item\":\"book\"}")}
    + policy + QStringList{QStringLiteral("http://shop.sim/orders")};
}

} // namespace

TEST(CliSendSim, ARepeatedRunEndsWithWhatTheServerCounted)
{
    const auto unkeyed = runCli(ordersRun(QStringLiteral("3"), {QStringLiteral("--retry-unsafe")}));
    const QJsonObject duplicated = lastJsonLine(unkeyed.err).value(u"server").toObject();
    ASSERT_FALSE(duplicated.isEmpty()) << unkeyed.err.right(400).data();
    EXPECT_EQ(duplicated.value(u"scenario").toString(), QStringLiteral("flaky-orders"));
    EXPECT_GT(duplicated.value(u"side_effects").toInteger(), 300); // orders placed twice
    EXPECT_EQ(duplicated.value(u"replays").toInteger(), 0);

    const auto keyed
        = runCli(ordersRun(QStringLiteral("3"), {QStringLiteral("--idempotency-key"), QStringLiteral("auto")}));
    const QJsonObject once = lastJsonLine(keyed.err).value(u"server").toObject();
    EXPECT_LE(once.value(u"side_effects").toInteger(), 300); // at most one order per call
    EXPECT_GT(once.value(u"replays").toInteger(), 0);
}

TEST(CliSendSim, AModelScenarioRunIsTheSameBytesForTheSameSeedOnly)
{
    const QStringList policy{QStringLiteral("--idempotency-key"), QStringLiteral("auto")};
    const auto a = runCli(ordersRun(QStringLiteral("11"), policy));
    const auto b = runCli(ordersRun(QStringLiteral("11"), policy));
    const auto c = runCli(ordersRun(QStringLiteral("12"), policy));
    ASSERT_GT(a.err.count('\n'), 300);
    EXPECT_EQ(a.err, b.err);
    EXPECT_NE(a.err, c.err);
}
