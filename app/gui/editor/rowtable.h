#pragma once

#include <QStringList>
#include <QWidget>

class QHBoxLayout;
class QPushButton;
class QTableWidget;

namespace jitterbug::gui {

// A table of rows the user adds and removes (params, headers, form fields):
// buttons under it, the Delete key on the selected rows, and a check box in
// the first column that switches a row off without deleting it.
//
// Each row remembers which saved entry it shows (-1 for a row added here),
// so what the table does not show (a pair's description) stays with its
// entry when rows around it go; and a row added here and left blank is no
// entry at all, so an Add click sends nothing new.
class RowTable : public QWidget
{
    Q_OBJECT
public:
    QTableWidget* table() const { return m_table; }
    QPushButton* removeButton() const { return m_remove; }

    // Removes the selected rows (else the current one).
    void removeSelectedRows();

Q_SIGNALS:
    void edited(); // after every change by the user (not by filling the table)

protected:
    enum { kEnabledColumn = 0 };

    RowTable(const QStringList& columns, QWidget* parent);
    bool eventFilter(QObject* watched, QEvent* event) override;

    // A button before Remove, for the subclass's Add actions.
    QPushButton* addButton(const QString& text, const QString& objectName);
    // A new last row: checked, with empty text cells; returns its index.
    int appendRow(bool enabled, int savedIndex);
    bool isEnabledRow(int row) const;
    int savedIndexOf(int row) const;
    QString cellText(int row, int column) const;
    void setCellText(int row, int column, const QString& text, const QString& toolTip = {});
    // Puts the cursor in a cell of a row just added, so the user types right away.
    void startEditing(int row, int column);

    bool m_filling = false; // set while the subclass fills the table: no edited()

private:
    void updateRemoveButton();

    QTableWidget* m_table;
    QHBoxLayout* m_buttons;
    QPushButton* m_remove;
};

} // namespace jitterbug::gui
