#pragma once

#include "herd/herdresult.h"

#include <QList>
#include <QPointF>
#include <QString>
#include <QStringList>

namespace jitterbug::gui {

// Time in the unit that reads best for the largest value shown: ms up to a
// few seconds, seconds beyond.
struct HerdTimeUnit {
    double msPerUnit = 1;
    QString name; // "ms" or "s"

    double of(double ms) const { return ms / msPerUnit; }
};
HerdTimeUnit herdTimeUnitFor(double largestMs);

// The grid of a run as the charts walk it: client counts ascending,
// strategies in the order they ran, and the cell of each pair (none when a
// cancelled run did not get to it).
struct HerdGrid {
    explicit HerdGrid(const QList<HerdResult>& all);
    const HerdResult* find(int clients, const QString& strategy) const;

    const QList<HerdResult>& results;
    QList<int> clients;
    QStringList strategies;
};

// Requests per second in each load bucket, as a step across the bucket (two
// points): the histogram the engine counted, with no slope between buckets
// that the data does not have. Beyond `mostSteps` buckets, neighbours merge
// (their mean), so a long run still draws quickly.
QList<QPointF> herdLoadSteps(const HerdResult& result, double HerdLoadBucket::*field, const HerdTimeUnit& unit,
                             int mostSteps);

// The fraction of clients finished by each time, through at most
// `mostPoints` of the sorted times, always including the last (at 1.0).
QList<QPointF> herdCdfPoints(const QList<double>& sorted, const HerdTimeUnit& unit, int mostPoints);

} // namespace jitterbug::gui
