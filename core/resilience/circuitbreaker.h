#pragma once

#include "policy/retrypolicy.h"

#include <QList>
#include <QString>

#include <deque>

namespace jitterbug {

// A count-based circuit breaker over the last `window` attempts to one host.
// Closed: attempts pass, outcomes are recorded; once at least `minimumCalls`
// are in the window and the failure ratio reaches the threshold it opens.
// Open: attempts are refused (no traffic) until `breakMs` has passed.
// Half-open: up to `halfOpenProbes` attempts go through; that many successes
// close it, one failure opens it again.
class CircuitBreaker
{
public:
    enum class State { Closed, Open, HalfOpen };

    struct Transition {
        double atMs;
        State from;
        State to;
        QString reason;
    };

    // What tryAcquire() granted: an ordinary attempt in the closed state, or
    // one of the half-open probes, stamped with the state change it was
    // granted after. Its verdict only counts while the breaker is still in
    // that same stretch of that state; an attempt from before a change (even
    // a change back to the same state) says nothing about the new one.
    struct Permit {
        enum class Kind { Denied, Normal, Probe };
        Kind kind = Kind::Normal;
        quint64 epoch = 0;
        bool granted() const { return kind != Kind::Denied; }
    };

    explicit CircuitBreaker(const CircuitBreakerSettings& settings);

    // Asks to send one attempt at `nowMs`; a granted attempt must be followed
    // by exactly one record() or release() with its permit.
    Permit tryAcquire(double nowMs);
    void record(double nowMs, bool failure, Permit permit);
    // Returns a granted attempt that never ran (cancelled): no verdict.
    void release(Permit permit);

    State state() const { return m_state; }
    // When an open breaker lets probes through again.
    double openUntilMs() const { return m_openUntilMs; }
    const CircuitBreakerSettings& settings() const { return m_settings; }
    // Every state change so far; callers read the tail they have not seen.
    const QList<Transition>& transitions() const { return m_transitions; }

private:
    void moveTo(double nowMs, State to, QString reason);

    CircuitBreakerSettings m_settings;
    State m_state = State::Closed;
    std::deque<bool> m_window; // true = failure, newest at the back
    int m_failures = 0;
    double m_openUntilMs = 0;
    int m_probesInFlight = 0;
    int m_probeSuccesses = 0;
    quint64 m_epoch = 0; // counts state changes
    QList<Transition> m_transitions;
};

QString breakerStateName(CircuitBreaker::State state);

} // namespace jitterbug
