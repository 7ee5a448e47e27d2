#include "postmanwrite.h"

#include "policy/policyjson.h"

#include <QJsonArray>

#include <algorithm>

// Writing one Postman request item: the URL as an object with its parts
// (newman reads those, not "raw"), headers, the body and the
// protocolProfileBehavior newman needs to send what Jitterbug sends.

namespace jitterbug::postman {

namespace {

// A URL string split as Postman's parser splits it (postman-url-encoder's
// parser): hash, query, protocol, path, port and host, with separators inside
// {{variables}} left alone. User info stays at the front of the host.
struct UrlParts {
    QString protocol;
    QStringList host;
    QString port;
    std::optional<QStringList> path;
    std::optional<QString> query;
    std::optional<QString> hash;
};

QStringList splitOutsideVariables(const QString& text, QChar separator)
{
    const QString masked = maskVariables(text);
    QStringList parts;
    qsizetype from = 0;
    for (qsizetype i = masked.indexOf(separator); i >= 0; i = masked.indexOf(separator, from)) {
        parts.append(text.mid(from, i - from));
        from = i + 1;
    }
    parts.append(text.mid(from));
    return parts;
}

UrlParts splitUrl(QString rest)
{
    UrlParts parts;
    const auto cut = [&rest](qsizetype at, qsizetype skip) {
        const QString after = rest.mid(at + skip);
        rest.truncate(at);
        return after;
    };
    while (!rest.isEmpty() && rest.front().isSpace())
        rest.remove(0, 1);
    if (const qsizetype i = maskVariables(rest).indexOf(u'#'); i >= 0)
        parts.hash = cut(i, 1);
    if (const qsizetype i = maskVariables(rest).indexOf(u'?'); i >= 0)
        parts.query = cut(i, 1);
    if (const qsizetype i = maskVariables(rest).indexOf(u"://"); i >= 0) {
        parts.protocol = rest.left(i);
        rest.remove(0, i + 3);
        while (rest.startsWith(u'/'))
            rest.remove(0, 1);
    }
    if (const qsizetype i = maskVariables(rest).indexOf(u'/'); i >= 0)
        parts.path = splitOutsideVariables(cut(i, 1), u'/');
    const qsizetype at = maskVariables(rest).lastIndexOf(u'@');
    const QString userInfo = at >= 0 ? rest.left(at + 1) : QString();
    rest.remove(0, userInfo.size());
    if (const qsizetype i = maskVariables(rest).lastIndexOf(u':'); i >= 0 && !rest.mid(i + 1).contains(u']'))
        parts.port = cut(i, 1);
    if (!rest.isEmpty() || !userInfo.isEmpty())
        parts.host = splitOutsideVariables(rest, u'.');
    if (!parts.host.isEmpty())
        parts.host.front().prepend(userInfo);
    return parts;
}

void writeStrings(JsonWriter& out, QStringView key, const QStringList& list)
{
    out.key(key).beginArray();
    for (const QString& text : list)
        out.value(text);
    out.endArray();
}

void writeKeyValue(JsonWriter& out, const KeyValue& kv, bool typed)
{
    out.beginObject().key(u"key").value(kv.name).key(u"value").value(kv.value);
    if (typed)
        out.key(u"type").value("text");
    if (!kv.enabled)
        out.key(u"disabled").value(true);
    writeText(out, u"description", kv.description);
    out.endObject();
}

void writeKeyValues(JsonWriter& out, QStringView key, const QList<KeyValue>& list)
{
    out.key(key).beginArray();
    for (const KeyValue& kv : list)
        writeKeyValue(out, kv, true);
    out.endArray();
}

// The URL as an object: "raw" is the URL with the enabled parameters, the
// parts are what newman sends, "query" holds the URL's own query (marked, so
// that it goes back into the URL) and then the parameters.
void writeUrl(JsonWriter& out, const RequestItem& r, const QJsonObject& kept)
{
    const UrlParts parts = splitUrl(r.url);
    QStringList sent;
    for (const KeyValue& p : r.params) {
        if (p.enabled)
            sent.append(queryParamText(p.name, p.value));
    }
    QString raw = r.url;
    if (parts.hash)
        raw.chop(parts.hash->size() + 1);
    if (!sent.isEmpty())
        raw += (!parts.query                 ? QStringLiteral("?")
                    : parts.query->isEmpty() ? QString()
                                             : QStringLiteral("&"))
            + sent.join(u'&');
    if (parts.hash)
        raw += u'#' + *parts.hash;

    out.key(u"url").beginObject();
    out.key(u"raw").value(raw);
    writeText(out, u"protocol", parts.protocol);
    writeStrings(out, u"host", parts.host); // always there: it tells a reader to use the parts
    writeText(out, u"port", parts.port);
    if (parts.path)
        writeStrings(out, u"path", *parts.path);
    if (parts.query || !r.params.isEmpty()) {
        out.key(u"query").beginArray();
        for (const QString& entry : parts.query ? splitOutsideVariables(*parts.query, u'&') : QStringList()) {
            const qsizetype equals = entry.indexOf(u'=');
            out.beginObject().key(u"key").value(equals < 0 ? entry : entry.left(equals));
            if (equals < 0)
                out.key(u"value").null();
            else
                out.key(u"value").value(entry.mid(equals + 1));
            // Part of the URL, not a parameter: the import puts it back there.
            out.key(extensionKey()).beginObject().key(u"in_url").value(true).endObject();
            out.endObject();
        }
        for (const KeyValue& p : r.params)
            writeKeyValue(out, p, false);
        out.endArray();
    }
    if (parts.hash)
        out.key(u"hash").value(*parts.hash);
    writeRest(out, kept,
              {QStringLiteral("raw"), QStringLiteral("protocol"), QStringLiteral("host"), QStringLiteral("port"),
               QStringLiteral("path"), QStringLiteral("query"), QStringLiteral("hash")});
    out.endObject();
}

// How the raw body's Content-Type reaches newman: a header the user set, the
// language, a marked header, or none (protocolProfileBehavior switches
// newman's off). "_jitterbug" says it when the user's header differs.
struct RawType {
    QString language;
    bool markedHeader = false;
    bool switchOff = false;
    bool spelledOut = false;
};

RawType rawType(const RequestItem& r)
{
    RawType t;
    const std::optional<QString> header = contentTypeHeader(r.headers);
    if (r.body.kind == Body::Kind::Json) {
        t.language = QStringLiteral("json");
        return t;
    }
    if (r.body.kind != Body::Kind::Raw)
        return t;
    t.language = languageOfContentType(r.body.contentType);
    if (t.language == u"json") // would read back as a JSON body
        t.language.clear();
    if (header)
        t.spelledOut = *header != r.body.contentType;
    else if (r.body.contentType.isEmpty())
        t.switchOff = true;
    else
        t.markedHeader = t.language.isEmpty();
    return t;
}

void writeFormData(JsonWriter& out, const QList<FormField>& fields)
{
    out.key(u"formdata").beginArray();
    for (const FormField& field : fields) {
        out.beginObject().key(u"key").value(field.name);
        if (field.isFile)
            out.key(u"type").value("file").key(u"src").value(field.value);
        else
            out.key(u"value").value(field.value).key(u"type").value("text");
        writeText(out, u"contentType", field.contentType);
        if (!field.enabled)
            out.key(u"disabled").value(true);
        out.endObject();
    }
    out.endArray();
}

void writeBody(JsonWriter& out, const RequestItem& r, const RawType& type, const QJsonObject& kept)
{
    const Body& body = r.body;
    if (body.kind == Body::Kind::None) {
        if (kept.contains(u"body"))
            writeKey(out, u"body", kept.value(u"body"));
        return;
    }
    out.key(u"body").beginObject();
    switch (body.kind) {
    case Body::Kind::None:
        break;
    case Body::Kind::Raw:
    case Body::Kind::Json:
        out.key(u"mode").value("raw").key(u"raw").value(body.text);
        if (!type.language.isEmpty()) {
            out.key(u"options").beginObject().key(u"raw").beginObject().key(u"language").value(type.language);
            out.endObject().endObject();
        }
        if (type.spelledOut)
            out.key(extensionKey()).beginObject().key(u"content_type").value(body.contentType).endObject();
        break;
    case Body::Kind::UrlEncoded:
        out.key(u"mode").value("urlencoded");
        writeKeyValues(out, u"urlencoded", body.urlEncoded);
        break;
    case Body::Kind::Multipart:
        out.key(u"mode").value("formdata");
        writeFormData(out, body.multipart);
        break;
    }
    out.endObject();
}

// The idempotency key the engine would add, as a header newman sends:
// `auto` is one {{$guid}} per request, as the engine draws one per call.
// Marked, so the import leaves it to the policy again.
void writeIdempotencyHeader(JsonWriter& out, const RequestItem& r, const QJsonObject& effectivePolicy)
{
    const Expected<RetryPolicy> policy = policyFromJson(effectivePolicy, QStringLiteral("policy"));
    if (!policy || policy->idempotencyKey.isEmpty() || policy->idempotencyHeader.isEmpty())
        return;
    const QString name = QString::fromLatin1(policy->idempotencyHeader);
    const bool userSetsIt = std::ranges::any_of(
        r.headers, [&name](const KeyValue& h) { return h.enabled && h.name.compare(name, Qt::CaseInsensitive) == 0; });
    if (userSetsIt) // the engine leaves a key the user wrote alone
        return;
    const QString value
        = policy->idempotencyKey == "auto" ? QStringLiteral("{{$guid}}") : QString::fromUtf8(policy->idempotencyKey);
    out.beginObject().key(u"key").value(name).key(u"value").value(value).key(u"type").value("text");
    out.key(extensionKey()).beginObject().key(u"generated").value("idempotency_key").endObject();
    out.endObject();
}

void writeRequest(JsonWriter& out, const RequestItem& r, const RawType& type, const QJsonObject& kept,
                  const QJsonObject& effectivePolicy)
{
    out.key(u"request").beginObject();
    writeAuth(out, r.auth, kept, false);
    out.key(u"method").value(r.method);
    out.key(u"header").beginArray();
    for (const KeyValue& header : r.headers)
        writeKeyValue(out, header, true);
    if (type.markedHeader) { // after the user's, where Jitterbug adds it; the import takes it back
        out.beginObject().key(u"key").value("Content-Type").key(u"value").value(r.body.contentType);
        out.key(u"type").value("text");
        out.key(extensionKey()).beginObject().key(u"body_content_type").value(true).endObject();
        out.endObject();
    }
    writeIdempotencyHeader(out, r, effectivePolicy);
    out.endArray();
    writeBody(out, r, type, kept);
    writeUrl(out, r, kept.value(u"url").toObject());
    writeText(out, u"description", r.description);
    writeRest(out, kept,
              {QStringLiteral("auth"), QStringLiteral("method"), QStringLiteral("header"), QStringLiteral("body"),
               QStringLiteral("url"), QStringLiteral("description")});
    out.endObject();
}

// Whether newman has a body to send (it sends none for an empty text or no enabled field).
bool sendsBody(const Body& body)
{
    const auto enabled = [](const auto& field) {
        return field.enabled;
    };
    switch (body.kind) {
    case Body::Kind::None:
        return false;
    case Body::Kind::Raw:
    case Body::Kind::Json:
        return !body.text.isEmpty();
    case Body::Kind::UrlEncoded:
        return std::ranges::any_of(body.urlEncoded, enabled);
    case Body::Kind::Multipart:
        return std::ranges::any_of(body.multipart, enabled);
    }
    return false;
}

} // namespace

void writeRequestItem(JsonWriter& out, const RequestItem& r, const QJsonObject& effectivePolicy)
{
    const QJsonObject kept = postmanPart(r.foreign);
    const RawType type = rawType(r);
    QJsonObject behavior = kept.value(u"protocolProfileBehavior").toObject();
    if (sendsBody(r.body) && prunesBody(r.method))
        behavior.insert(u"disableBodyPruning", true);
    if (r.insecureTls)
        behavior.insert(u"strictSSL", false);
    if (type.switchOff) {
        QJsonObject headers = behavior.value(u"disabledSystemHeaders").toObject();
        headers.insert(u"content-type", true);
        behavior.insert(u"disabledSystemHeaders", headers);
    }
    out.beginObject();
    out.key(u"name").value(r.name);
    writeEvents(out, std::nullopt, kept);
    if (!behavior.isEmpty())
        writeKey(out, u"protocolProfileBehavior", behavior);
    writeRequest(out, r, type, kept.value(u"request").toObject(), effectivePolicy);
    writeRest(out, kept,
              {QStringLiteral("name"), QStringLiteral("event"), QStringLiteral("protocolProfileBehavior"),
               QStringLiteral("request"), extensionKey()});
    writeExtension(out, r.policy, r.foreign);
    out.endObject();
}

} // namespace jitterbug::postman
