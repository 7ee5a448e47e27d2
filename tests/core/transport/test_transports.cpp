#include "support/loopbackserver.h"
#include "transport/qnamtransport.h"

#include <QHostAddress>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <memory>
#include <optional>

using namespace jitterbug;
using jitterbug::test::LoopbackServer;
using Reply = LoopbackServer::Reply;

namespace {

constexpr int kWaitMs = 5000;

HeaderList headersOf(std::initializer_list<std::pair<QByteArray, QByteArray>> fields)
{
    HeaderList out;
    for (const auto& [name, value] : fields)
        out.append(name, value);
    return out;
}

QList<QByteArray> namesOf(const HeaderList& headers)
{
    QList<QByteArray> out;
    for (const HeaderList::Field& f : headers.fields())
        out.append(f.name);
    return out;
}

class QnamTransportTest : public ::testing::Test
{
protected:
    void SetUp() override { ASSERT_TRUE(server.listen()); }

    Request request(const QString& pathAndQuery, QByteArray method = "GET") const
    {
        Request r;
        r.method = std::move(method);
        r.url = server.url(pathAndQuery);
        return r;
    }

    // Runs one exchange to its end and checks the seam's promises on the
    // way: `done` not from inside start(), and exactly once.
    ExchangeResult run(const Request& r, ExchangeOptions options = {})
    {
        auto calls = std::make_shared<int>(0);
        auto result = std::make_shared<std::optional<ExchangeResult>>();
        transport->start(r, options, [calls, result](ExchangeResult got) {
            ++*calls;
            *result = std::move(got);
        });
        EXPECT_EQ(*calls, 0) << "done ran inside start()";
        EXPECT_TRUE(QTest::qWaitFor([&] { return result->has_value(); }, kWaitMs)) << "done never ran";
        QTest::qWait(20); // room for a second, wrong call
        EXPECT_EQ(*calls, 1);
        return result->value_or(ExchangeResult{});
    }

