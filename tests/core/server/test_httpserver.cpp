// The HTTP server on real sockets (127.0.0.1 only): keep-alive and closing,
// pipelining order, each kind of answer and fault as a client sees it on the
// wire, 100-continue, refusals, abandoned requests and the log.
#include "server/httpserver.h"
#include "transport/http1transport.h"
#include "transport/httpresponseparser.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <memory>
#include <optional>
#include <vector>

using namespace jitterbug;
using Kind = ServerAnswer::Kind;

namespace {

constexpr int kWaitMs = 5000;

ServerAnswer respond(int status, QByteArray body)
{
    ServerAnswer a;
    a.status = status;
    a.body = std::move(body);
    return a;
}

ServerAnswer fault(Kind kind, QByteArray body = {})
{
    ServerAnswer a;
    a.kind = kind;
    a.body = std::move(body);
    return a;
}

// The complete responses in `data`, in order; `heads` marks the answers to
// HEAD (by index), which have no body whatever their headers say.
std::vector<Response> responsesIn(const QByteArray& data, const QList<bool>& heads = {})
{
    std::vector<Response> out;
    QByteArray rest = data;
    for (;;) {
        const qsizetype index = static_cast<qsizetype>(out.size());
        HttpResponseParser parser(index < heads.size() && heads[index]);
        if (rest.isEmpty() || parser.feed(rest) != HttpResponseParser::State::Complete)
            return out;
        out.push_back(parser.takeResponse());
        rest = parser.leftover();
    }
}

// A raw client on a QTcpSocket, driven by the test's event loop: it records
// every byte, when each read came, and how the connection ended.
class Client
{
public:
    struct Read {
        qint64 atMs;
        qsizetype bytes;
    };

    explicit Client(quint16 port)
    {
        m_clock.start();
        QObject::connect(&socket, &QTcpSocket::readyRead, &socket, [this] {
            const QByteArray got = socket.readAll();
            data += got;
            reads.push_back({m_clock.elapsed(), got.size()});
        });
        QObject::connect(&socket, &QTcpSocket::errorOccurred, &socket,
                         [this](QAbstractSocket::SocketError e) { error = e; });
        QObject::connect(&socket, &QTcpSocket::disconnected, &socket, [this] { closed = true; });
        socket.connectToHost(QHostAddress::LocalHost, port);
    }

    bool waitConnected()
    {
        return QTest::qWaitFor([this] { return socket.state() == QAbstractSocket::ConnectedState; }, kWaitMs);
    }
    void send(const QByteArray& bytes) { socket.write(bytes); }
    bool waitForResponses(int count, const QList<bool>& heads = {})
    {
        return QTest::qWaitFor([&] { return static_cast<int>(responsesIn(data, heads).size()) >= count; }, kWaitMs);
    }
    bool waitClosed(int timeoutMs = kWaitMs)
    {
        return QTest::qWaitFor([this] { return closed; }, timeoutMs);
    }

    QTcpSocket socket;
    QByteArray data;
    std::vector<Read> reads;
    std::optional<QAbstractSocket::SocketError> error;
    bool closed = false;

private:
    QElapsedTimer m_clock;
};

// A client on a plain socket, for what QTcpSocket cannot tell: it reports
// both a reset and an orderly close as RemoteHostClosedError (its read maps
// ECONNRESET to end of stream), while recv() says ECONNRESET for a RST and
// 0 for a FIN.
class PlainClient
{
public:
    explicit PlainClient(quint16 port)
    {
        m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        address.sin_port = htons(port);
        // Blocking connect to 127.0.0.1 completes in the kernel's handshake,
        // without the server's event loop.
        m_connected = ::connect(m_fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    }
    ~PlainClient() { ::close(m_fd); }

    bool connected() const { return m_connected; }
    void send(QByteArrayView bytes) { ASSERT_EQ(::send(m_fd, bytes.data(), bytes.size(), 0), bytes.size()); }

    // Spins the event loop until the server ends the connection; returns 0
    // for a FIN, ECONNRESET for a RST, -1 when neither came in time.
    int waitForEnd(int timeoutMs = kWaitMs)
    {
        int result = -1;
        const bool ended = QTest::qWaitFor(
            [&] {
                char buffer[4096];
                const ssize_t n = ::recv(m_fd, buffer, sizeof buffer, MSG_DONTWAIT);
                if (n > 0)
                    data.append(buffer, n);
                else if (n == 0)
                    result = 0;
                else if (errno != EAGAIN && errno != EWOULDBLOCK)
                    result = errno;
                return result >= 0;
            },
            timeoutMs);
        return ended ? result : -1;
    }

    QByteArray data;

private:
    int m_fd = -1;
    bool m_connected = false;
};

class HttpServerTest : public ::testing::Test
{
protected:
    void SetUp() override { ASSERT_TRUE(start()); }

