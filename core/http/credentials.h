#pragma once

#include "headerlist.h"

#include <QByteArray>
#include <QByteArrayList>
#include <QString>

namespace jitterbug {

// Credentials in records: what a timeline, a report, a HAR file, the history
// and the logs write where a request or response carried one (docs/decisions.md,
// "Secrets and sensitive headers"). The wire always carries the real values;
// only what is written down about an exchange is masked.

// What a masked value reads as.
inline constexpr QStringView kMasked = u"••••";
QByteArray maskedUtf8();

// Whether a header or query parameter of this name carries a credential:
// Authorization, Proxy-Authorization, Cookie, Set-Cookie, X-API-Key, API-Key,
// X-Auth-Token, access_token, or one of `extra` (a request's own, such as a
// collection's API-key auth name). Names compare ignoring case, '-' and '_',
// so api_key, API-Key and apikey are one name.
bool isCredentialName(QByteArrayView name, const QByteArrayList& extra = {});

// The value as records show it: unchanged unless the name carries a
// credential. Authorization keeps its scheme ("Bearer ••••"); Cookie keeps
// each cookie's name ("s=••••; t=••••"); Set-Cookie keeps the cookie's name
// and its attributes ("s=••••; Path=/; HttpOnly"); any other credential
// becomes "••••" whole.
QByteArray maskedHeaderValue(QByteArrayView name, const QByteArray& value, const QByteArrayList& extra = {});
HeaderList maskedHeaders(const HeaderList& headers, const QByteArrayList& extra = {});

// Text with URLs in it (a URL alone, an error message naming one): the value
// of each query parameter named as a credential ("?api_key=••••") and the
// password of user info ("https://alice:••••@host/") are masked. Text with
// neither '?' nor '@' is returned as it is, cheaply.
QString maskCredentialsInText(const QString& text, const QByteArrayList& extra = {});

} // namespace jitterbug
