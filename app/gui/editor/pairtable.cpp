#include "pairtable.h"

#include <QHeaderView>
#include <QPushButton>
#include <QTableWidget>

namespace jitterbug::gui {

PairTable::PairTable(QWidget* parent)
    : RowTable({QString(), tr("Name"), tr("Value")}, parent)
{
    table()->horizontalHeader()->setSectionResizeMode(Name, QHeaderView::Interactive);
    table()->setColumnWidth(Name, 200);
    QPushButton* add = addButton(tr("Add"), QStringLiteral("add"));
    add->setToolTip(tr("Add a row"));
    connect(add, &QPushButton::clicked, this, &PairTable::addRow);
}

void PairTable::setPairs(const QList<KeyValue>& pairs)
{
    m_filling = true;
    m_saved = pairs;
    table()->setRowCount(0);
    for (int i = 0; i < pairs.size(); ++i) {
        const int row = appendRow(pairs[i].enabled, i);
        setCellText(row, Name, pairs[i].name);
        setCellText(row, Value, pairs[i].value, pairs[i].description);
    }
    if (!pairs.isEmpty())
        table()->resizeColumnToContents(Name);
    table()->setColumnWidth(Name, qBound(120, table()->columnWidth(Name), 320));
    m_filling = false;
}

QList<KeyValue> PairTable::pairs() const
{
    QList<KeyValue> out;
    for (int row = 0; row < table()->rowCount(); ++row) {
        const int saved = savedIndexOf(row);
        KeyValue pair = saved >= 0 && saved < m_saved.size() ? m_saved[saved] : KeyValue{};
        pair.enabled = isEnabledRow(row);
        pair.name = cellText(row, Name);
        pair.value = cellText(row, Value);
        if (saved < 0 && pair.name.isEmpty() && pair.value.isEmpty())
            continue;
        out.append(pair);
    }
    return out;
}

void PairTable::addRow()
{
    startEditing(appendRow(true, -1), Name);
}

} // namespace jitterbug::gui
