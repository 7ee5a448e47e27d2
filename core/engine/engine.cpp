#include "engine.h"

#include "call.h"
#include "http/origin.h"
#include "resilience/circuitbreaker.h"
#include "resilience/retrybudget.h"
#include "resilience/tokenbucket.h"

namespace jitterbug {

namespace {

QString requestKey(QByteArrayView method, const QUrl& url)
{
    return QString::fromLatin1(method) + QLatin1Char(' ') + url.toString(QUrl::FullyEncoded);
}

} // namespace

Engine::Engine(Clock& clock, Transport& transport, quint64 seed, QObject* parent)
    : QObject(parent)
    , m_clock(clock)
    , m_transport(transport)
    , m_random(seed)
{
}

Engine::~Engine()
{
    // Calls parented here go first, while the shared state they point to lives.
    qDeleteAll(findChildren<Call*>(QString(), Qt::FindDirectChildrenOnly));
}

Call* Engine::send(const Request& request, const RetryPolicy& policy, QObject* parent)
{
    const qint64 index = m_nextCallIndex++;
    auto* call
        = new Call(*this, request, policy, index, m_random.fork(static_cast<quint64>(index)), parent ? parent : this);
    call->scheduleStart();
    return call;
}

TokenBucket* Engine::sharedLimiter(const RetryPolicy& policy, const QUrl& url)
{
    if (!policy.rateLimit || policy.rateLimit->scope == RateLimitScope::Call)
        return nullptr;
    const RateLimitSettings& s = *policy.rateLimit;
    QString key = QStringLiteral("%1/%2/%3").arg(s.requests).arg(s.periodMs).arg(s.effectiveBurst());
    if (s.scope == RateLimitScope::Host)
        key += QLatin1Char('@') + originOf(url);
    auto& slot = m_limiters[key];
    if (!slot)
        slot = std::make_shared<TokenBucket>(s);
    return slot.get();
}

CircuitBreaker* Engine::breaker(const RetryPolicy& policy, const QUrl& url)
{
    if (!policy.circuitBreaker)
        return nullptr;
    const CircuitBreakerSettings& s = *policy.circuitBreaker;
    // Calls with other settings keep their own breaker, as limiters do.
    const QString key = s.scope == BreakerScope::Host
        ? originOf(url)
        : QStringLiteral("run/%1/%2/%3/%4/%5")
              .arg(s.window)
              .arg(s.minimumCalls)
              .arg(QString::number(s.failureRatio, 'g', 17), QString::number(s.breakMs, 'g', 17))
              .arg(s.halfOpenProbes);
    auto& slot = m_breakers[key];
    if (!slot)
        slot = std::make_shared<CircuitBreaker>(*policy.circuitBreaker);
    return slot.get();
}

RetryBudget* Engine::budget(const RetryPolicy& policy, const QUrl& url)
{
    if (!policy.retryBudget)
        return nullptr;
    auto& slot = m_budgets[originOf(url)];
    if (!slot)
        slot = std::make_shared<RetryBudget>(*policy.retryBudget);
    return slot.get();
}

std::optional<Response> Engine::lastGoodResponse(QByteArrayView method, const QUrl& url) const
{
    const auto it = m_lastGood.constFind(requestKey(method, url));
    if (it == m_lastGood.constEnd())
        return std::nullopt;
    return *it;
}

void Engine::rememberGoodResponse(QByteArrayView method, const QUrl& url, const Response& response)
{
    m_lastGood.insert(requestKey(method, url), response);
}

} // namespace jitterbug
