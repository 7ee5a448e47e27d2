// `send` on the real network against a loopback server started by the test:
// what arrives on the wire, and when.
#include "clirunner.h"
#include "support/loopbackserver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QUuid>

#include <gtest/gtest.h>

using namespace jitterbug;
using namespace jitterbug::test;

namespace {

LoopbackServer::Reply status(int code, HeaderList headers = {}, QByteArray body = {})
{
    LoopbackServer::Reply r;
    r.status = code;
    r.headers = std::move(headers);
    r.body = body.isNull() ? QByteArray("status ") + QByteArray::number(code) : body;
    return r;
}

QString url(const LoopbackServer& server, const char* path)
{
    return server.url(QString::fromLatin1(path)).toString();
}

QJsonObject timelineOf(const CliResult& r)
{
    return QJsonDocument::fromJson(r.err).object();
}

} // namespace

TEST(CliSendNet, RetriesOnTheWireWithTheWaitsTheTimelineShows)
{
    LoopbackServer server;
    ASSERT_TRUE(server.listen());
    server.setScript("/flaky", {status(503), status(503), status(200, {}, "done")});
    const auto r = runCli({QStringLiteral("send"), QStringLiteral("--jitter"), QStringLiteral("none"),
                           QStringLiteral("--base-delay"), QStringLiteral("150"), QStringLiteral("--timeline"),
                           QStringLiteral("json"), url(server, "/flaky")});
    ASSERT_EQ(r.exitCode, 0) << r.err.data();
    EXPECT_EQ(r.out, "done");
    const auto& got = server.received();
    ASSERT_EQ(got.size(), 3);
    // The server saw the backoff: 150 ms, then 300 ms (generous upper bounds:
    // real clocks on a busy machine).
    EXPECT_GE(got[1].atMs - got[0].atMs, 150);
    EXPECT_LT(got[1].atMs - got[0].atMs, 1500);
    EXPECT_GE(got[2].atMs - got[1].atMs, 300);
    EXPECT_LT(got[2].atMs - got[1].atMs, 1650);

    const QJsonArray attempts = timelineOf(r).value(u"attempts").toArray();
    ASSERT_EQ(attempts.size(), 3);
    EXPECT_EQ(attempts[0].toObject().value(u"wait_ms").toDouble(), 150.0);
    EXPECT_EQ(attempts[1].toObject().value(u"wait_ms").toDouble(), 300.0);
    // The timeline's gaps match what the server measured, within 100 ms.
    const double started2 = attempts[1].toObject().value(u"started_ms").toDouble();
    const double started3 = attempts[2].toObject().value(u"started_ms").toDouble();
    EXPECT_NEAR(started3 - started2, static_cast<double>(got[2].atMs - got[1].atMs), 100);
}

TEST(CliSendNet, RetryAfterFromTheServerIsHonoured)
{
    LoopbackServer server;
    ASSERT_TRUE(server.listen());
    HeaderList h;
    h.append("Retry-After", "1");
    server.setScript("/rl", {status(429, h), status(200)});
    const auto r = runCli({QStringLiteral("send"), QStringLiteral("-s"), url(server, "/rl")});
    ASSERT_EQ(r.exitCode, 0) << r.err.data();
    ASSERT_EQ(server.received().size(), 2);
    EXPECT_GE(server.received()[1].atMs - server.received()[0].atMs, 1000);
}

TEST(CliSendNet, TheSameIdempotencyKeyOnEveryAttempt)
{
    LoopbackServer server;
    ASSERT_TRUE(server.listen());
    server.setScript("/orders", {status(503), status(502), status(201)});
    const auto r = runCli({QStringLiteral("send"), QStringLiteral("-s"), QStringLiteral("--base-delay"),
                           QStringLiteral("1"), QStringLiteral("--idempotency-key"), QStringLiteral("auto"),
                           QStringLiteral("-d"), QStringLiteral("{\"sku\":1}"), url(server, "/orders")});
    ASSERT_EQ(r.exitCode, 0) << r.err.data();
    const auto& got = server.received();
    ASSERT_EQ(got.size(), 3);
    const QByteArray key = got[0].headers.value("Idempotency-Key");
    EXPECT_FALSE(QUuid::fromString(QString::fromLatin1(key)).isNull()) << key.data();
    for (const auto& req : got) {
        EXPECT_EQ(req.method, "POST");
        EXPECT_EQ(req.body, "{\"sku\":1}");
        EXPECT_EQ(req.headers.value("idempotency-key"), key);
    }
}

TEST(CliSendNet, APostWithoutAKeyIsSentOnce)
{
    LoopbackServer server;
    ASSERT_TRUE(server.listen());
    server.setScript("/orders", {status(503)});
    const auto r
        = runCli({QStringLiteral("send"), QStringLiteral("-d"), QStringLiteral("x=1"), url(server, "/orders")});
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_EQ(server.received().size(), 1);
    EXPECT_TRUE(r.err.contains("POST is not idempotent and carries no Idempotency-Key")) << r.err.data();
}

