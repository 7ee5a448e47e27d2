#include "realclock.h"

#include <QTimer>

#include <cmath>
#include <limits>

namespace jitterbug {

RealClock::RealClock(QObject* parent)
    : QObject(parent)
{
    m_elapsed.start();
}

RealClock::~RealClock() = default;

double RealClock::nowMs() const
{
    return static_cast<double>(m_elapsed.nsecsElapsed()) / 1e6;
}

QDateTime RealClock::wallTime() const
{
    return QDateTime::currentDateTimeUtc();
}

Clock::TimerId RealClock::callAfter(double delayMs, std::function<void()> fn)
{
    const TimerId id = m_nextId++;
    auto* timer = new QTimer(this);
    timer->setSingleShot(true);
    timer->setTimerType(Qt::PreciseTimer);
    // QTimer counts whole milliseconds in an int: round up so a wait is never
    // short, and clamp at about 24.8 days, which is as good as never.
    const double interval
        = std::min(std::ceil(std::max(0.0, delayMs)), static_cast<double>(std::numeric_limits<int>::max()));
    timer->setInterval(static_cast<int>(interval));
    connect(timer, &QTimer::timeout, this, [this, id, timer, fn = std::move(fn)]() {
        m_timers.remove(id);
        timer->deleteLater();
        fn();
    });
    m_timers.insert(id, timer);
    timer->start();
    return id;
}

void RealClock::cancel(TimerId id)
{
    if (QTimer* timer = m_timers.take(id)) {
        timer->stop();
        timer->deleteLater();
    }
}

} // namespace jitterbug
