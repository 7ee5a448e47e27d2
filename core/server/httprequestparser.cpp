#include "httprequestparser.h"

#include "http/httpgrammar.h"

#include <QVarLengthArray>

#include <cstring>
#include <optional>

namespace jitterbug {

using namespace httpgrammar;

namespace {

bool isCtl(char c)
{
    const auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7f;
}

// The elements of a comma-separated field value (RFC 9110 §5.6.1), trimmed;
// empty ones are skipped.
QVarLengthArray<QByteArrayView, 4> listElements(QByteArrayView value)
{
    QVarLengthArray<QByteArrayView, 4> out;
    while (!value.isEmpty()) {
        const qsizetype comma = value.indexOf(',');
        const QByteArrayView element = trimOws(comma < 0 ? value : value.first(comma));
        if (!element.isEmpty())
            out.append(element);
        value = comma < 0 ? QByteArrayView() : value.sliced(comma + 1);
    }
    return out;
}

bool hasToken(const HeaderList& headers, QByteArrayView name, QByteArrayView token)
{
    for (const HeaderList::Field& field : headers.fields()) {
        if (field.name.compare(name, Qt::CaseInsensitive) != 0)
            continue;
        for (QByteArrayView element : listElements(field.value)) {
            if (element.compare(token, Qt::CaseInsensitive) == 0)
                return true;
        }
    }
    return false;
}

// The common methods and versions share one static copy instead of one
// allocation per request.
QByteArray sharedMethod(QByteArrayView method)
{
    static const QByteArray known[] = {"GET", "POST", "HEAD", "PUT", "DELETE", "PATCH", "OPTIONS"};
    for (const QByteArray& m : known) {
        if (method == m)
            return m;
    }
    return method.toByteArray();
}

// The path of a request target (RFC 9112 §3.2), without query, percent-decoded.
QString pathOf(QByteArrayView target)
{
    if (target == "*")
        return QStringLiteral("*");
    if (!target.startsWith('/')) {
        // absolute-form: skip "scheme://authority"; authority-form has no path.
        const qsizetype scheme = target.indexOf("://");
        if (scheme < 0)
            return QStringLiteral("/");
        target = target.sliced(scheme + 3);
        const qsizetype slash = target.indexOf('/');
        target = slash < 0 ? QByteArrayView() : target.sliced(slash);
    }
    for (qsizetype i = 0; i < target.size(); ++i) {
        if (target[i] == '?' || target[i] == '#') {
            target.truncate(i);
            break;
        }
    }
    if (target.isEmpty())
        return QStringLiteral("/");
    if (!target.contains('%'))
        return QString::fromUtf8(target);
    return QString::fromUtf8(QByteArray::fromPercentEncoding(target.toByteArray()));
}

// 1*DIGIT, at most 18 of them so the value fits in a qint64.
std::optional<qint64> parseLength(QByteArrayView digits)
{
    if (digits.isEmpty() || digits.size() > 18)
        return std::nullopt;
    qint64 value = 0;
    for (char c : digits) {
        if (!isDigit(c))
            return std::nullopt;
        value = value * 10 + (c - '0');
    }
    return value;
}

std::optional<qint64> hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return std::nullopt;
}

// chunk-size [ chunk-ext ] (RFC 9112 §7.1); extensions are checked for
// control characters and otherwise ignored.
std::optional<qint64> parseChunkSize(QByteArrayView line)
{
    qsizetype i = 0;
    qint64 value = 0;
    for (; i < line.size(); ++i) {
        const std::optional<qint64> digit = hexValue(line[i]);
        if (!digit)
            break;
        if (i >= 15)
            return std::nullopt;
        value = value * 16 + *digit;
    }
    if (i == 0)
        return std::nullopt;
    QByteArrayView rest = line.sliced(i);
    while (!rest.isEmpty() && isOws(rest.front()))
        rest = rest.sliced(1);
    if (!rest.isEmpty() && rest.front() != ';')
        return std::nullopt;
    for (char c : rest) {
        if (isCtl(c) && c != '\t')
            return std::nullopt;
    }
    return value;
}

} // namespace

HttpRequestParser::HttpRequestParser(ServerLimits limits)
    : m_limits(limits)
{
    m_buffer.reserve(4096);
}

