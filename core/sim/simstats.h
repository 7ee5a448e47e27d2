#pragma once

#include "scenario.h"
#include "util/jsonwriter.h"

#include <QMap>

namespace jitterbug {

// What the simulated server counted: readable in the simulation's result
// and, in `serve`, at GET /__jitterbug/stats.
struct SimRouteStats {
    qint64 hits = 0;
    qint64 sideEffects = 0; // committed work on unsafe methods
    qint64 replays = 0; // answered from the idempotency store
    qint64 lostResponses = 0; // committed, then answered 503
    qint64 rateLimited = 0;
    qint64 overCapacity = 0;
    qint64 inOutage = 0;
    QMap<int, qint64> statuses; // of the answers sent
    QMap<QString, qint64> faults;
};

struct SimStats {
    qint64 requests = 0;
    qint64 unmatched = 0; // answered 404: no route
    QList<SimRouteStats> routes; // in the scenario's route order

    qint64 total(qint64 SimRouteStats::*field) const;
};

// The statistics as JSON (docs/scenarios.md, "Statistics"), and as a few
// lines of text for people: the totals, then one line per route that was hit.
QByteArray simStatsJson(const SimScenario& scenario, const SimStats& stats,
                        JsonWriter::Style style = JsonWriter::Style::Indented);
QString simStatsText(const SimScenario& scenario, const SimStats& stats);

} // namespace jitterbug
