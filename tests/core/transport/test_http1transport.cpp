// What Http1Transport does its own way, on top of test_transport_conformance.cpp:
// the exact bytes of a request, one request per attempt whatever happens,
// keep-alive reuse and when a connection is not reused, and how a response is
// framed (interim answers, a body delimited by the close, HTTP/1.0).
#include "transport/http1transport.h"
#include "transporttestsupport.h"

#include <QTest>

#include <gtest/gtest.h>

using namespace jitterbug;
using namespace jitterbug::test;
using Reply = LoopbackServer::Reply;

namespace {

class Http1TransportTest : public TransportFixture<Http1Transport>
{
protected:
    void SetUp() override
    {
        TransportFixture::SetUp();
        ASSERT_TRUE(raw.listen());
    }

    QByteArray rawHost() const { return "127.0.0.1:" + QByteArray::number(raw.port()); }

    RawServer raw;
};

// --- On the wire ---------------------------------------------------------------

TEST_F(Http1TransportTest, PlainGetPutsExactlyThisOnTheWire)
{
    Request r;
    r.url = raw.url(QStringLiteral("/plain?q=1&r=a%20b"));
    const ExchangeResult result = run(r);
    ASSERT_TRUE(result.response) << result.errorDetail.toStdString();
    EXPECT_EQ(result.response->body, "ok\n");
    ASSERT_EQ(raw.requests.size(), 1);
    EXPECT_EQ(raw.requests[0].bytes, "GET /plain?q=1&r=a%20b HTTP/1.1\r\nHost: " + rawHost() + "\r\n\r\n");
}

TEST_F(Http1TransportTest, EmptyPathIsSlash)
{
    Request r;
    r.url = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(raw.port()));
    run(r);
    ASSERT_EQ(raw.requests.size(), 1);
    EXPECT_TRUE(raw.requests[0].bytes.startsWith("GET / HTTP/1.1\r\n"));
}

TEST_F(Http1TransportTest, RequestHeadersFollowHostInTheirOrderNeitherJoinedNorAddedTo)
{
    Request r;
    r.url = raw.url(QStringLiteral("/h"));
    r.headers.append("User-Agent", "curl/8.5.0");
    r.headers.append("Accept", "*/*");
    r.headers.append("X-Multi", "1");
    r.headers.append("Cookie", "a=1");
    r.headers.append("X-Gone", QByteArray()); // a null value: not sent
    r.headers.append("x-multi", "2");
    r.headers.append("Cookie", "b=2");
    r.headers.append("X-Empty", ""); // an empty value is sent
    run(r);
    ASSERT_EQ(raw.requests.size(), 1);
    EXPECT_EQ(raw.requests[0].bytes,
              "GET /h HTTP/1.1\r\nHost: " + rawHost()
                  + "\r\nUser-Agent: curl/8.5.0\r\nAccept: */*\r\nX-Multi: 1\r\nCookie: a=1\r\n"
                    "x-multi: 2\r\nCookie: b=2\r\nX-Empty: \r\n\r\n");
}

TEST_F(Http1TransportTest, TheRequestsOwnHostReplacesTheTransportsInItsPlace)
{
    Request r = request(QStringLiteral("/host"));
    r.headers.append("X-First", "1");
    r.headers.append("Host", "example.test");
    run(r);
    ASSERT_EQ(server.received().size(), 1);
    EXPECT_EQ(namesOf(server.received()[0].headers), (QList<QByteArray>{"X-First", "Host"}));
    EXPECT_EQ(server.received()[0].headers.value("Host"), "example.test");
}

TEST_F(Http1TransportTest, ABodyAddsContentLengthLast)
{
    Request r;
    r.method = "POST";
    r.url = raw.url(QStringLiteral("/p"));
    r.headers.append("Content-Type", "text/plain");
    r.body = "hello";
    run(r);
    ASSERT_EQ(raw.requests.size(), 1);
    EXPECT_EQ(raw.requests[0].bytes,
              "POST /p HTTP/1.1\r\nHost: " + rawHost()
                  + "\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello");
}

