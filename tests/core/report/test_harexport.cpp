#include "report/harexport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimeZone>

#include <gtest/gtest.h>

#include <string>

using namespace jitterbug;

namespace {

std::string str(const QString& s)
{
    return s.toStdString();
}

AttemptRecord attempt(int n, double startedMs, double endedMs, int status, Decision decision, const char* reason)
{
    AttemptRecord a;
    a.attempt = n;
    a.startedMs = startedMs;
    a.endedMs = endedMs;
    a.status = status;
    a.decision = decision;
    a.reason = QString::fromUtf8(reason);
    a.timeoutMs = 30000;
    a.responseBytes = status > 0 ? 12 : 0;
    return a;
}

// A POST that met a 503 with Retry-After, then a timeout, then succeeded.
HarCall retriedCall()
{
    HarCall c;
    c.call.request = QStringLiteral("Orders/Create order");
    c.call.iteration = 2;
    Timeline& t = c.call.timeline;
    t.method = "POST";
    t.url = QStringLiteral("http://api.test/orders?dry=1&tag=a%20b");
    t.idempotencyKey = "3f1c-key";
    t.callIndex = 5;
    AttemptRecord first = attempt(1, 0, 40.5, 503, Decision::Retry, "503 is retryable");
    first.waitMs = 1000;
    first.waitSource = WaitSource::RetryAfter;
    first.retryAfterMs = 1000;
    AttemptRecord second = attempt(2, 1040.5, 31040.5, 0, Decision::Retry, "timeout is retryable");
    second.error = ErrorCode::Timeout;
    second.errorDetail = QStringLiteral("no answer in 30 s");
    second.waitMs = 250.25;
    second.waitSource = WaitSource::Backoff;
    AttemptRecord third = attempt(3, 31290.75, 31302, 201, Decision::Success, "201 is a success");
    t.attempts = {first, second, third};
    t.outcome.status = 201;
    t.outcome.attempts = 3;
    t.outcome.succeeded = true;

    c.request.method = "POST";
    c.request.url = QUrl(QStringLiteral("http://api.test/orders?dry=1&tag=a%20b"));
    c.request.headers.append("Content-Type", "application/json");
    c.request.headers.append("Accept", QByteArray()); // a removal: not sent, not listed
    c.request.body = R"({"sku":"KB-01"})";

    Response r;
    r.status = 201;
    r.reasonPhrase = "Created";
    r.headers.append("Content-Type", "application/json");
    r.headers.append("Location", "/orders/7");
    r.body = R"({"id":7})";
    c.response = r;
    c.callStartMs = 500;
    return c;
}

// A GET refused by an open breaker, then given a fallback.
HarCall fallbackCall()
{
    HarCall c;
    c.call.request = QStringLiteral("Health");
    Timeline& t = c.call.timeline;
    t.method = "GET";
    AttemptRecord a = attempt(1, 0, 0, 0, Decision::Fallback, "circuit open: fallback");
    a.error = ErrorCode::CircuitOpen;
    a.onWire = false;
    t.attempts = {a};
    t.outcome.fallback = true;
    t.outcome.status = 200;
    c.request.url = QUrl(QStringLiteral("http://api.test/health"));
    Response fallback;
    fallback.status = 200;
    fallback.body = "ok";
    c.response = fallback;
    return c;
}

QJsonObject parse(const QByteArray& har)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(har, &error);
    EXPECT_EQ(error.error, QJsonParseError::NoError) << str(error.errorString());
    return doc.object();
}

const QDateTime runStart(QDate(2024, 5, 6), QTime(7, 8, 9, 100), Qt::UTC);

} // namespace

TEST(HarExport, LogHasVersionCreatorAndOneEntryPerAttempt)
{
    const QByteArray har = harFromRun({retriedCall(), fallbackCall()}, runStart, QStringLiteral("0.9.1"));
    const QJsonObject log = parse(har).value(u"log").toObject();
    EXPECT_EQ(str(log.value(u"version").toString()), "1.2");
    EXPECT_EQ(str(log.value(u"creator").toObject().value(u"name").toString()), "Jitterbug");
    EXPECT_EQ(str(log.value(u"creator").toObject().value(u"version").toString()), "0.9.1");
    EXPECT_EQ(log.value(u"entries").toArray().size(), 4);
    EXPECT_TRUE(har.startsWith("{\n  \"log\": {\n    \"version\": \"1.2\",\n")) << "two-space indent, HAR's key order";
    EXPECT_TRUE(har.endsWith("}\n"));
}

