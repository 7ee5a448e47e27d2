#include "support/simharness.h"

#include "report/timelinejson.h"
#include "report/timelinetable.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <gtest/gtest.h>

using namespace jitterbug;
using namespace jitterbug::test;

namespace {

Timeline flakyTimeline()
{
    HeaderList h;
    h.append("Retry-After", "1");
    SimHarness sim(scriptOf(QStringLiteral("/flaky"), {reply(503, 12.4, h), reply(200, 20)}));
    RetryPolicy p;
    p.jitter = Jitter::None;
    return sim.run(get(QStringLiteral("http://api.test/flaky")), p);
}

} // namespace

TEST(TimelineJson, HasTheContractShape)
{
    const QByteArray json = timelineToJson(flakyTimeline());
    EXPECT_TRUE(json.startsWith(
        R"({"request":{"method":"GET","url":"http://api.test/flaky","idempotency_key":null,"insecure_tls":false},"policy":{)"))
        << json.data();
    const QJsonObject root = QJsonDocument::fromJson(json).object();
    EXPECT_EQ(root.value(u"seed").toInteger(), 42);
    const QJsonObject a1 = root.value(u"attempts").toArray().at(0).toObject();
    EXPECT_EQ(a1.value(u"attempt").toInt(), 1);
    EXPECT_EQ(a1.value(u"started_ms").toDouble(), 0.0);
    EXPECT_EQ(a1.value(u"ended_ms").toDouble(), 12.4);
    EXPECT_EQ(a1.value(u"status").toInt(), 503);
    EXPECT_TRUE(a1.value(u"error").isNull());
    EXPECT_EQ(a1.value(u"decision").toString(), QStringLiteral("retry"));
    EXPECT_EQ(a1.value(u"reason").toString(), QStringLiteral("503 is retryable"));
    EXPECT_EQ(a1.value(u"wait_ms").toDouble(), 1000.0);
    EXPECT_EQ(a1.value(u"wait_source").toString(), QStringLiteral("retry_after"));
    const QJsonObject a2 = root.value(u"attempts").toArray().at(1).toObject();
    EXPECT_TRUE(a2.value(u"wait_source").isNull());
    const QJsonObject outcome = root.value(u"outcome").toObject();
    EXPECT_EQ(outcome.value(u"status").toInt(), 200);
    EXPECT_EQ(outcome.value(u"attempts").toInt(), 2);
    EXPECT_EQ(outcome.value(u"elapsed_ms").toDouble(), 1032.4);
    EXPECT_EQ(outcome.value(u"fallback").toBool(), false);
}

TEST(TimelineJson, ReadsBackWhatItWrote)
{
    const Timeline t = flakyTimeline();
    auto back = timelineFromJson(timelineToJson(t, JsonWriter::Style::Indented));
    ASSERT_TRUE(back) << back.error().message.toStdString();
    EXPECT_EQ(timelineToJson(*back), timelineToJson(t));
}

TEST(TimelineJson, RejectsUnknownDecisions)
{
    QByteArray json = timelineToJson(flakyTimeline());
    json.replace("\"decision\":\"retry\"", "\"decision\":\"maybe\"");
    auto back = timelineFromJson(json);
    ASSERT_FALSE(back);
    EXPECT_EQ(back.error().message,
              QStringLiteral("timeline.attempts[0].decision: expected success, retry, give_up or fallback"));
}

TEST(TimelineTable, ShowsEachAttemptAndTheOutcome)
{
    const QString table = timelineTable(flakyTimeline());
    const QStringList lines = table.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    ASSERT_EQ(lines.size(), 4) << table.toStdString();
    EXPECT_TRUE(lines[0].startsWith(QStringLiteral("#  start")));
    EXPECT_TRUE(lines[1].contains(QStringLiteral("503")));
    EXPECT_TRUE(lines[1].contains(QStringLiteral("1.00 s retry_after")));
    EXPECT_TRUE(lines[1].endsWith(QStringLiteral("503 is retryable")));
    EXPECT_EQ(lines[3], QStringLiteral("GET http://api.test/flaky → 200 after 2 attempts in 1.03 s (seed 42)"));
}

TEST(TimelineJson, CredentialsInTheUrlAreMaskedWhereTheRecordIsMade)
{
    SimHarness sim(scriptOf(QStringLiteral("/items"), {reply(200)}));
    Request r = get(QStringLiteral("http://api.test/items?api_key=k-789&page=2&partner=p-1"));
    r.credentialNames = {"partner"}; // a collection's API-key auth name
    const Timeline t = sim.run(r, noJitter());
    EXPECT_EQ(t.url, QStringLiteral("http://api.test/items?api_key=••••&page=2&partner=••••"));
    EXPECT_FALSE(timelineToJson(t).contains("k-789"));
    EXPECT_FALSE(timelineTable(t).contains(QStringLiteral("p-1")));
}

TEST(TimelineJson, InsecureTlsIsRecordedAndReadBack)
{
    SimHarness sim(scriptOf(QStringLiteral("/items"), {reply(200)}));
    Request r = get(QStringLiteral("https://api.test/items"));
    EXPECT_FALSE(sim.run(r, noJitter()).insecureTls);
    r.insecureTls = true;
    const Timeline t = sim.run(r, noJitter());
    EXPECT_TRUE(t.insecureTls);
    const QJsonObject request = QJsonDocument::fromJson(timelineToJson(t)).object().value(u"request").toObject();
    EXPECT_EQ(request.keys().size(), 4);
    EXPECT_EQ(request.value(u"insecure_tls"), QJsonValue(true));
    auto back = timelineFromJson(timelineToJson(t));
    ASSERT_TRUE(back);
    EXPECT_TRUE(back->insecureTls);
    EXPECT_TRUE(timelineTable(t).contains(QStringLiteral("insecure TLS allowed: certificates were not verified")));
    Timeline plain = t;
    plain.insecureTls = false;
    EXPECT_FALSE(timelineTable(plain).contains(QStringLiteral("insecure")));
}
