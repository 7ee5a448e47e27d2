#include "httpserver.h"

#include "http/statusreason.h"

#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <sys/socket.h>

#include <cmath>

namespace jitterbug {

namespace {

// How long a closing connection waits for the client to close its side.
constexpr int kLingerMs = 2000;

// What a busy connection reads ahead of its turn, in the parser and in the socket.
constexpr qsizetype kMaxBufferedWhileBusy = 1024 * 1024;
constexpr qint64 kSocketReadBufferBytes = 64 * 1024;

} // namespace

// One accepted connection. Shared so that a Reply can hold it weakly: once
// the connection is dropped, late replies find nothing to answer.
struct HttpServer::Connection {
    enum class State {
        Idle, // reading the next request
        Waiting, // the handler has a request and not yet answered it
        Held, // answered with Hold: nothing more, ever
        Dripping, // the body is going out on a timer
        Closing, // the answer is out; waiting for the client to close
        Closed,
    };

    explicit Connection(ServerLimits limits)
        : parser(limits)
    {
    }

    quint64 id = 0;
    QTcpSocket* socket = nullptr;
    QHostAddress peerAddress;
    quint16 peerPort = 0;
    HttpRequestParser parser;
    State state = State::Idle;
    bool inDispatch = false; // the handler runs: an answer given now must not re-enter process()
    bool writeShut = false;

    // The request being answered.
    quint64 requestId = 0;
    QByteArray method;
    QByteArray target;
    QByteArray httpVersion;
    bool keepAlive = true;
    qint64 startNs = 0;

