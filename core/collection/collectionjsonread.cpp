#include "collectionjson.h"

#include "http/httpgrammar.h"
#include "policy/policyjson.h"
#include "util/jsonfields.h"
#include "util/nametable.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

#include <cmath>

// Reading the collection format (collectionjson.cpp writes it). Every object
// is read through Fields::readObject, which ends with JsonFields::finish(): a
// typo in a hand-edited file is an error naming its place, not a setting
// silently ignored.

namespace jitterbug {

namespace {

constexpr NameTable<Body::Kind, 4> bodyKinds{{
    {Body::Kind::Raw, "raw"},
    {Body::Kind::Json, "json"},
    {Body::Kind::UrlEncoded, "urlencoded"},
    {Body::Kind::Multipart, "multipart"},
}};

constexpr NameTable<Auth::Kind, 4> authKinds{{
    {Auth::Kind::None, "none"},
    {Auth::Kind::Basic, "basic"},
    {Auth::Kind::Bearer, "bearer"},
    {Auth::Kind::ApiKey, "apikey"},
}};

constexpr NameTable<Auth::ApiKeyIn, 2> apiKeyPlaces{{
    {Auth::ApiKeyIn::Header, "header"},
    {Auth::ApiKeyIn::Query, "query"},
}};

class Fields;

// Reads the fields of one object into `target`; the caller checks the keys.
template<typename T>
using Reader = Expected<void> (*)(Fields&, T&);

// JsonFields with the readers this format needs. Reads into a target keep
// its default when the key is absent or null.
class Fields : public JsonFields
{
public:
    Fields(const QJsonObject& object, const QString& path)
        : JsonFields(object, path)
        , m_object(object)
        , m_path(path)
    {
    }

    const QString& path() const { return m_path; }

    std::unexpected<Error> fail(QStringView key, const QString& message) const
    {
        return invalidInput(pathOf(key) + QStringLiteral(": ") + message);
    }

    Expected<void> require(QStringView key, QString& target)
    {
        if (!has(key))
            return fail(key, QStringLiteral("expected a string, got ") + describeJson(m_object.value(key)));
        return read(key, target);
    }

    Expected<void> read(QStringView key, QString& target)
    {
        auto v = string(key);
        if (v && *v)
            target = **v;
        return v ? Expected<void>() : std::unexpected(v.error());
    }

    Expected<void> read(QStringView key, bool& target)
    {
        auto v = boolean(key);
        if (v && *v)
            target = **v;
        return v ? Expected<void>() : std::unexpected(v.error());
    }

    // A name from `names`.
    template<typename Enum, std::size_t N>
    Expected<void> read(QStringView key, const NameTable<Enum, N>& names, Enum& target, bool required = true)
    {
        auto v = string(key);
        if (!v)
            return std::unexpected(v.error());
        if (!*v && !required)
            return {};
        if (const auto parsed = valueIn(names, v->value_or(QString())); *v && parsed) {
            target = *parsed;
            return {};
        }
        QStringList choices;
        for (const auto& [value, name] : names)
            choices.append(QLatin1StringView(name));
        return fail(key,
                    QStringLiteral("expected one of ") + choices.join(QStringLiteral(", ")) + QStringLiteral(", got ")
                        + describeJson(m_object.value(key)));
    }

    // An optional object, read into `target` when present.
    template<typename T>
    Expected<void> read(QStringView key, T& target, Reader<T> read)
    {
        auto o = object(key);
        if (!o)
            return std::unexpected(o.error());
        return *o ? readObject(**o, pathOf(key), target, read) : Expected<void>();
    }

    // An optional list of objects, each appended to `list`.
    template<typename T, typename List>
    Expected<void> readList(QStringView key, List& list, Reader<T> read)
    {
        auto elements = array(key);
        if (!elements)
            return std::unexpected(elements.error());
        for (qsizetype i = 0; *elements && i < (*elements)->size(); ++i) {
            T element;
            JB_TRY(readObject((*elements)->at(i), pathOf(key) + QStringLiteral("[%1]").arg(i), element, read));
            list.push_back(std::move(element));
        }
        return {};
    }

