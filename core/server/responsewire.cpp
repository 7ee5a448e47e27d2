#include "responsewire.h"

#include "http/credentials.h"
#include "http/httpgrammar.h"
#include "http/statusreason.h"

#include <QDateTime>

#include <charconv>
#include <cstdio>
#include <ctime>

namespace jitterbug {

namespace {

bool sameName(QByteArrayView a, QByteArrayView b)
{
    return a.size() == b.size() && a.compare(b, Qt::CaseInsensitive) == 0;
}

// Whether a comma-separated field value lists that token.
bool hasToken(QByteArrayView value, QByteArrayView token)
{
    while (!value.isEmpty()) {
        const qsizetype comma = value.indexOf(',');
        if (httpgrammar::trimOws(comma < 0 ? value : value.first(comma)).compare(token, Qt::CaseInsensitive) == 0)
            return true;
        value = comma < 0 ? QByteArrayView() : value.sliced(comma + 1);
    }
    return false;
}

void appendNumber(QByteArray& out, qint64 value)
{
    char digits[24];
    const auto [end, ec] = std::to_chars(std::begin(digits), std::end(digits), value);
    out.append(digits, end - digits);
}

// The IMF-fixdate of now (RFC 9110 §5.6.7), formatted once a second. The
// cache is per thread, as each server runs on its owning thread.
QByteArrayView httpDate()
{
    thread_local qint64 cachedSecond = -1;
    thread_local QByteArray cached; // the Date value of cachedSecond
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    if (now != cachedSecond) {
        static constexpr const char* days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
        static constexpr const char* months[]
            = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
        const std::time_t t = now;
        std::tm tm{};
        gmtime_r(&t, &tm);
        char text[40];
        const int n = std::snprintf(text, sizeof text, "%s, %02d %s %04d %02d:%02d:%02d GMT", days[tm.tm_wday],
                                    tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
        cached = QByteArray(text, n);
        cachedSecond = now;
    }
    return cached;
}

} // namespace

bool statusHasBody(int status)
{
    return status >= 200 && status != 204 && status != 304;
}

bool asksToClose(const HeaderList& headers)
{
    return hasToken(headers.value("Connection"), "close");
}

QByteArray wireBody(const HeaderList& headers, const QByteArray& body)
{
    const QByteArray encoding = headers.value("Transfer-Encoding");
    if (encoding.isNull() || !hasToken(encoding, "chunked"))
        return body;
    QByteArray out;
    if (!body.isEmpty())
        out += QByteArray::number(body.size(), 16) + "\r\n" + body + "\r\n";
    out += "0\r\n\r\n";
    return out;
}

void writeHead(QByteArray& out, QByteArrayView httpVersion, int status, const HeaderList& headers, qint64 contentLength,
               bool closeAfter)
{
    out += "HTTP/1.1 ";
    appendNumber(out, status);
    out += ' ';
    out += reasonPhrase(status);
    out += "\r\n";
    bool hasDate = false;
    bool hasServer = false;
    bool hasFraming = false;
    bool saysClose = false;
    bool hasConnection = false;
    for (const HeaderList::Field& field : headers.fields()) {
        hasDate = hasDate || sameName(field.name, "Date");
        hasServer = hasServer || sameName(field.name, "Server");
        hasFraming = hasFraming || sameName(field.name, "Content-Length") || sameName(field.name, "Transfer-Encoding");
        if (sameName(field.name, "Connection")) {
            hasConnection = true;
            saysClose = saysClose || hasToken(field.value, "close");
        }
        out += field.name;
        out += ": ";
        out += field.value;
        out += "\r\n";
    }
    if (!hasDate) {
        out += "Date: ";
        out += httpDate();
        out += "\r\n";
    }
    if (!hasServer)
        out += "Server: jitterbug\r\n";
    if (contentLength >= 0 && !hasFraming) {
        out += "Content-Length: ";
        appendNumber(out, contentLength);
        out += "\r\n";
    }
    if (closeAfter && !saysClose)
        out += "Connection: close\r\n";
    else if (!closeAfter && !hasConnection && httpVersion == "1.0")
        out += "Connection: keep-alive\r\n"; // an HTTP/1.0 client assumes close otherwise
    out += "\r\n";
}

QString formatLogLine(const ServerLogEntry& entry)
{
    QHostAddress address = entry.peerAddress;
    bool mapped = false;
    if (const quint32 v4 = address.toIPv4Address(&mapped); mapped)
        address = QHostAddress(v4);
    const QString host
        = address.protocol() == QAbstractSocket::IPv6Protocol ? u'[' + address.toString() + u']' : address.toString();
    // An access log is a record: a client's API key in the query is masked.
    QString request = entry.method.isEmpty()
        ? QStringLiteral("-")
        : maskCredentialsInText(QString::fromLatin1(entry.method + ' ' + entry.target + " HTTP/" + entry.httpVersion));
    request.replace(u'"', QStringLiteral("\\x22")); // keeps the quoted field one field
    return host + u':' + QString::number(entry.peerPort) + u" \"" + request + u"\" " + entry.outcome + u' '
        + QString::number(entry.bodyBytes) + u' ' + QString::number(entry.elapsedMs, 'f', 1) + u"ms";
}

} // namespace jitterbug
