#pragma once

#include "engine/timeline.h"

#include <QString>
#include <QWidget>

class QLabel;
class QLineEdit;
class QListView;
class QModelIndex;
class QPushButton;
class QSortFilterProxyModel;

namespace jitterbug {
class History;
}

namespace jitterbug::gui {

class HistoryModel;

// The call history (a dock of the main window): the newest calls of a
// History, newest first, with a filter and a Refresh button. Double-click
// or Enter on a row re-opens its call: reopen() carries the timeline as
// stored. A history that cannot be read shows its one-line error in place
// of the rows.
class HistoryList : public QWidget
{
    Q_OBJECT
public:
    // `history` is not owned and must outlive the widget; null shows an
    // empty list that says there is no history.
    explicit HistoryList(History* history, QWidget* parent = nullptr);

    // Reads the history again, keeping the selected call selected.
    void refresh();
    // The calls listed (the filter aside).
    int count() const;

Q_SIGNALS:
    void reopen(const jitterbug::Timeline& timeline, const QString& request);

private:
    void reopenRow(const QModelIndex& viewIndex);
    void showMessage(const QString& text, bool isProblem);
    qint64 selectedId() const;
    void selectId(qint64 id);

    History* m_history;
    HistoryModel* m_model;
    QSortFilterProxyModel* m_proxy;
    QLineEdit* m_filter;
    QPushButton* m_refresh;
    QLabel* m_message;
    QListView* m_view;
};

} // namespace jitterbug::gui
