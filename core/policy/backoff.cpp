#include "backoff.h"

#include "util/random.h"

#include <algorithm>
#include <cmath>

namespace jitterbug {

double baseDelayMs(const RetryPolicy& policy, int attempt)
{
    const int retry = std::max(1, attempt - 1);
    double delay = policy.baseDelayMs;
    switch (policy.backoff) {
    case BackoffKind::Constant:
        break;
    case BackoffKind::Linear:
        delay = policy.baseDelayMs * retry;
        break;
    case BackoffKind::Exponential:
        delay = policy.baseDelayMs * std::pow(policy.multiplier, retry - 1);
        break;
    }
    return std::min(policy.maxDelayMs, delay);
}

double backoffDelayMs(const RetryPolicy& policy, int attempt, double previousWaitMs, Random& random)
{
    const double d = baseDelayMs(policy, attempt);
    switch (policy.jitter) {
    case Jitter::None:
        return d;
    case Jitter::Full:
        return random.uniform(0, d);
    case Jitter::Equal:
        return d / 2 + random.uniform(0, d / 2);
    case Jitter::Decorrelated: {
        // AWS's "decorrelated jitter": sleep = min(cap, U(base, 3 * sleep)),
        // with the first `sleep` equal to base.
        const double previous = previousWaitMs > 0 ? previousWaitMs : policy.baseDelayMs;
        return std::min(policy.maxDelayMs, random.uniform(policy.baseDelayMs, 3 * previous));
    }
    }
    return d;
}

DelayBounds backoffBounds(const RetryPolicy& policy, int attempt)
{
    const double d = baseDelayMs(policy, attempt);
    switch (policy.jitter) {
    case Jitter::None:
        return {d, d};
    case Jitter::Full:
        return {0, d};
    case Jitter::Equal:
        return {d / 2, d};
    case Jitter::Decorrelated: {
        // The upper end grows by 3x per retry from base until the cap.
        const double high = policy.baseDelayMs * std::pow(3.0, std::max(1, attempt - 1));
        return {std::min(policy.maxDelayMs, policy.baseDelayMs), std::min(policy.maxDelayMs, high)};
    }
    }
    return {d, d};
}

} // namespace jitterbug
