#pragma once

#include "headerlist.h"

#include <QString>

#include <optional>

namespace jitterbug {

// What a server said about its own rate limit on one response. Read from, in
// order of preference: the IETF httpapi draft's structured `RateLimit` /
// `RateLimit-Policy` fields, the older draft's `RateLimit-Limit`,
// `RateLimit-Remaining`, `RateLimit-Reset`, and the common `X-RateLimit-*`.
struct RateLimitInfo {
    std::optional<qint64> limit; // requests allowed per window
    std::optional<qint64> remaining; // requests left in this window
    std::optional<double> resetMs; // until the window resets
    std::optional<double> windowMs; // the policy's window, when stated
    QString policyName; // the structured draft's policy item name, if any
    QString source; // "ratelimit", "ratelimit-draft", or "x-ratelimit"

    bool operator==(const RateLimitInfo&) const = default;
};

// nullopt when the response carries none of these fields or none parses.
// X-RateLimit-Reset is often a Unix time rather than a delta: values larger
// than 10^9 are read as epoch seconds and measured from `nowEpochMs`.
std::optional<RateLimitInfo> parseRateLimitHeaders(const HeaderList& headers, qint64 nowEpochMs);

} // namespace jitterbug
