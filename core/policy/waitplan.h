#pragma once

#include "backoff.h"

#include <QList>

namespace jitterbug {

struct WaitStatistics {
    double minMs = 0;
    double meanMs = 0;
    double p50Ms = 0;
    double p99Ms = 0;
    double maxMs = 0;
};

struct PlannedAttempt {
    int attempt = 2; // the wait before this attempt
    WaitStatistics wait;
    DelayBounds bounds;
};

// What a policy will do before anything is sent: the wait before each retry
// over `samples` sampled calls (decorrelated jitter depends on the previous
// wait, so whole sequences are drawn), and the worst case in time.
struct WaitPlan {
    QList<PlannedAttempt> attempts;
    int samples = 0;
    quint64 seed = 0;
    // Every attempt running to its timeout plus every wait at its bound,
    // capped by the deadline; Retry-After can stretch each wait up to
    // max_retry_after, which the second figure includes.
    double worstCaseMs = 0;
    double worstCaseWithRetryAfterMs = 0;
};

WaitPlan planWaits(const RetryPolicy& policy, int samples, quint64 seed);

} // namespace jitterbug