TEST(HarExport, EveryEntryHasHarsRequiredFieldsAndNonNegativeTimings)
{
    const QJsonArray entries = parse(harFromRun({retriedCall(), fallbackCall()}, runStart, QStringLiteral("1")))
                                   .value(u"log")
                                   .toObject()
                                   .value(u"entries")
                                   .toArray();
    for (const QJsonValue& v : entries) {
        const QJsonObject e = v.toObject();
        for (const char16_t* key : {u"startedDateTime", u"time", u"request", u"response", u"cache", u"timings"})
            EXPECT_TRUE(e.contains(QStringView(key))) << str(QString::fromUtf16(key));
        const QJsonObject request = e.value(u"request").toObject();
        for (const char16_t* key :
             {u"method", u"url", u"httpVersion", u"cookies", u"headers", u"queryString", u"headersSize", u"bodySize"})
            EXPECT_TRUE(request.contains(QStringView(key))) << str(QString::fromUtf16(key));
        const QJsonObject response = e.value(u"response").toObject();
        for (const char16_t* key : {u"status", u"statusText", u"httpVersion", u"cookies", u"headers", u"content",
                                    u"redirectURL", u"headersSize", u"bodySize"})
            EXPECT_TRUE(response.contains(QStringView(key))) << str(QString::fromUtf16(key));
        EXPECT_TRUE(response.value(u"content").toObject().contains(u"mimeType"));
        EXPECT_TRUE(response.value(u"content").toObject().contains(u"size"));

        const QJsonObject timings = e.value(u"timings").toObject();
        for (const char16_t* key : {u"send", u"wait", u"receive"})
            EXPECT_GE(timings.value(QStringView(key)).toDouble(-2), 0) << str(QString::fromUtf16(key));
        for (const char16_t* key : {u"blocked", u"dns", u"connect", u"ssl"})
            EXPECT_EQ(timings.value(QStringView(key)).toDouble(), -1) << str(QString::fromUtf16(key));
        EXPECT_EQ(e.value(u"time").toDouble(), timings.value(u"wait").toDouble()) << "time is the sum of the phases";
    }
}

TEST(HarExport, TimesComeFromTheRunStartTheCallStartAndTheAttempt)
{
    const QJsonArray entries = parse(harFromRun({retriedCall()}, runStart, QStringLiteral("1")))
                                   .value(u"log")
                                   .toObject()
                                   .value(u"entries")
                                   .toArray();
    ASSERT_EQ(entries.size(), 3);
    // 07:08:09.100 + 500 ms to the call's start + each attempt's start (rounded to ms).
    EXPECT_EQ(str(entries[0][u"startedDateTime"].toString()), "2024-05-06T07:08:09.600Z");
    EXPECT_EQ(str(entries[1][u"startedDateTime"].toString()), "2024-05-06T07:08:10.641Z");
    EXPECT_EQ(str(entries[2][u"startedDateTime"].toString()), "2024-05-06T07:08:40.891Z");
    EXPECT_EQ(entries[0][u"time"].toDouble(), 40.5);
    EXPECT_EQ(entries[1][u"time"].toDouble(), 30000);
    EXPECT_EQ(entries[2][u"timings"][u"wait"].toDouble(), 11.25);
}