    template<typename T>
    static Expected<void> readObject(const QJsonValue& value, const QString& path, T& target, Reader<T> read)
    {
        if (!value.isObject())
            return invalidInput(path + QStringLiteral(": expected an object, got ") + describeJson(value));
        Fields f(value.toObject(), path);
        JB_TRY(read(f, target));
        return f.finish();
    }

private:
    QJsonObject m_object;
    QString m_path;
};

Expected<void> readKeyValue(Fields& f, KeyValue& kv)
{
    JB_TRY(f.require(u"name", kv.name));
    JB_TRY(f.read(u"value", kv.value));
    JB_TRY(f.read(u"enabled", kv.enabled));
    return f.read(u"description", kv.description);
}

Expected<void> readVariable(Fields& f, Variable& variable)
{
    JB_TRY(f.require(u"name", variable.name));
    JB_TRY(f.read(u"secret", variable.secret));
    // A value next to `"secret": true` is a secret leaked into a file that
    // may be shared: say so rather than load it.
    if (variable.secret && f.has(u"value"))
        return f.fail(u"value", QStringLiteral("a secret variable keeps its value out of the file"));
    JB_TRY(f.read(u"value", variable.value));
    return f.read(u"enabled", variable.enabled);
}

Expected<void> readEnvironment(Fields& f, Environment& environment)
{
    JB_TRY(f.require(u"name", environment.name));
    return f.readList(u"variables", environment.variables, &readVariable);
}

Expected<void> readFormField(Fields& f, FormField& field)
{
    JB_TRY(f.require(u"name", field.name));
    if (f.has(u"value") && f.has(u"file"))
        return f.fail(u"file", QStringLiteral("a field holds a \"value\" or a \"file\", not both"));
    field.isFile = f.has(u"file");
    JB_TRY(f.read(u"value", field.value));
    JB_TRY(f.read(u"file", field.value));
    JB_TRY(f.read(u"content_type", field.contentType));
    return f.read(u"enabled", field.enabled);
}

// Each kind reads only its own keys; another kind's key is an unknown field.
Expected<void> readBody(Fields& f, Body& body)
{
    JB_TRY(f.read(u"kind", bodyKinds, body.kind));
    switch (body.kind) {
    case Body::Kind::None:
        break;
    case Body::Kind::Raw:
        JB_TRY(f.read(u"content_type", body.contentType));
        return f.read(u"text", body.text);
    case Body::Kind::Json:
        return f.read(u"text", body.text);
    case Body::Kind::UrlEncoded:
        return f.readList(u"fields", body.urlEncoded, &readKeyValue);
    case Body::Kind::Multipart:
        return f.readList(u"fields", body.multipart, &readFormField);
    }
    return {};
}

Expected<void> readAuth(Fields& f, Auth& auth)
{
    JB_TRY(f.read(u"kind", authKinds, auth.kind));
    switch (auth.kind) {
    case Auth::Kind::Inherit:
    case Auth::Kind::None:
        break;
    case Auth::Kind::Basic:
        JB_TRY(f.read(u"username", auth.username));
        return f.read(u"password", auth.password);
    case Auth::Kind::Bearer:
        return f.read(u"token", auth.token);
    case Auth::Kind::ApiKey:
        JB_TRY(f.read(u"name", auth.keyName));
        JB_TRY(f.read(u"value", auth.keyValue));
        return f.read(u"in", apiKeyPlaces, auth.keyIn, false);
    }
    return {};
}

// The shared optional parts of requests, folders and the collection.
Expected<void> readAuthPolicyForeign(Fields& f, Auth& auth, std::optional<PolicyOverride>& policy, QJsonObject& foreign)
{
    JB_TRY(f.read(u"auth", auth, &readAuth));
    auto policyObject = f.object(u"policy");
    if (!policyObject)
        return std::unexpected(policyObject.error());
    if (*policyObject) {
        // policyFromJson checks names and types and ends with validate(),
        // its messages rooted at our path. The override keeps the fields as
        // written; merging happens when a request is sent.
        JB_TRY(policyFromJson(**policyObject, f.pathOf(u"policy")));
        policy = PolicyOverride{**policyObject};
    }
    auto foreignObject = f.object(u"foreign");
    if (foreignObject)
        foreign = foreignObject->value_or(QJsonObject());
    return foreignObject ? Expected<void>() : std::unexpected(foreignObject.error());
}

Expected<void> readMethod(Fields& f, QString& method)
{
    JB_TRY(f.require(u"method", method));
    const bool token = !method.isEmpty() && std::ranges::all_of(method, [](QChar c) {
        return c.unicode() < 0x80 && httpgrammar::isTchar(static_cast<char>(c.unicode()));
    });
    if (!token)
        return f.fail(u"method",
                      QStringLiteral("expected an HTTP method such as GET or POST, got ") + describeJson(method));
    return {};
}

Expected<void> readItem(Fields& f, Item& item);

// `items` is required, so that a folder is never mistaken for an empty one.
Expected<void> readItems(Fields& f, std::vector<Item>& items)
{
    if (!f.has(u"items"))
        return f.fail(u"items", QStringLiteral("expected a list of items (it may be empty), got nothing"));
    return f.readList(u"items", items, &readItem);
}

Expected<void> readRequest(Fields& f, RequestItem& r)
{
    JB_TRY(f.require(u"request", r.name));
    JB_TRY(f.read(u"description", r.description));
    JB_TRY(readMethod(f, r.method));
    JB_TRY(f.require(u"url", r.url));
    JB_TRY(f.readList(u"params", r.params, &readKeyValue));
    JB_TRY(f.readList(u"headers", r.headers, &readKeyValue));
    JB_TRY(f.read(u"body", r.body, &readBody));
    JB_TRY(f.read(u"insecure_tls", r.insecureTls));
    return readAuthPolicyForeign(f, r.auth, r.policy, r.foreign);
}

Expected<void> readFolder(Fields& f, Folder& folder)
{
    JB_TRY(f.require(u"folder", folder.name));
    JB_TRY(f.read(u"description", folder.description));
    JB_TRY(readAuthPolicyForeign(f, folder.auth, folder.policy, folder.foreign));
    JB_TRY(f.readList(u"variables", folder.variables, &readVariable));
    return readItems(f, folder.items);
}

Expected<void> readItem(Fields& f, Item& item)
{
    const bool isRequest = f.has(u"request");
    const bool isFolder = f.has(u"folder");
    if (isRequest == isFolder)
        return invalidInput(f.path()
                            + (isRequest ? QStringLiteral(": an item is a \"request\" or a \"folder\", not both")
                                         : QStringLiteral(": expected a \"request\" or a \"folder\" key")));
    if (isRequest)
        return readRequest(f, *item.request());
    item.node = Folder();
    return readFolder(f, *item.folder());
}

// Checked before anything else: a newer file may hold keys this version
// does not know, and "update Jitterbug" is the useful message then.
Expected<void> checkFormat(const QJsonObject& object)
{
    const QJsonValue v = object.value(u"format");
    if (v.isUndefined())
        return invalidInput(QStringLiteral("format: missing; a Jitterbug collection starts with \"format\": %1")
                                .arg(Collection::kFormat));
    const double format = v.toDouble();
    if (!v.isDouble() || format != std::floor(format) || format < 1)
        return invalidInput(
            QStringLiteral("format: expected %1, got %2").arg(Collection::kFormat).arg(describeJson(v)));
    if (format > Collection::kFormat)
        return invalidInput(QStringLiteral("format %1 is newer than this Jitterbug reads (%2); update Jitterbug")
                                .arg(describeJson(v))
                                .arg(Collection::kFormat));
    return {};
}

Expected<void> readId(Fields& f, QUuid& id)
{
    QString text;
    JB_TRY(f.require(u"id", text));
    // The 36-character form only, and never the null UUID: the id keys the
    // user's secret store, so it must be a real, unique one.
    id = QUuid::fromString(text);
    if (id.isNull() || id.toString(QUuid::WithoutBraces) != text.toLower())
        return f.fail(u"id",
                      QStringLiteral("expected a UUID such as 0b5e3a4c-6d2f-4c8e-9a71-2f6d8e4b1c3a, got ")
                          + describeJson(text));
    return {};
}

Expected<void> readCollection(Fields& f, Collection& c)
{
    JB_TRY(f.integer(u"format")); // checked by checkFormat()
    JB_TRY(readId(f, c.id));
    JB_TRY(f.require(u"name", c.name));
    JB_TRY(f.read(u"description", c.description));
    JB_TRY(readAuthPolicyForeign(f, c.auth, c.policy, c.foreign));
    JB_TRY(f.readList(u"variables", c.variables, &readVariable));
    JB_TRY(f.readList(u"environments", c.environments, &readEnvironment));
    return readItems(f, c.items);
}

} // namespace

Expected<Collection> collectionFromJson(const QByteArray& json, const QString& fileName)
{
    const Expected<QJsonObject> top = parseTopLevelObject(json, fileName);
    if (!top)
        return std::unexpected(top.error());
    Collection collection;
    auto read = checkFormat(*top);
    if (read)
        read = Fields::readObject(QJsonValue(*top), QString(), collection, &readCollection);
    if (!read)
        return invalidInput(fileName + QStringLiteral(": ") + read.error().message);
    return collection;
}

Expected<Collection> loadCollection(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return ioError(path + QStringLiteral(": cannot read: ") + file.errorString());
    return collectionFromJson(file.readAll(), QFileInfo(path).fileName());
}

} // namespace jitterbug