    bool start(ServerLimits limits = {})
    {
        server = std::make_unique<HttpServer>(
            [this](const ServerRequest& request, HttpServer::Reply reply) {
                requests.append(request);
                onRequest(request, std::move(reply));
            },
            limits);
        server->setAbandonedHandler([this](quint64 id) { abandoned.append(id); });
        server->setLogger([this](const ServerLogEntry& entry) { logged.append(entry); });
        return server->listen(QHostAddress::LocalHost, 0);
    }

    // Replies at once with 200 "ok\n" unless a test says otherwise.
    std::function<void(const ServerRequest&, HttpServer::Reply)> onRequest
        = [](const ServerRequest&, HttpServer::Reply reply) {
              reply(respond(200, "ok\n"));
          };

    std::unique_ptr<HttpServer> server;
    QList<ServerRequest> requests;
    QList<quint64> abandoned;
    QList<ServerLogEntry> logged;
};

// --- Answers ----------------------------------------------------------------

TEST_F(HttpServerTest, AnswersAClientAndAddsDateServerAndContentLength)
{
    onRequest = [](const ServerRequest&, HttpServer::Reply reply) {
        ServerAnswer a = respond(503, "busy");
        a.headers.append("Retry-After", "2");
        reply(a);
    };
    Http1Transport transport;
    Request request;
    request.method = "POST";
    request.url = QUrl(QStringLiteral("http://127.0.0.1:%1/orders/%C3%A9?x=1").arg(server->port()));
    request.body = "{}";
    std::optional<ExchangeResult> result;
    transport.start(request, {}, [&](ExchangeResult r) { result = std::move(r); });
    ASSERT_TRUE(QTest::qWaitFor([&] { return result.has_value(); }, kWaitMs));
    ASSERT_TRUE(result->response) << result->errorDetail.toStdString();
    const Response& response = *result->response;
    EXPECT_EQ(response.status, 503);
    EXPECT_EQ(response.reasonPhrase, "Service Unavailable");
    EXPECT_EQ(response.body, "busy");
    EXPECT_EQ(response.headers.value("Retry-After"), "2");
    EXPECT_EQ(response.headers.value("Server"), "jitterbug");
    EXPECT_EQ(response.headers.value("Content-Length"), "4");
    EXPECT_TRUE(response.headers.value("Date").endsWith(" GMT"));
    EXPECT_FALSE(response.headers.contains("Connection"));

    ASSERT_EQ(requests.size(), 1);
    const ServerRequest& got = requests[0];
    EXPECT_EQ(got.id, 1u);
    EXPECT_EQ(got.connectionId, 1u);
    EXPECT_EQ(got.method, "POST");
    EXPECT_EQ(got.target, "/orders/%C3%A9?x=1");
    EXPECT_EQ(got.path, QStringLiteral("/orders/\u00e9"));
    EXPECT_EQ(got.httpVersion, "1.1");
    EXPECT_EQ(got.body, "{}");
    EXPECT_EQ(got.peerAddress, QHostAddress(QHostAddress::LocalHost));
    EXPECT_NE(got.peerPort, 0);
}

TEST_F(HttpServerTest, TheHandlersOwnHeadersWinAndChunkedFramingIsApplied)
{
    onRequest = [](const ServerRequest&, HttpServer::Reply reply) {
        ServerAnswer a = respond(200, "hello");
        a.headers.append("Server", "custom");
        a.headers.append("Transfer-Encoding", "chunked");
        reply(a);
    };
    Client client(server->port());
    client.send("GET / HTTP/1.1\r\n\r\n");
    ASSERT_TRUE(client.waitForResponses(1));
    EXPECT_TRUE(client.data.endsWith("\r\n\r\n5\r\nhello\r\n0\r\n\r\n")) << client.data.toStdString();
    const Response r = responsesIn(client.data).front();
    EXPECT_EQ(r.body, "hello");
    EXPECT_EQ(r.headers.values("Server"), (QList<QByteArray>{"custom"}));
    EXPECT_FALSE(r.headers.contains("Content-Length"));
}

TEST_F(HttpServerTest, HeadGetsContentLengthButNoBody)
{
    onRequest = [](const ServerRequest& r, HttpServer::Reply reply) {
        reply(respond(200, r.method + " body"));
    };
    Client client(server->port());
    client.send("HEAD /h HTTP/1.1\r\n\r\nGET /g HTTP/1.1\r\n\r\n");
    ASSERT_TRUE(client.waitForResponses(2, {true, false}));
    const std::vector<Response> got = responsesIn(client.data, {true, false});
    EXPECT_EQ(got[0].headers.value("Content-Length"), "9");
    EXPECT_TRUE(got[0].body.isEmpty());
    EXPECT_EQ(got[1].body, "GET body"); // right after the HEAD answer's blank line
}

TEST_F(HttpServerTest, NoContentStatusesCarryNoBodyAndNoLength)
{
    int next = 0;
    onRequest = [&](const ServerRequest&, HttpServer::Reply reply) {
        reply(respond(next++ == 0 ? 204 : 304, "ignored"));
    };
    Client client(server->port());
    client.send("GET /a HTTP/1.1\r\n\r\nGET /b HTTP/1.1\r\n\r\n");
    ASSERT_TRUE(client.waitForResponses(2));
    EXPECT_EQ(client.data.count("ignored"), 0);
    for (const Response& r : responsesIn(client.data))
        EXPECT_FALSE(r.headers.contains("Content-Length")) << r.status;
}

TEST_F(HttpServerTest, AReplyGivenTwiceAnswersOnce)
{
    onRequest = [](const ServerRequest& r, HttpServer::Reply reply) {
        reply(respond(200, r.target));
        reply(respond(500, "again"));
    };
    Client client(server->port());
    client.send("GET /1 HTTP/1.1\r\n\r\nGET /2 HTTP/1.1\r\n\r\n");
    ASSERT_TRUE(client.waitForResponses(2));
    QTest::qWait(50);
    const std::vector<Response> got = responsesIn(client.data);
    ASSERT_EQ(got.size(), 2u);
    EXPECT_EQ(got[0].body, "/1");
    EXPECT_EQ(got[1].body, "/2");
    EXPECT_EQ(client.data.count("again"), 0);
}

// --- Keep-alive and closing -------------------------------------------------

TEST_F(HttpServerTest, KeepAliveServesTwoRequestsOnOneConnection)
{
    Client client(server->port());
    client.send("GET /a HTTP/1.1\r\nHost: x\r\n\r\n");
    ASSERT_TRUE(client.waitForResponses(1));
    client.send("GET /b HTTP/1.1\r\nHost: x\r\n\r\n");
    ASSERT_TRUE(client.waitForResponses(2));
    ASSERT_EQ(requests.size(), 2);
    EXPECT_EQ(requests[0].connectionId, requests[1].connectionId);
    EXPECT_EQ(requests[0].id + 1, requests[1].id);
    QTest::qWait(50);
    EXPECT_FALSE(client.closed);
}

TEST_F(HttpServerTest, SeparateConnectionsGetTheirOwnIds)
{
    Client a(server->port());
    a.send("GET / HTTP/1.1\r\n\r\n");
    ASSERT_TRUE(a.waitForResponses(1));
    Client b(server->port());
    b.send("GET / HTTP/1.1\r\n\r\n");
    ASSERT_TRUE(b.waitForResponses(1));
    ASSERT_EQ(requests.size(), 2);
    EXPECT_EQ(requests[0].connectionId, 1u);
    EXPECT_EQ(requests[1].connectionId, 2u);
}

TEST_F(HttpServerTest, Http10ClosesAfterTheAnswer)
{
    Client client(server->port());
    client.send("GET / HTTP/1.0\r\n\r\n");
    ASSERT_TRUE(client.waitClosed());
    const std::vector<Response> got = responsesIn(client.data);
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0].headers.value("Connection"), "close");
    EXPECT_EQ(got[0].body, "ok\n");
}

