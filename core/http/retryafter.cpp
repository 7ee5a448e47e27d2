// PLACEHOLDER: to be replaced by the real parser.
#include "retryafter.h"
namespace jitterbug {
std::optional<double> parseRetryAfterMs(QByteArrayView, const QDateTime&) { return std::nullopt; }
std::optional<QDateTime> parseHttpDate(QByteArrayView) { return std::nullopt; }
}
