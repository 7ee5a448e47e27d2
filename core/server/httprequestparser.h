#pragma once

#include "http/headerlist.h"

#include <QByteArray>
#include <QHostAddress>
#include <QString>

namespace jitterbug {

// One request as the server hands it to its handler.
struct ServerRequest {
    quint64 id = 0; // unique per request for the server's life
    quint64 connectionId = 0; // 1 for the first connection accepted, ...
    QByteArray method;
    QByteArray target; // as on the request line
    QString path; // the target's path, percent-decoded, without query; "/" when empty
    QByteArray httpVersion; // "1.1" or "1.0"
    HeaderList headers;
    QByteArray body; // chunked bodies arrive decoded
    QHostAddress peerAddress;
    quint16 peerPort = 0;
};

// What a client may send before the server refuses to read on.
struct ServerLimits {
    qint64 maxHeadBytes = 64 * 1024; // request line + headers; over → 431, close
    qint64 maxBodyBytes = 10 * 1024 * 1024; // over (announced Content-Length or chunked total) → 413, close
};

// An incremental HTTP/1.x request reader for the server side (RFC 9112).
// Bytes are fed as they arrive; next() parses as far as they go and resumes
// where it stopped (the search for a line end never restarts), so a request
// split at any byte boundary costs about what a whole one does. Pipelined requests stay buffered until next() is called
// again. Strict where leniency lets requests be smuggled: folded headers,
// Content-Length beside Transfer-Encoding, codings other than chunked, bare
// CR and whitespace before a colon are refused. Lenient where a test tool
// should be: bare LF line ends are taken (RFC 9112 §2.2 allows it) and Host
// is not required. After Error the parser stays failed.
class HttpRequestParser
{
public:
    enum class Result {
        NeedMore, // feed more bytes
        Request, // a whole request is in: takeRequest(), then next() again
        ContinueExpected, // the head is in and the client waits for "100 Continue" before its body
        Error, // errorStatus() says how to answer; the connection is to close after it
    };

    explicit HttpRequestParser(ServerLimits limits = {});

    void feed(QByteArrayView bytes);
    Result next();

    // Only ids and the peer are left for the server to fill in.
    ServerRequest takeRequest();
    // Whether the connection may carry another request after the one taken
    // (RFC 9112 §9.3: HTTP/1.1 unless "close", HTTP/1.0 only with "keep-alive").
    bool keepAlive() const { return m_keepAlive; }

    // 400, 413, 431 or 505 once next() has returned Error.
    int errorStatus() const { return m_errorStatus; }
    // Why, in a few words for the response body and the log.
    QByteArray errorDetail() const { return m_errorDetail; }
    // The request line of a failed request when it got that far, else empty.
    const ServerRequest& partialRequest() const { return m_request; }

    // Bytes fed and not yet consumed by a request.
    qsizetype bufferedBytes() const { return m_buffer.size() - m_pos; }

    // A chunk-size line longer than this is an attack, not a client.
    static constexpr qsizetype maxChunkLineBytes = 4096;

private:
    enum class Phase { RequestLine, Headers, Body, ChunkSize, ChunkData, ChunkDataEnd, Trailers, Done, Failed };

    bool takeLine(QByteArrayView& line);
    bool plausibleRequestLineStart(qsizetype from);
    bool parseRequestLine(QByteArrayView line);
    bool parseHeaderLine(QByteArrayView line, bool keep);
    bool headDone();
    QByteArray tooLargeHead() const;
    QByteArray tooLargeBody() const;
    bool decideKeepAlive();
    Result finish();
    Result fail(int status, QByteArray detail);
    bool refuse(int status, QByteArray detail); // fail() where a bool is returned

    ServerLimits m_limits;
    QByteArray m_buffer;
    qsizetype m_pos = 0; // first byte not consumed
    qsizetype m_scan = 0; // where the search for the next LF resumes (>= m_pos)
    Phase m_phase = Phase::RequestLine;
    qint64 m_headBytes = 0; // of the current request's head (and trailers)
    qint64 m_remaining = 0; // of a Content-Length body or of the current chunk
    bool m_methodEnded = false; // on the request line being read
    bool m_keepAlive = true;
    ServerRequest m_request;
    int m_errorStatus = 0;
    QByteArray m_errorDetail;
};

} // namespace jitterbug
