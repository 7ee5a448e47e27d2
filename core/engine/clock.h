#pragma once

#include <QDateTime>

#include <functional>

namespace jitterbug {

// The engine's only source of time. The engine never sleeps and never spins
// an event loop: it asks the clock to call it back. Two implementations:
// RealClock (QElapsedTimer + precise QTimers) and VirtualClock (an event
// queue that jumps straight to the next deadline).
class Clock
{
public:
    using TimerId = quint64;

    virtual ~Clock() = default;

    // Milliseconds since the clock started.
    virtual double nowMs() const = 0;
    // The wall-clock time at nowMs(), for HTTP-dates.
    virtual QDateTime wallTime() const = 0;
    // Calls `fn` once, `delayMs` from now (never synchronously, even for 0).
    virtual TimerId callAfter(double delayMs, std::function<void()> fn) = 0;
    // A cancelled or already fired timer is ignored.
    virtual void cancel(TimerId id) = 0;
};

} // namespace jitterbug