TEST(CliSendNet, ASilentServerTimesOutEachAttempt)
{
    LoopbackServer server;
    ASSERT_TRUE(server.listen());
    LoopbackServer::Reply silent;
    silent.kind = LoopbackServer::Reply::Kind::NeverAnswer;
    server.setScript("/hang", {silent});
    const auto r
        = runCli({QStringLiteral("send"), QStringLiteral("--attempts"), QStringLiteral("2"),
                  QStringLiteral("--attempt-timeout"), QStringLiteral("300"), QStringLiteral("--base-delay"),
                  QStringLiteral("1"), QStringLiteral("--timeline"), QStringLiteral("json"), url(server, "/hang")});
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_GE(r.elapsedMs, 600);
    EXPECT_EQ(server.received().size(), 2);
    const QJsonArray attempts = timelineOf(r).value(u"attempts").toArray();
    ASSERT_EQ(attempts.size(), 2);
    for (const auto& a : attempts) {
        EXPECT_EQ(a.toObject().value(u"error").toString(), QStringLiteral("timeout"));
        const double duration
            = a.toObject().value(u"ended_ms").toDouble() - a.toObject().value(u"started_ms").toDouble();
        EXPECT_GE(duration, 300);
        EXPECT_LT(duration, 1300);
    }
}

TEST(CliSendNet, AClosedPortIsRefusedAndRetried)
{
    QTcpServer probe;
    ASSERT_TRUE(probe.listen(QHostAddress::LocalHost));
    const quint16 port = probe.serverPort();
    probe.close();
    const auto r = runCli({QStringLiteral("send"), QStringLiteral("--attempts"), QStringLiteral("3"),
                           QStringLiteral("--base-delay"), QStringLiteral("5"), QStringLiteral("--timeline"),
                           QStringLiteral("json"), QStringLiteral("http://127.0.0.1:%1/x").arg(port)});
    EXPECT_EQ(r.exitCode, 1);
    const QJsonObject t = timelineOf(r);
    EXPECT_EQ(t.value(u"outcome").toObject().value(u"attempts").toInt(), 3);
    EXPECT_EQ(t.value(u"attempts").toArray().at(0).toObject().value(u"error").toString(),
              QStringLiteral("connection_refused"));
}

TEST(CliSendNet, DeadlineIsKeptOnTheRealClock)
{
    LoopbackServer server;
    ASSERT_TRUE(server.listen());
    LoopbackServer::Reply slow = status(503);
    slow.delayMs = 120;
    server.setScript("/slow", {slow});
    const auto r = runCli({QStringLiteral("send"), QStringLiteral("--deadline"), QStringLiteral("700"),
                           QStringLiteral("--attempts"), QStringLiteral("20"), QStringLiteral("--jitter"),
                           QStringLiteral("none"), QStringLiteral("--base-delay"), QStringLiteral("50"),
                           QStringLiteral("--timeline"), QStringLiteral("json"), url(server, "/slow")});
    EXPECT_EQ(r.exitCode, 1);
    const double elapsed = timelineOf(r).value(u"outcome").toObject().value(u"elapsed_ms").toDouble();
    EXPECT_LE(elapsed, 700 + 50);
}

TEST(CliSendNet, OutputFileHeadAndRepeat)
{
    LoopbackServer server;
    ASSERT_TRUE(server.listen());
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("body.txt"));
    auto r = runCli({QStringLiteral("send"), QStringLiteral("-s"), QStringLiteral("-o"), file, url(server, "/a")});
    ASSERT_EQ(r.exitCode, 0) << r.err.data();
    QFile f(file);
    ASSERT_TRUE(f.open(QIODevice::ReadOnly));
    EXPECT_EQ(f.readAll(), "ok\n");
    EXPECT_TRUE(r.out.isEmpty());

    r = runCli({QStringLiteral("send"), QStringLiteral("-s"), QStringLiteral("-I"), url(server, "/b")});
    EXPECT_EQ(r.exitCode, 0);
    EXPECT_TRUE(r.out.startsWith("HTTP/1.1 200")) << r.out.data();
    EXPECT_EQ(server.receivedFor("/b").at(0).method, "HEAD");

    r = runCli({QStringLiteral("send"), QStringLiteral("--repeat"), QStringLiteral("40"),
                QStringLiteral("--concurrency"), QStringLiteral("8"), url(server, "/c")});
    EXPECT_EQ(r.exitCode, 0) << r.err.data();
    EXPECT_EQ(server.receivedFor("/c").size(), 40);
    EXPECT_TRUE(r.err.startsWith("calls 40  succeeded 40  failed 0")) << r.err.data();
}

TEST(CliSendNet, ARateLimitSpacesRepeatedCalls)
{
    LoopbackServer server;
    ASSERT_TRUE(server.listen());
    const auto r = runCli({QStringLiteral("send"), QStringLiteral("--repeat"), QStringLiteral("6"),
                           QStringLiteral("--concurrency"), QStringLiteral("6"), QStringLiteral("--rate"),
                           QStringLiteral("10/s"), QStringLiteral("--burst"), QStringLiteral("1"), url(server, "/r")});
    ASSERT_EQ(r.exitCode, 0) << r.err.data();
    const auto got = server.receivedFor("/r");
    ASSERT_EQ(got.size(), 6);
    // One token per 100 ms: six calls span at least 500 ms on the server.
    EXPECT_GE(got.last().atMs - got.first().atMs, 480);
}
