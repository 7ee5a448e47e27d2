#pragma once

#include "policy/retrypolicy.h"

#include <deque>

namespace jitterbug {

// Limits retries to a share of first attempts, as Finagle's RetryBudget and
// gRPC's retry throttling do, so an outage does not multiply the load: over
// the last `windowMs`, retries <= ratio * first attempts + minPerSecond *
// window seconds.
class RetryBudget
{
public:
    explicit RetryBudget(const RetryBudgetSettings& settings);

    void recordFirstAttempt(double nowMs);
    // Takes one retry from the budget; false (and nothing taken) when spent.
    bool tryRetry(double nowMs);

    // What is left at `nowMs`, for reasons and tests.
    double available(double nowMs);
    const RetryBudgetSettings& settings() const { return m_settings; }

private:
    void expire(double nowMs);

    RetryBudgetSettings m_settings;
    std::deque<double> m_firstAttempts;
    std::deque<double> m_retries;
};

} // namespace jitterbug
