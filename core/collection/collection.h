#pragma once

#include "http/headerlist.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUuid>

#include <optional>
#include <variant>
#include <vector>

namespace jitterbug {

// The collection model (docs/collections.md): what `*.jitterbug.json` files
// hold, what `jitterbug-cli run` runs and what the desktop app shows. Values
// keep `{{variables}}` unresolved; resolving happens when a request is sent.

// A name/value pair a user can switch off without deleting it.
struct KeyValue {
    QString name;
    QString value;
    bool enabled = true;
    QString description;
    bool operator==(const KeyValue&) const = default;
};

struct Variable {
    QString name;
    QString value; // empty in the file when `secret`: the value lives in the user's secret store
    bool secret = false;
    bool enabled = true;
    bool operator==(const Variable&) const = default;
};

struct Environment {
    QString name;
    QList<Variable> variables;
    bool operator==(const Environment&) const = default;
};

// One multipart field: text, or a file read when the request is sent.
struct FormField {
    QString name;
    QString value; // the text, or the file's path when `isFile`
    bool isFile = false;
    QString contentType; // optional, per part
    bool enabled = true;
    bool operator==(const FormField&) const = default;
};

struct Body {
    enum class Kind { None, Raw, Json, UrlEncoded, Multipart };
    Kind kind = Kind::None;
    QString contentType; // Raw: the Content-Type to send (Json implies application/json)
    QString text; // Raw and Json
    QList<KeyValue> urlEncoded;
    QList<FormField> multipart;
    bool operator==(const Body&) const = default;
};

// Requests and folders inherit their parent's auth unless they set one (as
// in Postman); the collection's own default is None.
struct Auth {
    enum class Kind { Inherit, None, Basic, Bearer, ApiKey };
    enum class ApiKeyIn { Header, Query };
    Kind kind = Kind::Inherit;
    QString username; // Basic
    QString password; // Basic
    QString token; // Bearer
    QString keyName; // ApiKey: the header or query parameter name
    QString keyValue; // ApiKey
    ApiKeyIn keyIn = ApiKeyIn::Header;
    static Auth none()
    {
        Auth auth;
        auth.kind = Kind::None;
        return auth;
    }
    bool operator==(const Auth&) const = default;
};

// A partial retry policy: only the fields written in it, in the policy
// file's names (`max_attempts`, `jitter`, ...). The effective policy of a
// request is the defaults, then the collection's, the folders' from the top
// down, then the request's own fields on top.
struct PolicyOverride {
    QJsonObject fields;
    bool operator==(const PolicyOverride&) const = default;
};

struct RequestItem {
    QString name;
    QString description;
    QString method = QStringLiteral("GET");
    QString url; // without the query when `params` hold it; may contain {{vars}}
    QList<KeyValue> params; // query parameters, appended to the URL in order
    QList<KeyValue> headers;
    Body body;
    Auth auth;
    std::optional<PolicyOverride> policy;
    // Accept any TLS certificate (curl's -k): only for a test server with a
    // self-signed one. Off unless the request says so; timelines record it.
    bool insecureTls = false;
    // What another tool's file held that Jitterbug cannot run (Postman
    // scripts, other auth types), kept to be written back on export.
    QJsonObject foreign;
    bool operator==(const RequestItem&) const = default;
};

struct Item;

struct Folder {
    QString name;
    QString description;
    std::vector<Item> items; // in order; std::vector because Item is not complete yet
    Auth auth;
    std::optional<PolicyOverride> policy;
    QList<Variable> variables; // folder-scoped, as Postman allows
    QJsonObject foreign;
    bool operator==(const Folder& other) const; // in collection.cpp, where Item is complete
};

// One child of a folder or of the collection: a request or a folder.
struct Item {
    std::variant<RequestItem, Folder> node;

    bool isFolder() const { return std::holds_alternative<Folder>(node); }
    const RequestItem* request() const { return std::get_if<RequestItem>(&node); }
    RequestItem* request() { return std::get_if<RequestItem>(&node); }
    const Folder* folder() const { return std::get_if<Folder>(&node); }
    Folder* folder() { return std::get_if<Folder>(&node); }
    bool operator==(const Item&) const = default;
};

struct Collection {
    static constexpr int kFormat = 1; // the file format this program writes and the newest it reads

    QUuid id; // keys the user's secret store; stable across saves
    QString name;
    QString description;
    std::vector<Item> items;
    Auth auth = Auth::none();
    std::optional<PolicyOverride> policy; // the collection default
    QList<Variable> variables;
    QList<Environment> environments;
    QJsonObject foreign;
    bool operator==(const Collection&) const = default;
};

// Clears the value of every secret variable (collection, folders,
// environments) and returns their names, once each: a Postman file holds its
// secrets' values, which must not reach any file Jitterbug writes.
QStringList dropSecretValues(Collection& collection);

// The values secret variables hold in memory (a Postman file's), by name: a
// run sends them, and its reports write {{name}} in their place.
QHash<QString, QString> secretValuesHeld(const Collection& collection);

} // namespace jitterbug
