#pragma once

#include "http/errorcode.h"
#include "http/ratelimitheaders.h"
#include "policy/retrypolicy.h"

#include <QList>
#include <QString>

#include <optional>

namespace jitterbug {

enum class Decision { Success, Retry, GiveUp, Fallback };
enum class WaitSource { None, Backoff, RetryAfter, RateLimit, CircuitOpen, Budget };

QString decisionName(Decision decision);
QString waitSourceName(WaitSource source); // "" for None
std::optional<Decision> decisionFromName(QStringView name);
std::optional<WaitSource> waitSourceFromName(QStringView name);

// One stretch of waiting, in milliseconds from the start of the call.
struct WaitSegment {
    WaitSource source = WaitSource::None;
    double startedMs = 0;
    double durationMs = 0;
    bool operator==(const WaitSegment&) const = default;
};

struct AttemptRecord {
    int attempt = 1;
    double startedMs = 0;
    double endedMs = 0;
    int status = 0; // 0 when no response
    ErrorCode error = ErrorCode::None;
    QString errorDetail;
    Decision decision = Decision::Success;
    QString reason;
    // The wait after this attempt, before the next: its total, the source
    // that set its length, and its parts (backoff, then any rate-limit wait).
    double waitMs = 0;
    WaitSource waitSource = WaitSource::None;
    QList<WaitSegment> waits;
    double timeoutMs = 0; // the timeout this attempt ran under
    std::optional<double> retryAfterMs; // as the server sent it, before capping
    std::optional<RateLimitInfo> rateLimit;
    qint64 responseBytes = 0;
    bool onWire = true; // false when refused locally (circuit open)

    bool operator==(const AttemptRecord&) const = default;
};

struct BreakerEvent {
    double atMs = 0;
    QString host;
    QString from;
    QString to;
    QString reason;
    bool operator==(const BreakerEvent&) const = default;
};

struct CallOutcome {
    int status = 0;
    ErrorCode error = ErrorCode::None;
    int attempts = 0;
    double elapsedMs = 0;
    bool fallback = false;
    bool succeeded = false; // a real success, not a fallback
    QString reason; // why the call ended
    bool operator==(const CallOutcome&) const = default;
};

// The timeline record of PRODUCT.md: what one call did, attempt by attempt.
struct Timeline {
    QByteArray method;
    QString url; // as sent, credentials in its query or user info masked
    QByteArray idempotencyKey; // empty: none
    bool insecureTls = false; // the request accepted any TLS certificate (-k)
    RetryPolicy policy;
    quint64 seed = 0;
    qint64 callIndex = 0; // which call of a run (0 for a single send)
    double queuedMs = 0; // waited for a rate-limit token before attempt 1
    QList<AttemptRecord> attempts;
    QList<BreakerEvent> breakerEvents;
    CallOutcome outcome;

    bool operator==(const Timeline&) const = default;
};

} // namespace jitterbug
