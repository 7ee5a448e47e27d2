#pragma once

#include "statuscodes.h"

#include <QAbstractTableModel>

namespace jitterbug::gui {

// The guide's table: one row per status or error of statusCodeTable(), with
// its code, name, class, whether the default policy retries it, and the
// client's next step. Read-only; the table never changes.
class StatusCodeModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Code, Name, Class, Retried, Action, ColumnCount };

    explicit StatusCodeModel(QObject* parent = nullptr);

    const StatusCodeInfo& info(int row) const { return statusCodeTable()[row]; }
    // The row of a status or an error name; -1 when the guide does not list it.
    int rowOfStatus(int status) const;
    int rowOfError(QStringView errorName) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
};

} // namespace jitterbug::gui
