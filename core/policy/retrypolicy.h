#pragma once

#include "http/errorcode.h"
#include "util/error.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace jitterbug {

enum class BackoffKind { Constant, Linear, Exponential };
enum class Jitter { None, Full, Equal, Decorrelated };
enum class RateLimitScope { Call, Run, Host };
enum class BreakerScope { Run, Host };
enum class FallbackMode { Static, LastGood };

struct RateLimitSettings {
    int requests = 10; // tokens added per period
    double periodMs = 1000;
    int burst = 0; // bucket size; 0 means `requests`
    RateLimitScope scope = RateLimitScope::Run; // a limit usually protects a server across calls

    int effectiveBurst() const { return burst > 0 ? burst : requests; }
    bool operator==(const RateLimitSettings&) const = default;
};

struct CircuitBreakerSettings {
    int window = 20; // last N attempts on the wire to the host
    int minimumCalls = 10; // no verdict before this many
    double failureRatio = 0.5; // opens at or above this ratio
    double breakMs = 30000; // stays open this long
    int halfOpenProbes = 3; // successes needed to close again
    // Host: one breaker per origin, so one failing host does not stop calls
    // to the others. Run: one breaker for every call of the run that shares
    // these settings, for a service spread over several hosts.
    BreakerScope scope = BreakerScope::Host;
    bool operator==(const CircuitBreakerSettings&) const = default;
};

struct RetryBudgetSettings {
    double ratio = 0.2; // retries allowed per first attempt in the window
    double windowMs = 10000;
    double minPerSecond = 10; // a floor, so a quiet client can still retry
    bool operator==(const RetryBudgetSettings&) const = default;
};

struct FallbackSettings {
    FallbackMode mode = FallbackMode::Static;
    int status = 200;
    QByteArray body;
    QByteArray contentType = "text/plain";
    bool operator==(const FallbackSettings&) const = default;
};

// Everything that decides what a call does when an attempt fails. A plain
// value with PRODUCT.md's defaults; front ends fill it from flags or files.
struct RetryPolicy {
    int maxAttempts = 4;
    BackoffKind backoff = BackoffKind::Exponential;
    double baseDelayMs = 100;
    double multiplier = 2;
    double maxDelayMs = 20000;
    Jitter jitter = Jitter::Full;

    double attemptTimeoutMs = 30000;
    std::optional<double> connectTimeoutMs;
    std::optional<double> deadlineMs;
    // Retries start only while the call is younger than this; unlike the
    // deadline it never cuts an attempt or a wait (curl's --retry-max-time).
    std::optional<double> retryWindowMs;

    QList<int> retryOnStatus{408, 425, 429, 500, 502, 503, 504};
    QList<ErrorCode> retryOnErrors{ErrorCode::Timeout,      ErrorCode::ConnectionRefused,  ErrorCode::ConnectionReset,
                                   ErrorCode::HostNotFound, ErrorCode::NetworkUnreachable, ErrorCode::ProtocolError,
                                   ErrorCode::NetworkError};

    bool respectRetryAfter = true;
    double maxRetryAfterMs = 60000;

    QByteArray idempotencyHeader = "Idempotency-Key";
    QByteArray idempotencyKey; // empty: none; "auto": a fresh UUID per call
    bool retryUnsafe = false;

    std::optional<RateLimitSettings> rateLimit;
    std::optional<CircuitBreakerSettings> circuitBreaker;
    std::optional<RetryBudgetSettings> retryBudget;
    std::optional<FallbackSettings> fallback;

    bool operator==(const RetryPolicy&) const = default;

    // Field-named problems ("policy.max_attempts: must be at least 1, got 0").
    Expected<void> validate() const;
};

QString backoffKindName(BackoffKind kind);
QString jitterName(Jitter jitter);
QString rateLimitScopeName(RateLimitScope scope);
QString breakerScopeName(BreakerScope scope);
std::optional<BackoffKind> backoffKindFromName(QStringView name);
std::optional<Jitter> jitterFromName(QStringView name);
std::optional<RateLimitScope> rateLimitScopeFromName(QStringView name);
std::optional<BreakerScope> breakerScopeFromName(QStringView name);

} // namespace jitterbug
