#include "collectionjson.h"

#include "policy/policyjson.h"
#include "util/jsonwriter.h"

#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

#include <algorithm>
#include <utility>

// Writing the collection format and saving it. Reading is in
// collectionjsonread.cpp.

namespace jitterbug {

namespace {

// The fields of one record written on one line, in the order given.
using Record = QList<std::pair<QStringView, QJsonValue>>;

QByteArray inlineJson(const QJsonValue& value, const QStringList& keyOrder = {});

QByteArray quoted(QStringView text)
{
    return JsonWriter().value(text).take();
}

// The keys of `object`: those in `order` first, in that order, then any
// others in QJsonObject's (sorted) order.
QStringList orderedKeys(const QJsonObject& object, const QStringList& order)
{
    QStringList keys;
    for (const QString& key : order) {
        if (object.contains(key))
            keys.append(key);
    }
    for (const QString& key : object.keys()) {
        if (!order.contains(key))
            keys.append(key);
    }
    return keys;
}

// One line of JSON with a space after colons and commas, as people write it
// by hand. Object keys follow `keyOrder` at the first level.
QByteArray inlineJson(const QJsonValue& value, const QStringList& keyOrder)
{
    QByteArray out;
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        out += '{';
        for (const QString& key : orderedKeys(object, keyOrder)) {
            if (out.size() > 1)
                out += ", ";
            out += quoted(key) + ": " + inlineJson(object.value(key));
        }
        return out + '}';
    }
    if (value.isArray()) {
        out += '[';
        for (const QJsonValue& element : value.toArray()) {
            if (out.size() > 1)
                out += ", ";
            out += inlineJson(element);
        }
        return out + ']';
    }
    if (value.isString())
        return quoted(value.toString());
    if (value.isUndefined())
        return "null";
    // Numbers, booleans and null as Qt writes them: integers without a
    // point, other numbers in the shortest form that reads back the same.
    const QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return wrapped.mid(1, wrapped.size() - 2);
}

QByteArray inlineRecord(const Record& fields)
{
    QByteArray out = "{";
    for (const auto& [key, value] : fields) {
        if (out.size() > 1)
            out += ", ";
        out += quoted(key) + ": " + inlineJson(value);
    }
    return out + '}';
}

// The policy file's key order (the top level under "", each nested section
// under its key), read from what writePolicy writes so that a field added
// there finds its place here without a second list to keep in step. No key
// name occurs at two levels, so the first occurrence of `"key":` after the
// section's start is the key's place.
const QHash<QString, QStringList>& policyKeyOrders()
{
    static const QHash<QString, QStringList> orders = [] {
        RetryPolicy full;
        full.idempotencyKey = "auto";
        full.rateLimit.emplace();
        full.circuitBreaker.emplace();
        full.retryBudget.emplace();
        full.fallback.emplace();
        const QByteArray reference = policyToJson(full);
        const QJsonObject top = QJsonDocument::fromJson(reference).object();
        auto order = [&](const QJsonObject& object, qsizetype from) {
            QStringList keys = object.keys();
            std::ranges::sort(
                keys, {}, [&](const QString& key) { return reference.indexOf(QByteArray(quoted(key) + ':'), from); });
            return keys;
        };
        QHash<QString, QStringList> result{{QString(), order(top, 0)}};
        for (auto it = top.begin(); it != top.end(); ++it) {
            if (it->isObject())
                result.insert(it.key(), order(it->toObject(), reference.indexOf(QByteArray(quoted(it.key()) + ':'))));
        }
        return result;
    }();
    return orders;
}

void writeText(JsonWriter& out, QStringView key, const QString& text)
{
    if (!text.isEmpty())
        out.key(key).value(text);
}

void writeForeign(JsonWriter& out, const QJsonObject& foreign)
{
    if (!foreign.isEmpty())
        out.key(u"foreign").raw(inlineJson(foreign));
}

void writeKeyValues(JsonWriter& out, QStringView key, const QList<KeyValue>& list)
{
    if (list.isEmpty())
        return;
    out.key(key).beginArray();
    for (const KeyValue& kv : list) {
        Record r{{u"name", kv.name}, {u"value", kv.value}};
        if (!kv.enabled)
            r.append({u"enabled", false});
        if (!kv.description.isEmpty())
            r.append({u"description", kv.description});
        out.raw(inlineRecord(r));
    }
    out.endArray();
}

void writeVariables(JsonWriter& out, const QList<Variable>& variables)
{
    if (variables.isEmpty())
        return;
    out.key(u"variables").beginArray();
    for (const Variable& v : variables) {
        Record r{{u"name", v.name}};
        // A secret's value lives in the user's secret store, never here.
        if (v.secret)
            r.append({u"secret", true});
        else
            r.append({u"value", v.value});
        if (!v.enabled)
            r.append({u"enabled", false});
        out.raw(inlineRecord(r));
    }
    out.endArray();
}

void writeEnvironments(JsonWriter& out, const QList<Environment>& environments)
{
    if (environments.isEmpty())
        return;
    out.key(u"environments").beginArray();
    for (const Environment& e : environments) {
        out.beginObject();
        out.key(u"name").value(e.name);
        writeVariables(out, e.variables);
        out.endObject();
    }
    out.endArray();
}

void writeAuth(JsonWriter& out, const Auth& auth)
{
    if (auth.kind == Auth::Kind::Inherit)
        return;
    out.key(u"auth").beginObject();
    switch (auth.kind) {
    case Auth::Kind::Inherit:
    case Auth::Kind::None:
        out.key(u"kind").value("none");
        break;
    case Auth::Kind::Basic:
        out.key(u"kind").value("basic");
        out.key(u"username").value(auth.username);
        out.key(u"password").value(auth.password);
        break;
    case Auth::Kind::Bearer:
        out.key(u"kind").value("bearer");
        out.key(u"token").value(auth.token);
        break;
    case Auth::Kind::ApiKey:
        out.key(u"kind").value("apikey");
        out.key(u"name").value(auth.keyName);
        out.key(u"value").value(auth.keyValue);
        out.key(u"in").value(auth.keyIn == Auth::ApiKeyIn::Query ? "query" : "header");
        break;
    }
    out.endObject();
}

void writeBody(JsonWriter& out, const Body& body)
{
    if (body.kind == Body::Kind::None)
        return;
    out.key(u"body").beginObject();
    switch (body.kind) {
    case Body::Kind::None:
        break;
    case Body::Kind::Raw:
        out.key(u"kind").value("raw");
        writeText(out, u"content_type", body.contentType);
        out.key(u"text").value(body.text);
        break;
    case Body::Kind::Json:
        out.key(u"kind").value("json");
        out.key(u"text").value(body.text);
        break;
    case Body::Kind::UrlEncoded:
        out.key(u"kind").value("urlencoded");
        writeKeyValues(out, u"fields", body.urlEncoded);
        break;
    case Body::Kind::Multipart:
        out.key(u"kind").value("multipart");
        if (body.multipart.isEmpty())
            break;
        out.key(u"fields").beginArray();
        for (const FormField& field : body.multipart) {
            Record r{{u"name", field.name}, {field.isFile ? u"file" : u"value", field.value}};
            if (!field.contentType.isEmpty())
                r.append({u"content_type", field.contentType});
            if (!field.enabled)
                r.append({u"enabled", false});
            out.raw(inlineRecord(r));
        }
        out.endArray();
        break;
    }
    out.endObject();
}

// One line per field, in the policy file's order, so a changed field is a
// changed line wherever the user wrote it.
void writePolicyOverride(JsonWriter& out, const std::optional<PolicyOverride>& policy)
{
    if (!policy)
        return;
    const auto& orders = policyKeyOrders();
    out.key(u"policy").beginObject();
    for (const QString& key : orderedKeys(policy->fields, orders.value(QString()))) {
        const QJsonValue value = policy->fields.value(key);
        out.key(key).raw(inlineJson(value, orders.value(key)));
    }
    out.endObject();
}

void writeItems(JsonWriter& out, const std::vector<Item>& items);

void writeRequest(JsonWriter& out, const RequestItem& r)
{
    out.beginObject();
    out.key(u"request").value(r.name);
    writeText(out, u"description", r.description);
    out.key(u"method").value(r.method);
    out.key(u"url").value(r.url);
    writeKeyValues(out, u"params", r.params);
    writeKeyValues(out, u"headers", r.headers);
    writeBody(out, r.body);
    writeAuth(out, r.auth);
    if (r.insecureTls) // written only when on: a request says so explicitly
        out.key(u"insecure_tls").value(true);
    writePolicyOverride(out, r.policy);
    writeForeign(out, r.foreign);
    out.endObject();
}

void writeFolder(JsonWriter& out, const Folder& f)
{
    out.beginObject();
    out.key(u"folder").value(f.name);
    writeText(out, u"description", f.description);
    writeAuth(out, f.auth);
    writePolicyOverride(out, f.policy);
    writeVariables(out, f.variables);
    writeItems(out, f.items);
    writeForeign(out, f.foreign);
    out.endObject();
}

void writeItems(JsonWriter& out, const std::vector<Item>& items)
{
    out.key(u"items").beginArray();
    for (const Item& item : items) {
        if (const Folder* folder = item.folder())
            writeFolder(out, *folder);
        else
            writeRequest(out, *item.request());
    }
    out.endArray();
}

} // namespace

