#pragma once

#include "http/errorcode.h"
#include "retrypolicy.h"

#include <QString>

namespace jitterbug {

// What one attempt's outcome means for the call, before limits (attempts,
// deadline, budget) are applied.
enum class OutcomeClass {
    Success, // 2xx, or 3xx that is not being followed
    RetryableStatus, // in the policy's retry_on set
    FatalStatus, // any other 4xx/5xx
    RetryableError, // a network error in the policy's retry_on_errors
    FatalError, // TLS, size cap, redirects, or a network error the policy excludes
};

struct Classification {
    OutcomeClass outcome = OutcomeClass::Success;
    QString reason; // "503 is retryable", "400 is a client error: retrying will not help"

    bool isSuccess() const { return outcome == OutcomeClass::Success; }
    bool isRetryable() const
    {
        return outcome == OutcomeClass::RetryableStatus || outcome == OutcomeClass::RetryableError;
    }
};

// `status` is the HTTP status when a response arrived (0 when none); `error`
// the transport's error otherwise.
Classification classifyOutcome(int status, ErrorCode error, const RetryPolicy& policy);

// Whether a retry of this method is allowed at all (RFC 9110 §9.2.2): the
// reason names what is missing when it is not.
struct RetryPermission {
    bool allowed = true;
    QString reason;
};
RetryPermission retryPermission(QByteArrayView method, bool carriesIdempotencyKey, const RetryPolicy& policy);

} // namespace jitterbug
