#include "http1transport.h"

#include "wirerules.h"

#include "http/origin.h"

#include <QTcpSocket>
#include <QTimer>

#if QT_CONFIG(ssl)
#include <QSslSocket>
#endif

#include <climits>
#include <cmath>

namespace jitterbug {

struct Http1Transport::Exchange {
    Request request; // the current hop: a redirect changes it
    ExchangeOptions options;
    Done done;
    QTcpSocket* socket = nullptr;
    QTimer* connectTimer = nullptr;
    std::unique_ptr<HttpResponseParser> parser;
    int redirects = 0;
    QString tlsError;
    std::optional<ExchangeResult> result; // set once finished, until `done` runs
};

namespace {

// Connections are shared by origin, and never between requests that check
// the certificate and requests that accept any (-k).
QString connectionKey(const QUrl& url, bool insecureTls)
{
    const bool tls = url.scheme() == u"https";
    return originOf(url) + (tls && insecureTls ? QStringLiteral(" -k") : QString());
}

// The request as it goes on the wire (RFC 9112 §3): the request's own header
// fields in their order, null-valued ones left out, plus Host and, for a
// body, Content-Length when the request does not say them itself.
QByteArray serialise(const Request& r)
{
    const QByteArray target = requestTarget(r);

    QByteArray out;
    out.reserve(256 + r.body.size());
    out += r.method + ' ' + target + " HTTP/1.1\r\n";
    if (!r.headers.contains("Host")) {
        const bool tls = r.url.scheme() == u"https";
        const int port = r.url.port(tls ? 443 : 80);
        QByteArray host = r.url.host(QUrl::FullyEncoded).toLatin1();
        if (host.contains(':'))
            host = '[' + host + ']'; // an IPv6 literal
        out += "Host: " + host;
        if (port != (tls ? 443 : 80))
            out += ':' + QByteArray::number(port);
        out += "\r\n";
    }
    for (const HeaderList::Field& f : r.headers.fields()) {
        if (!f.value.isNull())
            out += f.name + ": " + f.value + "\r\n";
    }
    const bool chunked = r.headers.value("Transfer-Encoding").toLower().contains("chunked");
    const bool mayHaveBody = r.method == "POST" || r.method == "PUT" || r.method == "PATCH";
    if ((!r.body.isEmpty() || mayHaveBody) && !r.headers.contains("Content-Length") && !chunked)
        out += "Content-Length: " + QByteArray::number(r.body.size()) + "\r\n";
    out += "\r\n";
    if (chunked) {
        // The user asked for chunked framing (curl -H 'Transfer-Encoding:
        // chunked'): the body goes out as one chunk and the last chunk.
        if (!r.body.isEmpty())
            out += QByteArray::number(r.body.size(), 16) + "\r\n" + r.body + "\r\n";
        out += "0\r\n\r\n";
    } else {
        out += r.body;
    }
    return out;
}

// Whether the request's Connection field says "close".
bool hasCloseOption(const HeaderList& headers)
{
    for (const QByteArray& value : headers.values("Connection")) {
        for (const QByteArray& token : value.split(',')) {
            if (token.trimmed().compare("close", Qt::CaseInsensitive) == 0)
                return true;
        }
    }
    return false;
}

ErrorCode mapSocketError(int error)
{
    switch (static_cast<QAbstractSocket::SocketError>(error)) {
    case QAbstractSocket::ConnectionRefusedError:
        return ErrorCode::ConnectionRefused;
    case QAbstractSocket::RemoteHostClosedError:
        return ErrorCode::ConnectionReset;
    case QAbstractSocket::HostNotFoundError:
        return ErrorCode::HostNotFound;
    case QAbstractSocket::SocketTimeoutError:
        return ErrorCode::Timeout;
    case QAbstractSocket::NetworkError:
        return ErrorCode::NetworkUnreachable;
    case QAbstractSocket::SslHandshakeFailedError:
    case QAbstractSocket::SslInternalError:
    case QAbstractSocket::SslInvalidUserDataError:
        return ErrorCode::Tls;
    default:
        return ErrorCode::NetworkError;
    }
}

} // namespace

Http1Transport::Http1Transport(QObject* parent)
    : QObject(parent)
{
    m_clock.start();
}

Http1Transport::~Http1Transport()
{
    for (auto& [id, exchange] : m_exchanges) {
        if (exchange->socket)
            dropSocket(exchange->socket);
    }
    for (const QList<IdleConnection>& idle : std::as_const(m_idle)) {
        for (const IdleConnection& c : idle)
            dropSocket(c.socket);
    }
}

Transport::ExchangeId Http1Transport::start(const Request& request, const ExchangeOptions& options, Done done)
{
    const ExchangeId id = m_nextId++;
    auto owned = std::make_unique<Exchange>();
    Exchange& exchange = *owned;
    exchange.request = request;
    exchange.options = options;
    exchange.done = std::move(done);
    m_exchanges.emplace(id, std::move(owned));

    if (std::optional<ExchangeResult> refused = refusal(request)) {
        finish(id, std::move(*refused), false);
        return id;
    }
    open(id, exchange);
    return id;
}

void Http1Transport::abort(ExchangeId id)
{
    const auto it = m_exchanges.find(id);
    if (it == m_exchanges.end())
        return;
    if (QTcpSocket* socket = std::exchange(it->second->socket, nullptr))
        dropSocket(socket); // half an exchange on it: never reused
    m_exchanges.erase(it);
}

// A fresh idle connection to the same origin if there is one, else a new one.
void Http1Transport::open(ExchangeId id, Exchange& exchange)
{
    exchange.parser
        = std::make_unique<HttpResponseParser>(exchange.request.method == "HEAD", exchange.options.maxResponseBytes);
    const QUrl& url = exchange.request.url;
    if (QTcpSocket* idle = takeIdle(connectionKey(url, exchange.request.insecureTls))) {
        attach(id, exchange, idle);
        send(exchange);
        return;
    }

    const bool tls = url.scheme() == u"https";
    QTcpSocket* socket = nullptr;
#if QT_CONFIG(ssl)
    if (tls) {
        auto* ssl = new QSslSocket(this);
        connect(ssl, &QSslSocket::sslErrors, this, [this, id, ssl](const QList<QSslError>& errors) {
            Exchange* e = find(id);
            if (!e)
                return;
            if (e->request.insecureTls)
                ssl->ignoreSslErrors();
            else if (!errors.isEmpty() && e->tlsError.isEmpty())
                e->tlsError = errors.first().errorString();
        });
        socket = ssl;
    }
#endif
    if (!socket && tls) {
        finish(id, exchangeFailure(ErrorCode::Tls, QStringLiteral("this build has no TLS support")), false);
        return;
    }
    if (!socket)
        socket = new QTcpSocket(this);
    attach(id, exchange, socket);
    // Small requests and answers: do not let Nagle hold the request back.
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);

