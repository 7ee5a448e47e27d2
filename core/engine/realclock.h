#pragma once

#include "clock.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>

class QTimer;

namespace jitterbug {

// Wall time, driven by the thread's Qt event loop.
class RealClock final : public QObject, public Clock
{
    Q_OBJECT
public:
    explicit RealClock(QObject* parent = nullptr);
    ~RealClock() override;

    double nowMs() const override;
    QDateTime wallTime() const override;
    TimerId callAfter(double delayMs, std::function<void()> fn) override;
    void cancel(TimerId id) override;

private:
    QElapsedTimer m_elapsed;
    QHash<TimerId, QTimer*> m_timers;
    TimerId m_nextId = 1;
};

} // namespace jitterbug
