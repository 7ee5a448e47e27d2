// What QnamTransport does its own way, on top of test_transport_conformance.cpp:
// the headers QNAM adds, how it joins repeated ones, decoding for --compressed,
// and the re-sends it does behind our back.
#include "transport/qnamtransport.h"
#include "transporttestsupport.h"

#include <QTest>

#include <gtest/gtest.h>

using namespace jitterbug;
using namespace jitterbug::test;
using Reply = LoopbackServer::Reply;

namespace {

class QnamTransportTest : public TransportFixture<QnamTransport>
{
};

TEST_F(QnamTransportTest, PlainGetSendsThisHeaderList)
{
    run(request(QStringLiteral("/plain")));
    ASSERT_EQ(server.received().size(), 1);
    const LoopbackServer::Received& got = server.received()[0];
    EXPECT_EQ(got.method, "GET");
    EXPECT_EQ(got.httpVersion, "1.1");
    EXPECT_EQ(namesOf(got.headers),
              (QList<QByteArray>{"Host", "Accept", "Accept-Encoding", "Accept-Language", "Connection", "User-Agent"}));
    EXPECT_EQ(got.headers.value("Host"), "127.0.0.1:" + QByteArray::number(server.port()));
    EXPECT_EQ(got.headers.value("Accept"), "*/*");
    EXPECT_EQ(got.headers.value("Accept-Encoding"), "identity");
    EXPECT_EQ(got.headers.value("Accept-Language"), "*");
    EXPECT_EQ(got.headers.value("Connection"), "Keep-Alive");
    EXPECT_EQ(got.headers.value("User-Agent"), "Mozilla/5.0");
}

TEST_F(QnamTransportTest, SendsTheRequestHeadersJoinedAndSuppressed)
{
    Request r = request(QStringLiteral("/headers"));
    r.headers.append("X-Custom", "one");
    r.headers.append("X-Multi", "1");
    r.headers.append("User-Agent", "jitterbug-test/1");
    r.headers.append("x-multi", "2");
    r.headers.append("Cookie", "a=1");
    r.headers.append("Cookie", "b=2");
    r.headers.append("Accept", QByteArray()); // suppressed: no header, no default
    r.headers.append("X-Gone", QByteArray());
    run(r);
    ASSERT_EQ(server.received().size(), 1);
    const HeaderList& got = server.received()[0].headers;
    EXPECT_EQ(got.value("X-Custom"), "one");
    EXPECT_EQ(got.values("X-Multi"), (QList<QByteArray>{"1, 2"}));
    EXPECT_EQ(got.value("User-Agent"), "jitterbug-test/1");
    EXPECT_EQ(got.values("Cookie"), (QList<QByteArray>{"a=1; b=2"}));
    EXPECT_FALSE(got.contains("Accept"));
    EXPECT_FALSE(got.contains("X-Gone"));
    EXPECT_EQ(got.value("Accept-Encoding"), "identity");
}

TEST_F(QnamTransportTest, DecompressOffersEncodingsAndDecodesTheBody)
{
    // gzip of "hello, compressed\n"
    static const QByteArray gzipped("\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff\xcb\x48\xcd\xc9\xc9\xd7\x51\x48"
                                    "\xce\xcf\x2d\x28\x4a\x2d\x2e\x4e\x4d\xe1\x02\x00\xa5\x6e\x16\xc1\x12\x00"
                                    "\x00\x00",
                                    38);
    Request r = request(QStringLiteral("/gz"));
    r.headers.append("Accept-Encoding", "deflate, gzip");
    r.decompress = true;
    server.setScript("/gz", {Reply{.headers = headersOf({{"Content-Encoding", "gzip"}}), .body = gzipped}});
    const ExchangeResult result = run(r);
    EXPECT_TRUE(server.received()[0].headers.value("Accept-Encoding").contains("gzip"));
    ASSERT_TRUE(result.response);
    EXPECT_EQ(result.response->body, "hello, compressed\n");
}

// Pins down what QNAM does on its own and cannot be told not to (see the top
// of qnamtransport.cpp): after a reset before any answer it sends the same
// request again, so this exchange "succeeds" and the server counted two.
TEST_F(QnamTransportTest, QtResendsSilentlyAfterAResetBeforeAnyAnswer)
{
    server.setScript("/flaky", {Reply{.kind = Reply::Kind::Reset}, Reply{.body = "second"}});
    Request r = request(QStringLiteral("/flaky"), "POST");
    r.body = "once?";
    const ExchangeResult result = run(r);
    ASSERT_TRUE(result.response);
    EXPECT_EQ(result.response->body, "second");
    EXPECT_EQ(server.received().size(), 2);
}

// QNAM reads "garbage" as no status line, then as a closed connection
// ("Connection closed"): it cannot be told apart from a close, so it is one.
TEST_F(QnamTransportTest, MalformedAnswerIsConnectionReset)
{
    server.setScript("/garbage", {Reply{.kind = Reply::Kind::Malformed}});
    const ExchangeResult result = run(request(QStringLiteral("/garbage")));
    EXPECT_FALSE(result.response);
    EXPECT_EQ(result.error, ErrorCode::ConnectionReset);
}

TEST_F(QnamTransportTest, AnnouncedBodyOverTheCapSaysTheAnnouncedSize)
{
    server.setScript("/big", {Reply{.generatedBodyBytes = 2 * 1024 * 1024}});
    ExchangeOptions options;
    options.maxResponseBytes = 1024 * 1024;
    const ExchangeResult result = run(request(QStringLiteral("/big")), options);
    EXPECT_EQ(result.error, ErrorCode::ResponseTooLarge);
    EXPECT_EQ(result.errorDetail, QStringLiteral("the body passed the 1048576-byte cap (Content-Length: 2097152)"));
}

} // namespace
