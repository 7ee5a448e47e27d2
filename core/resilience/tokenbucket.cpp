#include "tokenbucket.h"

#include <algorithm>

namespace jitterbug {

TokenBucket::TokenBucket(const RateLimitSettings& settings)
    : m_settings(settings)
    , m_intervalMs(settings.periodMs / settings.requests)
    , m_toleranceMs(m_intervalMs * (settings.effectiveBurst() - 1))
{
}

double TokenBucket::reserve(double earliestMs)
{
    // A token due within a nanosecond is due now: periods that do not divide
    // evenly by the rate must not leave a 1e-13 ms wait behind.
    const double scheduled = m_theoreticalArrivalMs - m_toleranceMs;
    const double allowedAt = scheduled <= earliestMs + 1e-6 ? earliestMs : scheduled;
    m_theoreticalArrivalMs = std::max(m_theoreticalArrivalMs, allowedAt) + m_intervalMs;
    return allowedAt;
}

} // namespace jitterbug