    // Set before the connect starts, so that a connect that fails at once
    // finds it to stop.
    if (exchange.options.connectTimeoutMs && *exchange.options.connectTimeoutMs > 0) {
        const double ms = std::clamp(std::ceil(*exchange.options.connectTimeoutMs), 0.0, static_cast<double>(INT_MAX));
        exchange.connectTimer = new QTimer(socket);
        exchange.connectTimer->setSingleShot(true);
        exchange.connectTimer->setTimerType(Qt::PreciseTimer);
        connect(exchange.connectTimer, &QTimer::timeout, this, [this, id, ms] {
            finish(id, exchangeFailure(ErrorCode::Timeout, QStringLiteral("connect timed out after %1 ms").arg(ms)),
                   false);
        });
        exchange.connectTimer->start(static_cast<int>(ms));
    }

    const auto connected = [this, id] {
        Exchange* e = find(id);
        if (!e)
            return;
        // Its work is done. Not kept: it is the socket's child, and the
        // socket may outlive this exchange's hop on it (a redirect to an idle
        // connection elsewhere, then this one closed) or be parked for
        // another exchange.
        if (QTimer* timer = std::exchange(e->connectTimer, nullptr)) {
            timer->stop();
            timer->deleteLater();
        }
        send(*e);
    };
#if QT_CONFIG(ssl)
    if (auto* ssl = qobject_cast<QSslSocket*>(socket)) {
        connect(ssl, &QSslSocket::encrypted, this, connected);
        ssl->connectToHostEncrypted(url.host(), static_cast<quint16>(url.port(443)));
    } else
#endif
    {
        connect(socket, &QTcpSocket::connected, this, connected);
        socket->connectToHost(url.host(), static_cast<quint16>(url.port(80)));
    }
}

