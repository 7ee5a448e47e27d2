// `jitterbug-cli serve` as a separate process, checked from outside: curl
// and our own `send` talk to it on 127.0.0.1, and what arrives on the socket
// is compared with the scenario.
#include "clirunner.h"
#include "serveprocess.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <csignal>

using jitterbug::test::runCli;
using jitterbug::test::runProgram;
using jitterbug::test::ServeProcess;
using jitterbug::test::writeTestFile;

namespace {

jitterbug::test::CliResult curl(const QStringList& arguments)
{
    return runProgram(QStringLiteral("curl"), QStringList{QStringLiteral("-sS")} + arguments);
}

} // namespace

TEST(CliServe, CurlReceivesWhatTheScenarioSaysInTurnAndTheStatsCountIt)
{
    QTemporaryDir dir;
    ServeProcess serve({QStringLiteral("--scenario"),
                        writeTestFile(dir.path(), QStringLiteral("scenario.json"), R"({"name": "check", "routes": [
        {"method": "GET", "path": "/items/:id", "script": [
            {"status": 503, "headers": {"Retry-After": "3"}, "body": "busy\n"},
            {"status": 200, "headers": {"X-Shard": "7"}, "json": {"id": 1}}]}]})"),
                        QStringLiteral("--log")});
    ASSERT_GT(serve.port(), 0);

    const auto first = curl({QStringLiteral("-i"), serve.url("/items/1")});
    ASSERT_EQ(first.exitCode, 0) << first.err.data();
    EXPECT_TRUE(first.out.startsWith("HTTP/1.1 503 Service Unavailable\r\n")) << first.out.data();
    EXPECT_TRUE(first.out.contains("\r\nRetry-After: 3\r\n"));
    EXPECT_TRUE(first.out.contains("\r\nContent-Length: 5\r\n"));
    EXPECT_TRUE(first.out.endsWith("\r\n\r\nbusy\n"));

    const auto second = curl({QStringLiteral("-i"), serve.url("/items/2")});
    EXPECT_TRUE(second.out.startsWith("HTTP/1.1 200 OK\r\n")) << second.out.data();
    EXPECT_TRUE(second.out.contains("\r\nX-Shard: 7\r\n"));
    EXPECT_TRUE(second.out.contains("\r\nContent-Type: application/json\r\n"));
    EXPECT_TRUE(second.out.endsWith("\r\n\r\n{\"id\":1}"));

    const auto missing = curl({QStringLiteral("-o"), QStringLiteral("/dev/null"), QStringLiteral("-w"),
                               QStringLiteral("%{http_code}"), serve.url("/nowhere")});
    EXPECT_EQ(missing.out, "404");

    const auto stats = curl({serve.url("/__jitterbug/stats")});
    const QJsonObject json = QJsonDocument::fromJson(stats.out).object();
    EXPECT_EQ(json.value(u"scenario").toString(), QStringLiteral("check"));
    EXPECT_EQ(json.value(u"requests").toInteger(), 3);
    EXPECT_EQ(json.value(u"unmatched").toInteger(), 1);
    const QJsonObject route = json.value(u"routes").toArray().at(0).toObject();
    EXPECT_EQ(route.value(u"hits").toInteger(), 2);
    EXPECT_EQ(route.value(u"statuses").toObject().value(u"503").toInteger(), 1);

    EXPECT_EQ(serve.stop(SIGTERM), 0);
    const QList<QByteArray> log = serve.output().trimmed().split('\n');
    ASSERT_EQ(log.size(), 4) << serve.output().data(); // one line per request
    EXPECT_TRUE(log[0].contains("\"GET /items/1 HTTP/1.1\" 503")) << log[0].data();
    EXPECT_TRUE(log[1].contains("\"GET /items/2 HTTP/1.1\" 200")) << log[1].data();
}

