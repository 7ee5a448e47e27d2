#include "virtualclock.h"

#include <algorithm>
#include <cmath>

namespace jitterbug {

VirtualClock::VirtualClock(QDateTime epoch)
    : m_epoch(std::move(epoch))
{
}

QDateTime VirtualClock::wallTime() const
{
    return m_epoch.addMSecs(static_cast<qint64>(std::floor(m_now)));
}

Clock::TimerId VirtualClock::callAfter(double delayMs, std::function<void()> fn)
{
    quint32 slot;
    if (m_freeSlots.empty()) {
        slot = static_cast<quint32>(m_slots.size());
        m_slots.push_back({});
    } else {
        slot = m_freeSlots.back();
        m_freeSlots.pop_back();
    }
    Slot& s = m_slots[slot];
    s.live = true;
    s.fn = std::move(fn);
    ++m_live;
    m_queue.push_back({m_now + std::max(0.0, delayMs), m_sequence++, slot, s.generation});
    std::push_heap(m_queue.begin(), m_queue.end(), Later{});
    return (static_cast<TimerId>(s.generation) << 32) | slot;
}

void VirtualClock::cancel(TimerId id)
{
    const auto slot = static_cast<quint32>(id & 0xffffffffu);
    const auto generation = static_cast<quint32>(id >> 32);
    if (slot >= m_slots.size())
        return;
    Slot& s = m_slots[slot];
    if (s.live && s.generation == generation) {
        s.live = false;
        s.fn = nullptr; // release what the callback holds now, not when its time comes
        --m_live;
        // Every attempt cancels a long timeout; left in the heap, those dead
        // entries would outnumber the live ones and slow every push and pop.
        if (m_queue.size() > 64 && m_queue.size() > 2 * m_live)
            compact();
    }
}

void VirtualClock::compact()
{
    std::erase_if(m_queue, [this](const Entry& e) {
        const Slot& s = m_slots[e.slot];
        if (s.live && s.generation == e.generation)
            return false;
        releaseSlot(e.slot);
        return true;
    });
    std::make_heap(m_queue.begin(), m_queue.end(), Later{});
}

bool VirtualClock::popNext(Entry& out)
{
    if (m_queue.empty())
        return false;
    std::pop_heap(m_queue.begin(), m_queue.end(), Later{});
    out = m_queue.back();
    m_queue.pop_back();
    return true;
}

void VirtualClock::releaseSlot(quint32 slot)
{
    Slot& s = m_slots[slot];
    s.live = false;
    s.fn = nullptr;
    if (++s.generation == 0) // ids of the old timer no longer match; 0 is never an id
        s.generation = 1;
    m_freeSlots.push_back(slot);
}

bool VirtualClock::runNext()
{
    Entry entry;
    while (popNext(entry)) {
        Slot& s = m_slots[entry.slot];
        const bool due = s.live && s.generation == entry.generation;
        std::function<void()> fn = std::move(s.fn);
        if (due)
            --m_live;
        releaseSlot(entry.slot);
        if (!due)
            continue;
        m_now = std::max(m_now, entry.at);
        fn(); // may schedule more, which may reuse this slot: fn was moved out first
        return true;
    }
    return false;
}

void VirtualClock::run()
{
    while (runNext()) { }
}

void VirtualClock::runUntil(double timeMs)
{
    while (!m_queue.empty() && m_queue.front().at <= timeMs) {
        const Entry& front = m_queue.front();
        const Slot& s = m_slots[front.slot];
        if (s.live && s.generation == front.generation) {
            runNext();
            continue;
        }
        // A cancelled timer: drop it here, or runNext() would skip past it
        // and run a live one beyond timeMs.
        Entry dead;
        popNext(dead);
        releaseSlot(dead.slot);
    }
    m_now = std::max(m_now, timeMs);
}

} // namespace jitterbug
