#include "tokenbucket.h"

#include <algorithm>
#include <cmath>

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

int TokenBucket::available(double nowMs) const
{
    // Each token taken and not yet refilled pushes the theoretical arrival
    // time one interval past now.
    const double owed = untilFullMs(nowMs) / m_intervalMs;
    return std::max(m_settings.effectiveBurst() - static_cast<int>(std::ceil(owed - 1e-9)), 0);
}

double TokenBucket::untilFullMs(double nowMs) const
{
    return std::max(m_theoreticalArrivalMs - nowMs, 0.0);
}

} // namespace jitterbug