TEST_F(HttpServerTest, Http10WithKeepAliveStaysOpen)
{
    Client client(server->port());
    client.send("GET /1 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    ASSERT_TRUE(client.waitForResponses(1));
    EXPECT_EQ(responsesIn(client.data).front().headers.value("Connection"), "keep-alive");
    client.send("GET /2 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    ASSERT_TRUE(client.waitForResponses(2));
    EXPECT_FALSE(client.closed);
    EXPECT_EQ(requests[0].connectionId, requests[1].connectionId);
}

TEST_F(HttpServerTest, ConnectionCloseIsAnsweredThenClosed)
{
    Client client(server->port());
    // The request after the one that said close is never handed over.
    client.send("GET /last HTTP/1.1\r\nConnection: close\r\n\r\nGET /never HTTP/1.1\r\n\r\n");
    ASSERT_TRUE(client.waitClosed());
    const std::vector<Response> got = responsesIn(client.data);
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0].headers.value("Connection"), "close");
    ASSERT_EQ(requests.size(), 1);
    EXPECT_EQ(requests[0].target, "/last");
}

TEST_F(HttpServerTest, AHandlerThatSaysCloseClosesTheConnection)
{
    onRequest = [](const ServerRequest&, HttpServer::Reply reply) {
        ServerAnswer a = respond(200, "bye");
        a.headers.append("Connection", "close");
        reply(a);
    };
    Client client(server->port());
    client.send("GET / HTTP/1.1\r\n\r\n");
    ASSERT_TRUE(client.waitClosed());
    ASSERT_EQ(responsesIn(client.data).size(), 1u);
    EXPECT_EQ(client.data.count("Connection: close"), 1);
}

