#pragma once

#include "engine/timeline.h"
#include "report/runsummary.h"

#include <QList>
#include <QString>

namespace jitterbug {

// One call of a collection run, as reports list it.
struct RunCallResult {
    QString request; // "Folder/Request"
    int iteration = 1; // from 1
    Timeline timeline;
};

struct RunReport {
    QString collection;
    quint64 seed = 0;
    RunSummary summary;
    double wallMs = 0;
    QList<RunCallResult> calls; // in the order they finished
};

// `run --report json FILE`: the summary and every call's timeline record
// (the record of PRODUCT.md, as `send --timeline json` prints it).
QByteArray runReportJson(const RunReport& report);
// `run --report junit FILE`: one test case per call, a failure for each call
// that did not succeed, as CI servers read JUnit XML.
QByteArray runReportJunit(const RunReport& report);

} // namespace jitterbug
