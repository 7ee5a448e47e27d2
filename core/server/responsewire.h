#pragma once

#include "http/headerlist.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QHostAddress>
#include <QString>

namespace jitterbug {

// How HttpServer's answers look on the wire, apart from the sockets: the
// response head, the body framing, and the log line of an exchange.

inline constexpr QByteArrayView kContinueResponse = "HTTP/1.1 100 Continue\r\n\r\n";
inline constexpr QByteArrayView kMalformedResponse = "HTTP/1.1 abc Malformed\r\nContent-Length: 0\r\n\r\n";

// RFC 9110 §6.4.1: 1xx, 204 and 304 never carry content.
bool statusHasBody(int status);

// Whether the handler's headers ask to close the connection ("Connection: close").
bool asksToClose(const HeaderList& headers);

// The body as it goes on the wire: one chunk and the last-chunk when the
// headers ask for chunked framing, else the body as it is.
QByteArray wireBody(const HeaderList& headers, const QByteArray& body);

// Appends the status line, the handler's headers and the ones the server
// adds when they are absent: Date, "Server: jitterbug", Content-Length
// (when contentLength >= 0 and neither Content-Length nor Transfer-Encoding
// is set), "Connection: close" when the connection will close, and
// "Connection: keep-alive" for an HTTP/1.0 client (httpVersion "1.0") when
// it will not. Then the empty line that ends the head.
void writeHead(QByteArray& out, QByteArrayView httpVersion, int status, const HeaderList& headers, qint64 contentLength,
               bool closeAfter);

// One line per finished exchange for `serve --log`.
struct ServerLogEntry {
    QHostAddress peerAddress;
    quint16 peerPort = 0;
    QByteArray method; // empty when the request line could not be read
    QByteArray target;
    QByteArray httpVersion;
    // The status ("200", "431"), or "reset", "held", "malformed",
    // "truncated", "drip 200", "abandoned" (the client left before the answer).
    QString outcome;
    qint64 bodyBytes = 0; // of the body actually written
    double elapsedMs = 0; // from the whole request in to the last byte of the answer out
};

// `127.0.0.1:50432 "GET /orders HTTP/1.1" 503 27 12.3ms`
QString formatLogLine(const ServerLogEntry& entry);

} // namespace jitterbug
