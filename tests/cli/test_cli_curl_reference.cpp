// curl itself is the reference for curl's options: the same arguments go
// through real curl and through `jitterbug-cli send`, against the same
// loopback server, and the requests that arrive must be the same.
#include "clirunner.h"
#include "support/loopbackserver.h"

#include <QStandardPaths>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace jitterbug;
using namespace jitterbug::test;

namespace {

// The one header that differs by design: the client's name.
bool comparable(const QByteArray& name)
{
    return name.toLower() != "user-agent";
}

QList<QByteArray> wireHeaders(const LoopbackServer::Received& r)
{
    QList<QByteArray> out;
    for (const auto& f : r.headers.fields()) {
        if (comparable(f.name))
            out.append(f.name.toLower() + ": " + f.value);
    }
    // curl puts Content-Length before the Content-Type it makes up itself and
    // after one the user gave; the order of fields means nothing to HTTP.
    std::sort(out.begin(), out.end());
    return out;
}

class CurlReference : public ::testing::TestWithParam<QStringList>
{
protected:
    void SetUp() override
    {
        if (QStandardPaths::findExecutable(QStringLiteral("curl")).isEmpty())
            GTEST_SKIP() << "curl is not installed";
        ASSERT_TRUE(server.listen());
    }
    LoopbackServer server;
};

} // namespace

TEST_P(CurlReference, SendsWhatCurlSends)
{
    QTemporaryDir dir;
    QFile data(dir.filePath(QStringLiteral("data.txt")));
    ASSERT_TRUE(data.open(QIODevice::WriteOnly));
    data.write("line one\r\nline two\n");
    data.close();

    QStringList args = GetParam();
    args.replaceInStrings(QStringLiteral("@DATA"), QStringLiteral("@") + data.fileName());
    const QString curlUrl = server.url(QStringLiteral("/curl?x=1")).toString();
    const QString ourUrl = server.url(QStringLiteral("/ours?x=1")).toString();

    const auto viaCurl = runProgram(QStringLiteral("curl"), QStringList(args) << QStringLiteral("-s") << curlUrl);
    ASSERT_EQ(viaCurl.exitCode, 0) << viaCurl.err.data();
    const auto viaUs = runCli(QStringList{QStringLiteral("send")} + args << QStringLiteral("-s") << ourUrl);
    ASSERT_EQ(viaUs.exitCode, 0) << viaUs.err.data();

    const auto fromCurl = server.receivedFor("/curl");
    const auto fromUs = server.receivedFor("/ours");
    ASSERT_EQ(fromCurl.size(), 1);
    ASSERT_EQ(fromUs.size(), 1);
    EXPECT_EQ(fromUs[0].method, fromCurl[0].method);
    EXPECT_EQ(fromUs[0].target.mid(5), fromCurl[0].target.mid(5)) << "the query after the path";
    EXPECT_EQ(fromUs[0].body, fromCurl[0].body);
    EXPECT_EQ(wireHeaders(fromUs[0]), wireHeaders(fromCurl[0]));
    // With -i/-I the output holds the Date header of two different responses.
    if (!args.contains(QStringLiteral("-i")) && !args.contains(QStringLiteral("-I"))) {
        EXPECT_EQ(viaUs.out, viaCurl.out);
    }
}

INSTANTIATE_TEST_SUITE_P(
    CommonOptions, CurlReference,
    ::testing::Values(
        QStringList{}, QStringList{QStringLiteral("-X"), QStringLiteral("DELETE")},
        QStringList{QStringLiteral("-H"), QStringLiteral("X-Trace: 1"), QStringLiteral("-H"),
                    QStringLiteral("X-Other:  spaced  ")},
        QStringList{QStringLiteral("-d"), QStringLiteral("a=1"), QStringLiteral("-d"), QStringLiteral("b=2")},
        QStringList{QStringLiteral("-d"), QStringLiteral("@DATA")},
        QStringList{QStringLiteral("--data-binary"), QStringLiteral("@DATA")},
        QStringList{QStringLiteral("--data-raw"), QStringLiteral("@not-a-file")},
        QStringList{QStringLiteral("--data-urlencode"), QStringLiteral("q=a b&c"), QStringLiteral("--data-urlencode"),
                    QStringLiteral("=x/y")},
        QStringList{QStringLiteral("-G"), QStringLiteral("-d"), QStringLiteral("page=2"), QStringLiteral("-d"),
                    QStringLiteral("size=10")},
        QStringList{QStringLiteral("--json"), QStringLiteral("{\"a\":1}")},
        QStringList{QStringLiteral("-u"), QStringLiteral("alice:s3cret"), QStringLiteral("-e"),
                    QStringLiteral("https://ref.example/")},
        QStringList{QStringLiteral("-b"), QStringLiteral("a=1; b=2")},
        QStringList{QStringLiteral("-XPUT"), QStringLiteral("-HContent-Type: text/plain"), QStringLiteral("-dhello")},
        QStringList{QStringLiteral("-i")}, QStringList{QStringLiteral("-I")}));

