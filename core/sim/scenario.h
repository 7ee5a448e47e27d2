#pragma once

#include "http/headerlist.h"
#include "sim/latency.h"
#include "util/nametable.h"

#include <QList>
#include <QString>

#include <optional>

namespace jitterbug {

// The scenario format: a misbehaving API described as data (docs/scenarios.md).
// One scenario drives both the simulated transport (virtual time) and
// `jitterbug-cli serve` (real sockets), through SimBackend.

// What happens on the connection instead of, or around, a normal answer.
enum class SimFault {
    None,
    Timeout, // never answers; the client's own timeout ends the attempt
    Reset, // the connection is reset (TCP RST) after the latency
    Refused, // the connection is refused (in serve: reset before any byte)
    Malformed, // an invalid status line, then the connection closes
    Truncated, // Content-Length promises the whole body; half of it is sent, then close
    Drip, // the body trickles out a few bytes at a time
};

// The names scenario files and statistics use for faults.
inline constexpr NameTable<SimFault, 6> simFaultNames{{
    {SimFault::Timeout, "timeout"},
    {SimFault::Reset, "reset"},
    {SimFault::Refused, "refused"},
    {SimFault::Malformed, "malformed"},
    {SimFault::Truncated, "truncated"},
    {SimFault::Drip, "drip"},
}};

struct SimDrip {
    qint64 chunkBytes = 8;
    double intervalMs = 250;
    bool operator==(const SimDrip&) const = default;
};

// One answer: a response after a latency, or a fault.
struct SimStep {
    int status = 200;
    HeaderList headers;
    QByteArray body;
    double latencyMs = 0;
    SimFault fault = SimFault::None;
    SimDrip drip; // for SimFault::Drip
    // Commit the side effect, then answer 503 as if the response was lost
    // on its way back: how retries without an idempotency key duplicate work.
    bool loseResponse = false;
};

struct SimWeightedStatus {
    int status = 503;
    double weight = 1;
};

// Retry-After on failure answers: whole seconds drawn from [minSeconds,
// maxSeconds], written as delta-seconds or as an HTTP-date.
struct SimRetryAfter {
    qint64 minSeconds = 1;
    qint64 maxSeconds = 1;
    bool httpDate = false;
};

// A seeded model of an endpoint: each request draws its fate.
struct SimModel {
    // The success answer.
    int status = 200;
    HeaderList headers;
    QByteArray body;
    SimLatency latency; // for every answer, success or failure

    double failureRate = 0; // probability of a failure status
    QList<SimWeightedStatus> failureStatuses{SimWeightedStatus{}}; // drawn by weight; default 503
    QByteArray failureBody; // empty: a short JSON error naming the status
    double timeoutRate = 0; // probability of never answering
    double resetRate = 0; // probability of a reset after the latency
    std::optional<SimRetryAfter> retryAfter; // on failure answers
};

// A server-side token bucket: past it, 429 with Retry-After and RateLimit headers.
struct SimRateLimit {
    int requests = 10; // per period
    double periodMs = 1000;
    int burst = 0; // 0: `requests`
};

// At most `concurrent` requests in the handler at once; beyond that, reject
// with 503 (and Retry-After: 1) or wait in line.
struct SimCapacity {
    enum class Overflow { Reject, Queue };
    int concurrent = 1;
    Overflow overflow = Overflow::Reject;
};

// From fromMs to toMs after the backend starts, every request gets `answer`.
struct SimOutage {
    double fromMs = 0;
    double toMs = 0;
    SimStep answer; // default: 503
};

// Requests whose method and path match go to the script or the model.
struct SimRoute {
    QByteArray method; // "*": any method
    QString path; // literal segments, ":name" for one segment, trailing "*"

    // Exactly one of: a script (steps in turn, then the last repeats or the
    // list starts over) or a model.
    QList<SimStep> script;
    bool cycle = false;
    std::optional<SimModel> model;

    // Script counters: one per route, or one per value of this request
    // header (a client key); empty means per route.
    QByteArray countByHeader;

    std::optional<SimRateLimit> rateLimit;
    std::optional<SimCapacity> capacity;
    QList<SimOutage> outages;
    double loseResponseRate = 0; // like SimStep::loseResponse, drawn per committing request
    bool idempotencyStore = true; // replay stored answers for repeated keys on unsafe methods

    bool matches(QByteArrayView requestMethod, QStringView requestPath) const;
};

struct SimScenario {
    QString name;
    QString description;
    QByteArray idempotencyHeader = "Idempotency-Key";
    QList<SimRoute> routes;

    // The first route that matches, or -1.
    qsizetype find(QByteArrayView method, QStringView path) const;
};

} // namespace jitterbug