// --- Order and concurrency --------------------------------------------------

TEST_F(HttpServerTest, PipelinedRequestsAreAnsweredInOrderDespiteADelayedFirstReply)
{
    bool slowAnswered = false;
    bool fastSeenBeforeSlowAnswered = false;
    onRequest = [&](const ServerRequest& r, HttpServer::Reply reply) {
        if (r.path == QStringLiteral("/slow")) {
            QTimer::singleShot(200, [&, reply] {
                slowAnswered = true;
                reply(respond(200, "slow"));
            });
            return;
        }
        fastSeenBeforeSlowAnswered = fastSeenBeforeSlowAnswered || !slowAnswered;
        reply(respond(200, r.path.toUtf8()));
    };
    Client client(server->port());
    client.send("GET /slow HTTP/1.1\r\n\r\nGET /fast HTTP/1.1\r\n\r\nGET /faster HTTP/1.1\r\n\r\n");
    ASSERT_TRUE(client.waitForResponses(3));
    const std::vector<Response> got = responsesIn(client.data);
    EXPECT_EQ(got[0].body, "slow");
    EXPECT_EQ(got[1].body, "/fast");
    EXPECT_EQ(got[2].body, "/faster");
    // The design: the next request is handed over only after the previous answer.
    EXPECT_FALSE(fastSeenBeforeSlowAnswered);
}

TEST_F(HttpServerTest, ALargeBodyPipelinedBehindADelayedReplyArrivesWhole)
{
    // More than the server reads ahead while busy: the rest waits in the
    // kernel until the first answer is out.
    const QByteArray big(3 * 1024 * 1024, 'b');
    onRequest = [&](const ServerRequest& r, HttpServer::Reply reply) {
        if (r.path == QStringLiteral("/slow"))
            QTimer::singleShot(200, [reply] { reply(respond(200, "slow")); });
        else
            reply(respond(200, QByteArray::number(r.body.size())));
    };
    Client client(server->port());
    client.send("GET /slow HTTP/1.1\r\n\r\nPOST /big HTTP/1.1\r\nContent-Length: " + QByteArray::number(big.size())
                + "\r\n\r\n" + big);
    ASSERT_TRUE(client.waitForResponses(2));
    EXPECT_EQ(responsesIn(client.data)[1].body, QByteArray::number(big.size()));
    ASSERT_EQ(requests.size(), 2);
    EXPECT_EQ(requests[1].body, big);
}

