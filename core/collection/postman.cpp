#include "postman.h"

#include <array>
#include <utility>

// What the Postman reader (postmanread.cpp) and writer (postmanwrite.cpp)
// share: the format's names and newman's rules both sides follow.

namespace jitterbug::postman {

namespace {

// postman-runtime's requester/core-body-builder.js (CONTENT_TYPE_LANGUAGE).
constexpr std::array<std::pair<const char*, const char*>, 5> kLanguages{{
    {"text", "text/plain"},
    {"json", "application/json"},
    {"javascript", "application/javascript"},
    {"html", "text/html"},
    {"xml", "application/xml"},
}};

QString normalizeParam(const QString& text, bool isKey)
{
    const QString masked = maskVariables(text);
    QString out;
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (masked[i] == u'&')
            out += QStringLiteral("%26");
        else if (masked[i] == u'#')
            out += QStringLiteral("%23");
        else if (isKey && masked[i] == u'=')
            out += QStringLiteral("%3D");
        else
            out += text[i];
    }
    return out;
}

} // namespace

QString schemaV21()
{
    return QStringLiteral("https://schema.getpostman.com/json/collection/v2.1.0/collection.json");
}

QString extensionKey()
{
    return QStringLiteral("_jitterbug");
}

QString foreignKey()
{
    return QStringLiteral("postman");
}

QString contentTypeOfLanguage(const QString& language)
{
    for (const auto& [name, type] : kLanguages) {
        if (language == QLatin1StringView(name))
            return QLatin1StringView(type);
    }
    return QStringLiteral("text/plain");
}

QString languageOfContentType(const QString& contentType)
{
    for (const auto& [name, type] : kLanguages) {
        if (contentType == QLatin1StringView(type))
            return QLatin1StringView(name);
    }
    return {};
}

bool prunesBody(const QString& method)
{
    // postman-runtime's requester/core.js (METHODS_WITHOUT_BODY).
    static const QStringList methods{QStringLiteral("GET"), QStringLiteral("COPY"), QStringLiteral("HEAD"),
                                     QStringLiteral("PURGE"), QStringLiteral("UNLOCK")};
    return methods.contains(method.toUpper());
}

std::optional<QString> contentTypeHeader(const QList<KeyValue>& headers)
{
    for (qsizetype i = headers.size() - 1; i >= 0; --i) {
        if (headers[i].enabled && headers[i].name.compare(u"Content-Type", Qt::CaseInsensitive) == 0)
            return headers[i].value;
    }
    return std::nullopt;
}

QString queryParamText(const std::optional<QString>& key, const std::optional<QString>& value)
{
    return normalizeParam(key.value_or(QString()), true) + (value ? u'=' + normalizeParam(*value, false) : QString());
}

QString maskVariables(const QString& text)
{
    QString masked = text;
    qsizetype from = 0;
    while (true) {
        const qsizetype open = masked.indexOf(u"{{", from);
        if (open < 0)
            break;
        const qsizetype close = masked.indexOf(u"}}", open + 2);
        if (close < 0)
            break;
        for (qsizetype i = open; i < close + 2; ++i)
            masked[i] = u'_';
        from = close + 2;
    }
    return masked;
}

} // namespace jitterbug::postman
