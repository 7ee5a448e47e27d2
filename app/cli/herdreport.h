#pragma once

#include "herd/herdresult.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace jitterbug::cli {

// What `simulate herd` ran, for the report's header.
struct HerdRunDescription {
    QString model;
    int trials = 0;
    quint64 seed = 0;
    QJsonObject settings; // every setting, as the flags name them
};

// One row per (clients, strategy): the columns the issue fixes first, then
// percentiles, the peak offered load and the refusals.
QByteArray herdCsv(const QList<HerdResult>& results);
// The rows, plus each one's load over time and its completion-time CDF
// (101 points: the 0th to 100th percentile).
QByteArray herdJson(const QList<HerdResult>& results, const HerdRunDescription& run);
// Aligned columns for people, with the seed that reproduces the run.
QString herdTable(const QList<HerdResult>& results, const HerdRunDescription& run);

} // namespace jitterbug::cli
