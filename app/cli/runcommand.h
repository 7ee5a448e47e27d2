#pragma once

#include <QStringList>

namespace jitterbug::cli {

// `jitterbug-cli run COLLECTION [--env NAME|FILE] [--folder PATH] [--iterations N]
// [--concurrency N] [--backend net|sim [--scenario FILE]] [--seed S] [--bail]
// [--report json|junit FILE]...`: every request of a collection, each with its
// policy, on one engine. Exit status 0 when every call succeeded, 1 when one
// failed, 2 for bad input (nothing is sent then).
int runCollection(const QStringList& arguments);

} // namespace jitterbug::cli
