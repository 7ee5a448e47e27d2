#pragma once

#include "engine/timeline.h"

#include <QString>

#include <vector>

namespace jitterbug {

// Totals over many calls: the `--repeat` summary and the collection runner's.
class RunSummary
{
public:
    void add(const Timeline& timeline);

    int calls() const { return m_calls; }
    int succeeded() const { return m_succeeded; }
    int fallbacks() const { return m_fallbacks; }
    int failed() const { return m_calls - m_succeeded; }
    qint64 attempts() const { return m_attempts; }
    qint64 retries() const { return m_attempts - m_calls; }
    double totalWaitMs() const { return m_totalWaitMs; }
    // Nearest-rank percentile of the calls' elapsed times.
    double elapsedPercentileMs(double q) const;

    QString text(double wallMs) const;
    QByteArray json(double wallMs) const;

private:
    int m_calls = 0;
    int m_succeeded = 0;
    int m_fallbacks = 0;
    qint64 m_attempts = 0;
    double m_totalWaitMs = 0;
    mutable std::vector<double> m_elapsed;
    mutable bool m_sorted = true;
};

} // namespace jitterbug