void HttpRequestParser::feed(QByteArrayView bytes)
{
    if (m_phase == Phase::Failed || bytes.isEmpty())
        return;
    // Consumed bytes are dropped only when they are at least half the
    // buffer, so moving what is left stays amortised O(1) per byte.
    if (m_pos == m_buffer.size()) {
        m_buffer.truncate(0);
        m_scan = m_pos = 0;
    } else if (m_pos > 0 && m_pos >= m_buffer.size() / 2) {
        m_buffer.remove(0, m_pos);
        m_scan -= m_pos;
        m_pos = 0;
    }
    m_buffer.append(bytes);
}

HttpRequestParser::Result HttpRequestParser::fail(int status, QByteArray detail)
{
    m_phase = Phase::Failed;
    m_errorStatus = status;
    m_errorDetail = std::move(detail);
    m_keepAlive = false;
    return Result::Error;
}

bool HttpRequestParser::refuse(int status, QByteArray detail)
{
    fail(status, std::move(detail));
    return false;
}

// The next line, without its LF and a CR before it. A line that has not
// fully arrived leaves m_scan at the end of the buffer, so the next call
// looks only at new bytes.
bool HttpRequestParser::takeLine(QByteArrayView& line)
{
    const char* data = m_buffer.constData();
    const auto* newline = static_cast<const char*>(std::memchr(data + m_scan, '\n', m_buffer.size() - m_scan));
    if (!newline) {
        m_scan = m_buffer.size();
        return false;
    }
    const qsizetype end = newline - data;
    line = QByteArrayView(data + m_pos, end - m_pos);
    if (line.endsWith('\r'))
        line.chop(1);
    m_pos = m_scan = end + 1;
    return true;
}

// Whether the bytes of an unfinished request line could still start one:
// binary garbage, a TLS hello or anything else that is not HTTP is refused
// at once instead of being buffered up to the head limit. Looks only at the
// bytes from `from` on, remembering whether the method has ended.
bool HttpRequestParser::plausibleRequestLineStart(qsizetype from)
{
    const qsizetype end = m_buffer.size();
    qsizetype start = std::max(from, m_pos);
    // A CR that ended the previous read was let through for the LF that
    // might follow it; look at it again now that the next byte is here, or
    // "GET /\r" + "x" would pass where "GET /\rx" read at once is refused.
    if (start > m_pos && m_buffer[start - 1] == '\r')
        --start;
    for (qsizetype i = start; i < end; ++i) {
        const char c = m_buffer[i];
        if (c == '\r' && i == end - 1)
            continue; // its LF may be on the way
        if (!m_methodEnded && c == ' ' && i > m_pos)
            m_methodEnded = true;
        else if (m_methodEnded ? isCtl(c) : !isTchar(c))
            return false;
    }
    return true;
}

// method SP request-target SP HTTP-version (RFC 9112 §3).
bool HttpRequestParser::parseRequestLine(QByteArrayView line)
{
    const qsizetype sp1 = line.indexOf(' ');
    const qsizetype sp2 = sp1 < 0 ? -1 : line.indexOf(' ', sp1 + 1);
    if (sp1 <= 0 || sp2 < 0)
        return false;
    const QByteArrayView method = line.first(sp1);
    const QByteArrayView target = line.sliced(sp1 + 1, sp2 - sp1 - 1);
    const QByteArrayView version = line.sliced(sp2 + 1);
    for (char c : method) {
        if (!isTchar(c))
            return false;
    }
    if (target.isEmpty())
        return false;
    for (char c : target) {
        if (isCtl(c) || c == ' ')
            return false;
    }
    const bool originForm = target.startsWith('/');
    const bool absoluteForm = !originForm && isAlpha(target.front()) && target.contains("://");
    const bool asteriskForm = target == "*";
    const bool authorityForm = method == "CONNECT";
    if (!originForm && !absoluteForm && !asteriskForm && !authorityForm)
        return false;
    if (version.size() != 8 || !version.startsWith("HTTP/") || !isDigit(version[5]) || version[6] != '.'
        || !isDigit(version[7]))
        return false;
    m_request.method = sharedMethod(method);
    m_request.target = target.toByteArray();
    if (version == "HTTP/1.1")
        m_request.httpVersion = QByteArrayLiteral("1.1");
    else if (version == "HTTP/1.0")
        m_request.httpVersion = QByteArrayLiteral("1.0");
    else
        m_request.httpVersion = version.sliced(5).toByteArray();
    return true;
}

