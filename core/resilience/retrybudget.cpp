#include "retrybudget.h"

namespace jitterbug {

RetryBudget::RetryBudget(const RetryBudgetSettings& settings)
    : m_settings(settings)
{
}

void RetryBudget::expire(double nowMs)
{
    const double horizon = nowMs - m_settings.windowMs;
    while (!m_firstAttempts.empty() && m_firstAttempts.front() <= horizon)
        m_firstAttempts.pop_front();
    while (!m_retries.empty() && m_retries.front() <= horizon)
        m_retries.pop_front();
}

void RetryBudget::recordFirstAttempt(double nowMs)
{
    expire(nowMs);
    m_firstAttempts.push_back(nowMs);
}

double RetryBudget::available(double nowMs)
{
    expire(nowMs);
    const double allowance = m_settings.ratio * static_cast<double>(m_firstAttempts.size())
        + m_settings.minPerSecond * m_settings.windowMs / 1000.0;
    return allowance - static_cast<double>(m_retries.size());
}

bool RetryBudget::tryRetry(double nowMs)
{
    if (available(nowMs) < 1.0)
        return false;
    m_retries.push_back(nowMs);
    return true;
}

} // namespace jitterbug
