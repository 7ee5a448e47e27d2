#include "origin.h"

namespace jitterbug {

QString originOf(const QUrl& url)
{
    const int defaultPort = url.scheme() == u"https" ? 443 : 80;
    return url.scheme() + QStringLiteral("://") + url.host() + QLatin1Char(':')
        + QString::number(url.port(defaultPort));
}

bool sameOrigin(const QUrl& a, const QUrl& b)
{
    return originOf(a) == originOf(b);
}

} // namespace jitterbug
