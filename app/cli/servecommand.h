#pragma once

#include <QStringList>

namespace jitterbug::cli {

// `jitterbug-cli serve [--port P] [--scenario FILE] [--seed S] [--log]`: the
// simulated backend over real HTTP, on 127.0.0.1 unless --host says
// otherwise. Prints the bound port as its first line; runs until SIGINT or
// SIGTERM, then exits 0.
int runServe(const QStringList& arguments);

} // namespace jitterbug::cli
