// What goes on the wire for a plain GET of http://127.0.0.1:PORT/path with no
// headers (Qt 6.4.2, captured with tests/support/loopbackserver), in this order:
//
//   GET /path HTTP/1.1
//   Host: 127.0.0.1:PORT              QNAM
//   Accept: */*                       here, as curl does, unless the request sets or suppresses it
//   Accept-Encoding: identity         here, unless the request sets one: QNAM would offer
//                                     "zstd, br, gzip, deflate" and decode behind our back
//   Accept-Language: *                here: QNAM would send the locale's ("en,*"); "*" says the
//                                     same as no header and keeps the wire machine-independent
//   Connection: Keep-Alive            QNAM; cannot be removed
//   User-Agent: Mozilla/5.0           QNAM, when the request has none; cannot be removed
//
// The request's own headers come right after Host, in their order. A body adds
// Content-Length (QNAM); QNAM adds no Content-Type to custom verbs.
//
// What QNAM does that we cannot switch off: when a connection closes or resets
// before any response arrives, it silently sends the request again, on a new
// connection, up to three times, whatever the method (POST included). An
// exchange that ends in connection_reset may have reached the server more than
// once, and one that succeeds may have been sent twice. Its own redirect
// following is worse (it sometimes sends a hop twice and merges the headers of
// two responses), so redirects are followed here, one reply per hop.
#include "qnamtransport.h"

#include "http/origin.h"
#include "httpresponseparser.h"
#include "wirerules.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>

#if QT_CONFIG(ssl)
#include <QSslError>
#endif

#include <algorithm>
#include <climits>
#include <cmath>
#include <utility>

