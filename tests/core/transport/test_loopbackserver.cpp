// The loopback server the transport tests talk to, tested on its own over a
// plain socket.
#include "transporttestsupport.h"

#include <QHostAddress>
#include <QTcpSocket>
#include <QTest>

#include <gtest/gtest.h>

using namespace jitterbug;
using namespace jitterbug::test;
using Reply = LoopbackServer::Reply;

namespace {

class LoopbackServerTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        ASSERT_TRUE(server.listen());
        socket.connectToHost(QHostAddress::LocalHost, server.port());
        ASSERT_TRUE(socket.waitForConnected(kWaitMs));
    }

    // Reads until `count` complete responses (by their blank line and
    // Content-Length) have arrived.
    QByteArray readResponses(int count)
    {
        QByteArray all;
        const auto complete = [&] {
            int seen = 0;
            qsizetype pos = 0;
            for (;;) {
                const qsizetype end = all.indexOf("\r\n\r\n", pos);
                if (end < 0)
                    return false;
                const QByteArray head = all.mid(pos, end - pos).toLower();
                const qsizetype at = head.indexOf("content-length: ");
                const qsizetype length
                    = at < 0 ? 0 : head.mid(at + 16, head.indexOf("\r\n", at) - at - 16).toLongLong();
                if (all.size() < end + 4 + length)
                    return false;
                pos = end + 4 + length;
                if (++seen == count)
                    return true;
            }
        };
        const bool arrived = QTest::qWaitFor(
            [&] {
                all += socket.readAll();
                return complete();
            },
            kWaitMs);
        EXPECT_TRUE(arrived) << "got only: " << all.toStdString();
        return all;
    }

    LoopbackServer server;
    QTcpSocket socket;
};

TEST_F(LoopbackServerTest, ParsesPipelinedRequestsWithChunkedAndSizedBodies)
{
    server.setScript("/first", {Reply{.body = "1", .delayMs = 100}}); // holds back the second answer
    socket.write("POST /first?a=b HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"
                 "POST /second HTTP/1.1\r\nHost: x\r\ntransfer-encoding: chunked\r\n\r\n"
                 "3\r\nabc\r\n4;ext=1\r\ndefg\r\n0\r\nTrailer: t\r\n\r\n");
    const QByteArray answers = readResponses(2);
    ASSERT_EQ(server.received().size(), 2);
    EXPECT_EQ(server.received()[0].target, "/first?a=b");
    EXPECT_EQ(server.received()[0].body, "hello");
    EXPECT_EQ(server.received()[1].body, "abcdefg");
    EXPECT_EQ(server.received()[1].headers.value("Transfer-Encoding"), "chunked");
    EXPECT_EQ(server.receivedFor("/first").size(), 1);
    // In order on one connection, despite the delay on the first.
    EXPECT_LT(answers.indexOf("\r\n\r\n1"), answers.indexOf("\r\n\r\nok\n"));
    EXPECT_TRUE(answers.startsWith("HTTP/1.1 200 OK\r\n"));
    EXPECT_EQ(server.received()[0].connection, server.received()[1].connection);
}

TEST_F(LoopbackServerTest, ClosesAfterConnectionClose)
{
    socket.write("GET /a HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    const QByteArray answer = readResponses(1);
    EXPECT_TRUE(answer.contains("Connection: close\r\n"));
    EXPECT_TRUE(answer.contains("Date: "));
    EXPECT_TRUE(QTest::qWaitFor([&] { return socket.state() == QAbstractSocket::UnconnectedState; }, kWaitMs));
    EXPECT_TRUE(QTest::qWaitFor([&] { return server.openConnections() == 0; }, kWaitMs));
}

TEST_F(LoopbackServerTest, ScriptServesInTurnThenRepeatsTheLast)
{
    server.setScript("/s", {Reply{.status = 503}, Reply{.status = 201}});
    socket.write("GET /s HTTP/1.1\r\nHost: x\r\n\r\nGET /s?again HTTP/1.1\r\nHost: x\r\n\r\n"
                 "GET /s HTTP/1.1\r\nHost: x\r\n\r\n");
    const QByteArray answers = readResponses(3);
    EXPECT_EQ(answers.count("HTTP/1.1 503 Service Unavailable"), 1);
    EXPECT_EQ(answers.count("HTTP/1.1 201 Created"), 2);
}

TEST_F(LoopbackServerTest, BadRequestLineGets400AndClose)
{
    socket.write("NONSENSE\r\n\r\n");
    const QByteArray answer = readResponses(1);
    EXPECT_TRUE(answer.startsWith("HTTP/1.1 400 "));
    EXPECT_TRUE(server.received().isEmpty());
    EXPECT_TRUE(QTest::qWaitFor([&] { return server.openConnections() == 0; }, kWaitMs));
}

} // namespace
