// PLACEHOLDER: to be replaced by the real parser.
#include "ratelimitheaders.h"
namespace jitterbug {
std::optional<RateLimitInfo> parseRateLimitHeaders(const HeaderList&, qint64) { return std::nullopt; }
}