TEST_F(HttpServerTest, ADelayedReplyOnOneConnectionDoesNotHoldUpAnother)
{
    HttpServer::Reply waiting;
    onRequest = [&](const ServerRequest& r, HttpServer::Reply reply) {
        if (r.path == QStringLiteral("/wait"))
            waiting = std::move(reply);
        else
            reply(respond(200, "fast"));
    };
    Client slow(server->port());
    slow.send("GET /wait HTTP/1.1\r\n\r\n");
    ASSERT_TRUE(QTest::qWaitFor([&] { return bool(waiting); }, kWaitMs));
    Client fast(server->port());
    fast.send("GET /now HTTP/1.1\r\n\r\n");
    ASSERT_TRUE(fast.waitForResponses(1));
    EXPECT_TRUE(slow.data.isEmpty());
    waiting(respond(200, "late"));
    ASSERT_TRUE(slow.waitForResponses(1));
    EXPECT_EQ(responsesIn(slow.data).front().body, "late");
}

TEST_F(HttpServerTest, ManyConcurrentConnectionsWithDelayedReplies)
{
    onRequest = [](const ServerRequest& r, HttpServer::Reply reply) {
        const int delay = static_cast<int>(r.id % 7) * 10;
        QTimer::singleShot(delay, [r, reply] { reply(respond(200, r.target)); });
    };
    std::vector<std::unique_ptr<Client>> clients;
    for (int i = 0; i < 40; ++i) {
        clients.push_back(std::make_unique<Client>(server->port()));
        clients.back()->send("GET /" + QByteArray::number(i) + " HTTP/1.1\r\n\r\n");
    }
    for (int i = 0; i < 40; ++i) {
        ASSERT_TRUE(clients[i]->waitForResponses(1)) << i;
        EXPECT_EQ(responsesIn(clients[i]->data).front().body, "/" + QByteArray::number(i));
    }
}

// --- Faults -----------------------------------------------------------------

TEST_F(HttpServerTest, HoldSendsNothingAndKeepsTheConnectionOpen)
{
    onRequest = [](const ServerRequest&, HttpServer::Reply reply) {
        reply(fault(Kind::Hold));
    };
    Client client(server->port());
    client.send("GET /held HTTP/1.1\r\n\r\nGET /behind HTTP/1.1\r\n\r\n");
    QTest::qWait(300);
    EXPECT_TRUE(client.data.isEmpty());
    EXPECT_EQ(client.socket.state(), QAbstractSocket::ConnectedState);
    EXPECT_FALSE(client.closed);
    EXPECT_EQ(requests.size(), 1); // a hold blocks its connection for good
}

TEST_F(HttpServerTest, ResetAbortsWithRstAndTruncatedEndsWithFin)
{
    onRequest = [](const ServerRequest& r, HttpServer::Reply reply) {
        reply(r.path == QStringLiteral("/reset") ? fault(Kind::Reset, "body") : fault(Kind::Truncated, "0123456789"));
    };
    PlainClient reset(server->port());
    ASSERT_TRUE(reset.connected());
    reset.send("GET /reset HTTP/1.1\r\n\r\n");
    EXPECT_EQ(reset.waitForEnd(), ECONNRESET);
    EXPECT_TRUE(reset.data.isEmpty()); // not one byte before the reset

    PlainClient truncated(server->port());
    ASSERT_TRUE(truncated.connected());
    truncated.send("GET /truncated HTTP/1.1\r\n\r\n");
    EXPECT_EQ(truncated.waitForEnd(), 0);

    // QTcpSocket tells neither apart: both end as RemoteHostClosedError.
    Client qtReset(server->port());
    qtReset.send("GET /reset HTTP/1.1\r\n\r\n");
    ASSERT_TRUE(qtReset.waitClosed());
    EXPECT_EQ(qtReset.error, QAbstractSocket::RemoteHostClosedError);
}

TEST_F(HttpServerTest, TruncatedSendsHalfTheAnnouncedBodyThenCloses)
{
    onRequest = [](const ServerRequest&, HttpServer::Reply reply) {
        reply(fault(Kind::Truncated, "0123456789"));
    };
    PlainClient client(server->port());
    ASSERT_TRUE(client.connected());
    client.send("GET / HTTP/1.1\r\n\r\n");
    ASSERT_EQ(client.waitForEnd(), 0);
    const qsizetype headEnd = client.data.indexOf("\r\n\r\n");
    ASSERT_GT(headEnd, 0);
    const QByteArray head = client.data.first(headEnd);
    EXPECT_TRUE(head.startsWith("HTTP/1.1 200 OK\r\n"));
    EXPECT_TRUE(head.contains("\r\nContent-Length: 10")) << head.toStdString();
    EXPECT_TRUE(head.contains("\r\nConnection: close"));
    EXPECT_EQ(client.data.sliced(headEnd + 4), "01234");
}

