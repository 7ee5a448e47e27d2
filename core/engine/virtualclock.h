#pragma once

#include "clock.h"

#include <unordered_set>
#include <vector>

namespace jitterbug {

// Simulated time: callbacks wait in a queue and run() jumps from one deadline
// to the next, so a call that waits minutes finishes in microseconds and
// every timing is exact. Ties run in the order they were scheduled.
class VirtualClock final : public Clock
{
public:
    // The wall time at virtual zero: fixed, so simulated Date headers and
    // HTTP-date Retry-After values are the same on every run.
    explicit VirtualClock(QDateTime epoch = QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC));

    double nowMs() const override { return m_now; }
    QDateTime wallTime() const override;
    TimerId callAfter(double delayMs, std::function<void()> fn) override;
    void cancel(TimerId id) override;

    // Runs the earliest pending callback; false when nothing is pending.
    bool runNext();
    // Runs until the queue is empty.
    void run();
    // Runs everything due up to `timeMs`, then sets the time to it.
    void runUntil(double timeMs);
    bool idle() const { return m_pending.empty(); }

private:
    struct Entry {
        double at;
        TimerId id;
        std::function<void()> fn;
    };
    struct Later {
        bool operator()(const Entry& a, const Entry& b) const { return a.at != b.at ? a.at > b.at : a.id > b.id; }
    };

    double m_now = 0;
    TimerId m_nextId = 1;
    std::vector<Entry> m_queue; // a binary heap ordered by Later
    std::unordered_set<TimerId> m_pending; // scheduled, not yet run or cancelled
    std::unordered_set<TimerId> m_cancelled; // still in the heap, to be skipped
    QDateTime m_epoch;
};

} // namespace jitterbug
