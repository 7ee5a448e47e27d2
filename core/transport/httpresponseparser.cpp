#include "httpresponseparser.h"

#include "http/httpgrammar.h"

#include <limits>

namespace jitterbug {

using namespace httpgrammar;

namespace {

// A hex chunk size (RFC 9112 §7.1); extensions after ';' are ignored.
std::optional<qint64> parseChunkSize(QByteArrayView line)
{
    const qsizetype semicolon = line.indexOf(';');
    const QByteArrayView digits = trimOws(semicolon >= 0 ? line.first(semicolon) : line);
    if (digits.isEmpty() || digits.size() > 15)
        return std::nullopt;
    qint64 value = 0;
    for (char c : digits) {
        int d;
        if (c >= '0' && c <= '9')
            d = c - '0';
        else if (c >= 'a' && c <= 'f')
            d = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            d = c - 'A' + 10;
        else
            return std::nullopt;
        value = value * 16 + d;
    }
    return value;
}

} // namespace

HttpResponseParser::HttpResponseParser(bool headRequest, qint64 maxBodyBytes)
    : m_headRequest(headRequest)
    , m_maxBodyBytes(maxBodyBytes)
{
}

HttpResponseParser::State HttpResponseParser::fail(QString why)
{
    m_state = State::Failed;
    m_error = std::move(why);
    m_keepAlive = false;
    return m_state;
}

HttpResponseParser::State HttpResponseParser::failTooLarge(QString why)
{
    m_tooLarge = true;
    return fail(std::move(why));
}

HttpResponseParser::State HttpResponseParser::complete()
{
    m_phase = Phase::Done;
    m_state = State::Complete;
    return m_state;
}

// A line ends with LF; a CR before it is dropped (RFC 9112 §2.2 lets a
// recipient accept a bare LF).
bool HttpResponseParser::takeLine(QByteArray& line)
{
    const qsizetype end = m_buffer.indexOf('\n');
    if (end < 0)
        return false;
    line = m_buffer.left(end);
    if (line.endsWith('\r'))
        line.chop(1);
    m_buffer.remove(0, end + 1);
    return true;
}

bool HttpResponseParser::parseStatusLine(const QByteArray& line)
{
    // HTTP-version SP status-code SP [reason-phrase]
    if (!line.startsWith("HTTP/1.") || line.size() < 12 || line[8] != ' ')
        return false;
    const QByteArrayView code = QByteArrayView(line).sliced(9, 3);
    if (!isDigit(code[0]) || !isDigit(code[1]) || !isDigit(code[2]) || (line.size() > 12 && line[12] != ' '))
        return false;
    m_response = Response{};
    m_response.httpVersion = line.mid(5, 3);
    m_response.status = (code[0] - '0') * 100 + (code[1] - '0') * 10 + (code[2] - '0');
    m_response.reasonPhrase = line.mid(13);
    m_keepAlive = m_response.httpVersion == "1.1";
    return m_response.status >= 100;
}

bool HttpResponseParser::parseHeaderLine(const QByteArray& line)
{
    const qsizetype colon = line.indexOf(':');
    if (colon <= 0)
        return false;
    const QByteArray name = line.left(colon);
    if (!isValidHeaderName(name))
        return false;
    m_response.headers.append(name, trimOws(QByteArrayView(line).sliced(colon + 1)).toByteArray());
    return true;
}

// Decides how the body is delimited (RFC 9112 §6.3).
bool HttpResponseParser::headersDone()
{
    const HeaderList& h = m_response.headers;
    for (const QByteArray& value : h.values("Connection")) {
        for (const QByteArray& token : value.split(',')) {
            const QByteArray t = token.trimmed().toLower();
            if (t == "close")
                m_keepAlive = false;
            else if (t == "keep-alive" && m_response.httpVersion == "1.0")
                m_keepAlive = true;
        }
    }
    const int status = m_response.status;
    if (m_headRequest || status == 204 || status == 304) {
        m_bodyKind = BodyKind::None;
        return true;
    }
    const QByteArray encoding = h.values("Transfer-Encoding").join(", ").toLower();
    if (!encoding.isEmpty()) {
        // RFC 9112 §6.3: chunked must be the last coding; a Content-Length
        // beside it, or Transfer-Encoding in HTTP/1.0, makes the framing
        // doubtful, so the connection is not reused after this response.
        const QByteArray last = encoding.split(',').last().trimmed();
        if (h.contains("Content-Length") || m_response.httpVersion == "1.0")
            m_keepAlive = false;
        if (last != "chunked") {
            m_bodyKind = BodyKind::UntilClose;
            m_keepAlive = false;
            return true;
        }
        m_bodyKind = BodyKind::Chunked;
        m_phase = Phase::ChunkSize;
        return true;
    }
    const QList<QByteArray> lengths = h.values("Content-Length");
    if (!lengths.isEmpty()) {
        bool ok = false;
        const qint64 length = trimOws(lengths.first()).toLongLong(&ok);
        for (const QByteArray& other : lengths) {
            if (trimOws(other) != trimOws(lengths.first()))
                return false; // differing lengths: a smuggling attempt or a broken server
        }
        if (!ok || length < 0)
            return false;
        if (length > m_maxBodyBytes) {
            m_tooLarge = true;
            return false;
        }
        m_bodyKind = BodyKind::Length;
        m_remaining = length;
        return true;
    }
    m_bodyKind = BodyKind::UntilClose;
    m_keepAlive = false;
    return true;
}

bool HttpResponseParser::appendBody(QByteArrayView bytes)
{
    if (m_response.body.size() + bytes.size() > m_maxBodyBytes) {
        m_tooLarge = true;
        return false;
    }
    m_response.body.append(bytes);
    return true;
}

HttpResponseParser::State HttpResponseParser::feed(QByteArrayView bytes)
{
    if (m_state != State::Reading)
        return m_state;
    m_sawAnyByte = m_sawAnyByte || !bytes.isEmpty();
    m_buffer.append(bytes);

    for (;;) {
        switch (m_phase) {
        case Phase::StatusLine:
        case Phase::Headers:
        case Phase::Trailers: {
            QByteArray line;
            if (!takeLine(line)) {
                if (m_headerBytes + m_buffer.size() > maxHeaderBytes)
                    return failTooLarge(
                        QStringLiteral("the response headers passed the %1-byte cap").arg(maxHeaderBytes));
                return m_state;
            }
            m_headerBytes += line.size() + 2;
            if (m_headerBytes > maxHeaderBytes)
                return failTooLarge(QStringLiteral("the response headers passed the %1-byte cap").arg(maxHeaderBytes));
            if (m_phase == Phase::StatusLine) {
                if (!parseStatusLine(line))
                    return fail(
                        QStringLiteral("not an HTTP/1.x status line: \"%1\"").arg(QString::fromLatin1(line.left(60))));
                m_phase = Phase::Headers;
            } else if (m_phase == Phase::Trailers) {
                if (line.isEmpty())
                    return complete(); // trailer fields are read and dropped
            } else if (!line.isEmpty()) {
                if (!parseHeaderLine(line))
                    return fail(
                        QStringLiteral("a malformed header line: \"%1\"").arg(QString::fromLatin1(line.left(60))));
                if (m_response.headers.size() > maxHeaderFields)
                    return failTooLarge(
                        QStringLiteral("the response has more than %1 header fields").arg(maxHeaderFields));
            } else if (m_response.status == 101) {
                // Switching Protocols: what follows is not HTTP/1.1 any more.
                m_keepAlive = false;
                return complete();
            } else if (m_response.status < 200) {
                // An interim response (100 Continue, 103 Early Hints): the
                // real one follows on the same connection. A server that
                // sends nothing but these is cut off.
                if (++m_interimResponses > maxInterimResponses)
                    return fail(QStringLiteral("more than %1 interim (1xx) responses").arg(maxInterimResponses));
                m_phase = Phase::StatusLine;
                m_headerBytes = 0;
            } else {
                if (!headersDone()) {
                    if (m_tooLarge)
                        return fail(QStringLiteral("the body is larger than the %1-byte cap").arg(m_maxBodyBytes));
                    return fail(QStringLiteral("an invalid Content-Length"));
                }
                if (m_bodyKind == BodyKind::None || (m_bodyKind == BodyKind::Length && m_remaining == 0))
                    return complete();
                if (m_bodyKind != BodyKind::Chunked)
                    m_phase = Phase::Body;
            }
            break;
        }
        case Phase::Body: {
            if (m_bodyKind == BodyKind::UntilClose) {
                if (!appendBody(m_buffer))
                    return fail(QStringLiteral("the body passed the %1-byte cap").arg(m_maxBodyBytes));
                m_buffer.clear();
                return m_state;
            }
            const qsizetype take = static_cast<qsizetype>(std::min<qint64>(m_remaining, m_buffer.size()));
            if (!appendBody(QByteArrayView(m_buffer).first(take)))
                return fail(QStringLiteral("the body passed the %1-byte cap").arg(m_maxBodyBytes));
            m_buffer.remove(0, take);
            m_remaining -= take;
            if (m_remaining == 0)
                return complete();
            return m_state;
        }
        case Phase::ChunkSize: {
            QByteArray line;
            if (!takeLine(line)) {
                if (m_buffer.size() > 1024)
                    return fail(QStringLiteral("a chunk size line too long"));
                return m_state;
            }
            const std::optional<qint64> size = parseChunkSize(line);
            if (!size)
                return fail(QStringLiteral("an invalid chunk size: \"%1\"").arg(QString::fromLatin1(line.left(30))));
            if (*size == 0) {
                m_phase = Phase::Trailers;
            } else {
                m_remaining = *size;
                m_phase = Phase::ChunkData;
            }
            break;
        }
        case Phase::ChunkData: {
            const qsizetype take = static_cast<qsizetype>(std::min<qint64>(m_remaining, m_buffer.size()));
            if (!appendBody(QByteArrayView(m_buffer).first(take)))
                return fail(QStringLiteral("the body passed the %1-byte cap").arg(m_maxBodyBytes));
            m_buffer.remove(0, take);
            m_remaining -= take;
            if (m_remaining > 0)
                return m_state;
            m_phase = Phase::ChunkDataEnd;
            break;
        }
        case Phase::ChunkDataEnd: {
            QByteArray line;
            if (!takeLine(line)) {
                // Only CR LF (or a bare LF) may follow a chunk's data.
                if (m_buffer.size() >= 2 || (m_buffer.size() == 1 && m_buffer[0] != '\r'))
                    return fail(QStringLiteral("a chunk did not end with CRLF"));
                return m_state;
            }
            if (!line.isEmpty())
                return fail(QStringLiteral("a chunk did not end with CRLF"));
            m_phase = Phase::ChunkSize;
            break;
        }
        case Phase::Done:
            return m_state;
        }
    }
}

HttpResponseParser::State HttpResponseParser::endOfStream()
{
    if (m_state != State::Reading)
        return m_state;
    m_keepAlive = false;
    if (m_phase == Phase::Body && m_bodyKind == BodyKind::UntilClose)
        return complete();
    if (!m_sawAnyByte)
        return fail(QStringLiteral("the server closed the connection without answering"));
    if (m_phase == Phase::Body || m_phase == Phase::ChunkData || m_phase == Phase::ChunkSize
        || m_phase == Phase::ChunkDataEnd)
        return fail(QStringLiteral("the connection closed in the middle of the body (%1 bytes read)")
                        .arg(m_response.body.size()));
    return fail(QStringLiteral("the connection closed in the middle of the response headers"));
}

} // namespace jitterbug
