#pragma once

#include "herdcharts.h"

#include "herd/herdresult.h"
#include "util/error.h"

#include <QByteArray>
#include <QList>
#include <QStringList>

namespace jitterbug::gui {

// The table as `jitterbug-cli`'s herd CSV: the same columns in the same
// order, numbers with three decimals, so a spreadsheet reads either.
QByteArray herdResultsCsv(const QList<HerdResult>& results);

// Writes the CSV to `path`, all or nothing (QSaveFile): a failed export never
// leaves half a file where an earlier one was.
Expected<void> writeHerdCsv(const QString& path, const QList<HerdResult>& results);

// Saves each chart as it is on screen to `folder` under its file name
// (herd-calls.png, herd-time.png, herd-load.png, herd-cdf.png), each all or
// nothing; returns the paths written.
Expected<QStringList> writeHerdChartImages(const QString& folder, const QList<HerdChartFile>& charts);

} // namespace jitterbug::gui
