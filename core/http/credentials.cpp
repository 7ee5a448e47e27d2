#include "credentials.h"

#include "httpgrammar.h"

#include <array>

namespace jitterbug {

namespace {

// Lower case without '-' and '_': "X-API-Key", "x_api_key" and "xapikey" meet.
QByteArray normalized(QByteArrayView name)
{
    QByteArray out;
    out.reserve(name.size());
    for (const char c : name) {
        if (c != '-' && c != '_')
            out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    return out;
}

constexpr std::array<QByteArrayView, 8> kCommonNames{
    "authorization", "proxyauthorization", "cookie", "setcookie", "xapikey", "apikey", "xauthtoken", "accesstoken",
};

QByteArray maskedAuthorization(const QByteArray& value)
{
    // "Bearer abc", "Basic dXNlcjpwdw==", "AWS4-HMAC-SHA256 Credential=...": the scheme is a token.
    qsizetype end = 0;
    while (end < value.size() && httpgrammar::isTchar(value[end]))
        ++end;
    if (end > 0 && end < value.size() && value[end] == ' ')
        return value.left(end) + ' ' + maskedUtf8();
    return maskedUtf8();
}

// "s=xyz; t=abc" → "s=••••; t=••••"; with `attributesFollow` (Set-Cookie),
// only the first pair is a cookie and the attributes after it stay.
QByteArray maskedCookies(const QByteArray& value, bool attributesFollow)
{
    QByteArrayList parts = value.split(';');
    for (qsizetype i = 0; i < parts.size(); ++i) {
        if (attributesFollow && i > 0)
            break;
        const QByteArray part = parts[i].trimmed();
        const qsizetype equals = part.indexOf('=');
        parts[i] = (i > 0 ? QByteArray(" ") : QByteArray())
            + (equals >= 0 ? part.left(equals + 1) + maskedUtf8() : maskedUtf8());
    }
    return parts.join(';');
}

bool endsQueryValue(QChar c)
{
    return c == u'&' || c == u'#' || c == u'"' || c == u'\'' || c == u'<' || c == u'>' || c.isSpace();
}

bool endsAuthority(QChar c)
{
    return c == u'/' || c == u'?' || c == u'#' || c == u'"' || c == u'\'' || c == u'<' || c == u'>' || c.isSpace();
}

// "scheme://user:password@host": the password, after each "://".
QString maskUserInfo(const QString& text)
{
    QString out = text;
    for (qsizetype from = out.indexOf(u"://"); from >= 0; from = out.indexOf(u"://", from)) {
        from += 3;
        qsizetype end = from;
        while (end < out.size() && !endsAuthority(out[end]))
            ++end;
        const qsizetype at = out.lastIndexOf(u'@', end - 1);
        if (at < from)
            continue;
        const qsizetype colon = out.indexOf(u':', from);
        if (colon < 0 || colon >= at - 1)
            continue;
        out.replace(colon + 1, at - colon - 1, kMasked.toString());
    }
    return out;
}

QString maskQueryValues(const QString& text, const QByteArrayList& extra)
{
    QString out;
    out.reserve(text.size());
    qsizetype i = 0;
    while (i < text.size()) {
        const QChar c = text[i];
        out += c;
        ++i;
        if (c != u'?' && c != u'&')
            continue;
        qsizetype nameEnd = i;
        while (nameEnd < text.size() && text[nameEnd] != u'=' && !endsQueryValue(text[nameEnd]))
            ++nameEnd;
        if (nameEnd == i || nameEnd >= text.size() || text[nameEnd] != u'=')
            continue;
        const QByteArray name = QByteArray::fromPercentEncoding(text.sliced(i, nameEnd - i).toUtf8());
        if (!isCredentialName(name, extra))
            continue;
        qsizetype valueEnd = nameEnd + 1;
        while (valueEnd < text.size() && !endsQueryValue(text[valueEnd]))
            ++valueEnd;
        out += text.sliced(i, nameEnd + 1 - i);
        if (valueEnd > nameEnd + 1)
            out += kMasked;
        i = valueEnd;
    }
    return out;
}

} // namespace

QByteArray maskedUtf8()
{
    return QByteArrayLiteral("\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2");
}

bool isCredentialName(QByteArrayView name, const QByteArrayList& extra)
{
    const QByteArray key = normalized(name);
    if (key.isEmpty())
        return false;
    for (const QByteArrayView common : kCommonNames) {
        if (key == common)
            return true;
    }
    for (const QByteArray& own : extra) {
        if (key == normalized(own))
            return true;
    }
    return false;
}

QByteArray maskedHeaderValue(QByteArrayView name, const QByteArray& value, const QByteArrayList& extra)
{
    if (value.isEmpty() || !isCredentialName(name, extra))
        return value;
    const QByteArray key = normalized(name);
    if (key == "authorization" || key == "proxyauthorization")
        return maskedAuthorization(value);
    if (key == "cookie")
        return maskedCookies(value, false);
    if (key == "setcookie")
        return maskedCookies(value, true);
    return maskedUtf8();
}

HeaderList maskedHeaders(const HeaderList& headers, const QByteArrayList& extra)
{
    HeaderList out;
    for (const HeaderList::Field& f : headers.fields())
        out.append(f.name, maskedHeaderValue(f.name, f.value, extra));
    return out;
}

QString maskCredentialsInText(const QString& text, const QByteArrayList& extra)
{
    const bool query = text.contains(u'?');
    const bool userInfo = text.contains(u'@');
    if (!query && !userInfo)
        return text;
    QString out = userInfo ? maskUserInfo(text) : text;
    return query ? maskQueryValues(out, extra) : out;
}

} // namespace jitterbug
