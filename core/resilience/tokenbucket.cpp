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
    const double allowedAt = std::max(earliestMs, m_theoreticalArrivalMs - m_toleranceMs);
    m_theoreticalArrivalMs = std::max(m_theoreticalArrivalMs, allowedAt) + m_intervalMs;
    return allowedAt;
}

} // namespace jitterbug