void Http1Transport::attach(ExchangeId id, Exchange& exchange, QTcpSocket* socket)
{
    exchange.socket = socket;
    connect(socket, &QTcpSocket::readyRead, this, [this, id] { onReadyRead(id); });
    connect(socket, &QTcpSocket::errorOccurred, this,
            [this, id](QAbstractSocket::SocketError error) { onClosed(id, static_cast<int>(error)); });
}

void Http1Transport::send(Exchange& exchange)
{
    exchange.socket->write(serialise(exchange.request));
}

void Http1Transport::onReadyRead(ExchangeId id)
{
    Exchange* e = find(id);
    if (!e || !e->socket)
        return;
    switch (e->parser->feed(e->socket->readAll())) {
    case HttpResponseParser::State::Reading:
        return;
    case HttpResponseParser::State::Complete:
        onComplete(id, *e);
        return;
    case HttpResponseParser::State::Failed:
        finish(id,
               exchangeFailure(e->parser->tooLarge() ? ErrorCode::ResponseTooLarge : ErrorCode::ProtocolError,
                               e->parser->error()),
               false);
        return;
    }
}

void Http1Transport::onClosed(ExchangeId id, int socketError)
{
    Exchange* e = find(id);
    if (!e || !e->socket)
        return;
    if (static_cast<QAbstractSocket::SocketError>(socketError) == QAbstractSocket::RemoteHostClosedError) {
        // Read what arrived with the close first: garbage is a protocol
        // error, a body that runs to the end of the connection is complete
        // now, and anything else cut short is a reset connection.
        if (e->parser->feed(e->socket->readAll()) == HttpResponseParser::State::Failed) {
            finish(id,
                   exchangeFailure(e->parser->tooLarge() ? ErrorCode::ResponseTooLarge : ErrorCode::ProtocolError,
                                   e->parser->error()),
                   false);
            return;
        }
        if (e->parser->state() == HttpResponseParser::State::Reading
            && e->parser->endOfStream() == HttpResponseParser::State::Failed) {
            finish(id, exchangeFailure(ErrorCode::ConnectionReset, e->parser->error()), false);
            return;
        }
        onComplete(id, *e);
        return;
    }
    const ErrorCode code = mapSocketError(socketError);
    const QString detail = code == ErrorCode::Tls && !e->tlsError.isEmpty() ? e->tlsError : e->socket->errorString();
    finish(id, exchangeFailure(code, detail), false);
}

