#pragma once

#include "collection/history.h"
#include "engine/timeline.h"
#include "util/error.h"

#include <QAbstractListModel>
#include <QList>

namespace jitterbug::gui {

// The call history, newest first: one row per finished call, showing when
// it finished (local time), the request's name, its method and URL, and the
// outcome ("201 after 3 attempts", "failed: timeout after 4 attempts").
// Each row's timeline is read back once, when the rows are set; a row whose
// timeline does not read says so in place of its outcome.
class HistoryModel final : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role {
        IdRole = Qt::UserRole + 1, // qint64, the history's id
        RequestRole, // the request's name
        AtRole, // QDateTime, UTC
        MethodUrlRole, // "POST https://api.example.com/orders"
        OutcomeRole, // "201 after 3 attempts"
        SucceededRole, // bool: a real success (not a fallback, not a failure)
        SearchTextRole, // everything the filter matches, in one string
    };

    explicit HistoryModel(QObject* parent = nullptr);

    void setEntries(const QList<HistoryEntry>& newestFirst);
    void clear();

    const HistoryEntry& entry(int row) const { return m_rows[row].entry; }
    // The row's timeline as read back, or why it does not read.
    const Expected<Timeline>& timeline(int row) const { return m_rows[row].timeline; }
    int rowOfId(qint64 id) const; // -1 when not listed

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

private:
    struct Row {
        HistoryEntry entry;
        Expected<Timeline> timeline;
    };
    QList<Row> m_rows;
};

// "2024-05-01 14:30:15", in local time: when the call finished.
QString historyTimeText(const QDateTime& at);
// "201", "201 after 3 attempts", "200 (fallback) after 4 attempts",
// "failed: 503 after 4 attempts", "failed: timeout".
QString outcomeText(const Timeline& timeline);

} // namespace jitterbug::gui
