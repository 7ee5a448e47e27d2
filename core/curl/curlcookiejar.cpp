#include "curlcookiejar.h"

#include <QDateTime>
#include <QHostAddress>

#include <algorithm>

namespace jitterbug {

namespace {

bool domainMatches(const QByteArray& domain, bool tailMatch, const QByteArray& host)
{
    if (host.compare(domain, Qt::CaseInsensitive) == 0)
        return true;
    // curl never tail-matches an IP address.
    if (!tailMatch || QHostAddress().setAddress(QString::fromLatin1(host)))
        return false;
    return host.size() > domain.size() && host.toLower().endsWith(QByteArray('.' + domain.toLower()));
}

// curl's pathmatch(): "/api" matches "/api" and "/api/..." but not "/apix".
bool pathMatches(const QByteArray& cookiePath, const QByteArray& requestPath)
{
    if (cookiePath == "/")
        return true;
    if (!requestPath.startsWith(cookiePath))
        return false;
    return requestPath.size() == cookiePath.size() || requestPath[cookiePath.size()] == '/';
}

} // namespace

void CurlCookieJar::load(const QByteArray& contents)
{
    for (QByteArray line : contents.split('\n')) {
        if (line.endsWith('\r'))
            line.chop(1);
        // curl writes HttpOnly cookies with this prefix; other '#' lines are comments.
        if (line.startsWith("#HttpOnly_"))
            line.remove(0, 10);
        else if (line.startsWith('#'))
            continue;
        const QList<QByteArray> f = line.split('\t');
        if (f.size() < 6)
            continue;
        Cookie c;
        c.domain = f[0].startsWith('.') ? f[0].mid(1) : f[0];
        c.tailMatch = f[1].compare("TRUE", Qt::CaseInsensitive) == 0;
        // curl's sanitize_cookie_path(): unquoted, absolute, no trailing '/'.
        c.path = f[2];
        if (c.path.size() >= 2 && c.path.startsWith('"') && c.path.endsWith('"'))
            c.path = c.path.mid(1, c.path.size() - 2);
        if (!c.path.startsWith('/'))
            c.path = "/";
        if (c.path.size() > 1 && c.path.endsWith('/'))
            c.path.chop(1);
        c.secure = f[3].compare("TRUE", Qt::CaseInsensitive) == 0;
        c.expires = f[4].toLongLong();
        c.name = f[5];
        c.value = f.size() > 6 ? f[6] : QByteArray();
        c.order = m_cookies.size();
        m_cookies.append(c);
    }
}

QByteArray CurlCookieJar::cookieHeader(const QUrl& url) const
{
    const QByteArray host = url.host(QUrl::FullyEncoded).toLatin1();
    // curl treats these as secure origins even over plain http.
    const bool secureContext = url.scheme() == u"https" || host == "localhost" || host == "127.0.0.1" || host == "::1";
    QByteArray path = url.path(QUrl::FullyEncoded).toLatin1();
    if (path.isEmpty())
        path = "/";
    const qint64 now = QDateTime::currentSecsSinceEpoch();

    QList<Cookie> sent = m_cookies;
    sent.removeIf([&](const Cookie& c) {
        return !domainMatches(c.domain, c.tailMatch, host) || !pathMatches(c.path, path) || (c.secure && !secureContext)
            || (c.expires != 0 && c.expires < now);
    });
    // curl's cookie_sort(): longer paths, then longer domains, then longer
    // names first, then the newest first.
    std::sort(sent.begin(), sent.end(), [](const Cookie& a, const Cookie& b) {
        if (a.path.size() != b.path.size())
            return a.path.size() > b.path.size();
        if (a.domain.size() != b.domain.size())
            return a.domain.size() > b.domain.size();
        if (a.name.size() != b.name.size())
            return a.name.size() > b.name.size();
        return a.order > b.order;
    });
    QList<QByteArray> pairs;
    for (const Cookie& c : sent)
        pairs.append(c.name + '=' + c.value);
    return pairs.join("; ");
}

} // namespace jitterbug