void Http1Transport::onComplete(ExchangeId id, Exchange& e)
{
    Response response = e.parser->takeResponse();
    response.finalUrl = e.request.url;
    // Not reused: a connection with bytes past the response on it, one the
    // request itself asked to close (RFC 9112 §9.6: nothing more may be sent
    // on it), or one the request is still going out on (an early answer): the
    // rest of its body would come before the next request.
    const bool reusable = e.parser->keepAlive() && e.parser->leftover().isEmpty() && !hasCloseOption(e.request.headers)
        && e.socket->bytesToWrite() == 0;
    if (e.request.followRedirects) {
        const RedirectDecision decision = followRedirect(e.request, e.request.url, response.status,
                                                         response.headers.value("Location"), e.redirects);
        if (decision.kind == RedirectDecision::Kind::Fail) {
            finish(id, decision.failure, reusable);
            return;
        }
        if (decision.kind == RedirectDecision::Kind::Follow) {
            if (std::optional<ExchangeResult> refused = refusal(e.request)) {
                finish(id, std::move(*refused), reusable);
                return;
            }
            ++e.redirects;
            QTcpSocket* socket = std::exchange(e.socket, nullptr);
            disconnect(socket, nullptr, this, nullptr);
            if (reusable)
                m_idle[connectionKey(response.finalUrl, e.request.insecureTls)].append({socket, m_clock.elapsed()});
            else
                dropSocket(socket);
            open(id, e);
            return;
        }
    }
    ExchangeResult result;
    result.response = std::move(response);
    finish(id, std::move(result), reusable);
}

QTcpSocket* Http1Transport::takeIdle(const QString& key)
{
    const auto it = m_idle.find(key);
    if (it == m_idle.end())
        return nullptr;
    QList<IdleConnection>& idle = *it;
    while (!idle.isEmpty()) {
        const IdleConnection c = idle.takeLast();
        const bool fresh = m_clock.elapsed() - c.idleSinceMs < maxIdleMs;
        // Bytes on an idle connection, or a close, mean it is not usable.
        if (fresh && c.socket->state() == QAbstractSocket::ConnectedState && c.socket->bytesAvailable() == 0)
            return c.socket;
        dropSocket(c.socket);
    }
    return nullptr;
}

// Every outcome goes through here: the connection is parked or closed at
// once, `done` runs from the event loop, so a callback that deletes this
// transport never does so under a socket's signal.
void Http1Transport::finish(ExchangeId id, ExchangeResult result, bool reuseConnection)
{
    Exchange* e = find(id);
    if (!e)
        return;
    if (QTimer* timer = std::exchange(e->connectTimer, nullptr))
        timer->stop(); // a child of e->socket, which is still alive here
    if (QTcpSocket* socket = std::exchange(e->socket, nullptr)) {
        disconnect(socket, nullptr, this, nullptr);
        if (reuseConnection)
            m_idle[connectionKey(e->request.url, e->request.insecureTls)].append({socket, m_clock.elapsed()});
        else
            dropSocket(socket);
    }
    dropExpiredIdle();
    e->result = std::move(result);
    QMetaObject::invokeMethod(
        this, [this, id] { deliver(id); }, Qt::QueuedConnection);
}

// Idle connections to origins not asked for again would stay open until
// the server closed them; each finished exchange closes the expired ones.
void Http1Transport::dropExpiredIdle()
{
    const qint64 now = m_clock.elapsed();
    for (auto it = m_idle.begin(); it != m_idle.end();) {
        it->removeIf([this, now](const IdleConnection& c) {
            if (now - c.idleSinceMs < maxIdleMs)
                return false;
            dropSocket(c.socket);
            return true;
        });
        it = it->isEmpty() ? m_idle.erase(it) : std::next(it);
    }
}

void Http1Transport::deliver(ExchangeId id)
{
    const auto it = m_exchanges.find(id);
    if (it == m_exchanges.end())
        return; // aborted after it finished, before this ran
    const std::unique_ptr<Exchange> e = std::move(it->second);
    m_exchanges.erase(it);
    e->done(std::move(*e->result)); // may destroy this transport: touch nothing after
}

void Http1Transport::dropSocket(QTcpSocket* socket)
{
    disconnect(socket, nullptr, this, nullptr);
    socket->abort();
    socket->deleteLater();
}

// The exchange, while it is still on the wire.
Http1Transport::Exchange* Http1Transport::find(ExchangeId id) const
{
    const auto it = m_exchanges.find(id);
    return it == m_exchanges.end() || it->second->result ? nullptr : it->second.get();
}

} // namespace jitterbug