bool HttpRequestParser::parseHeaderLine(QByteArrayView line, bool keep)
{
    const qsizetype colon = line.indexOf(':');
    if (colon <= 0)
        return false;
    // No whitespace between name and colon (RFC 9112 §5.1): the token check refuses it.
    const QByteArrayView name = line.first(colon);
    const QByteArrayView value = trimOws(line.sliced(colon + 1));
    if (!isValidHeaderName(name) || !isValidHeaderValue(value))
        return false;
    if (keep)
        m_request.headers.append(name.toByteArray(), value.toByteArray());
    return true;
}

bool HttpRequestParser::decideKeepAlive()
{
    const HeaderList& h = m_request.headers;
    if (m_request.httpVersion == "1.0")
        return hasToken(h, "Connection", "keep-alive") && !hasToken(h, "Connection", "close");
    return !hasToken(h, "Connection", "close");
}

// The head is in: how is the body delimited (RFC 9112 §6)? True when the
// client waits for "100 Continue"; a refusal leaves the parser failed.
bool HttpRequestParser::headDone()
{
    const HeaderList& h = m_request.headers;
    m_keepAlive = decideKeepAlive();
    const QList<QByteArray> encodings = h.values("Transfer-Encoding");
    const QList<QByteArray> lengths = h.values("Content-Length");
    bool expectsBody = false;

    if (!encodings.isEmpty()) {
        // Both framings at once is how requests are smuggled past a proxy.
        if (!lengths.isEmpty())
            return refuse(400, "both Content-Length and Transfer-Encoding");
        QVarLengthArray<QByteArrayView, 4> codings;
        for (const QByteArray& value : encodings) {
            for (QByteArrayView coding : listElements(value))
                codings.append(coding);
        }
        if (codings.size() != 1 || codings.front().compare("chunked", Qt::CaseInsensitive) != 0)
            return refuse(400, "unsupported transfer coding");
        // RFC 9112 §6.1: chunked in HTTP/1.0 is doubtful framing; close after it.
        if (m_request.httpVersion == "1.0")
            m_keepAlive = false;
        m_phase = Phase::ChunkSize;
        expectsBody = true;
    } else if (!lengths.isEmpty()) {
        // Repeated or listed values are allowed only when they all agree.
        std::optional<qint64> length;
        for (const QByteArray& value : lengths) {
            for (QByteArrayView element : listElements(value)) {
                const std::optional<qint64> one = parseLength(element);
                if (!one || (length && *length != *one))
                    return refuse(400, "invalid Content-Length");
                length = one;
            }
        }
        if (!length)
            return refuse(400, "invalid Content-Length");
        if (*length > m_limits.maxBodyBytes)
            return refuse(413, tooLargeBody());
        m_remaining = *length;
        m_request.body.reserve(std::min<qint64>(*length, 1024 * 1024));
        m_phase = Phase::Body;
        expectsBody = *length > 0;
    } else {
        m_phase = Phase::Done;
    }

    // RFC 9110 §10.1.1: a client that asked waits for the go-ahead, unless
    // it has started sending anyway; HTTP/1.0 clients are never sent a 1xx.
    const bool bodyStarted = bufferedBytes() > 0;
    return expectsBody && !bodyStarted && m_request.httpVersion == "1.1" && hasToken(h, "Expect", "100-continue");
}

QByteArray HttpRequestParser::tooLargeHead() const
{
    return "the request head is larger than " + QByteArray::number(m_limits.maxHeadBytes) + " bytes";
}

QByteArray HttpRequestParser::tooLargeBody() const
{
    return "the body is larger than " + QByteArray::number(m_limits.maxBodyBytes) + " bytes";
}

HttpRequestParser::Result HttpRequestParser::finish()
{
    m_phase = Phase::Done;
    return Result::Request;
}

