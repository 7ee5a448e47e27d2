#pragma once

#include "collection/collection.h"
#include "util/error.h"

#include <QStringList>

#include <optional>

namespace jitterbug {

// The collection formats the command line reads and writes.
enum class CollectionFormat { Jitterbug, Postman, Curl };

std::optional<CollectionFormat> collectionFormatNamed(const QString& name); // jitterbug, postman, curl
// By the file name: *.jitterbug.json, *.postman_collection.json, *.sh / *.curl / *.txt.
std::optional<CollectionFormat> collectionFormatOfName(const QString& path);

// Reads a collection in `format`, or, when none is given, in the format its
// name says, else the one its content shows (a Postman schema URL, a JSON
// object, or curl commands). Postman's import warnings land in `warnings`.
Expected<Collection> readCollectionFile(const QString& path, std::optional<CollectionFormat> format,
                                        QStringList& warnings);

} // namespace jitterbug
