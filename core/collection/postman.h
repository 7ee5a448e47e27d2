#pragma once

#include "collection.h"
#include "util/error.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace jitterbug {

// Postman Collection Format v2.1 (v2.0 is read too), both ways; the mapping
// is in docs/collections.md, "Postman v2.1". newman is the reference for what
// a Postman collection sends: an import sends the same requests as newman
// would, and an export makes newman send what Jitterbug sends.

struct PostmanImport {
    Collection collection;
    // One line for each thing Jitterbug keeps but cannot run, naming where
    // it is: `item "Orders/Login": event "prerequest" (a script) is kept but not run`.
    QStringList warnings;
};

// Errors are one line naming `fileName` and the JSON path of the problem
// (`shop.json: item[1].request.header[0].key: expected a string, got 3`); a
// v1 collection or another schema is refused with what to do instead. What
// Jitterbug cannot run (scripts, other auth types, protocol settings) is kept
// in `foreign["postman"]` and listed in the warnings. A secret variable's
// value stays in the model (for the caller's secret store) and is never
// written by either format.
Expected<PostmanImport> collectionFromPostman(const QByteArray& json, const QString& fileName);

// A v2.1 collection, two-space indented, ending with a newline. Policies,
// environments and foreign data of other tools go under "_jitterbug", which
// newman ignores; a secret variable is written with its name only.
QByteArray collectionToPostman(const Collection& collection);

// What the reader and the writer share (postman.cpp).
namespace postman {

// The schema written on export.
QString schemaV21();

// The key under which Jitterbug keeps its own data in a Postman file, and
// the key of `foreign` that holds what a Postman file had.
QString extensionKey(); // "_jitterbug"
QString foreignKey(); // "postman"

// newman's raw body languages (options.raw.language) and the Content-Type it
// sends for each; an unknown language sends text/plain.
QString contentTypeOfLanguage(const QString& language);
QString languageOfContentType(const QString& contentType); // empty when none matches

// newman sends no body with these methods unless protocolProfileBehavior
// has disableBodyPruning.
bool prunesBody(const QString& method);

// The last enabled Content-Type header, as newman picks it.
std::optional<QString> contentTypeHeader(const QList<KeyValue>& headers);

// One query parameter as newman writes it into a URL (QueryParam.unparseSingle):
// '&' and '#' (and '=' in the key) percent-encoded outside {{variables}}, no
// '=' for a null value.
QString queryParamText(const std::optional<QString>& key, const std::optional<QString>& value);

// `text` with the spans of `{{variables}}` replaced by '_' (same length), so
// separators inside variable names are not taken for the URL's own.
QString maskVariables(const QString& text);

} // namespace postman

} // namespace jitterbug
