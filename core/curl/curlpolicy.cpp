#include "curlpolicy.h"

namespace jitterbug {

RetryPolicy curlRetryPolicy(const CurlCommand& command, const RetryPolicy& defaults)
{
    RetryPolicy p = defaults;
    if (command.maxTimeSeconds)
        p.attemptTimeoutMs = *command.maxTimeSeconds * 1000;
    if (command.connectTimeoutSeconds)
        p.connectTimeoutMs = *command.connectTimeoutSeconds * 1000;

    const CurlRetryOptions& r = command.retry;
    if (!r.any())
        return p;

    p.maxAttempts = r.retries.value_or(0) + 1;
    p.jitter = Jitter::None;
    if (r.delaySeconds && *r.delaySeconds > 0) {
        p.backoff = BackoffKind::Constant;
        p.baseDelayMs = *r.delaySeconds * 1000;
        p.maxDelayMs = p.baseDelayMs;
    } else {
        p.backoff = BackoffKind::Exponential;
        p.baseDelayMs = 1000;
        p.multiplier = 2;
        p.maxDelayMs = 10 * 60 * 1000;
    }
    if (r.maxTimeSeconds && *r.maxTimeSeconds > 0)
        p.retryWindowMs = *r.maxTimeSeconds * 1000;

    p.retryOnStatus = {408, 429, 500, 502, 503, 504, 522, 524};
    p.retryOnErrors = {ErrorCode::Timeout};
    if (r.connectionRefused)
        p.retryOnErrors.append(ErrorCode::ConnectionRefused);
    if (r.allErrors) {
        p.retryOnErrors = {ErrorCode::Timeout,      ErrorCode::ConnectionRefused,  ErrorCode::ConnectionReset,
                           ErrorCode::HostNotFound, ErrorCode::NetworkUnreachable, ErrorCode::ProtocolError,
                           ErrorCode::NetworkError};
        if (command.output.failOnHttpError) {
            p.retryOnStatus.clear();
            for (int s = 400; s <= 599; ++s)
                p.retryOnStatus.append(s);
        }
    }
    p.respectRetryAfter = true;
    p.maxRetryAfterMs = 24.0 * 3600 * 1000; // curl has no cap of its own
    p.retryUnsafe = true; // curl retries every method
    return p;
}

} // namespace jitterbug
