#include "postmanwrite.h"

#include <QJsonArray>
#include <QJsonDocument>

// Writing a Postman v2.1 collection, in the key order Postman's own exports
// use, so that newman sends what Jitterbug sends: the URL as an object with
// its parts (newman reads those, not "raw"), protocolProfileBehavior where
// newman would otherwise prune a body or add a Content-Type, and what the
// import kept in foreign["postman"] back where it came from.

namespace jitterbug {

namespace postman {

QJsonObject postmanPart(const QJsonObject& foreign)
{
    return foreign.value(foreignKey()).toObject();
}

void writeJson(JsonWriter& out, const QJsonValue& value)
{
    switch (value.type()) {
    case QJsonValue::Object: {
        const QJsonObject object = value.toObject();
        out.beginObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            out.key(it.key());
            writeJson(out, it.value());
        }
        out.endObject();
        return;
    }
    case QJsonValue::Array:
        out.beginArray();
        for (const QJsonValue& element : value.toArray())
            writeJson(out, element);
        out.endArray();
        return;
    case QJsonValue::String:
        out.value(value.toString());
        return;
    case QJsonValue::Bool:
        out.value(value.toBool());
        return;
    case QJsonValue::Double: { // as Qt writes it: integers without a point
        const QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
        out.raw(wrapped.mid(1, wrapped.size() - 2));
        return;
    }
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        break;
    }
    out.null();
}

void writeKey(JsonWriter& out, QStringView key, const QJsonValue& value)
{
    out.key(key);
    writeJson(out, value);
}

void writeRest(JsonWriter& out, const QJsonObject& kept, const QStringList& handled)
{
    for (auto it = kept.begin(); it != kept.end(); ++it) {
        if (!handled.contains(it.key()))
            writeKey(out, it.key(), it.value());
    }
}

void writeText(JsonWriter& out, QStringView key, const QString& text)
{
    if (!text.isEmpty())
        out.key(key).value(text);
}

void writeEvents(JsonWriter& out, const std::optional<QJsonObject>& generated, const QJsonObject& kept)
{
    const QJsonValue given = kept.value(u"event");
    if (!given.isUndefined() && !given.isArray()) {
        writeKey(out, u"event", given);
        return;
    }
    QJsonArray events = given.toArray();
    if (generated)
        events.prepend(*generated);
    if (!events.isEmpty())
        writeKey(out, u"event", events);
}

namespace {

void writeAttributes(JsonWriter& out, const QString& type, const QList<std::pair<const char*, QString>>& attributes)
{
    out.key(u"type").value(type);
    out.key(type).beginArray();
    for (const auto& [key, value] : attributes)
        out.beginObject().key(u"key").value(key).key(u"value").value(value).key(u"type").value("string").endObject();
    out.endArray();
}

} // namespace

void writeAuth(JsonWriter& out, const Auth& auth, const QJsonObject& kept, bool collection)
{
    if (auth.kind == Auth::Kind::None && kept.value(u"auth").isObject()) {
        writeKey(out, u"auth", kept.value(u"auth"));
        return;
    }
    if (auth.kind == Auth::Kind::Inherit || (collection && auth.kind == Auth::Kind::None))
        return;
    out.key(u"auth").beginObject();
    switch (auth.kind) {
    case Auth::Kind::Inherit:
    case Auth::Kind::None:
        out.key(u"type").value("noauth");
        break;
    case Auth::Kind::Basic:
        writeAttributes(out, QStringLiteral("basic"), {{"username", auth.username}, {"password", auth.password}});
        break;
    case Auth::Kind::Bearer:
        writeAttributes(out, QStringLiteral("bearer"), {{"token", auth.token}});
        break;
    case Auth::Kind::ApiKey:
        writeAttributes(
            out, QStringLiteral("apikey"),
            {{"key", auth.keyName},
             {"value", auth.keyValue},
             {"in", auth.keyIn == Auth::ApiKeyIn::Query ? QStringLiteral("query") : QStringLiteral("header")}});
        break;
    }
    out.endObject();
}

void writeExtension(JsonWriter& out, const std::optional<PolicyOverride>& policy, const QJsonObject& foreign,
                    const QList<Environment>& environments)
{
    QJsonObject other = foreign;
    other.remove(foreignKey());
    if (!policy && other.isEmpty() && environments.isEmpty())
        return;
    out.key(extensionKey()).beginObject();
    if (policy)
        writeKey(out, u"policy", policy->fields);
    if (!environments.isEmpty()) {
        out.key(u"environments").beginArray();
        for (const Environment& e : environments) {
            out.beginObject().key(u"name").value(e.name).key(u"variables").beginArray();
            for (const Variable& v : e.variables) {
                out.beginObject().key(u"name").value(v.name);
                if (v.secret)
                    out.key(u"secret").value(true);
                else
                    out.key(u"value").value(v.value);
                if (!v.enabled)
                    out.key(u"enabled").value(false);
                out.endObject();
            }
            out.endArray().endObject();
        }
        out.endArray();
    }
    if (!other.isEmpty())
        writeKey(out, u"foreign", other);
    out.endObject();
}

} // namespace postman

