// PLACEHOLDER: to be replaced by the real parser.
#include "curlcommand.h"
namespace jitterbug {
Expected<CurlCommand> parseCurlArguments(const QStringList&, const PassThroughOptions&) { return unsupported(QStringLiteral("todo")); }
Expected<QStringList> splitShellWords(QStringView) { return unsupported(QStringLiteral("todo")); }
Expected<CurlCommand> parseCurlCommandLine(QStringView) { return unsupported(QStringLiteral("todo")); }
}