HttpRequestParser::Result HttpRequestParser::next()
{
    for (;;) {
        switch (m_phase) {
        case Phase::Failed:
            return Result::Error;
        case Phase::Done:
            return Result::Request;
        case Phase::RequestLine:
        case Phase::Headers:
        case Phase::Trailers: {
            const qsizetype scannedBefore = m_scan;
            QByteArrayView line;
            if (!takeLine(line)) {
                if (m_phase == Phase::RequestLine && !plausibleRequestLineStart(scannedBefore))
                    return fail(400, "not an HTTP/1.x request");
                if (m_headBytes + bufferedBytes() > m_limits.maxHeadBytes)
                    return fail(431, tooLargeHead());
                return Result::NeedMore;
            }
            m_headBytes += line.size() + 2;
            if (m_headBytes > m_limits.maxHeadBytes)
                return fail(431, tooLargeHead());
            if (line.contains('\r'))
                return fail(400, "a bare CR in the request head");
            if (m_phase == Phase::RequestLine) {
                m_methodEnded = false;
                // RFC 9112 §2.2: empty lines before the request line are ignored.
                if (line.isEmpty())
                    continue;
                if (!parseRequestLine(line))
                    return fail(400, "not an HTTP/1.x request line");
                if (m_request.httpVersion[0] != '1') {
                    // The HTTP/2 connection preface starts "PRI * HTTP/2.0": not a request at all.
                    if (m_request.method == "PRI")
                        return fail(400, "an HTTP/2 connection preface");
                    return fail(505, "HTTP/" + m_request.httpVersion + " is not supported");
                }
                // HTTP/1.2 and later minors are answered as 1.1 (RFC 9110 §2.5).
                if (m_request.httpVersion != "1.0")
                    m_request.httpVersion = QByteArrayLiteral("1.1");
                m_phase = Phase::Headers;
            } else if (line.isEmpty()) {
                if (m_phase == Phase::Trailers)
                    return finish();
                const bool askContinue = headDone();
                if (m_phase == Phase::Failed)
                    return Result::Error;
                if (askContinue)
                    return Result::ContinueExpected;
            } else if (isOws(line.front())) {
                // obs-fold (RFC 9112 §5.2): refused, not unfolded.
                return fail(400, "a folded header line");
            } else if (!parseHeaderLine(line, m_phase == Phase::Headers)) {
                return fail(400, "an invalid header line");
            }
            continue;
        }
        case Phase::Body:
        case Phase::ChunkData: {
            const qint64 take = std::min<qint64>(m_remaining, bufferedBytes());
            m_request.body.append(m_buffer.constData() + m_pos, take);
            m_pos += take;
            m_scan = m_pos;
            m_remaining -= take;
            if (m_remaining > 0)
                return Result::NeedMore;
            if (m_phase == Phase::Body)
                return finish();
            m_phase = Phase::ChunkDataEnd;
            continue;
        }
        case Phase::ChunkDataEnd: {
            // The CRLF after a chunk's data; a bare LF is taken as for lines.
            const QByteArrayView rest = QByteArrayView(m_buffer).sliced(m_pos);
            if (rest.isEmpty() || rest == "\r")
                return Result::NeedMore;
            const qsizetype skip = rest.startsWith("\r\n") ? 2 : rest.startsWith('\n') ? 1 : 0;
            if (skip == 0)
                return fail(400, "a chunk longer than its size");
            m_pos = m_scan = m_pos + skip;
            m_phase = Phase::ChunkSize;
            continue;
        }
        case Phase::ChunkSize: {
            QByteArrayView line;
            if (!takeLine(line)) {
                if (bufferedBytes() > maxChunkLineBytes)
                    return fail(400, "a chunk-size line that never ends");
                return Result::NeedMore;
            }
            if (line.size() > maxChunkLineBytes)
                return fail(400, "a chunk-size line that never ends");
            const std::optional<qint64> size = parseChunkSize(line);
            if (!size)
                return fail(400, "an invalid chunk size");
            if (*size == 0) {
                m_phase = Phase::Trailers;
                continue;
            }
            if (m_request.body.size() + *size > m_limits.maxBodyBytes)
                return fail(413, tooLargeBody());
            m_remaining = *size;
            m_phase = Phase::ChunkData;
            continue;
        }
        }
    }
}

ServerRequest HttpRequestParser::takeRequest()
{
    ServerRequest out = std::move(m_request);
    out.path = pathOf(out.target);
    m_request = ServerRequest{};
    m_phase = Phase::RequestLine;
    m_headBytes = 0;
    m_remaining = 0;
    return out;
}

} // namespace jitterbug
