#include "wirerules.h"

#include "http/origin.h"

namespace jitterbug {

namespace {

bool isHttpScheme(const QUrl& url)
{
    return url.scheme() == u"http" || url.scheme() == u"https";
}

} // namespace

ExchangeResult exchangeFailure(ErrorCode error, QString detail)
{
    ExchangeResult result;
    result.error = error;
    result.errorDetail = std::move(detail);
    return result;
}

std::optional<ExchangeResult> refusal(const Request& request)
{
    if (!isHttpScheme(request.url))
        return exchangeFailure(ErrorCode::UnsupportedScheme,
                               QStringLiteral("unsupported scheme \"%1\"").arg(request.url.scheme()));
    if (request.url.host().isEmpty())
        return exchangeFailure(ErrorCode::InvalidRequest, QStringLiteral("the URL has no host; nothing was sent"));
    if (!isValidHeaderName(request.method))
        return exchangeFailure(ErrorCode::InvalidRequest,
                               QStringLiteral("method \"%1\" is not an HTTP token; nothing was sent")
                                   .arg(QString::fromLatin1(request.method)));
    for (const HeaderList::Field& field : request.headers.fields()) {
        if (!isValidHeaderName(field.name) || !isValidHeaderValue(field.value))
            return exchangeFailure(ErrorCode::InvalidRequest,
                                   QStringLiteral("header \"%1\" is not valid HTTP; nothing was sent")
                                       .arg(QString::fromLatin1(field.name)));
    }
    return std::nullopt;
}

RedirectDecision followRedirect(Request& current, const QUrl& from, int status, const QByteArray& location,
                                int redirectsSoFar)
{
    if (status != 301 && status != 302 && status != 303 && status != 307 && status != 308)
        return {};
    if (location.isEmpty())
        return {};
    const QUrl to = from.resolved(QUrl(QString::fromUtf8(location)));
    if (!isHttpScheme(to))
        return {RedirectDecision::Kind::Fail,
                exchangeFailure(ErrorCode::UnsupportedScheme,
                                QStringLiteral("redirected to unsupported scheme \"%1\"").arg(to.scheme()))};
    if (from.scheme() == u"https" && to.scheme() == u"http")
        return {};
    if (current.maxRedirects >= 0 && redirectsSoFar >= current.maxRedirects)
        return {RedirectDecision::Kind::Fail,
                exchangeFailure(ErrorCode::TooManyRedirects,
                                QStringLiteral("more than %1 redirects; the next was to %2")
                                    .arg(current.maxRedirects)
                                    .arg(to.toString()))};
    if ((status == 303 && current.method != "HEAD") || ((status == 301 || status == 302) && current.method == "POST")) {
        current.method = "GET";
        current.body.clear();
        current.headers.remove("Content-Type");
        current.headers.remove("Content-Length");
        current.headers.remove("Transfer-Encoding");
    }
    if (!sameOrigin(from, to)) {
        current.headers.remove("Authorization");
        current.headers.remove("Cookie");
        current.headers.remove("Host"); // a Host the user set named the old origin
    }
    current.url = to;
    current.target.clear(); // it spelled the old URL
    return {RedirectDecision::Kind::Follow, {}};
}

} // namespace jitterbug
