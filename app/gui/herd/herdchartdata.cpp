#include "herdchartdata.h"

#include <algorithm>
#include <cmath>

namespace jitterbug::gui {

HerdTimeUnit herdTimeUnitFor(double largestMs)
{
    if (largestMs >= 5000)
        return {1000, QStringLiteral("s")};
    return {1, QStringLiteral("ms")};
}

HerdGrid::HerdGrid(const QList<HerdResult>& all)
    : results(all)
{
    for (const HerdResult& r : all) {
        if (!clients.contains(r.clients))
            clients.append(r.clients);
        if (!strategies.contains(r.strategy))
            strategies.append(r.strategy);
    }
    std::sort(clients.begin(), clients.end());
}

const HerdResult* HerdGrid::find(int count, const QString& strategy) const
{
    for (const HerdResult& r : results) {
        if (r.clients == count && r.strategy == strategy)
            return &r;
    }
    return nullptr;
}

QList<QPointF> herdLoadSteps(const HerdResult& r, double HerdLoadBucket::*field, const HerdTimeUnit& unit,
                             int mostSteps)
{
    const qsizetype merge = std::max<qsizetype>(1, (r.load.size() + mostSteps - 1) / mostSteps);
    QList<QPointF> points;
    for (qsizetype first = 0; first < r.load.size(); first += merge) {
        const qsizetype last = std::min(r.load.size(), first + merge);
        double sum = 0;
        for (qsizetype i = first; i < last; ++i)
            sum += r.load[i].*field;
        const double rate = sum * 1000.0 / (double(last - first) * r.bucketMs);
        points.append({unit.of(double(first) * r.bucketMs), rate});
        points.append({unit.of(double(last) * r.bucketMs), rate});
    }
    return points;
}

QList<QPointF> herdCdfPoints(const QList<double>& sorted, const HerdTimeUnit& unit, int mostPoints)
{
    const qsizetype n = sorted.size();
    const qsizetype count = std::min<qsizetype>(n, mostPoints);
    QList<QPointF> points;
    for (qsizetype k = 0; k < count; ++k) {
        const qsizetype i = count == 1 ? n - 1 : qsizetype(std::llround(double(k) * double(n - 1) / double(count - 1)));
        points.append({unit.of(sorted[i]), double(i + 1) / double(n)});
    }
    return points;
}

} // namespace jitterbug::gui
