#pragma once

#include <QStringList>

namespace jitterbug::cli {

// `jitterbug-cli simulate herd [options]`: many clients, one policy per
// strategy, one contended server, in virtual time (core/herd/).
int runSimulate(const QStringList& arguments);

} // namespace jitterbug::cli