    // A drip in progress.
    QByteArray dripBytes;
    qsizetype dripPos = 0;
    qsizetype dripChunk = 1;
    int dripStatus = 0;
    bool dripClose = false;
    QTimer* dripTimer = nullptr; // a child of the socket, made on the first drip
};

HttpServer::HttpServer(Handler handler, ServerLimits limits, QObject* parent)
    : QObject(parent)
    , m_handler(std::move(handler))
    , m_limits(limits)
    , m_server(new QTcpServer(this))
{
    connect(m_server, &QTcpServer::newConnection, this, &HttpServer::onNewConnection);
    m_clock.start();
}

HttpServer::~HttpServer()
{
    // While the members still exist: a socket dying later with m_server
    // would signal into a half-destroyed object.
    m_server->close();
    const auto connections = std::move(m_connections);
    for (const auto& [id, c] : connections) {
        c->state = Connection::State::Closed;
        c->socket->disconnect(this);
        c->socket->abort();
        delete c->socket;
    }
}

bool HttpServer::listen(const QHostAddress& address, quint16 port)
{
    return m_server->listen(address, port);
}

QString HttpServer::errorString() const
{
    return m_server->errorString();
}

quint16 HttpServer::port() const
{
    return m_server->serverPort();
}

void HttpServer::close()
{
    m_server->close();
    std::vector<ConnectionPtr> connections;
    connections.reserve(m_connections.size());
    for (const auto& [id, c] : m_connections)
        connections.push_back(c);
    for (const ConnectionPtr& c : connections)
        drop(c, true);
}

void HttpServer::setAbandonedHandler(std::function<void(quint64)> onAbandoned)
{
    m_onAbandoned = std::move(onAbandoned);
}

void HttpServer::setLogger(std::function<void(const ServerLogEntry&)> logger)
{
    m_logger = std::move(logger);
}

void HttpServer::onNewConnection()
{
    while (QTcpSocket* socket = m_server->nextPendingConnection()) {
        auto c = std::make_shared<Connection>(m_limits);
        c->id = ++m_lastConnectionId;
        c->socket = socket;
        c->peerAddress = socket->peerAddress();
        c->peerPort = socket->peerPort();
        // Each answer is one write: Nagle's algorithm would only hold it back.
        socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        socket->setReadBufferSize(kSocketReadBufferBytes);
        m_connections.emplace(c->id, c);
        const std::weak_ptr<Connection> weak = c;
        connect(socket, &QTcpSocket::readyRead, this, [this, weak] {
            if (const ConnectionPtr c = weak.lock())
                onReadyRead(c);
        });
        connect(socket, &QTcpSocket::disconnected, this, [this, weak] {
            if (const ConnectionPtr c = weak.lock())
                drop(c, true);
        });
        // Bytes may have come with the connection, before readyRead was connected.
        if (socket->bytesAvailable() > 0)
            onReadyRead(c);
    }
}

void HttpServer::onReadyRead(const ConnectionPtr& c)
{
    if (c->state == Connection::State::Closing) {
        c->socket->skip(c->socket->bytesAvailable()); // lingering close: read and drop
        return;
    }
    readSocket(*c);
    if (c->state == Connection::State::Idle)
        process(c);
}

// Moves what has arrived into the parser. While a request waits for its
// answer, reading goes on (so a client that gives up is seen at once) until
// kMaxBufferedWhileBusy bytes wait behind it; past that the socket's capped
// read buffer fills and the kernel slows the client down.
void HttpServer::readSocket(Connection& c)
{
    char chunk[16 * 1024];
    while (c.state == Connection::State::Idle || c.parser.bufferedBytes() < kMaxBufferedWhileBusy) {
        const qint64 n = c.socket->read(chunk, sizeof chunk);
        if (n <= 0)
            break;
        c.parser.feed(QByteArrayView(chunk, n));
    }
}

void HttpServer::process(const ConnectionPtr& c)
{
    while (c->state == Connection::State::Idle) {
        switch (c->parser.next()) {
        case HttpRequestParser::Result::NeedMore:
            return;
        case HttpRequestParser::Result::ContinueExpected:
            c->socket->write(kContinueResponse.data(), kContinueResponse.size());
            c->socket->flush();
            break;
        case HttpRequestParser::Result::Error:
            refuse(c);
            return;
        case HttpRequestParser::Result::Request:
            dispatch(c);
            break;
        }
    }
}

void HttpServer::dispatch(const ConnectionPtr& c)
{
    ServerRequest request = c->parser.takeRequest();
    request.id = ++m_lastRequestId;
    request.connectionId = c->id;
    request.peerAddress = c->peerAddress;
    request.peerPort = c->peerPort;

    c->state = Connection::State::Waiting;
    c->requestId = request.id;
    c->method = request.method;
    c->target = request.target;
    c->httpVersion = request.httpVersion;
    c->keepAlive = c->parser.keepAlive();
    c->startNs = m_clock.nsecsElapsed();

    Reply reply = [this, weak = std::weak_ptr<Connection>(c), id = request.id](ServerAnswer a) {
        if (const ConnectionPtr c = weak.lock())
            answer(c, id, std::move(a));
    };
    c->inDispatch = true;
    m_handler(request, std::move(reply));
    c->inDispatch = false;
}

void HttpServer::answer(const ConnectionPtr& c, quint64 requestId, ServerAnswer a)
{
    if (c->state != Connection::State::Waiting || c->requestId != requestId)
        return; // answered already, or the connection is going
    switch (a.kind) {
    case ServerAnswer::Kind::Respond:
        respond(c, a);
        return;
    case ServerAnswer::Kind::Hold:
        c->state = Connection::State::Held;
        log(*c, QStringLiteral("held"), 0);
        return;
    case ServerAnswer::Kind::Reset: {
        log(*c, QStringLiteral("reset"), 0);
        // A zero linger time makes close() send RST instead of FIN, which is
        // what a crashed or overloaded peer looks like.
        const linger noLinger{1, 0};
        ::setsockopt(static_cast<int>(c->socket->socketDescriptor()), SOL_SOCKET, SO_LINGER, &noLinger,
                     sizeof noLinger);
        drop(c, false);
        return;
    }
    case ServerAnswer::Kind::Malformed:
        c->socket->write(kMalformedResponse.data(), kMalformedResponse.size());
        log(*c, QStringLiteral("malformed"), 0);
        closeGracefully(c);
        return;
    case ServerAnswer::Kind::Truncated: {
        const QByteArray body = wireBody(a.headers, a.body);
        const bool sendBody = statusHasBody(a.status) && c->method != "HEAD";
        QByteArray out;
        out.reserve(512 + body.size() / 2);
        writeHead(out, c->httpVersion, a.status, a.headers, body.size(), true);
        const qsizetype half = sendBody ? body.size() / 2 : 0;
        out.append(body.constData(), half);
        c->socket->write(out);
        log(*c, QStringLiteral("truncated"), half);
        closeGracefully(c);
        return;
    }
    case ServerAnswer::Kind::Drip:
        startDrip(c, a);
        return;
    }
}

void HttpServer::respond(const ConnectionPtr& c, const ServerAnswer& a)
{
    const bool closeAfter = !c->keepAlive || asksToClose(a.headers);
    const bool sendBody = statusHasBody(a.status) && c->method != "HEAD";
    const QByteArray body = wireBody(a.headers, a.body);
    QByteArray out;
    out.reserve(256 + (sendBody ? body.size() : 0));
    writeHead(out, c->httpVersion, a.status, a.headers, statusHasBody(a.status) ? body.size() : -1, closeAfter);
    if (sendBody)
        out += body;
    // One write, flushed now rather than on the next turn of the event loop.
    c->socket->write(out);
    c->socket->flush();
    log(*c, QString::number(a.status), sendBody ? body.size() : 0);
    exchangeDone(c, closeAfter);
}

void HttpServer::startDrip(const ConnectionPtr& c, const ServerAnswer& a)
{
    const bool closeAfter = !c->keepAlive || asksToClose(a.headers);
    const bool sendBody = statusHasBody(a.status) && c->method != "HEAD";
    const QByteArray body = wireBody(a.headers, a.body);
    QByteArray out;
    out.reserve(256);
    writeHead(out, c->httpVersion, a.status, a.headers, statusHasBody(a.status) ? body.size() : -1, closeAfter);
    c->socket->write(out);
    c->socket->flush();
    if (c->state == Connection::State::Closed)
        return;
    if (!sendBody || body.isEmpty()) {
        log(*c, u"drip " + QString::number(a.status), 0);
        exchangeDone(c, closeAfter);
        return;
    }
    c->state = Connection::State::Dripping;
    c->dripBytes = body;
    c->dripPos = 0;
    c->dripChunk = static_cast<qsizetype>(std::max<qint64>(a.dripChunkBytes, 1));
    c->dripStatus = a.status;
    c->dripClose = closeAfter;
    if (!c->dripTimer) {
        c->dripTimer = new QTimer(c->socket);
        c->dripTimer->setTimerType(Qt::PreciseTimer);
        connect(c->dripTimer, &QTimer::timeout, this, [this, weak = std::weak_ptr<Connection>(c)] {
            if (const ConnectionPtr c = weak.lock())
                dripNext(c);
        });
    }
    c->dripTimer->start(static_cast<int>(std::lround(std::max(a.dripIntervalMs, 0.0))));
}

void HttpServer::dripNext(const ConnectionPtr& c)
{
    if (c->state != Connection::State::Dripping) {
        c->dripTimer->stop();
        return;
    }
    const qsizetype n = std::min(c->dripChunk, c->dripBytes.size() - c->dripPos);
    c->socket->write(c->dripBytes.constData() + c->dripPos, n);
    c->socket->flush();
    if (c->state == Connection::State::Closed)
        return;
    c->dripPos += n;
    if (c->dripPos < c->dripBytes.size())
        return;
    c->dripTimer->stop();
    log(*c, u"drip " + QString::number(c->dripStatus), c->dripBytes.size());
    c->dripBytes = {};
    exchangeDone(c, c->dripClose);
}

// The parser refused the request: answer with its status, then close.
void HttpServer::refuse(const ConnectionPtr& c)
{
    const ServerRequest& partial = c->parser.partialRequest();
    c->requestId = 0;
    c->method = partial.method;
    c->target = partial.target;
    c->httpVersion = partial.httpVersion;
    c->keepAlive = false;
    c->startNs = m_clock.nsecsElapsed();
    ServerAnswer a;
    a.status = c->parser.errorStatus();
    a.headers.append("Content-Type", "text/plain; charset=utf-8");
    a.body = reasonPhrase(a.status).toByteArray() + ": " + c->parser.errorDetail() + '\n';
    respond(c, a);
}

void HttpServer::exchangeDone(const ConnectionPtr& c, bool closeAfter)
{
    // A write can fail on a reset peer, and Qt then drops the connection at
    // once: nothing more may be read from it or answered on it.
    if (c->state == Connection::State::Closed)
        return;
    if (closeAfter) {
        closeGracefully(c);
        return;
    }
    c->state = Connection::State::Idle;
    // Inside the handler, process() is on the stack already and goes on by itself.
    if (!c->inDispatch) {
        readSocket(*c); // what was left with the socket while busy
        process(c);
    }
}

void HttpServer::closeGracefully(const ConnectionPtr& c)
{
    if (c->state == Connection::State::Closed)
        return;
    c->state = Connection::State::Closing;
    c->socket->flush();
    if (c->state == Connection::State::Closed)
        return;
    if (c->socket->bytesToWrite() == 0) {
        shutdownWrite(c);
        return;
    }
    connect(c->socket, &QTcpSocket::bytesWritten, this, [this, weak = std::weak_ptr<Connection>(c)] {
        const ConnectionPtr c = weak.lock();
        if (c && c->socket->bytesToWrite() == 0)
            shutdownWrite(c);
    });
}

// FIN after the last byte, then read until the client closes as well: a
// plain close() with unread input would make the kernel send RST, and the
// client could lose the answer.
void HttpServer::shutdownWrite(const ConnectionPtr& c)
{
    if (c->writeShut || c->state == Connection::State::Closed)
        return;
    c->writeShut = true;
    ::shutdown(static_cast<int>(c->socket->socketDescriptor()), SHUT_WR);
    c->socket->skip(c->socket->bytesAvailable());
    QTimer::singleShot(kLingerMs, c->socket, [this, weak = std::weak_ptr<Connection>(c)] {
        if (const ConnectionPtr c = weak.lock())
            drop(c, false);
    });
}

void HttpServer::drop(const ConnectionPtr& c, bool reportAbandoned)
{
    if (c->state == Connection::State::Closed)
        return;
    const bool pending = c->state == Connection::State::Waiting || c->state == Connection::State::Held;
    if (reportAbandoned && c->state == Connection::State::Waiting)
        log(*c, QStringLiteral("abandoned"), 0);
    if (c->state == Connection::State::Dripping)
        log(*c, u"drip " + QString::number(c->dripStatus), c->dripPos); // cut short by the client
    c->state = Connection::State::Closed;
    m_connections.erase(c->id);
    // Reached from the socket's own signals: detach first, delete later.
    c->socket->disconnect(this);
    c->socket->abort();
    c->socket->deleteLater();
    if (reportAbandoned && pending && m_onAbandoned)
        m_onAbandoned(c->requestId);
}

void HttpServer::log(const Connection& c, QString outcome, qint64 bodyBytes)
{
    if (!m_logger)
        return;
    ServerLogEntry entry;
    entry.peerAddress = c.peerAddress;
    entry.peerPort = c.peerPort;
    entry.method = c.method;
    entry.target = c.target;
    entry.httpVersion = c.httpVersion;
    entry.outcome = std::move(outcome);
    entry.bodyBytes = bodyBytes;
    entry.elapsedMs = static_cast<double>(m_clock.nsecsElapsed() - c.startNs) / 1e6;
    m_logger(entry);
}

} // namespace jitterbug
