#pragma once

#include "engine/timeline.h"
#include "http/request.h"
#include "http/response.h"
#include "policy/classifier.h"
#include "resilience/circuitbreaker.h"
#include "transport/transport.h"
#include "util/random.h"

#include <QObject>

#include <memory>
#include <optional>

namespace jitterbug {

class Engine;
class RetryBudget;
class TokenBucket;

// The handle of one call (request + policy -> timeline). It runs itself on
// the engine's clock: attempt, classify, decide, wait, attempt again, and
// reports each step as it happens. Deleting it stops it without signals.
class Call : public QObject
{
    Q_OBJECT
public:
    ~Call() override;

    const Timeline& timeline() const { return m_timeline; }
    // The final response: the last attempt's, or the fallback that replaced it.
    const std::optional<Response>& response() const { return m_response; }
    const Request& request() const { return m_request; }
    bool isFinished() const { return m_finished; }

    // Stops the call: the attempt in flight is aborted, the call gives up
    // with error `cancelled`, and finished() is emitted.
    void cancel();

Q_SIGNALS:
    void attemptStarted(int attempt, double startedMs);
    void attemptFinished(const jitterbug::AttemptRecord& record);
    // An attempt's answer, as it arrives (before the attempt is judged), for
    // front ends that show each attempt's response.
    void responseReceived(int attempt, const jitterbug::Response& response);
    void waitStarted(const jitterbug::WaitSegment& wait);
    void finished(const jitterbug::Timeline& timeline);

private:
    friend class Engine;
    Call(Engine& engine, Request request, RetryPolicy policy, qint64 index, Random random, QObject* parent);

    void scheduleStart();
    void begin();
    void startAttempt(int attempt);
    void onTimeout();
    void onExchangeDone(ExchangeResult result);
    void decideAfterFailure(const Classification& classification);
    // Ends the call after the current attempt with `decision`'s verdict.
    void finish(Decision decision, QString reason, ErrorCode outcomeError);
    void tryFallback();
    void collectBreakerEvents();
    QString breakerOwner() const; // the origin, or "run" for a run-wide breaker
    QString breakerDescription() const;

    double sinceStart() const;
    double remainingMs() const; // until the deadline; +inf without one
    void giveUpBeforeAttempt(ErrorCode error, QString reason);

    Engine& m_engine;
    Request m_request;
    RetryPolicy m_policy;
    Random m_random;
    Timeline m_timeline;
    std::optional<Response> m_response;

    std::unique_ptr<TokenBucket> m_ownLimiter;
    TokenBucket* m_limiter = nullptr;
    CircuitBreaker* m_breaker = nullptr;
    RetryBudget* m_budget = nullptr;
    qsizetype m_breakerEventsSeen = 0;

    double m_startMs = 0;
    double m_previousBackoffMs = 0;
    bool m_carriesKey = false;
    bool m_finished = false;
    bool m_inFlight = false;
    bool m_attemptReported = false; // attemptFinished() went out for the current attempt
    CircuitBreaker::Permit m_permit;
    quint64 m_timer = 0; // a pending clock callback, 0 when none
    quint64 m_exchange = 0;
};

} // namespace jitterbug
