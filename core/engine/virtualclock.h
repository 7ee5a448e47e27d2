#pragma once

#include "clock.h"

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
    bool idle() const { return m_live == 0; }

private:
    // A timer id is a slot index and the slot's generation: cancel() is an
    // array lookup, and slots are reused once their heap entry is popped,
    // so the clock allocates nothing per timer in the steady state.
    // The callback lives in the slot, so the heap moves small plain entries.
    struct Slot {
        quint32 generation = 1; // from 1, so no timer id is ever 0 (callers use 0 for "none")
        bool live = false;
        std::function<void()> fn;
    };
    struct Entry {
        double at;
        quint64 sequence; // breaks ties in scheduling order
        quint32 slot;
        quint32 generation;
    };
    struct Later {
        bool operator()(const Entry& a, const Entry& b) const
        {
            return a.at != b.at ? a.at > b.at : a.sequence > b.sequence;
        }
    };

    // Pops the earliest entry; false when the queue is empty.
    bool popNext(Entry& out);
    void releaseSlot(quint32 slot);
    void compact();

    double m_now = 0;
    quint64 m_sequence = 0;
    std::vector<Entry> m_queue; // a binary heap ordered by Later
    std::vector<Slot> m_slots;
    std::vector<quint32> m_freeSlots;
    std::size_t m_live = 0; // scheduled, not yet run or cancelled
    QDateTime m_epoch;
};

} // namespace jitterbug
