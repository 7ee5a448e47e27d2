#pragma once

#include "http/response.h"

#include <QByteArray>
#include <QString>

namespace jitterbug {

// An incremental HTTP/1.1 response reader (RFC 9112): fed bytes as they
// arrive, it says when a whole response is in, how the body was delimited
// (Content-Length, chunked, or the end of the connection), and whether the
// connection may carry another request. Interim 1xx responses are skipped.
class HttpResponseParser
{
public:
    enum class State { Reading, Complete, Failed };

    // `headRequest`: the answer to HEAD has no body whatever its headers say.
    explicit HttpResponseParser(bool headRequest = false, qint64 maxBodyBytes = qint64{100} * 1024 * 1024);

    // Takes the next bytes; returns the state after them. Bytes after a
    // complete response are kept in leftover().
    State feed(QByteArrayView bytes);
    QByteArray leftover() const { return m_buffer; }
    // The peer closed the connection: completes a body delimited by the
    // close, fails anything else.
    State endOfStream();

    State state() const { return m_state; }
    bool sawAnyByte() const { return m_sawAnyByte; }
    const Response& response() const { return m_response; }
    Response takeResponse() { return std::move(m_response); }
    // Why it failed, for people; tooLarge() tells a size cap (the body's,
    // the head's bytes or its number of fields) apart.
    const QString& error() const { return m_error; }
    bool tooLarge() const { return m_tooLarge; }
    // Whether the connection can be reused once the response is complete.
    bool keepAlive() const { return m_keepAlive; }

    static constexpr qsizetype maxHeaderBytes = 64 * 1024;
    // Fields in one response head. Lookups in a HeaderList are linear, and
    // 64 KiB holds some 13,000 one-letter fields; real responses have dozens.
    static constexpr qsizetype maxHeaderFields = 1000;
    static constexpr int maxInterimResponses = 16;

private:
    enum class Phase { StatusLine, Headers, Body, ChunkSize, ChunkData, ChunkDataEnd, Trailers, Done };
    enum class BodyKind { None, Length, Chunked, UntilClose };

    bool takeLine(QByteArray& line);
    bool parseStatusLine(const QByteArray& line);
    bool parseHeaderLine(const QByteArray& line);
    bool headersDone();
    bool appendBody(QByteArrayView bytes);
    State fail(QString why);
    State failTooLarge(QString why);
    State complete();

    bool m_headRequest;
    qint64 m_maxBodyBytes;
    State m_state = State::Reading;
    Phase m_phase = Phase::StatusLine;
    BodyKind m_bodyKind = BodyKind::None;
    QByteArray m_buffer; // bytes not consumed yet
    qsizetype m_headerBytes = 0;
    qint64 m_remaining = 0; // of a Content-Length body or of the current chunk
    Response m_response;
    QString m_error;
    bool m_tooLarge = false;
    bool m_keepAlive = true;
    bool m_sawAnyByte = false;
    int m_interimResponses = 0;
};

} // namespace jitterbug
