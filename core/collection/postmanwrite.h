#pragma once

// Inside the Postman writer (postmanwrite.cpp, postmanwriterequest.cpp); not
// for other users.

#include "postman.h"

#include "util/jsonwriter.h"

#include <QJsonObject>

namespace jitterbug::postman {

// What the import kept of the Postman file: foreign["postman"].
QJsonObject postmanPart(const QJsonObject& foreign);

// Any JSON value, indented like the rest; object keys in QJsonObject's order.
void writeJson(JsonWriter& out, const QJsonValue& value);
void writeKey(JsonWriter& out, QStringView key, const QJsonValue& value);
// The keys of `kept` that are not among `handled`.
void writeRest(JsonWriter& out, const QJsonObject& kept, const QStringList& handled);
// Nothing for an empty text.
void writeText(JsonWriter& out, QStringView key, const QString& text);

// The events kept from the import, after Jitterbug's own script if there is one.
void writeEvents(JsonWriter& out, const std::optional<QJsonObject>& generated, const QJsonObject& kept);
// An auth type Jitterbug does not run was imported as none and kept: it goes
// back unless the auth was changed since.
void writeAuth(JsonWriter& out, const Auth& auth, const QJsonObject& kept, bool collection);
// "_jitterbug": the policy override, other tools' foreign data and (on the collection) the environments.
void writeExtension(JsonWriter& out, const std::optional<PolicyOverride>& policy, const QJsonObject& foreign,
                    const QList<Environment>& environments = {});

// postmanwriterequest.cpp. `effectivePolicy` holds the policy fields in force
// for the request (collection, folders, its own), for what newman must send.
void writeRequestItem(JsonWriter& out, const RequestItem& r, const QJsonObject& effectivePolicy);

} // namespace jitterbug::postman