TEST(CliServe, SendRetriesAgainstItOverTheNetwork)
{
    QTemporaryDir dir;
    ServeProcess serve(
        {QStringLiteral("--scenario"), writeTestFile(dir.path(), QStringLiteral("scenario.json"), R"({"routes": [
        {"method": "GET", "path": "/flaky", "script": [{"status": 503}, {"fault": "reset"}, {"status": 200, "body": "done"}]}]})")});
    const auto r
        = runCli({QStringLiteral("send"), QStringLiteral("--seed"), QStringLiteral("1"), QStringLiteral("--base-delay"),
                  QStringLiteral("10"), QStringLiteral("--timeline"), QStringLiteral("json"), serve.url("/flaky")});
    EXPECT_EQ(r.exitCode, 0) << r.err.data();
    EXPECT_EQ(r.out, "done");
    const QJsonArray attempts = QJsonDocument::fromJson(r.err).object().value(u"attempts").toArray();
    ASSERT_EQ(attempts.size(), 3) << r.err.data();
    EXPECT_EQ(attempts[0].toObject().value(u"status").toInt(), 503);
    EXPECT_EQ(attempts[1].toObject().value(u"error").toString(), QStringLiteral("connection_reset"));
    EXPECT_EQ(attempts[2].toObject().value(u"status").toInt(), 200);
    EXPECT_EQ(serve.stop(SIGINT), 0);
}

TEST(CliServe, ABuiltInScenarioCanBeNamedAndTheSeedIsShown)
{
    ServeProcess serve(
        {QStringLiteral("--scenario"), QStringLiteral("healthy"), QStringLiteral("--seed"), QStringLiteral("5")});
    ASSERT_GT(serve.port(), 0);
    const auto health = curl({QStringLiteral("-o"), QStringLiteral("/dev/null"), QStringLiteral("-w"),
                              QStringLiteral("%{http_code}"), serve.url("/health")});
    EXPECT_EQ(health.out, "200");
    EXPECT_EQ(serve.stop(), 0);
    const QByteArray banner = serve.errors();
    EXPECT_TRUE(banner.contains("(seed 5)")) << banner.data();
    EXPECT_TRUE(banner.contains("http://127.0.0.1:")) << banner.data();
}

TEST(CliServe, BadFlagsAndBadScenariosAreOneLineAndStatus2)
{
    QTemporaryDir dir;
    const QString bad = writeTestFile(dir.path(), QStringLiteral("scenario.json"),
                                      R"({"routes": [{"path": "/a", "script": [{"status": "abc"}]}]})");
    struct Case {
        QStringList args;
        QByteArray message;
    };
    const QList<Case> cases{
        {{QStringLiteral("--port"), QStringLiteral("http")},
         "jitterbug-cli: --port: expected a port from 0 to 65535, got \"http\"\n"},
        {{QStringLiteral("--seed"), QStringLiteral("-1")},
         "jitterbug-cli: --seed: expected a whole number from 0 to 2^53, got \"-1\"\n"},
        {{QStringLiteral("--host"), QStringLiteral("localhost.example")},
         "jitterbug-cli: --host: expected an IP address, got \"localhost.example\"\n"},
        {{QStringLiteral("--scenario"), bad},
         "jitterbug-cli: --scenario: scenario.json: routes[0].script[0].status: expected an integer 100–599, got "
         "\"abc\"\n"},
        {{QStringLiteral("--max-body-bytes"), QStringLiteral("0")},
         "jitterbug-cli: --max-body-bytes: expected a number of bytes ≥ 1, got \"0\"\n"},
        {{QStringLiteral("extra")}, "jitterbug-cli: serve: unexpected argument \"extra\"\n"},
    };
    for (const Case& c : cases) {
        const auto r = runCli(QStringList{QStringLiteral("serve")} + c.args, 10000);
        EXPECT_EQ(r.exitCode, 2) << c.args.join(u' ').toStdString();
        EXPECT_EQ(r.err, c.message);
        EXPECT_TRUE(r.out.isEmpty());
    }
}

TEST(CliServe, APortInUseIsAClearError)
{
    ServeProcess first({});
    ASSERT_GT(first.port(), 0);
    const auto second
        = runCli({QStringLiteral("serve"), QStringLiteral("--port"), QString::number(first.port())}, 10000);
    EXPECT_EQ(second.exitCode, 2);
    EXPECT_TRUE(second.err.startsWith("jitterbug-cli: serve: cannot listen on 127.0.0.1 port ")) << second.err.data();
}

TEST(CliServe, ASignalRightAfterThePortLineStillEndsWithStatus0)
{
    for (int i = 0; i < 10; ++i) {
        ServeProcess serve({});
        ASSERT_GT(serve.port(), 0);
        EXPECT_EQ(serve.stop(i % 2 ? SIGINT : SIGTERM), 0) << "run " << i;
    }
}
