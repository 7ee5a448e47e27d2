#include "postmanread.h"

#include <algorithm>

// Reading a Postman request's URL: a string as it is, an object from the
// parts newman sends (it does not read "raw" when they are there).

namespace jitterbug::postman {

namespace {

// A query parameter as Postman has it: a null value is a key without '='.
struct QueryEntry {
    std::optional<QString> key;
    std::optional<QString> value;
    bool enabled = true;
    QString description;
    bool inUrl = false; // marked by Jitterbug's export: part of the URL, not a parameter
};

Expected<std::optional<QString>> nullableText(Fields& f, QStringView key)
{
    const QJsonValue value = f.value(key);
    if (value.isUndefined() || value.isNull()) {
        f.take(key);
        return std::optional<QString>();
    }
    Expected<QString> text = f.text(key);
    if (!text)
        return std::unexpected(text.error());
    return std::optional<QString>(*text);
}

Expected<QList<QueryEntry>> readQuery(Fields& u)
{
    QList<QueryEntry> entries;
    QJsonArray list;
    JB_TRY(into(list, u.list(u"query")));
    for (qsizetype i = 0; i < list.size(); ++i) {
        Expected<Fields> q = u.element(u"query", list, i);
        if (!q)
            return std::unexpected(q.error());
        QueryEntry entry;
        bool disabled = false;
        JB_TRY(into(entry.key, nullableText(*q, u"key")));
        JB_TRY(into(entry.value, nullableText(*q, u"value")));
        JB_TRY(into(disabled, q->flag(u"disabled")));
        JB_TRY(into(entry.description, q->description(u"description")));
        std::optional<QJsonObject> extension;
        JB_TRY(into(extension, q->object(extensionKey())));
        entry.enabled = !disabled;
        entry.inUrl = extension && extension->value(u"in_url").toBool();
        entries.append(entry);
    }
    return entries;
}

// A host or path given as a string or a list of parts.
Expected<QStringList> parts(Fields& u, QStringView key)
{
    const QJsonValue value = u.take(key);
    if (value.isUndefined() || value.isNull())
        return QStringList();
    if (value.isString())
        return QStringList{value.toString()};
    if (!value.isArray())
        return u.fail(key, QStringLiteral("expected a string or a list, got ") + describeJson(value));
    QStringList out;
    const QJsonArray list = value.toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        // A path segment may be an object {"type": ..., "value": ...}.
        const QJsonValue part = list[i].isObject() ? list[i].toObject().value(u"value") : list[i];
        if (!part.isString() && !part.isDouble())
            return invalidInput(u.pathOf(key) + u'[' + QString::number(i) + QStringLiteral("]: expected a string, got ")
                                + describeJson(list[i]));
        out.append(jsonText(part));
    }
    return out;
}

// Postman's Url#toString without the query and hash: path variables
// (":id", from "variable") are replaced as newman replaces them.
Expected<QString> urlFromParts(Fields& u, const QHash<QString, QString>& pathVariables)
{
    QString protocol;
    QString port;
    QStringList host;
    QStringList path;
    JB_TRY(into(protocol, u.text(u"protocol")));
    JB_TRY(into(host, parts(u, u"host")));
    JB_TRY(into(port, u.text(u"port")));
    const QJsonValue pathValue = u.value(u"path");
    const bool pathIsText = pathValue.isString();
    // newman writes "/" for a list, even an empty one, and nothing for no path or "".
    const bool hasPath = pathValue.isArray() || (pathIsText && !pathValue.toString().isEmpty());
    JB_TRY(into(path, parts(u, u"path")));
    if (pathIsText) { // "/a/b": one leading slash goes; "/" is one empty segment
        QString text = path.value(0);
        if (text.startsWith(u'/') && text.size() > 1)
            text.remove(0, 1);
        path = text.isEmpty() ? QStringList() : text == u"/" ? QStringList{QString()} : text.split(u'/');
    }
    for (QString& segment : path) {
        if (!segment.startsWith(u':'))
            continue;
        const qsizetype dot = segment.indexOf(u'.');
        const QString name = segment.mid(1, dot < 0 ? -1 : dot - 1);
        const QString value = pathVariables.value(name);
        if (!name.isEmpty() && !value.isEmpty())
            segment = value + segment.mid(1 + name.size());
    }
    // "auth": {"user", "password"} is the URL's userinfo, which newman sends
    // as Basic auth; the builder does the same with credentials in a URL.
    QString userInfo;
    std::optional<QJsonObject> given;
    JB_TRY(into(given, u.object(u"auth")));
    if (const QJsonObject auth = given.value_or(QJsonObject()); !auth.isEmpty()) {
        userInfo = QString::fromLatin1(QUrl::toPercentEncoding(jsonText(auth.value(u"user")), "{}"));
        if (auth.contains(u"password"))
            userInfo += u':' + QString::fromLatin1(QUrl::toPercentEncoding(jsonText(auth.value(u"password")), "{}"));
        userInfo += u'@';
    }
    QString url;
    if (!protocol.isEmpty())
        url += protocol.endsWith(u"://") ? protocol : protocol + QStringLiteral("://");
    url += userInfo + host.join(u'.');
    if (!port.isEmpty())
        url += u':' + port;
    if (hasPath)
        url += u'/' + path.join(u'/');
    return url;
}

// The first index of `separator` in `text` outside {{variables}}, or -1.
qsizetype separatorIndex(const QString& text, QChar separator)
{
    return maskVariables(text).indexOf(separator);
}

} // namespace