TEST_F(Http1TransportTest, ContentLengthZeroForBodylessPostPutPatchOnly)
{
    for (const QByteArray method : {"POST", "PUT", "PATCH", "GET", "DELETE", "OPTIONS", "HEAD", "PURGE"})
        run(request(QStringLiteral("/m"), method));
    const QList<LoopbackServer::Received>& got = server.received();
    ASSERT_EQ(got.size(), 8);
    for (int i = 0; i < 3; ++i)
        EXPECT_EQ(got[i].headers.values("Content-Length"), (QList<QByteArray>{"0"})) << got[i].method.constData();
    for (int i = 3; i < 8; ++i)
        EXPECT_FALSE(got[i].headers.contains("Content-Length")) << got[i].method.constData();
}

TEST_F(Http1TransportTest, ABodyOnAnyMethodGetsContentLengthAndTheRequestsOwnIsNotDoubled)
{
    Request del = request(QStringLiteral("/d"), "DELETE");
    del.body = "why";
    run(del);
    Request own = request(QStringLiteral("/o"), "POST");
    own.headers.append("Content-Length", "5");
    own.body = "hello";
    run(own);
    ASSERT_EQ(server.received().size(), 2);
    EXPECT_EQ(server.received()[0].headers.values("Content-Length"), (QList<QByteArray>{"3"}));
    EXPECT_EQ(server.received()[0].body, "why");
    EXPECT_EQ(server.received()[1].headers.values("Content-Length"), (QList<QByteArray>{"5"}));
    EXPECT_EQ(server.received()[1].body, "hello");
}

// --- One attempt, one request ------------------------------------------------------

TEST_F(Http1TransportTest, ResetBeforeAnyAnswerIsSentOnceAndIsConnectionReset)
{
    server.setScript("/flaky", {Reply{.kind = Reply::Kind::Reset}, Reply{.body = "second"}});
    Request r = request(QStringLiteral("/flaky"), "POST");
    r.body = "once";
    const ExchangeResult result = run(r);
    EXPECT_FALSE(result.response);
    EXPECT_EQ(result.error, ErrorCode::ConnectionReset);
    QTest::qWait(300); // room for a re-send that must not come
    EXPECT_EQ(server.received().size(), 1);
    EXPECT_EQ(server.connectionsAccepted(), 1);
}

TEST_F(Http1TransportTest, CloseWithoutAnswerIsSentOnceAndIsConnectionReset)
{
    server.setScript("/close", {Reply{.kind = Reply::Kind::CloseWithoutAnswer}, Reply{.body = "second"}});
    const ExchangeResult result = run(request(QStringLiteral("/close"), "POST"));
    EXPECT_FALSE(result.response);
    EXPECT_EQ(result.error, ErrorCode::ConnectionReset);
    QTest::qWait(300);
    EXPECT_EQ(server.received().size(), 1);
    EXPECT_EQ(server.connectionsAccepted(), 1);
}

TEST_F(Http1TransportTest, MalformedAnswerIsProtocolError)
{
    server.setScript("/garbage", {Reply{.kind = Reply::Kind::Malformed}, Reply{.body = "second"}});
    const ExchangeResult result = run(request(QStringLiteral("/garbage")));
    EXPECT_FALSE(result.response);
    EXPECT_EQ(result.error, ErrorCode::ProtocolError);
    EXPECT_TRUE(result.errorDetail.contains(u"garbage")) << result.errorDetail.toStdString();
    QTest::qWait(300);
    EXPECT_EQ(server.received().size(), 1);
}

TEST_F(Http1TransportTest, BodyCutShortIsSentOnceAndIsConnectionReset)
{
    server.setScript(
        "/short",
        {Reply{.headers = headersOf({{"Content-Length", "100"}, {"Connection", "close"}}), .body = "only a little"},
         Reply{.body = "second"}});
    const ExchangeResult result = run(request(QStringLiteral("/short")));
    EXPECT_FALSE(result.response);
    EXPECT_EQ(result.error, ErrorCode::ConnectionReset);
    EXPECT_TRUE(result.errorDetail.contains(u"middle of the body")) << result.errorDetail.toStdString();
    QTest::qWait(300);
    EXPECT_EQ(server.received().size(), 1);
}

