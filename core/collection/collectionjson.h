#pragma once

#include "collection.h"
#include "util/error.h"

#include <QByteArray>
#include <QString>

namespace jitterbug {

// The `*.jitterbug.json` format (docs/collections.md): keys in a fixed order,
// two-space indent, defaults left out and one line per key/value pair, so
// changing one field changes one line of the file.

// The exact bytes saved, ending with a newline. A secret variable's value is
// never written, whatever the model holds.
QByteArray collectionToJson(const Collection& collection);

// Errors are one line naming `fileName` and the place: `api.jitterbug.json:
// line 3: ...` for broken JSON, `api.jitterbug.json: items[1].method: ...`
// for everything else. Unknown keys are errors; so is a newer format.
Expected<Collection> collectionFromJson(const QByteArray& json, const QString& fileName);

// Atomic (QSaveFile): on any failure the old file is untouched; the error
// names the file. Refuses to write what it could not load back (a null id,
// a method that is no HTTP token, a policy override that does not validate).
Expected<void> saveCollection(const Collection& collection, const QString& path);

// Never writes anything.
Expected<Collection> loadCollection(const QString& path);

} // namespace jitterbug