TEST_F(HttpServerTest, MalformedWritesExactlyItsBytesThenCloses)
{
    onRequest = [](const ServerRequest&, HttpServer::Reply reply) {
        reply(fault(Kind::Malformed, "unused"));
    };
    PlainClient client(server->port());
    ASSERT_TRUE(client.connected());
    client.send("GET / HTTP/1.1\r\n\r\n");
    ASSERT_EQ(client.waitForEnd(), 0);
    EXPECT_EQ(client.data, "HTTP/1.1 abc Malformed\r\nContent-Length: 0\r\n\r\n");
}

TEST_F(HttpServerTest, DripSendsTheBodyInTimedPiecesThenKeepsTheConnection)
{
    onRequest = [](const ServerRequest& r, HttpServer::Reply reply) {
        if (r.path != QStringLiteral("/drip")) {
            reply(respond(200, "after"));
            return;
        }
        ServerAnswer a = fault(Kind::Drip, QByteArray(40, 'd'));
        a.dripChunkBytes = 10;
        a.dripIntervalMs = 100;
        reply(a);
    };
    Client client(server->port());
    client.send("GET /drip HTTP/1.1\r\n\r\n");
    ASSERT_TRUE(client.waitForResponses(1));
    const Response dripped = responsesIn(client.data).front();
    EXPECT_EQ(dripped.body, QByteArray(40, 'd'));
    EXPECT_EQ(dripped.headers.value("Content-Length"), "40");
    // The head at once, then four pieces 100 ms apart: several reads spread
    // over at least ~300 ms (bounds are loose for a busy machine).
    ASSERT_GE(client.reads.size(), 3u);
    EXPECT_GE(client.reads.back().atMs - client.reads.front().atMs, 250);
    for (size_t i = 1; i < client.reads.size(); ++i)
        EXPECT_LE(client.reads[i].bytes, 10) << "read " << i;

    client.send("GET /next HTTP/1.1\r\n\r\n");
    ASSERT_TRUE(client.waitForResponses(2));
    EXPECT_EQ(responsesIn(client.data).back().body, "after");
    EXPECT_EQ(requests[0].connectionId, requests[1].connectionId);
}

// --- 100-continue -----------------------------------------------------------

