#include "postmanread.h"

#include "http/httpgrammar.h"

#include <QRegularExpression>

#include <algorithm>

// Reading a Postman request: method, headers, body, auth (its URL is read in
// postmanreadurl.cpp). What newman would send decides the mapping: the
// Content-Type of raw bodies, and bodies newman leaves out.

namespace jitterbug::postman {

namespace {

QString quoted(const QString& text)
{
    return u'"' + text + u'"';
}

} // namespace

Expected<void> Reader::request(const QJsonValue& value, const QString& path, const QString& where,
                               QJsonObject& behavior, RequestItem& out, QJsonObject& kept)
{
    if (value.isString()) { // a URL, sent with GET
        out.url = value.toString();
        return {};
    }
    if (!value.isObject())
        return invalidInput(path + QStringLiteral(": expected an object or a URL, got ") + describeJson(value));
    Fields f(value.toObject(), path);
    QString method;
    JB_TRY(into(method, f.text(u"method")));
    out.method = method.isEmpty() ? QStringLiteral("GET") : method.toUpper(); // as newman sends it
    // A method that is no HTTP token ("GET " with a space) cannot be sent, and
    // our own format refuses it, so an import that kept it could not be saved.
    if (!std::ranges::all_of(out.method, [](QChar c) {
            return c.unicode() < 0x80 && httpgrammar::isTchar(static_cast<char>(c.unicode()));
        }))
        return f.fail(u"method", QStringLiteral("expected an HTTP method such as GET or POST, got ") + quoted(method));
    JB_TRY(into(out.description, f.description(u"description")));
    JB_TRY(url(f, where, out, kept));
    std::optional<QString> markedType;
    JB_TRY(into(markedType, headers(f, out.headers)));
    JB_TRY(body(f, where, behavior, markedType, out, kept));
    if (markedType && out.body.kind != Body::Kind::Raw) // the body was changed in Postman: newman sends the header
        out.headers.append(KeyValue{QStringLiteral("Content-Type"), *markedType, true, {}});
    JB_TRY(into(out.auth, auth(f, where, Level::Request, kept)));
    for (const QString& key : {QStringLiteral("proxy"), QStringLiteral("certificate")}) {
        if (!f.has(key))
            continue;
        kept.insert(key, f.take(key));
        warn(where, QStringLiteral("request.") + key + QStringLiteral(" is kept but not applied"));
    }
    const QJsonObject rest = f.rest();
    for (auto it = rest.begin(); it != rest.end(); ++it)
        kept.insert(it.key(), it.value());
    return {};
}

// Headers, with the one Jitterbug's export adds for a raw body's Content-Type
// (marked in "_jitterbug") returned apart.
Expected<std::optional<QString>> Reader::headers(Fields& f, QList<KeyValue>& out)
{
    std::optional<QString> marked;
    if (const QJsonValue text = f.value(u"header"); text.isString()) { // "Name: value" lines, as newman parses them
        f.take(u"header");
        static const QRegularExpression line(QStringLiteral("^(\\S+):(.*)$"), QRegularExpression::MultilineOption);
        for (auto it = line.globalMatch(text.toString()); it.hasNext();) {
            const QRegularExpressionMatch m = it.next();
            out.append(KeyValue{m.captured(1), m.captured(2).trimmed(), true, {}});
        }
        return marked;
    }
    QJsonArray list;
    JB_TRY(into(list, f.list(u"header")));
    for (qsizetype i = 0; i < list.size(); ++i) {
        Expected<Fields> h = f.element(u"header", list, i);
        if (!h)
            return std::unexpected(h.error());
        KeyValue header;
        bool disabled = false;
        std::optional<QJsonObject> extension;
        JB_TRY(into(header.name, h->text(u"key")));
        JB_TRY(into(header.value, h->text(u"value")));
        JB_TRY(into(disabled, h->flag(u"disabled")));
        JB_TRY(into(header.description, h->description(u"description")));
        JB_TRY(into(extension, h->object(extensionKey())));
        header.enabled = !disabled;
        if (extension && extension->value(u"body_content_type").toBool())
            marked = header.value;
        else if (!extension
                 || extension->value(u"generated").toString() != u"idempotency_key") // the policy's, not the user's
            out.append(header);
    }
    return marked;
}

// Bodies newman sends map; those it leaves out (switched off, no field
// switched on, a GET's) are kept with a warning, as are modes Jitterbug
// cannot send (file, graphql).
Expected<void> Reader::body(Fields& f, const QString& where, QJsonObject& behavior,
                            const std::optional<QString>& markedType, RequestItem& out, QJsonObject& kept)
{
    std::optional<QJsonObject> object;
    JB_TRY(into(object, f.object(u"body")));
    if (!object)
        return {};
    Fields b(*object, f.pathOf(u"body"));
    QString mode;
    bool disabled = false;
    JB_TRY(into(mode, b.text(u"mode")));
    JB_TRY(into(disabled, b.flag(u"disabled")));
    const bool form = mode == u"urlencoded" || mode == u"formdata";
    if (mode.isEmpty())
        return {};
    if (mode != u"raw" && !form) {
        kept.insert(u"body", *object);
        warn(where, QStringLiteral("body mode ") + quoted(mode) + QStringLiteral(" is kept but not sent"));
        return {};
    }

    QString notSent;
    if (mode == u"raw") {
        if (jsonText(b.value(u"raw")).isEmpty())
            return {}; // newman sends nothing for an empty body
    } else {
        QJsonArray fields;
        JB_TRY(into(fields, b.list(mode)));
        if (fields.isEmpty())
            return {};
        if (std::ranges::all_of(fields, [](const QJsonValue& v) { return v.toObject().value(u"disabled").toBool(); }))
            notSent = QStringLiteral("all its fields are switched off");
    }
    if (disabled)
        notSent = QStringLiteral("it is switched off");
    else if (notSent.isEmpty() && prunesBody(out.method) && !behavior.value(u"disableBodyPruning").toBool())
        notSent = QStringLiteral("newman sends no body with ") + out.method;
    if (!notSent.isEmpty()) {
        kept.insert(u"body", *object);
        warn(where, QStringLiteral("body is kept but not sent (") + notSent + u')');
        return {};
    }
    if (prunesBody(out.method))
        behavior.remove(u"disableBodyPruning"); // what lets newman send it: Jitterbug always does

    if (mode == u"raw")
        return rawBody(b, behavior, markedType, out);
    if (mode == u"formdata") {
        out.body.kind = Body::Kind::Multipart;
        return formFields(b, where, out.body.multipart);
    }
    out.body.kind = Body::Kind::UrlEncoded;
    QJsonArray list;
    JB_TRY(into(list, b.list(u"urlencoded")));
    for (qsizetype i = 0; i < list.size(); ++i) {
        Expected<Fields> p = b.element(u"urlencoded", list, i);
        if (!p)
            return std::unexpected(p.error());
        KeyValue field;
        bool off = false;
        JB_TRY(into(field.name, p->text(u"key")));
        JB_TRY(into(field.value, p->text(u"value")));
        JB_TRY(into(off, p->flag(u"disabled")));
        JB_TRY(into(field.description, p->description(u"description")));
        field.enabled = !off;
        out.body.urlEncoded.append(field);
    }
    return {};
}

// A raw body's Content-Type, as newman chooses it: an enabled Content-Type
// header, else the language's (text/plain by default); none when
// protocolProfileBehavior switches it off. Jitterbug's own export may add a
// marked header or "_jitterbug": {"content_type": ...} to say exactly.
Expected<void> Reader::rawBody(Fields& b, QJsonObject& behavior, const std::optional<QString>& markedType,
                               RequestItem& out)
{
    Body& body = out.body;
    std::optional<QJsonObject> options;
    std::optional<QJsonObject> extension;
    JB_TRY(into(body.text, b.text(u"raw")));
    JB_TRY(into(options, b.object(u"options")));
    JB_TRY(into(extension, b.object(extensionKey())));
    const QString language = options.value_or(QJsonObject()).value(u"raw").toObject().value(u"language").toString();
    if (language == u"json") {
        body.kind = Body::Kind::Json;
        return {};
    }
    body.kind = Body::Kind::Raw;
    const std::optional<QString> header = contentTypeHeader(out.headers);
    QJsonObject systemHeaders = behavior.value(u"disabledSystemHeaders").toObject();
    bool switchedOff = false;
    if (!header && !markedType && systemHeaders.value(u"content-type").toBool()) {
        switchedOff = true;
        systemHeaders.remove(u"content-type");
        if (systemHeaders.isEmpty())
            behavior.remove(u"disabledSystemHeaders");
        else
            behavior.insert(u"disabledSystemHeaders", systemHeaders);
    }
    const QJsonValue given = extension.value_or(QJsonObject()).value(u"content_type");
    if (given.isString())
        body.contentType = given.toString();
    else if (header)
        body.contentType = *header;
    else if (markedType)
        body.contentType = *markedType;
    else if (!switchedOff)
        body.contentType = contentTypeOfLanguage(language.isEmpty() ? QStringLiteral("text") : language);
    return {};
}

// Form fields: text, or files; a list of files is one field per file, as
// newman sends it; a file field without a file is kept switched off.
Expected<void> Reader::formFields(Fields& b, const QString& where, QList<FormField>& out)
{
    QJsonArray list;
    JB_TRY(into(list, b.list(u"formdata")));
    for (qsizetype i = 0; i < list.size(); ++i) {
        Expected<Fields> p = b.element(u"formdata", list, i);
        if (!p)
            return std::unexpected(p.error());
        FormField field;
        QString type;
        QString description;
        bool disabled = false;
        JB_TRY(into(field.name, p->text(u"key")));
        JB_TRY(into(type, p->text(u"type")));
        JB_TRY(into(field.contentType, p->text(u"contentType")));
        JB_TRY(into(disabled, p->flag(u"disabled")));
        JB_TRY(into(description, p->description(u"description")));
        field.enabled = !disabled;
        const QString place = QStringLiteral("body.formdata[%1] (%2): ").arg(QString::number(i), field.name);
        if (!description.isEmpty())
            warn(where, place + QStringLiteral("its description is dropped"));
        if (type != u"file") {
            JB_TRY(into(field.value, p->text(u"value")));
            out.append(field);
            continue;
        }
        field.isFile = true;
        const QJsonValue src = p->take(u"src");
        const QJsonArray given = src.isArray() ? src.toArray() : QJsonArray{src};
        QStringList files;
        for (const QJsonValue& file : given) {
            if (!file.isString() && !file.isNull() && !file.isUndefined())
                return p->fail(u"src",
                               QStringLiteral("expected a file path or a list of them, got ") + describeJson(src));
            if (!file.toString().isEmpty())
                files.append(file.toString());
        }
        if (files.isEmpty()) {
            if (field.enabled)
                warn(where, place + QStringLiteral("no file is selected; the field is kept switched off"));
            field.enabled = false;
            out.append(field);
            continue;
        }
        if (files.size() > 1)
            warn(where, place + QStringLiteral("its %1 files become %1 fields of one file each").arg(files.size()));
        for (const QString& file : files) {
            field.value = file;
            out.append(field);
        }
    }
    return {};
}

} // namespace jitterbug::postman
