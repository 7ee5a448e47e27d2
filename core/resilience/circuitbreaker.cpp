#include "circuitbreaker.h"

namespace jitterbug {

QString breakerStateName(CircuitBreaker::State state)
{
    switch (state) {
    case CircuitBreaker::State::Closed:
        return QStringLiteral("closed");
    case CircuitBreaker::State::Open:
        return QStringLiteral("open");
    case CircuitBreaker::State::HalfOpen:
        return QStringLiteral("half_open");
    }
    return {};
}

CircuitBreaker::CircuitBreaker(const CircuitBreakerSettings& settings)
    : m_settings(settings)
{
}

CircuitBreaker::Permit CircuitBreaker::tryAcquire(double nowMs)
{
    if (m_state == State::Open) {
        if (nowMs < m_openUntilMs)
            return {Permit::Kind::Denied, m_epoch};
        moveTo(nowMs, State::HalfOpen, QStringLiteral("the break of %1 ms is over: probing").arg(m_settings.breakMs));
    }
    if (m_state == State::HalfOpen) {
        if (m_probesInFlight + m_probeSuccesses >= m_settings.halfOpenProbes)
            return {Permit::Kind::Denied, m_epoch};
        ++m_probesInFlight;
        return {Permit::Kind::Probe, m_epoch};
    }
    return {Permit::Kind::Normal, m_epoch};
}

void CircuitBreaker::record(double nowMs, bool failure, Permit permit)
{
    if (permit.epoch != m_epoch)
        return; // the breaker moved on while this attempt was out
    if (permit.kind == Permit::Kind::Probe) {
        m_probesInFlight = std::max(0, m_probesInFlight - 1);
        if (failure) {
            m_openUntilMs = nowMs + m_settings.breakMs;
            moveTo(nowMs, State::Open, QStringLiteral("a half-open probe failed"));
        } else if (++m_probeSuccesses >= m_settings.halfOpenProbes) {
            moveTo(nowMs, State::Closed, QStringLiteral("%1 probe(s) succeeded").arg(m_probeSuccesses));
        }
        return;
    }
    if (permit.kind != Permit::Kind::Normal)
        return;

    m_window.push_back(failure);
    m_failures += failure ? 1 : 0;
    if (static_cast<int>(m_window.size()) > m_settings.window) {
        m_failures -= m_window.front() ? 1 : 0;
        m_window.pop_front();
    }
    const int calls = static_cast<int>(m_window.size());
    if (calls >= m_settings.minimumCalls && m_failures >= m_settings.failureRatio * calls) {
        m_openUntilMs = nowMs + m_settings.breakMs;
        moveTo(nowMs, State::Open,
               QStringLiteral("%1 of the last %2 attempts failed (threshold %3%)")
                   .arg(m_failures)
                   .arg(calls)
                   .arg(m_settings.failureRatio * 100, 0, 'g', 4));
    }
}

void CircuitBreaker::release(Permit permit)
{
    if (permit.kind == Permit::Kind::Probe && permit.epoch == m_epoch)
        m_probesInFlight = std::max(0, m_probesInFlight - 1);
}

void CircuitBreaker::moveTo(double nowMs, State to, QString reason)
{
    m_transitions.append({nowMs, m_state, to, std::move(reason)});
    m_state = to;
    ++m_epoch;
    if (to != State::HalfOpen) {
        m_probesInFlight = 0;
        m_probeSuccesses = 0;
    }
    if (to == State::Closed || to == State::HalfOpen) {
        m_window.clear();
        m_failures = 0;
    }
}

} // namespace jitterbug
