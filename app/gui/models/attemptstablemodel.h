#pragma once

#include "engine/timeline.h"

#include <QAbstractTableModel>

namespace jitterbug::gui {

// The attempts table under the chart: one row per attempt of one call, with
// #, start, duration, status or error, decision, reason, wait and its source.
// Times are shown as the CLI's table shows them ("183.2 ms", "1.20 s"); the
// raw number is under Qt::UserRole for sorting (text columns give their
// text there). An attempt still in flight (no status, no error yet) shows
// "…" as its result and no duration or decision.
class AttemptsTableModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Number, Start, Duration, Result, Decision, Reason, Wait, Source, ColumnCount };

    explicit AttemptsTableModel(QObject* parent = nullptr);

    // Replaces the rows; a running call's growing timeline can be set again
    // each time it changes (rows are added or updated, not reset).
    void setTimeline(const Timeline& timeline);
    void clear();
    const Timeline& timeline() const { return m_timeline; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    Timeline m_timeline;
};

} // namespace jitterbug::gui