// A URL object's parts, as newman puts them together; "raw" only when there
// is no host. The query goes to `params`, except the URL's own query of a
// Jitterbug export, and except when a parameter has no value (`?flag`, which
// a parameter cannot hold): then the enabled ones stay in the URL, as newman
// writes them.
Expected<void> Reader::url(Fields& f, const QString& where, RequestItem& out, QJsonObject& kept)
{
    const QJsonValue value = f.take(u"url");
    if (value.isString()) {
        out.url = value.toString();
        return {};
    }
    if (value.isUndefined() || value.isNull())
        return {};
    if (!value.isObject())
        return f.fail(u"url", QStringLiteral("expected an object or a string, got ") + describeJson(value));
    Fields u(value.toObject(), f.pathOf(u"url"));
    QString raw;
    JB_TRY(into(raw, u.text(u"raw")));
    std::optional<QString> hash;
    JB_TRY(into(hash, nullableText(u, u"hash")));
    QString base = raw;
    if (u.has(u"host")) {
        QHash<QString, QString> pathVariables;
        QStringList names; // in the file's order, for the warning
        QJsonArray list;
        JB_TRY(into(list, u.list(u"variable")));
        for (qsizetype i = 0; i < list.size(); ++i) {
            Expected<Fields> v = u.element(u"variable", list, i);
            if (!v)
                return std::unexpected(v.error());
            QString name;
            QString id;
            JB_TRY(into(name, v->text(u"key")));
            JB_TRY(into(id, v->text(u"id")));
            names.append(name.isEmpty() ? id : name);
            pathVariables.insert(names.last(), jsonText(v->take(u"value")));
        }
        JB_TRY(into(base, urlFromParts(u, pathVariables)));
        if (!names.isEmpty())
            warn(where,
                 QStringLiteral("url path variables (:") + names.join(QStringLiteral(", :"))
                     + QStringLiteral(") are written into the URL"));
    } else if (u.has(u"query")) { // hand-written: "raw" and a query list
        if (const qsizetype h = separatorIndex(base, u'#'); h >= 0) {
            hash = hash.value_or(base.mid(h + 1));
            base.truncate(h);
        }
        if (const qsizetype q = separatorIndex(base, u'?'); q >= 0)
            base.truncate(q);
    } else { // only "raw": taken as a URL string
        out.url = raw;
        hash.reset();
    }

    if (u.has(u"host") || u.has(u"query")) {
        QList<QueryEntry> entries;
        JB_TRY(into(entries, readQuery(u)));
        const bool bare = std::ranges::any_of(entries, [](const QueryEntry& e) { return e.enabled && !e.value; });
        QStringList sent;
        for (const QueryEntry& e : entries) {
            if (e.enabled && (bare || e.inUrl)) {
                sent.append(queryParamText(e.key, e.value));
                continue;
            }
            out.params.append(
                KeyValue{e.key.value_or(QString()), e.value.value_or(QString()), e.enabled, e.description});
        }
        out.url = base + (sent.isEmpty() ? QString() : u'?' + sent.join(u'&'));
        if (hash)
            out.url += u'#' + *hash;
    }
    if (const QJsonObject rest = u.rest(); !rest.isEmpty())
        kept.insert(u"url", rest);
    return {};
}

} // namespace jitterbug::postman
