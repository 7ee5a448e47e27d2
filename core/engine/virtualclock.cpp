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
    const TimerId id = m_nextId++;
    m_queue.push_back({m_now + std::max(0.0, delayMs), id, std::move(fn)});
    m_pending.insert(id);
    std::push_heap(m_queue.begin(), m_queue.end(), Later{});
    return id;
}

void VirtualClock::cancel(TimerId id)
{
    if (m_pending.erase(id) > 0)
        m_cancelled.insert(id);
}

bool VirtualClock::runNext()
{
    while (!m_queue.empty()) {
        std::pop_heap(m_queue.begin(), m_queue.end(), Later{});
        Entry entry = std::move(m_queue.back());
        m_queue.pop_back();
        if (m_cancelled.erase(entry.id) > 0)
            continue;
        m_pending.erase(entry.id);
        m_now = std::max(m_now, entry.at);
        entry.fn();
        return true;
    }
    return false;
}

void VirtualClock::run()
{
    while (runNext()) {
    }
}

void VirtualClock::runUntil(double timeMs)
{
    while (!m_queue.empty()) {
        const Entry& next = m_queue.front();
        if (m_cancelled.contains(next.id)) {
            std::pop_heap(m_queue.begin(), m_queue.end(), Later{});
            m_cancelled.erase(m_queue.back().id);
            m_queue.pop_back();
            continue;
        }
        if (next.at > timeMs)
            break;
        runNext();
    }
    m_now = std::max(m_now, timeMs);
}

} // namespace jitterbug
