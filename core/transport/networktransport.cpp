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
#include "networktransport.h"

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

struct NetworkTransport::Pending {
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

bool isHttpScheme(const QUrl& url)
{
    return url.scheme() == u"http" || url.scheme() == u"https";
}

bool sameOrigin(const QUrl& a, const QUrl& b)
{
    const int defaultPort = a.scheme() == u"https" ? 443 : 80;
    return a.scheme() == b.scheme() && a.host() == b.host() && a.port(defaultPort) == b.port(defaultPort);
}

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

ExchangeResult failure(ErrorCode error, QString detail)
{
    ExchangeResult result;
    result.error = error;
    result.errorDetail = std::move(detail);
    return result;
}

// Why a request must not go out at all, if it must not.
std::optional<ExchangeResult> refusal(const Request& request)
{
    // QNAM would read file:, qrc: and data: URLs too; this transport speaks HTTP only.
    if (!isHttpScheme(request.url))
        return failure(ErrorCode::UnsupportedScheme,
                       QStringLiteral("unsupported scheme \"%1\"").arg(request.url.scheme()));
    // QNAM checks nothing: a CR LF in the method or in a header would smuggle in a header.
    if (!isValidHeaderName(request.method))
        return failure(ErrorCode::InvalidRequest,
                       QStringLiteral("method \"%1\" is not an HTTP token; nothing was sent")
                           .arg(QString::fromLatin1(request.method)));
    for (const HeaderList::Field& field : request.headers.fields()) {
        if (!isValidHeaderName(field.name) || !isValidHeaderValue(field.value))
            return failure(ErrorCode::InvalidRequest,
                           QStringLiteral("header \"%1\" is not valid HTTP; nothing was sent")
                               .arg(QString::fromLatin1(field.name)));
    }
    return std::nullopt;
}

QString capDetail(qint64 cap)
{
    return QStringLiteral("the body passed the %1-byte cap").arg(cap);
}

} // namespace

NetworkTransport::NetworkTransport(QObject* parent)
    : QObject(parent)
{
    m_managers.push_back({newManager(), {}});
}

QNetworkAccessManager* NetworkTransport::newManager()
{
    auto* manager = new QNetworkAccessManager(this);
    // The engine owns every timeout; a QNAM transfer timeout would race it.
    manager->setTransferTimeout(0);
    return manager;
}

int NetworkTransport::managerFor(const QString& host)
{
    constexpr int connectionsPerHost = 6; // QHttpNetworkConnection's limit for HTTP/1.1
    for (std::size_t i = 0; i < m_managers.size(); ++i) {
        if (m_managers[i].inFlight.value(host) < connectionsPerHost)
            return static_cast<int>(i);
    }
    m_managers.push_back({newManager(), {}});
    return static_cast<int>(m_managers.size() - 1);
}

NetworkTransport::~NetworkTransport()
{
    for (auto& [id, pending] : m_pending)
        release(*pending);
}

Transport::ExchangeId NetworkTransport::start(const Request& request, const ExchangeOptions& options, Done done)
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
            complete(id, failure(ErrorCode::Timeout, QStringLiteral("connect timed out after %1 ms").arg(ms)));
        });
        pending.connectTimer->start(static_cast<int>(ms));
    }
    return id;
}

void NetworkTransport::abort(ExchangeId id)
{
    const auto it = m_pending.find(id);
    if (it == m_pending.end())
        return;
    release(*it->second);
    m_pending.erase(it); // a deliver() already queued for it finds nothing
}

void NetworkTransport::send(ExchangeId id, Pending& pending)
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

    pending.host = request.url.scheme() + QStringLiteral("://") + request.url.authority();
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
            complete(id, failure(ErrorCode::ResponseTooLarge, capDetail(p->options.maxResponseBytes)));
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

void NetworkTransport::onMetaData(ExchangeId id)
{
    Pending* p = find(id);
    if (!p)
        return;
    cancelConnectTimer(*p);
    // Refuse a body announced too large before a byte of it is read. A HEAD
    // answer announces the GET's size without sending it.
    const QVariant length = p->reply->header(QNetworkRequest::ContentLengthHeader);
    if (p->request.method != "HEAD" && length.isValid() && length.toLongLong() > p->options.maxResponseBytes) {
        complete(id,
                 failure(ErrorCode::ResponseTooLarge,
                         capDetail(p->options.maxResponseBytes)
                             + QStringLiteral(" (Content-Length: %1)").arg(length.toLongLong())));
    }
}

void NetworkTransport::onFinished(ExchangeId id)
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
        complete(id, failure(code, detail));
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

// curl -L's rules: 303 turns anything but HEAD into a body-less GET, 301/302
// do so for POST only, 307/308 resend as they were. Credentials stay with
// their origin. Like QNAM's NoLessSafeRedirectPolicy, https never leads to
// http: that 3xx is the answer.
bool NetworkTransport::followRedirect(ExchangeId id, Pending& p, int status)
{
    if (status != 301 && status != 302 && status != 303 && status != 307 && status != 308)
        return false;
    const QByteArray location = p.reply->rawHeader("Location");
    if (location.isEmpty())
        return false;
    const QUrl from = p.reply->url();
    const QUrl to = from.resolved(QUrl(QString::fromUtf8(location)));
    if (!isHttpScheme(to)) {
        complete(id,
                 failure(ErrorCode::UnsupportedScheme,
                         QStringLiteral("redirected to unsupported scheme \"%1\"").arg(to.scheme())));
        return true;
    }
    if (from.scheme() == u"https" && to.scheme() == u"http")
        return false;
    if (p.request.maxRedirects >= 0 && p.redirects >= p.request.maxRedirects) {
        complete(id,
                 failure(ErrorCode::TooManyRedirects,
                         QStringLiteral("more than %1 redirects; the next was to %2")
                             .arg(p.request.maxRedirects)
                             .arg(to.toString())));
        return true;
    }

    ++p.redirects;
    Request& next = p.request;
    if ((status == 303 && next.method != "HEAD") || ((status == 301 || status == 302) && next.method == "POST")) {
        next.method = "GET";
        next.body.clear();
        next.headers.remove("Content-Type");
        next.headers.remove("Content-Length");
    }
    if (!sameOrigin(from, to)) {
        next.headers.remove("Authorization");
        next.headers.remove("Cookie");
    }
    next.url = to;
    release(p);
    send(id, p);
    return true;
}

void NetworkTransport::cancelConnectTimer(Pending& pending)
{
    if (pending.connectTimer)
        pending.connectTimer->stop();
}

// Every outcome goes through here: the reply is let go at once, `done` runs
// from the event loop. Calling it from inside a reply's signal would let a
// callback that deletes this transport delete the reply under QNAM's feet.
void NetworkTransport::complete(ExchangeId id, ExchangeResult result)
{
    Pending* p = find(id);
    if (!p)
        return;
    release(*p);
    p->result = std::move(result);
    QMetaObject::invokeMethod(
        this, [this, id] { deliver(id); }, Qt::QueuedConnection);
}

void NetworkTransport::deliver(ExchangeId id)
{
    const auto it = m_pending.find(id);
    if (it == m_pending.end())
        return; // aborted after it finished, before this ran
    const std::unique_ptr<Pending> p = std::move(it->second);
    m_pending.erase(it);
    p->done(std::move(*p->result)); // may destroy this transport: touch nothing after
}

void NetworkTransport::release(Pending& pending)
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
NetworkTransport::Pending* NetworkTransport::find(ExchangeId id) const
{
    const auto it = m_pending.find(id);
    return it == m_pending.end() || it->second->result ? nullptr : it->second.get();
}

} // namespace jitterbug
