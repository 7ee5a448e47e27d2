#pragma once

#include "http/request.h"
#include "http/response.h"
#include "policy/retrypolicy.h"
#include "util/random.h"

#include <QHash>
#include <QObject>

#include <memory>
#include <optional>

namespace jitterbug {

class Call;
class CircuitBreaker;
class Clock;
class RetryBudget;
class TokenBucket;
class Transport;

// One run of calls: the clock, the transport, the run's seeded generator and
// the state calls share (rate limiters of run and host scope, a breaker and a
// retry budget per host, the last good response per request). Front ends
// make one per send, `--repeat` batch or collection run.
class Engine : public QObject
{
    Q_OBJECT
public:
    Engine(Clock& clock, Transport& transport, quint64 seed, QObject* parent = nullptr);
    ~Engine() override;

    // Starts a call on the clock's next turn, so the caller can connect to
    // its signals first. The call belongs to `parent` (the engine if null).
    Call* send(const Request& request, const RetryPolicy& policy, QObject* parent = nullptr);

    quint64 seed() const { return m_random.seed(); }
    Clock& clock() const { return m_clock; }
    Transport& transport() const { return m_transport; }

    void setMaxResponseBytes(qint64 bytes) { m_maxResponseBytes = bytes; }
    qint64 maxResponseBytes() const { return m_maxResponseBytes; }

    // Shared state, created on first use. A limiter of call scope is the
    // call's own; these return nullptr when the policy does not ask for one.
    TokenBucket* sharedLimiter(const RetryPolicy& policy, const QUrl& url);
    CircuitBreaker* breaker(const RetryPolicy& policy, const QUrl& url);
    RetryBudget* budget(const RetryPolicy& policy, const QUrl& url);

    std::optional<Response> lastGoodResponse(QByteArrayView method, const QUrl& url) const;
    void rememberGoodResponse(QByteArrayView method, const QUrl& url, const Response& response);

private:
    Clock& m_clock;
    Transport& m_transport;
    Random m_random;
    qint64 m_nextCallIndex = 0;
    qint64 m_maxResponseBytes = qint64{100} * 1024 * 1024;
    QHash<QString, std::shared_ptr<TokenBucket>> m_limiters;
    QHash<QString, std::shared_ptr<CircuitBreaker>> m_breakers;
    QHash<QString, std::shared_ptr<RetryBudget>> m_budgets;
    QHash<QString, Response> m_lastGood;
};

} // namespace jitterbug