TEST_F(HttpServerTest, ExpectContinueGetsTheGoAheadBeforeTheBody)
{
    Client client(server->port());
    client.send("PUT /up HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
    ASSERT_TRUE(QTest::qWaitFor([&] { return !client.data.isEmpty(); }, kWaitMs));
    EXPECT_EQ(client.data, "HTTP/1.1 100 Continue\r\n\r\n");
    EXPECT_TRUE(requests.isEmpty());
    client.send("hello");
    ASSERT_TRUE(client.waitForResponses(1)); // the parser skips the interim answer
    ASSERT_EQ(requests.size(), 1);
    EXPECT_EQ(requests[0].body, "hello");
}

// --- Refusals ---------------------------------------------------------------

struct RefusalCase {
    const char* name;
    QByteArray bytes;
    int status;
};

class HttpServerRefusalTest : public HttpServerTest, public ::testing::WithParamInterface<RefusalCase>
{
protected:
    void SetUp() override { ASSERT_TRUE(start(ServerLimits{.maxHeadBytes = 200, .maxBodyBytes = 100})); }
};

TEST_P(HttpServerRefusalTest, AnswersWithCloseThenCloses)
{
    Client client(server->port());
    client.send(GetParam().bytes);
    ASSERT_TRUE(client.waitClosed());
    const std::vector<Response> got = responsesIn(client.data);
    ASSERT_EQ(got.size(), 1u) << client.data.toStdString();
    EXPECT_EQ(got[0].status, GetParam().status);
    EXPECT_EQ(got[0].headers.value("Connection"), "close");
    EXPECT_EQ(got[0].headers.value("Content-Type"), "text/plain; charset=utf-8");
    EXPECT_FALSE(got[0].body.isEmpty());
    EXPECT_FALSE(client.data.contains("100 Continue"));
    EXPECT_TRUE(requests.isEmpty());
}

INSTANTIATE_TEST_SUITE_P(
    Refusals, HttpServerRefusalTest,
    ::testing::Values(
        RefusalCase{"HeadTooLarge", "GET / HTTP/1.1\r\nX-Pad: " + QByteArray(300, 'p') + "\r\n\r\n", 431},
        RefusalCase{"LineNeverEnds", "GET /" + QByteArray(300, 'a'), 431},
        RefusalCase{"BodyTooLarge", "POST / HTTP/1.1\r\nContent-Length: 101\r\n\r\n", 413},
        RefusalCase{"BodyTooLargeWithExpect", "POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 101\r\n\r\n",
                    413},
        RefusalCase{"ChunkedTooLarge", "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n65\r\n", 413},
        RefusalCase{"Garbage", QByteArray("\x16\x03\x01\x00\xa5\x01\x00\x00", 8), 400},
        RefusalCase{"Http2Preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 400},
        RefusalCase{"BothFramings", "POST / HTTP/1.1\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n", 400},
        RefusalCase{"FoldedHeader", "GET / HTTP/1.1\r\nX-A: 1\r\n 2\r\n\r\n", 400},
        RefusalCase{"Http2Get", "GET / HTTP/2.0\r\n\r\n", 505}),
    [](const ::testing::TestParamInfo<RefusalCase>& info) { return std::string(info.param.name); });

TEST_F(HttpServerTest, ABadRequestAfterAGoodOneIsRefusedAfterItsAnswer)
{
    Client client(server->port());
    client.send("GET /good HTTP/1.1\r\n\r\nBAD\x01\r\n\r\n");
    ASSERT_TRUE(client.waitClosed());
    const std::vector<Response> got = responsesIn(client.data);
    ASSERT_EQ(got.size(), 2u);
    EXPECT_EQ(got[0].status, 200);
    EXPECT_EQ(got[1].status, 400);
}

// --- Abandoned requests and late replies ------------------------------------

TEST_F(HttpServerTest, AClientThatLeavesAPendingRequestIsReportedAndALateReplyIsHarmless)
{
    HttpServer::Reply kept;
    onRequest = [&](const ServerRequest&, HttpServer::Reply reply) {
        kept = std::move(reply);
    };
    {
        Client client(server->port());
        client.send("GET /slow HTTP/1.1\r\n\r\n");
        ASSERT_TRUE(QTest::qWaitFor([&] { return bool(kept); }, kWaitMs));
        client.socket.abort();
    }
    ASSERT_TRUE(QTest::qWaitFor([&] { return !abandoned.isEmpty(); }, kWaitMs));
    EXPECT_EQ(abandoned, (QList<quint64>{requests[0].id}));
    kept(respond(200, "too late")); // nothing to answer: no crash, no effect
    QTest::qWait(20);
    EXPECT_EQ(abandoned.size(), 1);
}

TEST_F(HttpServerTest, AHeldRequestWhoseClientLeavesIsReportedToo)
{
    onRequest = [](const ServerRequest&, HttpServer::Reply reply) {
        reply(fault(Kind::Hold));
    };
    Client client(server->port());
    client.send("GET /held HTTP/1.1\r\n\r\n");
    ASSERT_TRUE(QTest::qWaitFor([&] { return !requests.isEmpty(); }, kWaitMs));
    client.socket.disconnectFromHost();
    ASSERT_TRUE(QTest::qWaitFor([&] { return !abandoned.isEmpty(); }, kWaitMs));
    EXPECT_EQ(abandoned.front(), requests[0].id);
}

TEST_F(HttpServerTest, AnAnsweredRequestIsNotReportedAbandoned)
{
    Client client(server->port());
    client.send("GET / HTTP/1.1\r\n\r\n");
    ASSERT_TRUE(client.waitForResponses(1));
    client.socket.disconnectFromHost();
    QTest::qWait(100);
    EXPECT_TRUE(abandoned.isEmpty());
}

TEST_F(HttpServerTest, CloseDropsConnectionsAndReportsWaitingRequests)
{
    HttpServer::Reply kept;
    onRequest = [&](const ServerRequest&, HttpServer::Reply reply) {
        kept = std::move(reply);
    };
    Client client(server->port());
    client.send("GET / HTTP/1.1\r\n\r\n");
    ASSERT_TRUE(QTest::qWaitFor([&] { return bool(kept); }, kWaitMs));
    server->close();
    EXPECT_EQ(abandoned, (QList<quint64>{requests[0].id}));
    ASSERT_TRUE(client.waitClosed());
    kept(respond(200, "late"));
    Client refused(server->port());
    ASSERT_TRUE(QTest::qWaitFor([&] { return refused.error.has_value(); }, kWaitMs));
    EXPECT_EQ(*refused.error, QAbstractSocket::ConnectionRefusedError);
}

TEST_F(HttpServerTest, AReplyOutlivingTheServerIsHarmless)
{
    HttpServer::Reply kept;
    onRequest = [&](const ServerRequest&, HttpServer::Reply reply) {
        kept = std::move(reply);
    };
    Client client(server->port());
    client.send("GET / HTTP/1.1\r\n\r\n");
    ASSERT_TRUE(QTest::qWaitFor([&] { return bool(kept); }, kWaitMs));
    server.reset();
    EXPECT_TRUE(abandoned.isEmpty()); // destruction reports nothing
    kept(respond(200, "late"));
    ASSERT_TRUE(client.waitClosed());
    EXPECT_TRUE(client.data.isEmpty());
}

// --- Listening --------------------------------------------------------------

TEST_F(HttpServerTest, APortInUseFailsWithAReason)
{
    HttpServer other([](const ServerRequest&, HttpServer::Reply) {});
    EXPECT_FALSE(other.listen(QHostAddress::LocalHost, server->port()));
    EXPECT_FALSE(other.errorString().isEmpty());
    EXPECT_NE(server->port(), 0);
}

// --- The log ----------------------------------------------------------------

TEST(HttpServerLog, FormatsOneLine)
{
    ServerLogEntry entry{
        QHostAddress(QStringLiteral("127.0.0.1")), 50432, "GET", "/orders", "1.1", QStringLiteral("503"), 27, 12.34};
    EXPECT_EQ(formatLogLine(entry), QStringLiteral("127.0.0.1:50432 \"GET /orders HTTP/1.1\" 503 27 12.3ms"));
    entry.peerAddress = QHostAddress(QStringLiteral("::1"));
    entry.outcome = QStringLiteral("drip 200");
    EXPECT_EQ(formatLogLine(entry), QStringLiteral("[::1]:50432 \"GET /orders HTTP/1.1\" drip 200 27 12.3ms"));
    entry.peerAddress = QHostAddress(QStringLiteral("::ffff:127.0.0.1"));
    entry.method.clear();
    entry.outcome = QStringLiteral("400");
    EXPECT_EQ(formatLogLine(entry), QStringLiteral("127.0.0.1:50432 \"-\" 400 27 12.3ms"));
    entry.method = "GET";
    entry.target = "/items?api_key=k-789&page=2";
    entry.outcome = QStringLiteral("200");
    EXPECT_EQ(formatLogLine(entry),
              QStringLiteral("127.0.0.1:50432 \"GET /items?api_key=••••&page=2 HTTP/1.1\" 200 27 12.3ms"));
}

TEST_F(HttpServerTest, LogsOneEntryPerFinishedExchange)
{
    onRequest = [](const ServerRequest& r, HttpServer::Reply reply) {
        if (r.path == QStringLiteral("/held"))
            reply(fault(Kind::Hold));
        else if (r.path == QStringLiteral("/reset"))
            reply(fault(Kind::Reset));
        else
            reply(respond(503, "unavailable"));
    };
    Client a(server->port());
    a.send("GET /ok?x=1 HTTP/1.1\r\n\r\nHEAD /ok HTTP/1.1\r\n\r\nGET /held HTTP/1.1\r\n\r\n");
    Client b(server->port());
    b.send("GET /reset HTTP/1.1\r\n\r\n");
    Client c(server->port());
    c.send("GET / HTTP/7.0\r\n\r\n");
    ASSERT_TRUE(QTest::qWaitFor([&] { return logged.size() >= 5; }, kWaitMs));
    QStringList lines;
    for (const ServerLogEntry& e : logged) {
        EXPECT_EQ(e.peerAddress, QHostAddress(QHostAddress::LocalHost));
        EXPECT_GE(e.elapsedMs, 0);
        lines.append(QString::fromLatin1(e.method + ' ' + e.target) + u' ' + e.outcome + u' '
                     + QString::number(e.bodyBytes));
    }
    lines.sort();
    EXPECT_EQ(lines.join(u'\n').toStdString(),
              "GET / 505 54\n"
              "GET /held held 0\n"
              "GET /ok?x=1 503 11\n"
              "GET /reset reset 0\n"
              "HEAD /ok 503 0");
}

} // namespace
