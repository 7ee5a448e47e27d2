#pragma once

#include <QStringList>

namespace jitterbug::cli {

// `jitterbug-cli plan [policy options] [--samples N] [--seed S] [--json]`:
// what a policy will do before anything is sent.
int runPlan(const QStringList& arguments);

} // namespace jitterbug::cli