namespace jitterbug {

struct QnamTransport::Pending {
    Request request; // the current hop: a redirect may change URL, method and body
    ExchangeOptions options;
    Done done;
    QNetworkReply* reply = nullptr;
    QTimer* connectTimer = nullptr; // guards the first connection only; a child of the first reply
    int redirects = 0;
    int manager = -1; // which of m_managers carries the current hop
    QString host; // its scheme://host:port
    QString tlsError; // the first certificate complaint, clearer than QNAM's summary
    std::optional<ExchangeResult> result; // set once finished, until `done` runs
};

namespace {

// QNAM sets error() for every 4xx/5xx; with a status those are answers, not failures.
bool isHttpStatusError(QNetworkReply::NetworkError e)
{
    return e == QNetworkReply::NoError
        || (e >= QNetworkReply::ContentAccessDenied && e <= QNetworkReply::UnknownContentError)
        || e == QNetworkReply::ProtocolInvalidOperationError // 400
        || e == QNetworkReply::ProxyAuthenticationRequiredError // 407
        || (e >= QNetworkReply::InternalServerError && e <= QNetworkReply::UnknownServerError);
}

ErrorCode mapError(QNetworkReply::NetworkError e)
{
    switch (e) {
    case QNetworkReply::ConnectionRefusedError:
        return ErrorCode::ConnectionRefused;
    case QNetworkReply::RemoteHostClosedError:
        return ErrorCode::ConnectionReset;
    case QNetworkReply::HostNotFoundError:
        return ErrorCode::HostNotFound;
    case QNetworkReply::TimeoutError:
        return ErrorCode::Timeout;
    case QNetworkReply::SslHandshakeFailedError:
        return ErrorCode::Tls;
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
    case QNetworkReply::BackgroundRequestNotAllowedError:
        return ErrorCode::NetworkUnreachable;
    case QNetworkReply::TooManyRedirectsError:
        return ErrorCode::TooManyRedirects;
    case QNetworkReply::ProtocolUnknownError:
        return ErrorCode::UnsupportedScheme;
    case QNetworkReply::ProtocolFailure:
    case QNetworkReply::ProtocolInvalidOperationError:
        return ErrorCode::ProtocolError;
    default:
        return ErrorCode::NetworkError;
    }
}

// QNAM keeps one field per name, so repeated names go out as one line, values
// joined with ", " (the same thing to a server, RFC 9110 §5.3) or "; " for
// Cookie. A null value suppresses the field, and any default for it.
void setHeaders(QNetworkRequest& out, const Request& request)
{
    const HeaderList& headers = request.headers;
    const auto sends = [&headers](QByteArrayView name) {
        const QList<QByteArray> values = headers.values(name);
        return std::any_of(values.begin(), values.end(), [](const QByteArray& v) { return !v.isNull(); });
    };
    QList<QByteArray> seen;
    for (const HeaderList::Field& field : headers.fields()) {
        const QByteArray key = field.name.toLower();
        // For --compressed, QNAM must write Accept-Encoding itself: it only
        // decodes the encodings it offered.
        if (seen.contains(key) || (request.decompress && key == "accept-encoding"))
            continue;
        seen.append(key);
        QList<QByteArray> values = headers.values(field.name);
        values.removeIf([](const QByteArray& v) { return v.isNull(); });
        if (!values.isEmpty())
            out.setRawHeader(field.name, values.join(key == "cookie" ? "; " : ", "));
    }
    if (!headers.contains("Accept"))
        out.setRawHeader("Accept", "*/*");
    // QNAM fills in these two whenever they are empty, so a suppressed one
    // still gets our neutral value rather than QNAM's.
    if (!sends("Accept-Encoding") && !request.decompress)
        out.setRawHeader("Accept-Encoding", "identity");
    if (!sends("Accept-Language"))
        out.setRawHeader("Accept-Language", "*");
}

QString capDetail(qint64 cap)
{
    return QStringLiteral("the body passed the %1-byte cap").arg(cap);
}

} // namespace

QnamTransport::QnamTransport(QObject* parent)
    : QObject(parent)
{
    m_managers.push_back({newManager(), {}});
}

QNetworkAccessManager* QnamTransport::newManager()
{
    auto* manager = new QNetworkAccessManager(this);
    // The engine owns every timeout; a QNAM transfer timeout would race it.
    manager->setTransferTimeout(0);
    return manager;
}

int QnamTransport::managerFor(const QString& host)
{
    constexpr int connectionsPerHost = 6; // QHttpNetworkConnection's limit for HTTP/1.1
    for (std::size_t i = 0; i < m_managers.size(); ++i) {
        if (m_managers[i].inFlight.value(host) < connectionsPerHost)
            return static_cast<int>(i);
    }
    m_managers.push_back({newManager(), {}});
    return static_cast<int>(m_managers.size() - 1);
}

QnamTransport::~QnamTransport()
{
    for (auto& [id, pending] : m_pending)
        release(*pending);
}

Transport::ExchangeId QnamTransport::start(const Request& request, const ExchangeOptions& options, Done done)
{
    const ExchangeId id = m_nextId++;
    auto owned = std::make_unique<Pending>();
    Pending& pending = *owned;
    pending.request = request;
    pending.options = options;
    pending.done = std::move(done);
    m_pending.emplace(id, std::move(owned));

    if (std::optional<ExchangeResult> refused = refusal(request)) {
        complete(id, std::move(*refused));
        return id;
    }
    send(id, pending);
    if (options.connectTimeoutMs && *options.connectTimeoutMs > 0) { // curl: 0 means no limit
        const double ms = std::clamp(std::ceil(*options.connectTimeoutMs), 0.0, static_cast<double>(INT_MAX));
        pending.connectTimer = new QTimer(pending.reply);
        pending.connectTimer->setSingleShot(true);
        pending.connectTimer->setTimerType(Qt::PreciseTimer);
        connect(pending.connectTimer, &QTimer::timeout, this, [this, id, ms] {
            complete(id, exchangeFailure(ErrorCode::Timeout, QStringLiteral("connect timed out after %1 ms").arg(ms)));
        });
        pending.connectTimer->start(static_cast<int>(ms));
    }
    return id;
}

void QnamTransport::abort(ExchangeId id)
{
    const auto it = m_pending.find(id);
    if (it == m_pending.end())
        return;
    release(*it->second);
    m_pending.erase(it); // a deliver() already queued for it finds nothing
}

void QnamTransport::send(ExchangeId id, Pending& pending)
{
    const Request& request = pending.request;
    QNetworkRequest wire(request.url);
    wire.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    wire.setAttribute(QNetworkRequest::Http2AllowedAttribute, !request.http1Only);
    // curl keeps no cookies and no credentials between requests unless told to.
    wire.setAttribute(QNetworkRequest::CookieLoadControlAttribute, QNetworkRequest::Manual);
    wire.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
    wire.setAttribute(QNetworkRequest::AuthenticationReuseAttribute, QNetworkRequest::Manual);
    setHeaders(wire, request);

    pending.host = originOf(request.url);
    pending.manager = managerFor(pending.host);
    ++m_managers[static_cast<std::size_t>(pending.manager)].inFlight[pending.host];
    QNetworkAccessManager* manager = m_managers[static_cast<std::size_t>(pending.manager)].manager;

    QNetworkReply* reply = nullptr;
    if (request.method == "HEAD") {
        reply = manager->head(wire); // a custom "HEAD" would wait for a body that never comes
    } else if (!request.body.isEmpty()) {
        reply = manager->sendCustomRequest(wire, request.method, request.body);
    } else {
        // Not the QByteArray overload: with an empty array QNAM sends
        // "Content-Length: 0" even on a GET, and never emits requestSent.
        // RFC 9110 §8.6: a POST or PUT without content still says 0.
        const bool mayHaveBody = request.method == "POST" || request.method == "PUT" || request.method == "PATCH";
        if (mayHaveBody && !request.headers.contains("Content-Length"))
            wire.setRawHeader("Content-Length", "0");
        reply = manager->sendCustomRequest(wire, request.method);
    }
    pending.reply = reply;

    // Any of these means the connection is up. requestSent alone would do,
    // but for a large body it waits for the last byte of the upload.
    const auto connected = [this, id] {
        if (Pending* p = find(id))
            cancelConnectTimer(*p);
    };
    connect(reply, &QNetworkReply::requestSent, this, connected);
    connect(reply, &QNetworkReply::uploadProgress, this, [connected](qint64 sent, qint64) {
        if (sent > 0)
            connected();
    });
    connect(reply, &QNetworkReply::metaDataChanged, this, [this, id] { onMetaData(id); });
    connect(reply, &QNetworkReply::downloadProgress, this, [this, id](qint64 received, qint64) {
        if (Pending* p = find(id); p && received > p->options.maxResponseBytes)
            complete(id, exchangeFailure(ErrorCode::ResponseTooLarge, capDetail(p->options.maxResponseBytes)));
    });
    connect(reply, &QNetworkReply::finished, this, [this, id] { onFinished(id); });
#if QT_CONFIG(ssl)
    connect(reply, &QNetworkReply::encrypted, this, connected);
    connect(reply, &QNetworkReply::sslErrors, this, [this, id](const QList<QSslError>& errors) {
        Pending* p = find(id);
        if (!p)
            return;
        if (p->request.insecureTls)
            p->reply->ignoreSslErrors();
        else if (!errors.isEmpty() && p->tlsError.isEmpty())
            p->tlsError = errors.first().errorString();
    });
#endif
}

void QnamTransport::onMetaData(ExchangeId id)
{
    Pending* p = find(id);
    if (!p)
        return;
    cancelConnectTimer(*p);
    // Qt 6.4 stops reading a head of 100 fields or more, or with a line past
    // 100 KiB (the attempt then ends in its timeout); what it does deliver is
    // held to our own parser's caps, so both transports refuse it alike.
    const QList<QNetworkReply::RawHeaderPair>& fields = p->reply->rawHeaderPairs();
    qsizetype headBytes = 0;
    for (const QNetworkReply::RawHeaderPair& field : fields)
        headBytes += field.first.size() + field.second.size() + 4; // ": " and CRLF
    if (fields.size() > HttpResponseParser::maxHeaderFields) {
        complete(id,
                 exchangeFailure(ErrorCode::ResponseTooLarge,
                                 QStringLiteral("the response has more than %1 header fields")
                                     .arg(HttpResponseParser::maxHeaderFields)));
        return;
    }
    if (headBytes > HttpResponseParser::maxHeaderBytes) {
        complete(
            id,
            exchangeFailure(
                ErrorCode::ResponseTooLarge,
                QStringLiteral("the response headers passed the %1-byte cap").arg(HttpResponseParser::maxHeaderBytes)));
        return;
    }
    // Refuse a body announced too large before a byte of it is read. A HEAD
    // answer announces the GET's size without sending it.
    const QVariant length = p->reply->header(QNetworkRequest::ContentLengthHeader);
    if (p->request.method != "HEAD" && length.isValid() && length.toLongLong() > p->options.maxResponseBytes) {
        complete(id,
                 exchangeFailure(ErrorCode::ResponseTooLarge,
                                 capDetail(p->options.maxResponseBytes)
                                     + QStringLiteral(" (Content-Length: %1)").arg(length.toLongLong())));
    }
}

void QnamTransport::onFinished(ExchangeId id)
{
    Pending* p = find(id);
    if (!p)
        return;
    QNetworkReply* reply = p->reply;
    const QNetworkReply::NetworkError error = reply->error();
    const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);

