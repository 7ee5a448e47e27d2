#include "retrypolicy.h"

#include "util/nametable.h"

#include <cmath>

namespace jitterbug {

namespace {

constexpr NameTable<BackoffKind, 3> backoffNames{{
    {BackoffKind::Constant, "constant"},
    {BackoffKind::Linear, "linear"},
    {BackoffKind::Exponential, "exponential"},
}};
constexpr NameTable<Jitter, 4> jitterNames{{
    {Jitter::None, "none"},
    {Jitter::Full, "full"},
    {Jitter::Equal, "equal"},
    {Jitter::Decorrelated, "decorrelated"},
}};
constexpr NameTable<RateLimitScope, 3> scopeNames{{
    {RateLimitScope::Call, "call"},
    {RateLimitScope::Run, "run"},
    {RateLimitScope::Host, "host"},
}};
constexpr NameTable<BreakerScope, 2> breakerScopeNames{{
    {BreakerScope::Run, "run"},
    {BreakerScope::Host, "host"},
}};

QString number(double v)
{
    return QString::number(v, 'g', 10);
}

} // namespace

QString backoffKindName(BackoffKind kind)
{
    return nameIn(backoffNames, kind);
}
QString jitterName(Jitter jitter)
{
    return nameIn(jitterNames, jitter);
}
QString rateLimitScopeName(RateLimitScope scope)
{
    return nameIn(scopeNames, scope);
}
QString breakerScopeName(BreakerScope scope)
{
    return nameIn(breakerScopeNames, scope);
}
std::optional<BackoffKind> backoffKindFromName(QStringView name)
{
    return valueIn(backoffNames, name);
}
std::optional<Jitter> jitterFromName(QStringView name)
{
    return valueIn(jitterNames, name);
}
std::optional<RateLimitScope> rateLimitScopeFromName(QStringView name)
{
    return valueIn(scopeNames, name);
}

std::optional<BreakerScope> breakerScopeFromName(QStringView name)
{
    return valueIn(breakerScopeNames, name);
}

Expected<void> RetryPolicy::validate() const
{
    auto fail = [](const char* field, const QString& what) {
        return invalidInput(QStringLiteral("policy.") + QLatin1StringView(field) + QStringLiteral(": ") + what);
    };
    auto nonNegative = [](double v) {
        return std::isfinite(v) && v >= 0;
    };

    if (maxAttempts < 1)
        return fail("max_attempts", QStringLiteral("must be at least 1, got %1").arg(maxAttempts));
    if (!nonNegative(baseDelayMs))
        return fail("base_delay_ms", QStringLiteral("must be a number ≥ 0, got %1").arg(number(baseDelayMs)));
    if (!std::isfinite(multiplier) || multiplier < 1)
        return fail("multiplier", QStringLiteral("must be ≥ 1, got %1").arg(number(multiplier)));
    if (!nonNegative(maxDelayMs))
        return fail("max_delay_ms", QStringLiteral("must be a number ≥ 0, got %1").arg(number(maxDelayMs)));
    if (!std::isfinite(attemptTimeoutMs) || attemptTimeoutMs <= 0)
        return fail("attempt_timeout_ms", QStringLiteral("must be > 0, got %1").arg(number(attemptTimeoutMs)));
    if (connectTimeoutMs && (!std::isfinite(*connectTimeoutMs) || *connectTimeoutMs <= 0))
        return fail("connect_timeout_ms", QStringLiteral("must be > 0, got %1").arg(number(*connectTimeoutMs)));
    if (deadlineMs && (!std::isfinite(*deadlineMs) || *deadlineMs <= 0))
        return fail("deadline_ms", QStringLiteral("must be > 0, got %1").arg(number(*deadlineMs)));
    if (retryWindowMs && (!std::isfinite(*retryWindowMs) || *retryWindowMs <= 0))
        return fail("retry_window_ms", QStringLiteral("must be > 0, got %1").arg(number(*retryWindowMs)));
    for (int status : retryOnStatus) {
        if (status < 100 || status > 599)
            return fail("retry_on", QStringLiteral("%1 is not an HTTP status (100–599)").arg(status));
    }
    if (!nonNegative(maxRetryAfterMs))
        return fail("max_retry_after_ms", QStringLiteral("must be ≥ 0, got %1").arg(number(maxRetryAfterMs)));
    if (!idempotencyKey.isEmpty() && idempotencyHeader.isEmpty())
        return fail("idempotency_key.header", QStringLiteral("must not be empty when a key is set"));
    if (rateLimit) {
        if (rateLimit->requests < 1)
            return fail("rate_limit.requests", QStringLiteral("must be at least 1, got %1").arg(rateLimit->requests));
        if (!std::isfinite(rateLimit->periodMs) || rateLimit->periodMs <= 0)
            return fail("rate_limit.period_ms", QStringLiteral("must be > 0, got %1").arg(number(rateLimit->periodMs)));
        if (rateLimit->burst < 0)
            return fail("rate_limit.burst", QStringLiteral("must be ≥ 0, got %1").arg(rateLimit->burst));
    }
    if (circuitBreaker) {
        const CircuitBreakerSettings& b = *circuitBreaker;
        if (b.window < 1)
            return fail("circuit_breaker.window", QStringLiteral("must be at least 1, got %1").arg(b.window));
        if (b.minimumCalls < 1 || b.minimumCalls > b.window)
            return fail(
                "circuit_breaker.minimum_calls",
                QStringLiteral("must be between 1 and the window (%1), got %2").arg(b.window).arg(b.minimumCalls));
        if (!(b.failureRatio > 0 && b.failureRatio <= 1))
            return fail("circuit_breaker.failure_ratio",
                        QStringLiteral("must be in (0, 1], got %1").arg(number(b.failureRatio)));
        if (!std::isfinite(b.breakMs) || b.breakMs <= 0)
            return fail("circuit_breaker.break_ms", QStringLiteral("must be > 0, got %1").arg(number(b.breakMs)));
        if (b.halfOpenProbes < 1)
            return fail("circuit_breaker.half_open_probes",
                        QStringLiteral("must be at least 1, got %1").arg(b.halfOpenProbes));
    }
    if (retryBudget) {
        const RetryBudgetSettings& b = *retryBudget;
        if (!nonNegative(b.ratio))
            return fail("retry_budget.ratio", QStringLiteral("must be ≥ 0, got %1").arg(number(b.ratio)));
        if (!std::isfinite(b.windowMs) || b.windowMs <= 0)
            return fail("retry_budget.window_ms", QStringLiteral("must be > 0, got %1").arg(number(b.windowMs)));
        if (!nonNegative(b.minPerSecond))
            return fail("retry_budget.min_per_second",
                        QStringLiteral("must be ≥ 0, got %1").arg(number(b.minPerSecond)));
    }
    if (fallback && fallback->mode == FallbackMode::Static && (fallback->status < 100 || fallback->status > 599))
        return fail("fallback.status", QStringLiteral("%1 is not an HTTP status (100–599)").arg(fallback->status));
    return {};
}

} // namespace jitterbug
