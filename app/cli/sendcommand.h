#pragma once

#include <QStringList>

namespace jitterbug::cli {

// `jitterbug-cli send [curl options] [policy options] URL`: one call (or
// --repeat N of them) with curl's options and Jitterbug's policy. Returns
// the process exit status of PRODUCT.md.
int runSend(const QStringList& arguments);

} // namespace jitterbug::cli
