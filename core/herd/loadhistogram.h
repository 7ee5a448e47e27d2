#pragma once

#include "herdresult.h"

#include <QList>

namespace jitterbug {

// Requests per time bucket. A run that lasts far longer than its buckets
// were sized for (a cap of hours, a herd retrying without end) widens them,
// doubling the width and merging pairs, instead of growing without bound.
class LoadHistogram
{
public:
    static constexpr qsizetype kMaxBuckets = 100'000;

    explicit LoadHistogram(double widthMs)
        : m_widthMs(widthMs)
    {
    }

    // The bucket holding `timeMs` (≥ 0).
    HerdLoadBucket& at(double timeMs);
    // Adds this histogram's counts to `total`, widening whichever is narrower.
    void addTo(LoadHistogram& total) const;

    double widthMs() const { return m_widthMs; }
    const QList<HerdLoadBucket>& buckets() const { return m_buckets; }
    QList<HerdLoadBucket>& buckets() { return m_buckets; }

private:
    void widen();

    double m_widthMs;
    QList<HerdLoadBucket> m_buckets;
};

} // namespace jitterbug