TEST(HarExport, JitterbugFieldsPerAttempt)
{
    const QJsonArray entries = parse(harFromRun({retriedCall(), fallbackCall()}, runStart, QStringLiteral("1")))
                                   .value(u"log")
                                   .toObject()
                                   .value(u"entries")
                                   .toArray();
    const auto jb = [&](int i) {
        return QJsonDocument(entries[i][u"_jitterbug"].toObject()).toJson(QJsonDocument::Compact).toStdString();
    };
    EXPECT_EQ(jb(0),
              R"({"attempt":1,"attempts":3,"call":5,"decision":"retry","error":null,"error_detail":null,)"
              R"("iteration":2,"on_wire":true,"reason":"503 is retryable","request":"Orders/Create order",)"
              R"("retry_after_ms":1000,"timeout_ms":30000,"wait_ms":1000,"wait_source":"retry_after"})");
    EXPECT_EQ(jb(1),
              R"({"attempt":2,"attempts":3,"call":5,"decision":"retry","error":"timeout",)"
              R"("error_detail":"no answer in 30 s","iteration":2,"on_wire":true,"reason":"timeout is retryable",)"
              R"("request":"Orders/Create order","retry_after_ms":null,"timeout_ms":30000,"wait_ms":250.25,)"
              R"("wait_source":"backoff"})");
    EXPECT_EQ(jb(2),
              R"({"attempt":3,"attempts":3,"call":5,"decision":"success","error":null,"error_detail":null,)"
              R"("iteration":2,"on_wire":true,"reason":"201 is a success","request":"Orders/Create order",)"
              R"("retry_after_ms":null,"timeout_ms":30000,"wait_ms":0,"wait_source":null})");
    EXPECT_EQ(jb(3),
              R"({"attempt":1,"attempts":1,"call":0,"decision":"fallback","error":"circuit_open",)"
              R"("error_detail":null,"iteration":1,"on_wire":false,"reason":"circuit open: fallback",)"
              R"("request":"Health","retry_after_ms":null,"timeout_ms":30000,"wait_ms":0,"wait_source":null})");
}

TEST(HarExport, RequestIsWhatWentOutWithTheIdempotencyKey)
{
    const QJsonArray entries = parse(harFromRun({retriedCall()}, runStart, QStringLiteral("1")))
                                   .value(u"log")
                                   .toObject()
                                   .value(u"entries")
                                   .toArray();
    const QJsonObject request = entries[1][u"request"].toObject();
    EXPECT_EQ(str(request.value(u"method").toString()), "POST");
    EXPECT_EQ(str(request.value(u"url").toString()), "http://api.test/orders?dry=1&tag=a%20b");
    EXPECT_EQ(QJsonDocument(request.value(u"headers").toArray()).toJson(QJsonDocument::Compact).toStdString(),
              R"([{"name":"Content-Type","value":"application/json"},{"name":"Idempotency-Key","value":"3f1c-key"}])");
    EXPECT_EQ(QJsonDocument(request.value(u"queryString").toArray()).toJson(QJsonDocument::Compact).toStdString(),
              R"([{"name":"dry","value":"1"},{"name":"tag","value":"a b"}])");
    EXPECT_EQ(QJsonDocument(request.value(u"postData").toObject()).toJson(QJsonDocument::Compact).toStdString(),
              R"({"mimeType":"application/json","text":"{\"sku\":\"KB-01\"}"})");
    EXPECT_EQ(request.value(u"bodySize").toInt(), 15);
}

TEST(HarExport, FullResponseOnlyOnTheAttemptItCameFrom)
{
    const QJsonArray entries = parse(harFromRun({retriedCall(), fallbackCall()}, runStart, QStringLiteral("1")))
                                   .value(u"log")
                                   .toObject()
                                   .value(u"entries")
                                   .toArray();
    const QJsonObject last = entries[2][u"response"].toObject();
    EXPECT_EQ(last.value(u"status").toInt(), 201);
    EXPECT_EQ(str(last.value(u"statusText").toString()), "Created");
    EXPECT_EQ(str(last.value(u"httpVersion").toString()), "HTTP/1.1");
    EXPECT_EQ(str(last.value(u"redirectURL").toString()), "/orders/7");
    EXPECT_EQ(str(last.value(u"content")[u"text"].toString()), R"({"id":7})");
    EXPECT_EQ(str(last.value(u"content")[u"mimeType"].toString()), "application/json");
    EXPECT_EQ(last.value(u"headers").toArray().size(), 2);
    EXPECT_FALSE(entries[2].toObject().contains(u"comment"));

    const QJsonObject first = entries[0][u"response"].toObject();
    EXPECT_EQ(first.value(u"status").toInt(), 503);
    EXPECT_EQ(first.value(u"content")[u"size"].toInt(), 12);
    EXPECT_TRUE(first.value(u"headers").toArray().isEmpty());
    EXPECT_EQ(str(entries[0][u"comment"].toString()),
              "attempt 1 of 3: status and size only; Jitterbug keeps the headers and body of a call's final response");
    EXPECT_EQ(str(entries[1][u"comment"].toString()), "attempt 2 of 3: no response");
    EXPECT_EQ(entries[1][u"response"][u"status"].toInt(), 0) << "as browsers write a request that got no response";

    // A fallback answer was not on the wire: the attempt keeps what it recorded.
    EXPECT_EQ(entries[3][u"response"][u"status"].toInt(), 0);
    EXPECT_EQ(str(entries[3][u"comment"].toString()), "attempt 1 of 1: no response");
}

