#pragma once

#include "headerlist.h"

#include <QUrl>

namespace jitterbug {

// What came back on the wire for one attempt.
struct Response {
    int status = 0;
    QByteArray reasonPhrase;
    QByteArray httpVersion = "1.1";
    HeaderList headers;
    QByteArray body;
    QUrl finalUrl; // differs from the request's after followed redirects
};

} // namespace jitterbug