namespace {

using namespace postman;

// newman does not read folder variables (postman-runtime resolves local,
// data, environment, collection and global ones only), so the export sets
// them from scripts for newman to send what Jitterbug sends: the
// collection's script forgets them before each request, each folder's sets
// its own (outer folders first, as newman runs them) unless the environment
// has one of that name, which wins in Jitterbug too. The scripts are marked
// as Jitterbug's; its import drops them.
QString jsString(const QString& text)
{
    const QByteArray wrapped = QJsonDocument(QJsonArray{text}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(wrapped.mid(1, wrapped.size() - 2));
}

QJsonObject generatedScript(const QStringList& lines)
{
    return QJsonObject{
        {QStringLiteral("listen"), QStringLiteral("prerequest")},
        {QStringLiteral("script"),
         QJsonObject{{QStringLiteral("type"), QStringLiteral("text/javascript")},
                     {QStringLiteral("exec"), QJsonArray::fromStringList(lines)}}},
        {extensionKey(), QJsonObject{{QStringLiteral("generated"), QStringLiteral("folder variables")}}},
    };
}

bool setByScript(const Variable& v)
{
    return v.enabled && !v.secret; // a secret's value is not in the export
}

void collectFolderVariables(const std::vector<Item>& items, QStringList& names)
{
    for (const Item& item : items) {
        const Folder* folder = item.folder();
        if (!folder)
            continue;
        for (const Variable& v : folder->variables) {
            if (setByScript(v) && !names.contains(v.name))
                names.append(v.name);
        }
        collectFolderVariables(folder->items, names);
    }
}

std::optional<QJsonObject> forgetFolderVariables(const Collection& c)
{
    QStringList names;
    collectFolderVariables(c.items, names);
    if (names.isEmpty())
        return std::nullopt;
    QStringList quoted;
    for (const QString& name : names)
        quoted.append(jsString(name));
    return generatedScript({QStringLiteral("for (const name of [") + quoted.join(QStringLiteral(", "))
                            + QStringLiteral("]) pm.variables.unset(name);")});
}

std::optional<QJsonObject> setFolderVariables(const Folder& f)
{
    QStringList lines;
    for (const Variable& v : f.variables) {
        if (setByScript(v))
            lines.append(QStringLiteral("if (!pm.environment.has(%1)) pm.variables.set(%1, %2);")
                             .arg(jsString(v.name), jsString(v.value)));
    }
    return lines.isEmpty() ? std::nullopt : std::optional<QJsonObject>(generatedScript(lines));
}

// A secret's value never leaves the model: Postman gets its name.
void writeVariables(JsonWriter& out, const QList<Variable>& variables)
{
    if (variables.isEmpty())
        return;
    out.key(u"variable").beginArray();
    for (const Variable& v : variables) {
        out.beginObject().key(u"key").value(v.name).key(u"value").value(v.secret ? QString() : v.value);
        out.key(u"type").value(v.secret ? "secret" : "string");
        if (!v.enabled)
            out.key(u"disabled").value(true);
        out.endObject();
    }
    out.endArray();
}

// The policy fields in force below a level: the outer ones with this level's on top (the builder's shallow merge).
QJsonObject withPolicy(QJsonObject inherited, const std::optional<PolicyOverride>& level)
{
    if (level) {
        for (auto it = level->fields.begin(); it != level->fields.end(); ++it)
            inherited.insert(it.key(), it.value());
    }
    return inherited;
}

void writeItems(JsonWriter& out, const std::vector<Item>& items, const QJsonObject& policy);

void writeFolder(JsonWriter& out, const Folder& f, const QJsonObject& inheritedPolicy)
{
    const QJsonObject kept = postmanPart(f.foreign);
    out.beginObject();
    out.key(u"name").value(f.name);
    writeText(out, u"description", f.description);
    writeItems(out, f.items, withPolicy(inheritedPolicy, f.policy));
    writeAuth(out, f.auth, kept, false);
    writeEvents(out, setFolderVariables(f), kept);
    writeVariables(out, f.variables);
    writeRest(out, kept,
              {QStringLiteral("name"), QStringLiteral("description"), QStringLiteral("item"), QStringLiteral("auth"),
               QStringLiteral("event"), QStringLiteral("variable"), extensionKey()});
    writeExtension(out, f.policy, f.foreign);
    out.endObject();
}

void writeItems(JsonWriter& out, const std::vector<Item>& items, const QJsonObject& policy)
{
    out.key(u"item").beginArray();
    for (const Item& item : items) {
        if (const Folder* folder = item.folder())
            writeFolder(out, *folder, policy);
        else
            writeRequestItem(out, *item.request(), withPolicy(policy, item.request()->policy));
    }
    out.endArray();
}

} // namespace

QByteArray collectionToPostman(const Collection& c)
{
    const QJsonObject kept = postmanPart(c.foreign);
    JsonWriter out(JsonWriter::Style::Indented);
    out.beginObject();
    out.key(u"info").beginObject();
    out.key(u"_postman_id").value(c.id.toString(QUuid::WithoutBraces));
    out.key(u"name").value(c.name);
    writeText(out, u"description", c.description);
    out.key(u"schema").value(schemaV21());
    writeRest(out, kept.value(u"info").toObject(),
              {QStringLiteral("_postman_id"), QStringLiteral("name"), QStringLiteral("description"),
               QStringLiteral("schema")});
    out.endObject();
    writeItems(out, c.items, withPolicy({}, c.policy));
    writeAuth(out, c.auth, kept, true);
    writeEvents(out, forgetFolderVariables(c), kept);
    writeVariables(out, c.variables);
    writeRest(out, kept,
              {QStringLiteral("info"), QStringLiteral("item"), QStringLiteral("auth"), QStringLiteral("event"),
               QStringLiteral("variable"), extensionKey()});
    writeExtension(out, c.policy, c.foreign, c.environments);
    out.endObject();
    return out.take() + '\n';
}

} // namespace jitterbug
