#pragma once

// Internal to core/curl: curl's cookie engine as far as `-b FILE` needs it.
// Not part of the engine's API.

#include <QByteArray>
#include <QList>
#include <QUrl>

namespace jitterbug {

// Cookies read from Netscape cookie files (what curl's -c writes), and the
// Cookie header curl would send from them to one URL.
class CurlCookieJar
{
public:
    // Adds the file's cookies. Malformed lines are skipped, as curl does.
    void load(const QByteArray& contents);

    // "a=1; b=2" in curl's order, or empty when nothing matches: domain
    // (tail match only when the file says so, never for IP addresses), path
    // prefix, secure only for https and localhost, expired ones left out.
    QByteArray cookieHeader(const QUrl& url) const;

private:
    struct Cookie {
        QByteArray domain; // without a leading dot
        bool tailMatch = false; // the file's second field: subdomains match too
        QByteArray path;
        bool secure = false;
        qint64 expires = 0; // 0: a session cookie
        QByteArray name;
        QByteArray value;
        int order = 0; // position across every file loaded
    };

    QList<Cookie> m_cookies;
};

} // namespace jitterbug
