#include "tokenbucket.h"

#include <algorithm>

namespace jitterbug {

TokenBucket::TokenBucket(const RateLimitSettings& settings)
    : m_settings(settings)
    , m_intervalMs(settings.periodMs / settings.requests)
    , m_toleranceMs(m_intervalMs * (settings.effectiveBurst() - 1))
{
}

double TokenBucket::peek(double earliestMs) const
{
    // A token due within a nanosecond is due now: periods that do not divide
    // evenly by the rate must not leave a 1e-13 ms wait behind.
    const double scheduled = m_theoreticalArrivalMs - m_toleranceMs;
    return scheduled <= earliestMs + 1e-6 ? earliestMs : scheduled;
}

double TokenBucket::reserve(double earliestMs)
{
    const double allowedAt = peek(earliestMs);
    m_theoreticalArrivalMs = std::max(m_theoreticalArrivalMs, allowedAt) + m_intervalMs;
    return allowedAt;
}

} // namespace jitterbug