    // A status with a transport error (say, the peer closed mid-body) is not
    // a complete response.
    if (!status.isValid() || !isHttpStatusError(error)) {
        const ErrorCode code = mapError(error);
        const QString detail = code == ErrorCode::Tls && !p->tlsError.isEmpty() ? p->tlsError : reply->errorString();
        complete(id, exchangeFailure(code, detail));
        return;
    }
    if (p->request.followRedirects && followRedirect(id, *p, status.toInt()))
        return;

    Response response;
    response.status = status.toInt();
    response.reasonPhrase = reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toByteArray();
    response.httpVersion = reply->attribute(QNetworkRequest::Http2WasUsedAttribute).toBool() ? "2" : "1.1";
    for (const QNetworkReply::RawHeaderPair& pair : reply->rawHeaderPairs()) {
        // QNAM joins repeated fields: Set-Cookie with "\n" (split back here,
        // a value cannot hold a newline), the others with ", " (kept).
        for (const QByteArray& value : pair.second.split('\n'))
            response.headers.append(pair.first, value);
    }
    response.body = reply->readAll();
    response.finalUrl = reply->url();
    ExchangeResult result;
    result.response = std::move(response);
    complete(id, std::move(result));
}

// One reply per hop, by the shared rules (wirerules.h): QNAM's own
// following sometimes sends a hop twice.
bool QnamTransport::followRedirect(ExchangeId id, Pending& p, int status)
{
    const RedirectDecision decision
        = jitterbug::followRedirect(p.request, p.reply->url(), status, p.reply->rawHeader("Location"), p.redirects);
    switch (decision.kind) {
    case RedirectDecision::Kind::Answer:
        return false;
    case RedirectDecision::Kind::Fail:
        complete(id, decision.failure);
        return true;
    case RedirectDecision::Kind::Follow:
        break;
    }
    ++p.redirects;
    release(p);
    send(id, p);
    return true;
}

