#include "waitplan.h"

#include "util/random.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace jitterbug {

namespace {

double quantile(const std::vector<double>& sorted, double q)
{
    if (sorted.empty())
        return 0;
    // Nearest rank, so a reported percentile is a wait that was drawn.
    const auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(sorted.size())));
    return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

} // namespace

WaitPlan planWaits(const RetryPolicy& policy, int samples, quint64 seed)
{
    WaitPlan plan;
    plan.samples = std::max(1, samples);
    plan.seed = seed;
    const int retries = policy.maxAttempts - 1;
    std::vector<std::vector<double>> draws(static_cast<std::size_t>(std::max(0, retries)));
    for (auto& d : draws)
        d.reserve(static_cast<std::size_t>(plan.samples));

    Random random(seed);
    for (int s = 0; s < plan.samples; ++s) {
        double previous = 0;
        for (int k = 0; k < retries; ++k) {
            previous = backoffDelayMs(policy, k + 2, previous, random);
            draws[static_cast<std::size_t>(k)].push_back(previous);
        }
    }

    double waitsHigh = 0;
    double waitsWithRetryAfter = 0;
    for (int k = 0; k < retries; ++k) {
        std::vector<double>& d = draws[static_cast<std::size_t>(k)];
        std::sort(d.begin(), d.end());
        PlannedAttempt a;
        a.attempt = k + 2;
        a.bounds = backoffBounds(policy, a.attempt);
        double sum = 0;
        for (double v : d)
            sum += v;
        a.wait = {d.front(), sum / static_cast<double>(d.size()), quantile(d, 0.5), quantile(d, 0.99), d.back()};
        plan.attempts.append(a);
        waitsHigh += a.bounds.highMs;
        waitsWithRetryAfter
            += policy.respectRetryAfter ? std::max(a.bounds.highMs, policy.maxRetryAfterMs) : a.bounds.highMs;
    }
    const double attemptsTime = policy.attemptTimeoutMs * policy.maxAttempts;
    plan.worstCaseMs = attemptsTime + waitsHigh;
    plan.worstCaseWithRetryAfterMs = attemptsTime + waitsWithRetryAfter;
    if (policy.deadlineMs) {
        plan.worstCaseMs = std::min(plan.worstCaseMs, *policy.deadlineMs);
        plan.worstCaseWithRetryAfterMs = std::min(plan.worstCaseWithRetryAfterMs, *policy.deadlineMs);
    }
    return plan;
}

} // namespace jitterbug
