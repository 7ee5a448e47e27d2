#pragma once

#include <QStringList>

namespace jitterbug::cli {

// `jitterbug-cli convert IN OUT [--from F] [--to F] [--env NAME]`: between
// Jitterbug collections, Postman v2.1 collections and curl command files.
// The formats come from the names (*.jitterbug.json,
// *.postman_collection.json, *.sh) or the flags. Bad input: one line, exit 2,
// nothing written; the output is replaced atomically.
int runConvert(const QStringList& arguments);

} // namespace jitterbug::cli