TEST(CurlRetryReference, RetryAndRetryDelayMakeTheSameAttemptsAsCurl)
{
    if (QStandardPaths::findExecutable(QStringLiteral("curl")).isEmpty())
        GTEST_SKIP() << "curl is not installed";
    LoopbackServer server;
    ASSERT_TRUE(server.listen());
    LoopbackServer::Reply unavailable;
    unavailable.status = 503;
    server.setScript("/curl", {unavailable});
    server.setScript("/ours", {unavailable});
    const QStringList args{QStringLiteral("--retry"), QStringLiteral("2"), QStringLiteral("--retry-delay"),
                           QStringLiteral("1"), QStringLiteral("-s")};
    const auto viaCurl
        = runProgram(QStringLiteral("curl"), QStringList(args) << server.url(QStringLiteral("/curl")).toString());
    const auto viaUs
        = runCli(QStringList{QStringLiteral("send")} + args << server.url(QStringLiteral("/ours")).toString());
    EXPECT_EQ(viaUs.exitCode, 1) << "the call failed";
    const auto fromCurl = server.receivedFor("/curl");
    const auto fromUs = server.receivedFor("/ours");
    ASSERT_EQ(fromCurl.size(), 3);
    ASSERT_EQ(fromUs.size(), 3);
    for (int i = 1; i < 3; ++i) {
        const qint64 curlGap = fromCurl[i].atMs - fromCurl[i - 1].atMs;
        const qint64 ourGap = fromUs[i].atMs - fromUs[i - 1].atMs;
        EXPECT_GE(ourGap, 1000);
        EXPECT_NEAR(static_cast<double>(ourGap), static_cast<double>(curlGap), 300);
    }
}

TEST(CurlRetryReference, RetryMaxTimeStopsRetriesButNeverCutsAnAttempt)
{
    if (QStandardPaths::findExecutable(QStringLiteral("curl")).isEmpty())
        GTEST_SKIP() << "curl is not installed";
    LoopbackServer server;
    ASSERT_TRUE(server.listen());
    // Each answer takes 700 ms: the second attempt starts inside the 1 s
    // window and must run to its end (curl does not cut it).
    LoopbackServer::Reply slow;
    slow.status = 503;
    slow.delayMs = 700;
    server.setScript("/curl", {slow});
    server.setScript("/ours", {slow});
    const QStringList args{QStringLiteral("--retry"),
                           QStringLiteral("5"),
                           QStringLiteral("--retry-delay"),
                           QStringLiteral("1"),
                           QStringLiteral("--retry-max-time"),
                           QStringLiteral("1"),
                           QStringLiteral("-s")};
    const auto viaCurl
        = runProgram(QStringLiteral("curl"), QStringList(args) << server.url(QStringLiteral("/curl")).toString());
    const auto viaUs
        = runCli(QStringList{QStringLiteral("send")} + args << server.url(QStringLiteral("/ours")).toString());
    EXPECT_EQ(viaUs.exitCode, 1);
    EXPECT_EQ(server.receivedFor("/ours").size(), server.receivedFor("/curl").size());
    EXPECT_EQ(server.receivedFor("/ours").size(), 2);
    EXPECT_GE(viaUs.elapsedMs, 2400) << "0.7 s + 1 s wait + 0.7 s: the last attempt was not cut";
}