TEST_F(Http1TransportTest, ChunkedBodyCutShortIsConnectionReset)
{
    raw.setAnswers({{.bytes = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel", .close = true}});
    Request r;
    r.url = raw.url(QStringLiteral("/cut"));
    const ExchangeResult result = run(r);
    EXPECT_FALSE(result.response);
    EXPECT_EQ(result.error, ErrorCode::ConnectionReset);
    QTest::qWait(200);
    EXPECT_EQ(raw.requests.size(), 1);
}

// A reused connection the server resets is the attempt's failure, not a
// reason to send the request again on another one.
TEST_F(Http1TransportTest, ResetOnAReusedConnectionIsNotRetried)
{
    server.setScript("/b", {Reply{.kind = Reply::Kind::Reset}, Reply{.body = "second"}});
    ASSERT_TRUE(run(request(QStringLiteral("/a"))).response);
    const ExchangeResult result = run(request(QStringLiteral("/b")));
    EXPECT_EQ(result.error, ErrorCode::ConnectionReset);
    QTest::qWait(300);
    ASSERT_EQ(server.received().size(), 2);
    EXPECT_EQ(server.received()[0].connection, server.received()[1].connection);
    EXPECT_EQ(server.connectionsAccepted(), 1);
}

// --- Keep-alive ------------------------------------------------------------------

TEST_F(Http1TransportTest, SequentialExchangesShareOneConnection)
{
    for (const QString& path : {QStringLiteral("/1"), QStringLiteral("/2"), QStringLiteral("/3")})
        ASSERT_TRUE(run(request(path)).response);
    EXPECT_EQ(server.connectionsAccepted(), 1);
    EXPECT_EQ(server.openConnections(), 1); // kept open for the next
}

TEST_F(Http1TransportTest, AConnectionIdleLongerThanMaxIdleIsNotReused)
{
    ASSERT_TRUE(run(request(QStringLiteral("/1"))).response);
    QTest::qWait(Http1Transport::maxIdleMs + 100);
    ASSERT_TRUE(run(request(QStringLiteral("/2"))).response);
    ASSERT_EQ(server.received().size(), 2);
    EXPECT_NE(server.received()[0].connection, server.received()[1].connection);
    // The stale one is closed, not left open.
    EXPECT_TRUE(QTest::qWaitFor([&] { return server.openConnections() == 1; }, kWaitMs));
}

TEST_F(Http1TransportTest, ConcurrentExchangesOpenSeparateConnectionsThenReuseThem)
{
    server.setScript("/slow", {Reply{.delayMs = 200}});
    int done = 0;
    for (int i = 0; i < 2; ++i)
        transport->start(request(QStringLiteral("/slow")), {},
                         [&done](ExchangeResult r) { done += r.response ? 1 : 0; });
    ASSERT_TRUE(QTest::qWaitFor([&] { return done == 2; }, kWaitMs));
    ASSERT_EQ(server.received().size(), 2);
    EXPECT_NE(server.received()[0].connection, server.received()[1].connection);
    ASSERT_TRUE(run(request(QStringLiteral("/next"))).response);
    EXPECT_EQ(server.connectionsAccepted(), 2);
}

TEST_F(Http1TransportTest, ARequestThatSaidCloseDoesNotReuseTheConnection)
{
    // RFC 9112 §9.6: nothing more goes on a connection after a request that
    // said close, even when the server keeps it open and does not say close.
    Request r;
    r.url = raw.url(QStringLiteral("/1"));
    r.headers.append("Connection", "close");
    ASSERT_TRUE(run(r).response);
    r.headers = {};
    ASSERT_TRUE(run(r).response);
    ASSERT_EQ(raw.requests.size(), 2);
    EXPECT_NE(raw.requests[0].connection, raw.requests[1].connection);
}

TEST_F(Http1TransportTest, AnHttp10AnswerIsNotReused)
{
    raw.setAnswers({{"HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nhi"}});
    Request r;
    r.url = raw.url(QStringLiteral("/old"));
    const ExchangeResult first = run(r);
    ASSERT_TRUE(first.response);
    EXPECT_EQ(first.response->httpVersion, "1.0");
    EXPECT_EQ(first.response->body, "hi");
    ASSERT_TRUE(run(r).response);
    ASSERT_EQ(raw.requests.size(), 2);
    EXPECT_NE(raw.requests[0].connection, raw.requests[1].connection);
}

TEST_F(Http1TransportTest, AnHttp10KeepAliveAnswerIsReused)
{
    raw.setAnswers({{"HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nhi"}});
    Request r;
    r.url = raw.url(QStringLiteral("/old"));
    ASSERT_TRUE(run(r).response);
    ASSERT_TRUE(run(r).response);
    ASSERT_EQ(raw.requests.size(), 2);
    EXPECT_EQ(raw.requests[0].connection, raw.requests[1].connection);
}

TEST_F(Http1TransportTest, AConnectionTheServerClosedWhileIdleIsNotUsed)
{
    raw.setAnswers({{.bytes = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi", .closeAfterMs = 50}});
    Request r;
    r.url = raw.url(QStringLiteral("/1"));
    ASSERT_TRUE(run(r).response);
    QTest::qWait(300); // the server has closed the idle connection by now
    const ExchangeResult second = run(r);
    ASSERT_TRUE(second.response) << second.errorDetail.toStdString();
    ASSERT_EQ(raw.requests.size(), 2);
    EXPECT_NE(raw.requests[0].connection, raw.requests[1].connection);
}

TEST_F(Http1TransportTest, AnAbortedExchangesConnectionIsClosedNotReused)
{
    server.setScript("/silent", {Reply{.kind = Reply::Kind::NeverAnswer}});
    const Transport::ExchangeId id = transport->start(request(QStringLiteral("/silent")), {}, [](ExchangeResult) {});
    ASSERT_TRUE(server.waitForRequests(1, kWaitMs));
    transport->abort(id);
    ASSERT_TRUE(run(request(QStringLiteral("/next"))).response);
    ASSERT_EQ(server.received().size(), 2);
    EXPECT_NE(server.received()[0].connection, server.received()[1].connection);
}

TEST_F(Http1TransportTest, AnAnswerBeforeTheRequestWentOutLeavesTheConnectionUnused)
{
    // The server answers on the head and reads no more of a body too big for
    // the socket buffers: the rest of it would come before the next request.
    raw.setAnswers({{.bytes = "HTTP/1.1 413 Content Too Large\r\nContent-Length: 0\r\n\r\n", .early = true},
                    {"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi"}});
    Request upload;
    upload.method = "POST";
    upload.url = raw.url(QStringLiteral("/upload"));
    upload.body = QByteArray(32 * 1024 * 1024, 'u');
    const ExchangeResult first = run(upload);
    ASSERT_TRUE(first.response) << first.errorDetail.toStdString();
    EXPECT_EQ(first.response->status, 413);
    Request next;
    next.url = raw.url(QStringLiteral("/next"));
    const ExchangeResult second = run(next);
    ASSERT_TRUE(second.response) << second.errorDetail.toStdString();
    EXPECT_EQ(second.response->body, "hi");
    ASSERT_EQ(raw.requests.size(), 2);
    EXPECT_NE(raw.requests[0].connection, raw.requests[1].connection);
}

TEST_F(Http1TransportTest, DestructionClosesIdleConnections)
{
    ASSERT_TRUE(run(request(QStringLiteral("/1"))).response);
    ASSERT_EQ(server.openConnections(), 1);
    transport.reset();
    EXPECT_TRUE(QTest::qWaitFor([&] { return server.openConnections() == 0; }, kWaitMs));
}

// --- Framing ---------------------------------------------------------------------

TEST_F(Http1TransportTest, HeadThenGetOnOneConnection)
{
    // The HEAD answer announces 2 MiB it does not send; nothing waits for them.
    server.setScript("/big", {Reply{.generatedBodyBytes = 2 * 1024 * 1024}});
    const ExchangeResult head = run(request(QStringLiteral("/big"), "HEAD"));
    ASSERT_TRUE(head.response);
    EXPECT_TRUE(head.response->body.isEmpty());
    const ExchangeResult get = run(request(QStringLiteral("/small")));
    ASSERT_TRUE(get.response);
    EXPECT_EQ(get.response->body, "ok\n");
    EXPECT_EQ(server.connectionsAccepted(), 1);
}

TEST_F(Http1TransportTest, ChunkedAnswerLeavesTheConnectionReusable)
{
    server.setScript("/chunked", {Reply{.headers = headersOf({{"Transfer-Encoding", "chunked"}}), .body = "abc"}});
    const ExchangeResult first = run(request(QStringLiteral("/chunked")));
    ASSERT_TRUE(first.response);
    EXPECT_EQ(first.response->body, "abc");
    ASSERT_TRUE(run(request(QStringLiteral("/next"))).response);
    EXPECT_EQ(server.connectionsAccepted(), 1);
}

TEST_F(Http1TransportTest, InterimAnswersAreSkipped)
{
    raw.setAnswers({{"HTTP/1.1 100 Continue\r\n\r\n"
                     "HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n"
                     "HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nhi"}});
    Request r;
    r.url = raw.url(QStringLiteral("/hints"));
    const ExchangeResult result = run(r);
    ASSERT_TRUE(result.response) << result.errorDetail.toStdString();
    EXPECT_EQ(result.response->status, 201);
    EXPECT_EQ(result.response->reasonPhrase, "Created");
    EXPECT_EQ(result.response->body, "hi");
    EXPECT_FALSE(result.response->headers.contains("Link"));
}

TEST_F(Http1TransportTest, ABodyDelimitedByTheCloseIsComplete)
{
    raw.setAnswers({{.bytes = "HTTP/1.1 200 OK\r\nX-Thing: 1\r\n\r\nall of it", .close = true}});
    Request r;
    r.url = raw.url(QStringLiteral("/eof"));
    const ExchangeResult result = run(r);
    ASSERT_TRUE(result.response) << result.errorDetail.toStdString();
    EXPECT_EQ(result.response->body, "all of it");
    ASSERT_TRUE(run(r).response);
    EXPECT_EQ(raw.accepted, 2);
}

TEST_F(Http1TransportTest, DifferingContentLengthsAreAProtocolError)
{
    raw.setAnswers({{"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nabc"}});
    Request r;
    r.url = raw.url(QStringLiteral("/smuggle"));
    const ExchangeResult result = run(r);
    EXPECT_FALSE(result.response);
    EXPECT_EQ(result.error, ErrorCode::ProtocolError);
}

TEST_F(Http1TransportTest, AnnouncedBodyOverTheCapIsRefusedFromTheHead)
{
    server.setScript("/big", {Reply{.generatedBodyBytes = 2 * 1024 * 1024}});
    ExchangeOptions options;
    options.maxResponseBytes = 1024 * 1024;
    const ExchangeResult result = run(request(QStringLiteral("/big")), options);
    EXPECT_EQ(result.error, ErrorCode::ResponseTooLarge);
    EXPECT_EQ(result.errorDetail, QStringLiteral("the body is larger than the 1048576-byte cap"));
}

TEST_F(Http1TransportTest, HugeResponseHeadsAreResponseTooLarge)
{
    // One field of 100 KiB, then 5,000 short fields (40 KiB, under the byte cap):
    // neither is held in memory past its cap, and neither is retried as a glitch.
    QByteArray manyFields = "HTTP/1.1 200 OK\r\n";
    for (int i = 0; i < 5000; ++i)
        manyFields += "X-" + QByteArray::number(i % 100) + ": v\r\n";
    raw.setAnswers({{"HTTP/1.1 200 OK\r\nX-Big: " + QByteArray(100 * 1024, 'a') + "\r\nContent-Length: 2\r\n\r\nok"},
                    {manyFields + "Content-Length: 2\r\n\r\nok"},
                    {"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"}});
    Request r;
    r.url = raw.url(QStringLiteral("/big-head"));
    const ExchangeResult big = run(r);
    EXPECT_FALSE(big.response);
    EXPECT_EQ(big.error, ErrorCode::ResponseTooLarge);
    EXPECT_EQ(big.errorDetail, QStringLiteral("the response headers passed the 65536-byte cap"));
    const ExchangeResult many = run(r);
    EXPECT_FALSE(many.response);
    EXPECT_EQ(many.error, ErrorCode::ResponseTooLarge);
    EXPECT_EQ(many.errorDetail, QStringLiteral("the response has more than 1000 header fields"));
    const ExchangeResult fine = run(r); // a fresh connection: the failed ones were not kept
    ASSERT_TRUE(fine.response) << fine.errorDetail.toStdString();
    EXPECT_EQ(fine.response->body, "ok");
    EXPECT_EQ(raw.accepted, 3);
}

// --- Redirects -----------------------------------------------------------------

TEST_F(Http1TransportTest, ASameOriginRedirectGoesOnTheSameConnection)
{
    server.setScript("/from", {Reply{.status = 307, .headers = headersOf({{"Location", "/to"}})}});
    Request r = request(QStringLiteral("/from"));
    r.followRedirects = true;
    ASSERT_TRUE(run(r).response);
    ASSERT_EQ(server.received().size(), 2);
    EXPECT_EQ(server.received()[0].connection, server.received()[1].connection);
    EXPECT_EQ(server.connectionsAccepted(), 1);
}

TEST_F(Http1TransportTest, HeadStaysHeadOn303)
{
    server.setScript("/see-other", {Reply{.status = 303, .headers = headersOf({{"Location", "/result"}})}});
    Request r = request(QStringLiteral("/see-other"), "HEAD");
    r.followRedirects = true;
    const ExchangeResult result = run(r);
    ASSERT_TRUE(result.response);
    ASSERT_EQ(server.receivedFor("/result").size(), 1);
    EXPECT_EQ(server.receivedFor("/result")[0].method, "HEAD");
}

// The first hop's connect timer belongs to the first connection; a redirect
// onto an idle connection to the next origin must not keep a pointer to it
// once that connection is gone (run under ASan to see the difference).
TEST_F(Http1TransportTest, ConnectTimeoutAcrossARedirectOntoAnIdleConnection)
{
    LoopbackServer other;
    ASSERT_TRUE(other.listen());
    other.setScript("/landing", {Reply{.body = "landed", .delayMs = 150}});
    Request warm;
    warm.url = other.url(QStringLiteral("/warm"));
    ASSERT_TRUE(run(warm).response); // leaves an idle connection to `other`

    const QByteArray elsewhere = other.url(QStringLiteral("/landing")).toEncoded();
    server.setScript("/away",
                     {Reply{.status = 302, .headers = headersOf({{"Location", elsewhere}, {"Connection", "close"}})}});
    Request r = request(QStringLiteral("/away"));
    r.followRedirects = true;
    ExchangeOptions options;
    options.connectTimeoutMs = 1000;
    const ExchangeResult result = run(r, options);
    ASSERT_TRUE(result.response) << result.errorDetail.toStdString();
    EXPECT_EQ(result.response->body, "landed");
    EXPECT_EQ(other.connectionsAccepted(), 1);
}

// --- TLS -------------------------------------------------------------------------

#if QT_CONFIG(ssl)
TEST_F(Http1TransportTest, ATlsConnectionIsReusedAndCarriesExactlyTheRequest)
{
    const std::optional<QSslConfiguration> tls = selfSignedTlsConfiguration();
    if (!tls)
        GTEST_SKIP() << "no openssl command or no TLS backend";
    RawServer https;
    ASSERT_TRUE(https.listenTls(*tls));
    Request r;
    r.url = https.url(QStringLiteral("/1"));
    r.insecureTls = true;
    ASSERT_TRUE(run(r).response);
    r.url = https.url(QStringLiteral("/2"));
    ASSERT_TRUE(run(r).response);
    ASSERT_EQ(https.requests.size(), 2);
    EXPECT_EQ(https.requests[0].bytes,
              "GET /1 HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(https.port()) + "\r\n\r\n");
    EXPECT_EQ(https.accepted, 1);
}

TEST_F(Http1TransportTest, ConnectTimeoutDoesNotCutASlowAnswerOverTls)
{
    // The timer guards the connect and the handshake; it stops at the end of both.
    const std::optional<QSslConfiguration> tls = selfSignedTlsConfiguration();
    if (!tls)
        GTEST_SKIP() << "no openssl command or no TLS backend";
    RawServer https;
    ASSERT_TRUE(https.listenTls(*tls));
    https.setAnswers({{.bytes = "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nlate", .delayMs = 800}});
    Request r;
    r.url = https.url(QStringLiteral("/1"));
    r.insecureTls = true;
    ExchangeOptions options;
    options.connectTimeoutMs = 500;
    const ExchangeResult result = run(r, options);
    ASSERT_TRUE(result.response) << result.errorDetail.toStdString();
    EXPECT_EQ(result.response->body, "late");
}
#endif

} // namespace

TEST_F(Http1TransportTest, ARequestThatSaysChunkedIsSentInChunks)
{
    Request r = request(QStringLiteral("/upload"), "POST");
    r.headers.append("Transfer-Encoding", "chunked");
    r.body = "payload";
    ASSERT_TRUE(run(r).response);
    ASSERT_EQ(server.received().size(), 1);
    EXPECT_EQ(server.received()[0].body, "payload") << "the server decoded the chunks";
    EXPECT_FALSE(server.received()[0].headers.contains("Content-Length"));
}
