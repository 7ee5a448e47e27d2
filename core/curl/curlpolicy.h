#pragma once

#include "curlcommand.h"
#include "policy/retrypolicy.h"

namespace jitterbug {

// The policy a curl command line asks for, with curl's meaning: without any
// retry option Jitterbug's defaults stand (timeouts from -m and
// --connect-timeout still apply). With them:
//  - --retry N: N retries (N+1 attempts); every method is retried, as curl does;
//  - no --retry-delay: wait 1 s, doubling up to 10 min, no jitter;
//    --retry-delay S: a constant S seconds (0 keeps the doubling);
//  - --retry-max-time S: no retry starts once S seconds have passed (the
//    policy's retry window); an attempt in flight is never cut;
//  - transient: timeouts and HTTP 408, 429, 500, 502, 503, 504, 522, 524;
//    --retry-connrefused adds connection_refused; --retry-all-errors makes
//    every network error transient, and with -f every 4xx and 5xx status;
//  - Retry-After is honoured, uncapped but for the deadline.
RetryPolicy curlRetryPolicy(const CurlCommand& command, const RetryPolicy& defaults = {});

} // namespace jitterbug
