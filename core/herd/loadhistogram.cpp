#include "loadhistogram.h"

#include <algorithm>

namespace jitterbug {

HerdLoadBucket& LoadHistogram::at(double timeMs)
{
    // Beyond any real run (tens of thousands of years), and no NaN or infinity
    // reaches the integer conversion.
    constexpr double latest = 1e15;
    if (!(timeMs >= 0))
        timeMs = 0;
    timeMs = std::min(timeMs, latest);
    auto index = static_cast<qsizetype>(timeMs / m_widthMs);
    while (index >= kMaxBuckets) {
        widen();
        index = static_cast<qsizetype>(timeMs / m_widthMs);
    }
    if (index >= m_buckets.size())
        m_buckets.resize(index + 1);
    return m_buckets[index];
}

void LoadHistogram::widen()
{
    QList<HerdLoadBucket> merged((m_buckets.size() + 1) / 2);
    for (qsizetype i = 0; i < m_buckets.size(); ++i) {
        HerdLoadBucket& into = merged[i / 2];
        into.offered += m_buckets[i].offered;
        into.accepted += m_buckets[i].accepted;
        into.rejected += m_buckets[i].rejected;
    }
    m_buckets = std::move(merged);
    m_widthMs *= 2;
}

void LoadHistogram::addTo(LoadHistogram& total) const
{
    LoadHistogram copy = *this;
    while (copy.m_widthMs < total.m_widthMs)
        copy.widen();
    while (total.m_widthMs < copy.m_widthMs)
        total.widen();
    if (total.m_buckets.size() < copy.m_buckets.size())
        total.m_buckets.resize(copy.m_buckets.size());
    for (qsizetype i = 0; i < copy.m_buckets.size(); ++i) {
        total.m_buckets[i].offered += copy.m_buckets[i].offered;
        total.m_buckets[i].accepted += copy.m_buckets[i].accepted;
        total.m_buckets[i].rejected += copy.m_buckets[i].rejected;
    }
}

} // namespace jitterbug