TEST(HarExport, BinaryResponseBodiesAreBase64)
{
    HarCall c = retriedCall();
    c.response->body = QByteArray("\x89PNG\xff\x00", 6);
    const QJsonArray entries
        = parse(harFromRun({c}, runStart, QStringLiteral("1"))).value(u"log").toObject().value(u"entries").toArray();
    const QJsonObject content = entries[2][u"response"][u"content"].toObject();
    EXPECT_EQ(str(content.value(u"encoding").toString()), "base64");
    EXPECT_EQ(QByteArray::fromBase64(content.value(u"text").toString().toLatin1()), c.response->body);
    EXPECT_EQ(content.value(u"size").toInt(), 6);
}

TEST(HarExport, CredentialsAreMaskedInRequestsResponsesAndQueries)
{
    HarCall c = retriedCall();
    c.request.url = QUrl(QStringLiteral("http://api.test/orders?api_key=k-789&partner=p-1&dry=1"));
    c.request.credentialNames = {"partner"};
    c.request.headers.append("Authorization", "Bearer abc123");
    c.request.headers.append("Cookie", "s=xyz");
    c.request.headers.append("X-API-Key", "k-789");
    c.response->headers.append("Set-Cookie", "s=xyz; Path=/");
    const QByteArray har = harFromRun({c}, runStart, QStringLiteral("1.0"));
    for (const char* value : {"abc123", "xyz", "k-789", "p-1"})
        EXPECT_FALSE(har.contains(value)) << value;

    const QJsonArray entries = parse(har)[u"log"][u"entries"].toArray();
    const QJsonObject request = entries[2][u"request"].toObject();
    EXPECT_EQ(str(request[u"url"].toString()), "http://api.test/orders?api_key=••••&partner=••••&dry=1");
    QStringList headers;
    for (const QJsonValue& h : request[u"headers"].toArray())
        headers.append(h[u"name"].toString() + u": " + h[u"value"].toString());
    EXPECT_TRUE(headers.contains(u"Authorization: Bearer ••••")) << str(headers.join(u'|'));
    EXPECT_TRUE(headers.contains(u"Cookie: s=••••"));
    EXPECT_TRUE(headers.contains(u"X-API-Key: ••••"));
    EXPECT_TRUE(headers.contains(u"Content-Type: application/json")) << "other headers as sent";
    QStringList query;
    for (const QJsonValue& q : request[u"queryString"].toArray())
        query.append(q[u"name"].toString() + u'=' + q[u"value"].toString());
    EXPECT_EQ(query,
              (QStringList{QStringLiteral("api_key=••••"), QStringLiteral("partner=••••"), QStringLiteral("dry=1")}));
    const QJsonArray responseHeaders = entries[2][u"response"][u"headers"].toArray();
    EXPECT_EQ(str(responseHeaders.last()[u"value"].toString()), "s=••••; Path=/");
}

TEST(HarExport, EmptyRunIsAValidLog)
{
    const QJsonObject log = parse(harFromRun({}, runStart, QStringLiteral("1"))).value(u"log").toObject();
    EXPECT_TRUE(log.value(u"entries").isArray());
    EXPECT_TRUE(log.value(u"entries").toArray().isEmpty());
}