QByteArray collectionToJson(const Collection& c)
{
    JsonWriter out(JsonWriter::Style::Indented);
    out.beginObject();
    out.key(u"format").value(Collection::kFormat);
    out.key(u"id").value(c.id.toString(QUuid::WithoutBraces));
    out.key(u"name").value(c.name);
    writeText(out, u"description", c.description);
    // The collection has nothing to inherit from: None is its default.
    if (c.auth.kind != Auth::Kind::None)
        writeAuth(out, c.auth);
    writePolicyOverride(out, c.policy);
    writeVariables(out, c.variables);
    writeEnvironments(out, c.environments);
    writeItems(out, c.items);
    writeForeign(out, c.foreign);
    out.endObject();
    return out.take() + '\n';
}

Expected<void> saveCollection(const Collection& collection, const QString& path)
{
    const QByteArray bytes = collectionToJson(collection);
    // A saved file must load: check the bytes before they replace anything.
    if (auto check = collectionFromJson(bytes, path); !check)
        return std::unexpected(check.error());

    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return ioError(path + QStringLiteral(": cannot write: ") + file.errorString());
    if (file.write(bytes) != bytes.size() || !file.commit())
        return ioError(path + QStringLiteral(": cannot write: ") + file.errorString());
    return {};
}

} // namespace jitterbug
