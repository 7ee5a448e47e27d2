#pragma once

#include "sendoptions.h"

#include "collection/collection.h"
#include "util/error.h"

#include <QStringList>

#include <optional>

namespace jitterbug::cli {

// `jitterbug-cli run COLLECTION [options]`, as parsed.
struct RunOptions {
    struct Report {
        enum class Kind { Json, Junit, Har };
        Kind kind = Kind::Json;
        QString path;
    };
    QString collectionFile;
    QString environment; // a name in the collection, or an environment file
    QList<Variable> envVars; // --env-var NAME=VALUE, over the environment's own
    QString folder; // "Folder/Sub"; empty: the whole collection
    int iterations = 1;
    int concurrency = 1;
    Backend backend = Backend::Network;
    QString scenario;
    quint64 seed = 0;
    bool bail = false;
    bool quiet = false;
    bool help = false;
    QList<Report> reports;
};

Expected<RunOptions> parseRunOptions(const QStringList& arguments);
QString runUsage();

// The environment `--env` names: one of the collection's, else a file (a
// Postman environment export: {"name", "values": [{"key", "value",
// "enabled"}]}). Empty name: none.
Expected<std::optional<Environment>> findEnvironment(const Collection& collection, const QString& nameOrFile);

} // namespace jitterbug::cli
