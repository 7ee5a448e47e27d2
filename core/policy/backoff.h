#pragma once

#include "retrypolicy.h"

namespace jitterbug {

class Random;

// The formula's range for the wait before `attempt` (2 for the first retry).
struct DelayBounds {
    double lowMs = 0;
    double highMs = 0;
};

// The un-jittered delay: constant `base`, linear `base * (n-1)`, exponential
// `base * multiplier^(n-1)` where n = attempt - 1 is the retry number, capped
// by max_delay.
double baseDelayMs(const RetryPolicy& policy, int attempt);

// The wait before `attempt`, as a pure function of the policy, the previous
// wait (used by decorrelated jitter; pass 0 before the first retry) and the
// generator. Draws exactly one number from `random` unless jitter is none.
double backoffDelayMs(const RetryPolicy& policy, int attempt, double previousWaitMs, Random& random);

DelayBounds backoffBounds(const RetryPolicy& policy, int attempt);

} // namespace jitterbug
