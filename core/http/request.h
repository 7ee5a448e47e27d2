#pragma once

#include "headerlist.h"

#include <QByteArrayList>

#include <QUrl>

namespace jitterbug {

// What one call sends. A value: the engine copies it per attempt and adds
// only the idempotency key header.
struct Request {
    QByteArray method = "GET";
    QUrl url;
    // The request-target as it goes on the wire ("/a%20b?q={x}"), when the
    // front end spells it itself: a collection request is spelled as newman
    // spells it, which Qt's URL type cannot hold. Empty: taken from `url`.
    // Only the HTTP/1.1 transport reads it; a redirect clears it.
    QByteArray target;
    HeaderList headers;
    QByteArray body;
    bool followRedirects = false; // curl's default; -L turns it on
    int maxRedirects = 50; // curl's --max-redirs default
    bool insecureTls = false; // -k: TLS errors become success instead of fatal
    bool http1Only = false; // --http1.1
    // --compressed: the transport offers the encodings it can decode and
    // hands back the decoded body (its own Accept-Encoding replaces any here).
    bool decompress = false;
    // Not sent: names of headers and query parameters whose values are
    // credentials beyond the common ones (a collection's API-key auth name),
    // so records mask them too (http/credentials.h).
    QByteArrayList credentialNames;
};

// RFC 9110 §9.2.2: safe methods plus PUT and DELETE. Unknown methods are not.
bool isIdempotentMethod(QByteArrayView method);

// The path and query the request sends: `target`, or the URL's own.
QByteArray requestTarget(const Request& request);
// The URL the request goes to as sent (`target` after the origin), for
// timelines and reports.
QString urlAsSent(const Request& request);

} // namespace jitterbug
