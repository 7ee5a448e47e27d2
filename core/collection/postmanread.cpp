#include "postmanread.h"

#include "policy/policyjson.h"

#include <QRegularExpression>

// Reading a Postman collection: its structure, auth, variables, scripts and
// Jitterbug's own "_jitterbug" data. Requests are read in postmanreadrequest.cpp.

namespace jitterbug {

namespace postman {

namespace {

QString quoted(const QString& text)
{
    return u'"' + text + u'"';
}

QString joined(const QString& parent, const QString& name)
{
    return parent.isEmpty() ? name : parent + u'/' + name;
}

// _postman_id when it is a UUID; otherwise one derived from the file's own
// names, so that importing the same file twice gives the same id (the id
// keys the user's secret store).
QUuid collectionId(const QString& postmanId, const QString& name)
{
    const QUuid given = QUuid::fromString(postmanId);
    if (!given.isNull() && given.toString(QUuid::WithoutBraces) == postmanId.toLower())
        return given;
    static const QUuid kNamespace(QStringLiteral("a45dafb3-b829-4851-bf3d-764839a911a5"));
    const QString seed
        = postmanId.isEmpty() ? QStringLiteral("name:") + name : QStringLiteral("_postman_id:") + postmanId;
    return QUuid::createUuidV5(kNamespace, seed.toUtf8());
}

// An event's script: "exec" holds a list of lines or one string.
QString scriptSource(const QJsonValue& event)
{
    const QJsonValue exec = event.toObject().value(u"script").toObject().value(u"exec");
    if (!exec.isArray())
        return exec.toString();
    QStringList lines;
    for (const QJsonValue& line : exec.toArray())
        lines.append(line.toString());
    return lines.join(u'\n');
}

// The auth types Jitterbug runs, with the attribute lists newman reads.
std::optional<Auth::Kind> authKind(const QString& type)
{
    if (type == u"basic")
        return Auth::Kind::Basic;
    if (type == u"bearer")
        return Auth::Kind::Bearer;
    if (type == u"apikey")
        return Auth::Kind::ApiKey;
    return std::nullopt;
}

// An environment's variable in Jitterbug's own form ("_jitterbug" on the collection).
Expected<Variable> readVariable(Fields& v)
{
    Variable variable;
    JB_TRY(into(variable.name, v.text(u"name")));
    JB_TRY(into(variable.secret, v.flag(u"secret")));
    JB_TRY(into(variable.value, v.text(u"value")));
    JB_TRY(into(variable.enabled, v.flag(u"enabled", true)));
    if (variable.secret) // never in a file
        variable.value.clear();
    return variable;
}

Expected<Environment> readEnvironment(Fields& e)
{
    Environment environment;
    JB_TRY(into(environment.name, e.text(u"name")));
    QJsonArray list;
    JB_TRY(into(list, e.list(u"variables")));
    for (qsizetype i = 0; i < list.size(); ++i) {
        Expected<Fields> v = e.element(u"variables", list, i);
        Expected<Variable> variable = v ? readVariable(*v) : std::unexpected(v.error());
        if (!variable)
            return std::unexpected(variable.error());
        environment.variables.append(*variable);
    }
    return environment;
}

// What was kept of one object, with the keys nobody read, as foreign["postman"].
void keepRest(QJsonObject& foreign, QJsonObject kept, const Fields& f)
{
    const QJsonObject rest = f.rest();
    for (auto it = rest.begin(); it != rest.end(); ++it)
        kept.insert(it.key(), it.value());
    if (!kept.isEmpty())
        foreign.insert(foreignKey(), kept);
}

} // namespace

void Reader::warn(const QString& where, const QString& what)
{
    warnings.append(where + QStringLiteral(": ") + what);
}

Expected<Collection> Reader::collection(const QJsonObject& top)
{
    Fields f(top, QString());
    Collection c;
    QJsonObject kept;
    std::optional<QJsonObject> infoObject;
    JB_TRY(into(infoObject, f.object(u"info")));
    Fields info(infoObject.value_or(QJsonObject()), f.pathOf(u"info"));
    QString postmanId;
    JB_TRY(info.text(u"schema")); // checked before
    JB_TRY(into(c.name, info.text(u"name")));
    JB_TRY(into(c.description, info.description(u"description")));
    JB_TRY(into(postmanId, info.text(u"_postman_id")));
    c.id = collectionId(postmanId, c.name);
    if (const QJsonObject rest = info.rest(); !rest.isEmpty())
        kept.insert(u"info", rest);

    const QString where = QStringLiteral("collection ") + quoted(c.name);
    JB_TRY(into(c.auth, auth(f, where, Level::Collection, kept)));
    JB_TRY(into(c.variables, variables(f, where)));
    events(f, where, kept);
    std::optional<QJsonObject> behavior;
    JB_TRY(into(behavior, f.object(u"protocolProfileBehavior")));
    settings(behavior.value_or(QJsonObject()), where, kept);
    JB_TRY(extension(f, c.policy, c.foreign, &c.environments));
    if (!f.has(u"item"))
        return f.fail(u"item", QStringLiteral("missing; a Postman collection has an \"item\" list (it may be empty)"));
    JB_TRY(items(f, QString(), c.items));
    keepRest(c.foreign, kept, f);
    return c;
}

Expected<void> Reader::items(Fields& f, const QString& parent, std::vector<Item>& out)
{
    QJsonArray list;
    JB_TRY(into(list, f.list(u"item")));
    for (qsizetype i = 0; i < list.size(); ++i) {
        Expected<Fields> element = f.element(u"item", list, i);
        if (!element)
            return std::unexpected(element.error());
        Item item;
        const bool isFolder = element->has(u"item");
        if (isFolder && element->has(u"request"))
            return invalidInput(element->path()
                                + QStringLiteral(": has both \"request\" (a request) and \"item\" (a folder)"));
        if (!isFolder && !element->has(u"request"))
            return invalidInput(element->path()
                                + QStringLiteral(": expected \"request\" (a request) or \"item\" (a folder)"));
        if (isFolder) {
            item.node = Folder();
            JB_TRY(folder(*element, parent, *item.folder()));
        } else {
            JB_TRY(requestItem(*element, parent, *item.request()));
        }
        out.push_back(std::move(item));
    }
    return {};
}

Expected<void> Reader::folder(Fields& f, const QString& parent, Folder& out)
{
    JB_TRY(into(out.name, f.text(u"name")));
    const QString display = joined(parent, out.name);
    const QString where = QStringLiteral("folder ") + quoted(display);
    QJsonObject kept;
    JB_TRY(into(out.description, f.description(u"description")));
    JB_TRY(into(out.auth, auth(f, where, Level::Folder, kept)));
    JB_TRY(into(out.variables, variables(f, where)));
    events(f, where, kept);
    std::optional<QJsonObject> behavior;
    JB_TRY(into(behavior, f.object(u"protocolProfileBehavior")));
    settings(behavior.value_or(QJsonObject()), where, kept);
    JB_TRY(extension(f, out.policy, out.foreign, nullptr));
    JB_TRY(items(f, display, out.items));
    keepRest(out.foreign, kept, f);
    return {};
}

Expected<void> Reader::requestItem(Fields& f, const QString& parent, RequestItem& out)
{
    JB_TRY(into(out.name, f.text(u"name")));
    const QString where = QStringLiteral("item ") + quoted(joined(parent, out.name));
    QJsonObject kept;
    QJsonObject keptRequest;
    events(f, where, kept);
    std::optional<QJsonObject> behaviorObject;
    JB_TRY(into(behaviorObject, f.object(u"protocolProfileBehavior")));
    QJsonObject behavior = behaviorObject.value_or(QJsonObject());
    JB_TRY(request(f.take(u"request"), f.pathOf(u"request"), where, behavior, out, keptRequest));
    // newman's per-request switch for certificate checks is the request's own.
    if (behavior.value(u"strictSSL") == QJsonValue(false)) {
        out.insecureTls = true;
        behavior.remove(u"strictSSL");
    }
    settings(behavior, where, kept);

    // Postman keeps a request's documentation in request.description; an
    // item's own description is used when that is empty, else kept.
    QString text;
    JB_TRY(into(text, f.description(u"description")));
    if (out.description.isEmpty())
        out.description = text;
    else if (!text.isEmpty())
        kept.insert(u"description", f.value(u"description"));

    // Saved example responses: kept when there are some.
    if (const QJsonValue responses = f.take(u"response"); !responses.isUndefined()) {
        if (!responses.isArray() || !responses.toArray().isEmpty())
            kept.insert(u"response", responses);
    }
    JB_TRY(extension(f, out.policy, out.foreign, nullptr));
    if (!keptRequest.isEmpty())
        kept.insert(u"request", keptRequest);
    keepRest(out.foreign, kept, f);
    return {};
}

// Absent or null inherits (the collection's default is none); "noauth" is
// none; basic, bearer and apikey map; other types are kept with a warning,
// and the requests go without auth rather than with a parent's.
Expected<Auth> Reader::auth(Fields& f, const QString& where, Level level, QJsonObject& kept)
{
    const QJsonValue value = f.take(u"auth");
    if (value.isUndefined() || value.isNull())
        return level == Level::Collection ? Auth::none() : Auth();
    if (!value.isObject())
        return f.fail(u"auth", QStringLiteral("expected an object, got ") + describeJson(value));
    Fields a(value.toObject(), f.pathOf(u"auth"));
    QString type;
    JB_TRY(into(type, a.text(u"type")));
    if (type.isEmpty())
        return a.fail(u"type", QStringLiteral("missing; expected an auth type such as \"bearer\" or \"noauth\""));
    if (type == u"noauth")
        return Auth::none();
    const std::optional<Auth::Kind> kind = authKind(type);
    if (!kind) {
        kept.insert(u"auth", value);
        warn(where,
             u"auth " + quoted(type) + QStringLiteral(" is kept but not applied; ")
                 + (level == Level::Request
                        ? QStringLiteral("the request is sent without auth")
                        : QStringLiteral("its requests are sent without auth unless they set their own")));
        return Auth::none();
    }

    // v2.1 lists the attributes ([{"key": "token", "value": "..."}]); v2.0 has an object.
    QHash<QString, QString> attributes;
    const QJsonValue given = a.take(type);
    if (given.isObject()) {
        Fields object(given.toObject(), a.pathOf(type));
        const QStringList keys = given.toObject().keys();
        for (const QString& key : keys)
            JB_TRY(into(attributes[key], object.text(key)));
    } else if (given.isArray()) {
        const QJsonArray list = given.toArray();
        for (qsizetype i = 0; i < list.size(); ++i) {
            Expected<Fields> attribute = a.element(type, list, i);
            if (!attribute)
                return std::unexpected(attribute.error());
            QString key;
            JB_TRY(into(key, attribute->text(u"key")));
            JB_TRY(into(attributes[key], attribute->text(u"value")));
        }
    } else if (!given.isUndefined() && !given.isNull()) {
        return a.fail(type, QStringLiteral("expected a list of attributes, got ") + describeJson(given));
    }

    Auth auth;
    auth.kind = *kind;
    auth.username = attributes.value(QStringLiteral("username"));
    auth.password = attributes.value(QStringLiteral("password"));
    auth.token = attributes.value(QStringLiteral("token"));
    auth.keyName = attributes.value(QStringLiteral("key"));
    auth.keyValue = attributes.value(QStringLiteral("value"));
    auth.keyIn = attributes.value(QStringLiteral("in")) == u"query" ? Auth::ApiKeyIn::Query : Auth::ApiKeyIn::Header;
    return auth;
}

Expected<QList<Variable>> Reader::variables(Fields& f, const QString& where)
{
    QList<Variable> out;
    QJsonArray list;
    JB_TRY(into(list, f.list(u"variable")));
    for (qsizetype i = 0; i < list.size(); ++i) {
        Expected<Fields> v = f.element(u"variable", list, i);
        if (!v)
            return std::unexpected(v.error());
        Variable variable;
        QString key;
        QString id;
        QString type;
        QString description;
        bool disabled = false;
        JB_TRY(into(key, v->text(u"key")));
        JB_TRY(into(id, v->text(u"id")));
        variable.name = key.isEmpty() ? id : key;
        variable.value = jsonText(v->take(u"value"));
        JB_TRY(into(type, v->text(u"type")));
        variable.secret = type == u"secret";
        JB_TRY(into(disabled, v->flag(u"disabled")));
        variable.enabled = !disabled;
        JB_TRY(into(description, v->description(u"description")));
        if (!description.isEmpty())
            warn(where, u"variable " + quoted(variable.name) + QStringLiteral(": its description is dropped"));
        out.append(variable);
    }
    return out;
}

// Scripts are kept with a warning, except the ones Jitterbug's export wrote
// (marked "_jitterbug": {"generated": ...}), which the model holds otherwise.
void Reader::events(Fields& f, const QString& where, QJsonObject& kept)
{
    QJsonValue value = f.take(u"event");
    if (value.isArray()) {
        QJsonArray users;
        for (const QJsonValue& event : value.toArray()) {
            if (!event.toObject().value(extensionKey()).toObject().contains(u"generated"))
                users.append(event);
        }
        value = users;
    }
    if (value.isUndefined() || value.isNull() || (value.isArray() && value.toArray().isEmpty()))
        return;
    kept.insert(u"event", value);
    if (!value.isArray()) {
        warn(where, QStringLiteral("event is kept but not run"));
        return;
    }
    for (const QJsonValue& event : value.toArray()) {
        // Postman writes empty scripts too ("exec": [""]): nothing to run, nothing to say.
        if (scriptSource(event).trimmed().isEmpty())
            continue;
        const QString listen = event.toObject().value(u"listen").toString();
        warn(where, u"event " + quoted(listen) + QStringLiteral(" (a script) is kept but not run"));
    }
}

// protocolProfileBehavior: newman's per-request settings (redirects, TLS,
// cookies, ...), which Jitterbug's policies do not take from a Postman file.
void Reader::settings(const QJsonObject& behavior, const QString& where, QJsonObject& kept)
{
    if (behavior.isEmpty())
        return;
    kept.insert(u"protocolProfileBehavior", behavior);
    warn(where,
         u"protocolProfileBehavior (" + behavior.keys().join(QStringLiteral(", "))
             + QStringLiteral(") is kept but not applied"));
}

// "_jitterbug": what Jitterbug keeps in a Postman file, where newman does
// not look: the policy override, other tools' foreign data and (on the
// collection) the environments.
Expected<void> Reader::extension(Fields& f, std::optional<PolicyOverride>& policy, QJsonObject& foreign,
                                 QList<Environment>* environments)
{
    std::optional<QJsonObject> object;
    JB_TRY(into(object, f.object(extensionKey())));
    if (!object)
        return {};
    Fields e(*object, f.pathOf(extensionKey()));
    std::optional<QJsonObject> fields;
    JB_TRY(into(fields, e.object(u"policy")));
    if (fields) {
        JB_TRY(policyFromJson(*fields, e.pathOf(u"policy")));
        policy = PolicyOverride{*fields};
    }
    std::optional<QJsonObject> other;
    JB_TRY(into(other, e.object(u"foreign")));
    if (other) {
        for (auto it = other->begin(); it != other->end(); ++it)
            foreign.insert(it.key(), it.value());
    }
    if (environments) {
        QJsonArray list;
        JB_TRY(into(list, e.list(u"environments")));
        for (qsizetype i = 0; i < list.size(); ++i) {
            Expected<Fields> element = e.element(u"environments", list, i);
            Expected<Environment> environment = element ? readEnvironment(*element) : std::unexpected(element.error());
            if (!environment)
                return std::unexpected(environment.error());
            environments->append(*environment);
        }
    }
    return {};
}

} // namespace postman

namespace {

// v1 files have no "info"; their schema, when given, says v1.
Expected<void> checkSchema(const QJsonObject& top)
{
    const QString v1 = QStringLiteral("a Postman v1 collection; export it as v2.1 from Postman");
    const QJsonValue info = top.value(u"info");
    if (!info.isObject()) {
        if (top.contains(u"requests") || top.contains(u"order") || top.contains(u"folders"))
            return invalidInput(v1);
        if (info.isUndefined())
            return invalidInput(QStringLiteral("info: missing; not a Postman collection (a v2.1 collection starts "
                                               "with \"info\" and \"item\")"));
        return invalidInput(QStringLiteral("info: expected an object, got ") + describeJson(info));
    }
    const QJsonValue schema = info.toObject().value(u"schema");
    if (schema.isUndefined() || schema.isNull())
        return {};
    static const QRegularExpression v2(QStringLiteral("/v2\\.[01]\\.\\d"));
    static const QRegularExpression old(QStringLiteral("/v1(\\.\\d|/|$)"));
    const QString text = schema.toString();
    if (schema.isString() && v2.match(text).hasMatch())
        return {};
    if (schema.isString() && old.match(text).hasMatch())
        return invalidInput(v1);
    return invalidInput(QStringLiteral("info.schema: ") + describeJson(schema)
                        + QStringLiteral(" is not a Postman v2.0 or v2.1 schema; export it as v2.1 from Postman"));
}

} // namespace

Expected<PostmanImport> collectionFromPostman(const QByteArray& json, const QString& fileName)
{
    const Expected<QJsonObject> top = parseTopLevelObject(json, fileName);
    if (!top)
        return std::unexpected(top.error());
    // The Postman API's answers wrap the collection: {"collection": {...}}.
    const QJsonObject object
        = !top->contains(u"info") && top->value(u"collection").isObject() ? top->value(u"collection").toObject() : *top;
    postman::Reader reader;
    Expected<void> known = checkSchema(object);
    Expected<Collection> collection = known ? reader.collection(object) : std::unexpected(known.error());
    if (!collection)
        return invalidInput(fileName + QStringLiteral(": ") + collection.error().message);
    return PostmanImport{std::move(*collection), std::move(reader.warnings)};
}

} // namespace jitterbug