void QnamTransport::cancelConnectTimer(Pending& pending)
{
    if (pending.connectTimer)
        pending.connectTimer->stop();
}

// Every outcome goes through here: the reply is let go at once, `done` runs
// from the event loop. Calling it from inside a reply's signal would let a
// callback that deletes this transport delete the reply under QNAM's feet.
void QnamTransport::complete(ExchangeId id, ExchangeResult result)
{
    Pending* p = find(id);
    if (!p)
        return;
    release(*p);
    p->result = std::move(result);
    QMetaObject::invokeMethod(
        this, [this, id] { deliver(id); }, Qt::QueuedConnection);
}

void QnamTransport::deliver(ExchangeId id)
{
    const auto it = m_pending.find(id);
    if (it == m_pending.end())
        return; // aborted after it finished, before this ran
    const std::unique_ptr<Pending> p = std::move(it->second);
    m_pending.erase(it);
    p->done(std::move(*p->result)); // may destroy this transport: touch nothing after
}

void QnamTransport::release(Pending& pending)
{
    cancelConnectTimer(pending);
    pending.connectTimer = nullptr; // dies with the first reply
    QNetworkReply* reply = std::exchange(pending.reply, nullptr);
    if (!reply)
        return;
    if (pending.manager >= 0)
        --m_managers[static_cast<std::size_t>(std::exchange(pending.manager, -1))].inFlight[pending.host];
    disconnect(reply, nullptr, this, nullptr);
    if (reply->isRunning())
        reply->abort();
    reply->deleteLater();
}

// The exchange, while it is still on the wire.
QnamTransport::Pending* QnamTransport::find(ExchangeId id) const
{
    const auto it = m_pending.find(id);
    return it == m_pending.end() || it->second->result ? nullptr : it->second.get();
}

} // namespace jitterbug