    LoopbackServer server;
    std::unique_ptr<QnamTransport> transport = std::make_unique<QnamTransport>();
};

// --- Answers -----------------------------------------------------------------

TEST_F(QnamTransportTest, ReturnsStatusHeadersAndBody)
{
    server.setScript("/hello", {Reply{.status = 200, .headers = headersOf({{"X-Thing", "42"}}), .body = "hi\n"}});
    const ExchangeResult result = run(request(QStringLiteral("/hello?x=1")));
    ASSERT_TRUE(result.response);
    EXPECT_EQ(result.error, ErrorCode::None);
    EXPECT_EQ(result.response->status, 200);
    EXPECT_EQ(result.response->reasonPhrase, "OK");
    EXPECT_EQ(result.response->httpVersion, "1.1");
    EXPECT_EQ(result.response->body, "hi\n");
    EXPECT_EQ(result.response->headers.value("x-thing"), "42");
    EXPECT_EQ(result.response->headers.value("Content-Length"), "3");
    EXPECT_FALSE(result.response->headers.value("Date").isEmpty());
    EXPECT_EQ(result.response->finalUrl, server.url(QStringLiteral("/hello?x=1")));
    ASSERT_EQ(server.received().size(), 1);
    EXPECT_EQ(server.received()[0].target, "/hello?x=1");
}

TEST_F(QnamTransportTest, ServiceUnavailableKeepsRetryAfter)
{
    server.setScript("/busy", {Reply{.status = 503, .headers = headersOf({{"Retry-After", "7"}}), .body = "later"}});
    const ExchangeResult result = run(request(QStringLiteral("/busy")));
    ASSERT_TRUE(result.response);
    EXPECT_EQ(result.error, ErrorCode::None);
    EXPECT_EQ(result.response->status, 503);
    EXPECT_EQ(result.response->reasonPhrase, "Service Unavailable");
    EXPECT_EQ(result.response->headers.value("Retry-After"), "7");
    EXPECT_EQ(result.response->body, "later");
}

TEST_F(QnamTransportTest, ClientErrorsAreResponsesNotErrors)
{
    // QNAM sets a different error() for each of these; all are answers.
    for (const int status : {400, 401, 404, 405, 409, 429, 500}) {
        server.setScript("/e", {Reply{.status = status, .body = "no"}});
        const ExchangeResult result = run(request(QStringLiteral("/e")));
        ASSERT_TRUE(result.response) << status;
        EXPECT_EQ(result.response->status, status);
        EXPECT_EQ(result.response->body, "no");
        EXPECT_EQ(result.error, ErrorCode::None);
    }
}

TEST_F(QnamTransportTest, RepeatedResponseFieldsStaySeparateForSetCookie)
{
    server.setScript("/c", {Reply{.headers = headersOf({{"Set-Cookie", "a=1"}, {"Set-Cookie", "b=2"}})}});
    const ExchangeResult result = run(request(QStringLiteral("/c")));
    ASSERT_TRUE(result.response);
    EXPECT_EQ(result.response->headers.values("Set-Cookie"), (QList<QByteArray>{"a=1", "b=2"}));

    // And the cookies are not kept for the next request, as with curl.
    run(request(QStringLiteral("/c")));
    EXPECT_FALSE(server.received().last().headers.contains("Cookie"));
}

TEST_F(QnamTransportTest, HeadGetsHeadersWithoutBody)
{
    const ExchangeResult result = run(request(QStringLiteral("/h"), "HEAD"));
    ASSERT_TRUE(result.response);
    EXPECT_EQ(result.response->status, 200);
    EXPECT_TRUE(result.response->body.isEmpty());
    EXPECT_EQ(result.response->headers.value("Content-Length"), "3"); // of the "ok\n" a GET would get
    EXPECT_EQ(server.received()[0].method, "HEAD");
}

TEST_F(QnamTransportTest, ChunkedResponseIsDecoded)
{
    const QByteArray body(200'000, 'c');
    server.setScript("/chunked", {Reply{.headers = headersOf({{"Transfer-Encoding", "chunked"}}), .body = body}});
    const ExchangeResult result = run(request(QStringLiteral("/chunked")));
    ASSERT_TRUE(result.response);
    EXPECT_EQ(result.response->body, body);
}

TEST_F(QnamTransportTest, SequentialExchangesReuseTheConnection)
{
    run(request(QStringLiteral("/1")));
    run(request(QStringLiteral("/2")));
    ASSERT_EQ(server.received().size(), 2);
    EXPECT_EQ(server.received()[0].connection, server.received()[1].connection);
    EXPECT_EQ(server.connectionsAccepted(), 1);
}

// --- On the wire ---------------------------------------------------------------

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

TEST_F(QnamTransportTest, RequestedAcceptEncodingIsSentAndTheBodyIsNotDecoded)
{
    Request r = request(QStringLiteral("/gz"));
    r.headers.append("Accept-Encoding", "gzip");
    server.setScript("/gz",
                     {Reply{.headers = headersOf({{"Content-Encoding", "gzip"}}), .body = "\x1f\x8b-not-really"}});
    const ExchangeResult result = run(r);
    EXPECT_EQ(server.received()[0].headers.value("Accept-Encoding"), "gzip");
    ASSERT_TRUE(result.response);
    EXPECT_EQ(result.response->body, "\x1f\x8b-not-really");
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

TEST_F(QnamTransportTest, PostBodyArrivesByteExact)
{
    QByteArray body;
    for (int i = 0; i < 300'000; ++i)
        body.append(static_cast<char>((static_cast<unsigned>(i) * 7919U) & 0xffU)); // NULs, CR, LF, high bytes
    Request r = request(QStringLiteral("/upload"), "POST");
    r.headers.append("Content-Type", "application/octet-stream");
    r.body = body;
    const ExchangeResult result = run(r);
    ASSERT_TRUE(result.response);
    ASSERT_EQ(server.received().size(), 1);
    const LoopbackServer::Received& got = server.received()[0];
    EXPECT_EQ(got.method, "POST");
    EXPECT_EQ(got.headers.value("Content-Length"), QByteArray::number(body.size()));
    EXPECT_EQ(got.headers.value("Content-Type"), "application/octet-stream");
    EXPECT_TRUE(got.body == body);
}

TEST_F(QnamTransportTest, BodylessPostSaysContentLengthZeroAndOtherVerbsPassThrough)
{
    run(request(QStringLiteral("/p"), "POST"));
    run(request(QStringLiteral("/d"), "DELETE"));
    run(request(QStringLiteral("/x"), "PURGE"));
    ASSERT_EQ(server.received().size(), 3);
    EXPECT_EQ(server.received()[0].headers.values("Content-Length"), (QList<QByteArray>{"0"}));
    EXPECT_EQ(server.received()[1].method, "DELETE");
    EXPECT_FALSE(server.received()[1].headers.contains("Content-Length"));
    EXPECT_EQ(server.received()[2].method, "PURGE");
}

TEST_F(QnamTransportTest, InvalidHeaderIsRefusedBeforeAnythingIsSent)
{
    Request r = request(QStringLiteral("/evil"));
    r.headers.append("X-Evil", "a\r\nX-Injected: 1");
    const ExchangeResult result = run(r);
    EXPECT_FALSE(result.response);
    EXPECT_EQ(result.error, ErrorCode::InvalidRequest);
    EXPECT_TRUE(result.errorDetail.contains(u"X-Evil"));
    QTest::qWait(50);
    EXPECT_EQ(server.connectionsAccepted(), 0);
}

TEST_F(QnamTransportTest, InvalidMethodIsRefusedBeforeAnythingIsSent)
{
    const ExchangeResult result = run(request(QStringLiteral("/evil"), "GET /x HTTP/1.1\r\nX-Injected:"));
    EXPECT_FALSE(result.response);
    EXPECT_EQ(result.error, ErrorCode::InvalidRequest);
    QTest::qWait(50);
    EXPECT_EQ(server.connectionsAccepted(), 0);
}

TEST_F(QnamTransportTest, OnlyHttpSchemesAreSpoken)
{
    Request r;
    r.url = QUrl(QStringLiteral("file:///etc/hostname"));
    const ExchangeResult result = run(r);
    EXPECT_FALSE(result.response);
    EXPECT_EQ(result.error, ErrorCode::UnsupportedScheme);
}

// --- Redirects -----------------------------------------------------------------

TEST_F(QnamTransportTest, RedirectIsTheAnswerUnlessAskedToFollow)
{
    server.setScript("/from", {Reply{.status = 302, .headers = headersOf({{"Location", "/to"}})}});
    const ExchangeResult result = run(request(QStringLiteral("/from")));
    ASSERT_TRUE(result.response);
    EXPECT_EQ(result.response->status, 302);
    EXPECT_EQ(result.response->headers.value("Location"), "/to");
    EXPECT_EQ(server.received().size(), 1);
}

TEST_F(QnamTransportTest, FollowsRedirectsWhenAsked)
{
    server.setScript("/from", {Reply{.status = 301, .headers = headersOf({{"Location", "/to?q=1"}})}});
    server.setScript("/to", {Reply{.body = "arrived"}});
    Request r = request(QStringLiteral("/from"));
    r.followRedirects = true;
    const ExchangeResult result = run(r);
    ASSERT_TRUE(result.response);
    EXPECT_EQ(result.response->status, 200);
    EXPECT_EQ(result.response->body, "arrived");
    EXPECT_EQ(result.response->finalUrl, server.url(QStringLiteral("/to?q=1")));
    ASSERT_EQ(server.received().size(), 2);
    EXPECT_EQ(server.received()[1].target, "/to?q=1");
}

TEST_F(QnamTransportTest, RedirectedPostBecomesGetOn303AndStaysPostOn307)
{
    server.setScript("/see-other", {Reply{.status = 303, .headers = headersOf({{"Location", "/result"}})}});
    server.setScript("/temporary", {Reply{.status = 307, .headers = headersOf({{"Location", "/result"}})}});
    Request r = request(QStringLiteral("/see-other"), "POST");
    r.headers.append("Content-Type", "text/plain");
    r.body = "payload";
    r.followRedirects = true;
    run(r);
    r.url = server.url(QStringLiteral("/temporary"));
    run(r);

    const QList<LoopbackServer::Received> results = server.receivedFor("/result");
    ASSERT_EQ(results.size(), 2);
    EXPECT_EQ(results[0].method, "GET");
    EXPECT_TRUE(results[0].body.isEmpty());
    EXPECT_FALSE(results[0].headers.contains("Content-Type"));
    EXPECT_EQ(results[1].method, "POST");
    EXPECT_EQ(results[1].body, "payload");
}

TEST_F(QnamTransportTest, TooManyRedirects)
{
    server.setScript("/loop", {Reply{.status = 302, .headers = headersOf({{"Location", "/loop"}})}});
    Request r = request(QStringLiteral("/loop"));
    r.followRedirects = true;
    r.maxRedirects = 3;
    const ExchangeResult result = run(r);
    EXPECT_FALSE(result.response);
    EXPECT_EQ(result.error, ErrorCode::TooManyRedirects);
    EXPECT_EQ(server.received().size(), 4); // the request and three redirects, each sent once
}

TEST_F(QnamTransportTest, CredentialsStayWithTheirOrigin)
{
    LoopbackServer other;
    ASSERT_TRUE(other.listen());
    const QByteArray elsewhere = other.url(QStringLiteral("/landing")).toEncoded();
    server.setScript("/away", {Reply{.status = 302, .headers = headersOf({{"Location", elsewhere}})}});
    Request r = request(QStringLiteral("/away"));
    r.headers.append("Authorization", "Bearer secret");
    r.headers.append("X-Trace", "t1");
    r.followRedirects = true;
    const ExchangeResult result = run(r);
    ASSERT_TRUE(result.response);
    EXPECT_EQ(result.response->status, 200);
    ASSERT_EQ(other.received().size(), 1);
    EXPECT_FALSE(other.received()[0].headers.contains("Authorization"));
    EXPECT_EQ(other.received()[0].headers.value("X-Trace"), "t1");
    EXPECT_EQ(server.received()[0].headers.value("Authorization"), "Bearer secret");
}

// --- Failures ------------------------------------------------------------------

TEST_F(QnamTransportTest, ClosedPortIsConnectionRefused)
{
    LoopbackServer gone;
    ASSERT_TRUE(gone.listen());
    const QUrl url = gone.url(QStringLiteral("/"));
    gone.close();
    Request r;
    r.url = url;
    const ExchangeResult result = run(r);
    EXPECT_FALSE(result.response);
    EXPECT_EQ(result.error, ErrorCode::ConnectionRefused);
    EXPECT_FALSE(result.errorDetail.isEmpty());
}

TEST_F(QnamTransportTest, ResetIsConnectionReset)
{
    server.setScript("/reset", {Reply{.kind = Reply::Kind::Reset}});
    const ExchangeResult result = run(request(QStringLiteral("/reset")));
    EXPECT_FALSE(result.response);
    EXPECT_EQ(result.error, ErrorCode::ConnectionReset);
}

// Pins down what QNAM does on its own and cannot be told not to (see the top
// of networktransport.cpp): after a reset before any answer it sends the same
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

TEST_F(QnamTransportTest, CloseWithoutAnswerIsConnectionReset)
{
    server.setScript("/close", {Reply{.kind = Reply::Kind::CloseWithoutAnswer}});
    const ExchangeResult result = run(request(QStringLiteral("/close")));
    EXPECT_FALSE(result.response);
    EXPECT_EQ(result.error, ErrorCode::ConnectionReset);
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

TEST_F(QnamTransportTest, BodyCutShortIsNotAResponse)
{
    server.setScript(
        "/short",
        {Reply{.headers = headersOf({{"Content-Length", "100"}, {"Connection", "close"}}), .body = "only a little"}});
    const ExchangeResult result = run(request(QStringLiteral("/short")));
    EXPECT_FALSE(result.response);
    EXPECT_EQ(result.error, ErrorCode::ConnectionReset);
}

TEST_F(QnamTransportTest, AnnouncedBodyOverTheCapIsResponseTooLarge)
{
    server.setScript("/big", {Reply{.generatedBodyBytes = 2 * 1024 * 1024}});
    ExchangeOptions options;
    options.maxResponseBytes = 1024 * 1024;
    const ExchangeResult result = run(request(QStringLiteral("/big")), options);
    EXPECT_FALSE(result.response);
    EXPECT_EQ(result.error, ErrorCode::ResponseTooLarge);
    EXPECT_TRUE(result.errorDetail.contains(u"the body passed the 1048576-byte cap"))
        << result.errorDetail.toStdString();
}

TEST_F(QnamTransportTest, StreamedBodyOverTheCapIsResponseTooLarge)
{
    // Chunked: no Content-Length to judge by, so the count of bytes read decides.
    server.setScript(
        "/stream",
        {Reply{.headers = headersOf({{"Transfer-Encoding", "chunked"}}), .generatedBodyBytes = 2 * 1024 * 1024}});
    ExchangeOptions options;
    options.maxResponseBytes = 1024 * 1024;
    const ExchangeResult result = run(request(QStringLiteral("/stream")), options);
    EXPECT_FALSE(result.response);
    EXPECT_EQ(result.error, ErrorCode::ResponseTooLarge);
}

TEST_F(QnamTransportTest, BodyAtTheCapIsFine)
{
    server.setScript("/exact", {Reply{.generatedBodyBytes = 4096}});
    ExchangeOptions options;
    options.maxResponseBytes = 4096;
    const ExchangeResult result = run(request(QStringLiteral("/exact")), options);
    ASSERT_TRUE(result.response);
    EXPECT_EQ(result.response->body.size(), 4096);
}

// --- Abort, teardown, timers -----------------------------------------------------

TEST_F(QnamTransportTest, AbortStopsTheExchangeWithoutDone)
{
    server.setScript("/silent", {Reply{.kind = Reply::Kind::NeverAnswer}});
    int calls = 0;
    const Transport::ExchangeId id
        = transport->start(request(QStringLiteral("/silent")), {}, [&calls](ExchangeResult) { ++calls; });
    ASSERT_TRUE(server.waitForRequests(1, kWaitMs));
    ASSERT_EQ(server.openConnections(), 1);
    transport->abort(id);
    EXPECT_TRUE(QTest::qWaitFor([&] { return server.openConnections() == 0; }, kWaitMs));
    QTest::qWait(50);
    EXPECT_EQ(calls, 0);
    transport->abort(id); // unknown by now: ignored
    transport->abort(9999);
}

TEST_F(QnamTransportTest, AbortRightAfterStartSendsNothingAndCallsNothing)
{
    int calls = 0;
    const Transport::ExchangeId id
        = transport->start(request(QStringLiteral("/x")), {}, [&calls](ExchangeResult) { ++calls; });
    transport->abort(id);
    QTest::qWait(100);
    EXPECT_EQ(calls, 0);
}

TEST_F(QnamTransportTest, DestructionAbortsEverythingWithoutDone)
{
    server.setScript("/silent", {Reply{.kind = Reply::Kind::NeverAnswer}});
    int calls = 0;
    transport->start(request(QStringLiteral("/silent")), {}, [&calls](ExchangeResult) { ++calls; });
    transport->start(request(QStringLiteral("/silent")), {}, [&calls](ExchangeResult) { ++calls; });
    ASSERT_TRUE(server.waitForRequests(2, kWaitMs));
    transport.reset();
    EXPECT_TRUE(QTest::qWaitFor([&] { return server.openConnections() == 0; }, kWaitMs));
    EXPECT_EQ(calls, 0);
}

TEST_F(QnamTransportTest, DoneMayDestroyTheTransport)
{
    bool called = false;
    transport->start(request(QStringLiteral("/x")), {}, [this, &called](ExchangeResult result) {
        called = true;
        EXPECT_TRUE(result.response);
        transport.reset();
    });
    EXPECT_TRUE(QTest::qWaitFor([&] { return called; }, kWaitMs));
    QTest::qWait(50); // the released reply is deleted later without trouble
    EXPECT_FALSE(transport);
}

TEST_F(QnamTransportTest, ConnectTimeoutDoesNotCutASlowAnswer)
{
    server.setScript("/slow", {Reply{.body = "late", .delayMs = 300}});
    ExchangeOptions options;
    options.connectTimeoutMs = 100; // the connection is up long before the answer
    for (const QByteArray method : {"GET", "HEAD", "POST", "DELETE"}) {
        Request r = request(QStringLiteral("/slow"), method);
        if (method == "POST")
            r.body = QByteArray(512 * 1024, 'u');
        transport = std::make_unique<QnamTransport>(); // a fresh connection each time
        const ExchangeResult result = run(r, options);
        ASSERT_TRUE(result.response) << method.constData() << ": " << result.errorDetail.toStdString();
        EXPECT_EQ(result.response->status, 200);
    }
}

// A loopback connect completes at once, unless the listener's accept queue is
// full: Linux then drops the SYN and the client keeps retrying it. That is the
// only way to hold a connect open here without leaving 127.0.0.1.
TEST_F(QnamTransportTest, ConnectTimeoutWhenTheConnectHangs)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    ASSERT_GE(fd, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&address), length), 0);
    ASSERT_EQ(::listen(fd, 0), 0);
    ASSERT_EQ(::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length), 0);
    const quint16 port = ntohs(address.sin_port);

    std::vector<std::unique_ptr<QTcpSocket>> fillers;
    for (int i = 0; i < 4; ++i) {
        fillers.push_back(std::make_unique<QTcpSocket>());
        fillers.back()->connectToHost(QHostAddress::LocalHost, port);
    }
    QTest::qWait(100);
    const auto connected = std::count_if(fillers.begin(), fillers.end(),
                                         [](const auto& s) { return s->state() == QAbstractSocket::ConnectedState; });
    if (connected == static_cast<long>(fillers.size())) {
        ::close(fd);
        GTEST_SKIP() << "this kernel accepts past a full accept queue; no way to hang a loopback connect";
    }

    Request r;
    r.url = QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(port));
    ExchangeOptions options;
    options.connectTimeoutMs = 200;
    const ExchangeResult result = run(r, options);
    ::close(fd);
    EXPECT_FALSE(result.response);
    EXPECT_EQ(result.error, ErrorCode::Timeout);
    EXPECT_EQ(result.errorDetail, QStringLiteral("connect timed out after 200 ms"));
}

// --- The loopback server itself ---------------------------------------------------

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

// --- Concurrency ---------------------------------------------------------------

TEST_F(QnamTransportTest, MoreThanSixExchangesToOneHostAllGoOutAtOnce)
{
    // QNAM alone would queue the seventh and eighth behind the first six,
    // while the engine's attempt clocks already run for them.
    server.setScript("/slow", {Reply{.delayMs = 600}});
    int done = 0;
    for (int i = 0; i < 8; ++i)
        transport->start(request(QStringLiteral("/slow")), {}, [&done](ExchangeResult) { ++done; });
    ASSERT_TRUE(QTest::qWaitFor([&] { return done == 8; }, kWaitMs));
    const auto& got = server.received();
    ASSERT_EQ(got.size(), 8);
    EXPECT_LT(got.last().atMs - got.first().atMs, 400) << "all eight arrived before the first answer";
}
