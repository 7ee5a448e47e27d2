#pragma once

#include "herd/herdresult.h"

#include <QAbstractTableModel>
#include <QList>

namespace jitterbug::gui {

// The herd lab's table: one row per (clients, strategy) cell, in the order
// the cells ran. Times read as the CLI's table ("183.2 ms", "1.20 s"); the
// raw number is under Qt::UserRole, so a test or a sorting proxy sees the
// engine's value exactly. The capacity model adds its refusals: 503s per
// trial and calls that gave up.
class HerdResultsModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Clients, Strategy, MeanTime, MeanCalls, P50, P99, PeakLoad, Rejected, FailedCalls, ColumnCount };

    explicit HerdResultsModel(QObject* parent = nullptr);

    // Empties the table; `capacity` adds the refusal columns.
    void reset(bool capacity);
    void append(const HerdResult& result);
    const QList<HerdResult>& results() const { return m_results; }
    bool showsCapacity() const { return m_capacity; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<HerdResult> m_results;
    bool m_capacity = false;
};

} // namespace jitterbug::gui
