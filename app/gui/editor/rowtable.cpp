#include "rowtable.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <utility>

namespace jitterbug::gui {

namespace {

constexpr int kSavedIndexRole = Qt::UserRole + 1;

} // namespace

RowTable::RowTable(const QStringList& columns, QWidget* parent)
    : QWidget(parent)
    , m_table(new QTableWidget(0, int(columns.size()), this))
    , m_buttons(new QHBoxLayout)
    , m_remove(new QPushButton(tr("Remove"), this))
{
    m_table->setHorizontalHeaderLabels(columns);
    m_table->horizontalHeaderItem(kEnabledColumn)->setToolTip(tr("Sent when checked"));
    m_table->horizontalHeader()->setSectionResizeMode(kEnabledColumn, QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->installEventFilter(this);

    m_remove->setObjectName(QStringLiteral("remove"));
    m_remove->setToolTip(tr("Remove the selected rows (Delete)"));
    m_buttons->addWidget(m_remove);
    m_buttons->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_table, 1);
    layout->addLayout(m_buttons);

    connect(m_remove, &QPushButton::clicked, this, &RowTable::removeSelectedRows);
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &RowTable::updateRemoveButton);
    connect(m_table, &QTableWidget::itemChanged, this, [this] {
        if (!m_filling)
            Q_EMIT edited();
    });
    updateRemoveButton();
}

QPushButton* RowTable::addButton(const QString& text, const QString& objectName)
{
    auto* button = new QPushButton(text, this);
    button->setObjectName(objectName);
    m_buttons->insertWidget(m_buttons->indexOf(m_remove), button);
    return button;
}

int RowTable::appendRow(bool enabled, int savedIndex)
{
    // Not an edit yet: a blank row is no entry until the user types in it.
    const bool filling = std::exchange(m_filling, true);
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    auto* on = new QTableWidgetItem;
    on->setFlags(Qt::ItemIsUserCheckable | Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    on->setCheckState(enabled ? Qt::Checked : Qt::Unchecked);
    on->setData(kSavedIndexRole, savedIndex);
    m_table->setItem(row, kEnabledColumn, on);
    for (int column = kEnabledColumn + 1; column < m_table->columnCount(); ++column)
        m_table->setItem(row, column, new QTableWidgetItem);
    m_filling = filling;
    return row;
}

bool RowTable::isEnabledRow(int row) const
{
    return m_table->item(row, kEnabledColumn)->checkState() == Qt::Checked;
}

int RowTable::savedIndexOf(int row) const
{
    return m_table->item(row, kEnabledColumn)->data(kSavedIndexRole).toInt();
}

QString RowTable::cellText(int row, int column) const
{
    const QTableWidgetItem* item = m_table->item(row, column);
    return item ? item->text() : QString();
}

void RowTable::setCellText(int row, int column, const QString& text, const QString& toolTip)
{
    QTableWidgetItem* item = m_table->item(row, column);
    item->setText(text);
    item->setToolTip(toolTip);
}

void RowTable::startEditing(int row, int column)
{
    m_table->setCurrentCell(row, column);
    m_table->scrollToItem(m_table->item(row, column));
    m_table->setFocus();
    m_table->editItem(m_table->item(row, column));
}

void RowTable::removeSelectedRows()
{
    QList<int> rows;
    for (const QModelIndex& index : m_table->selectionModel()->selectedRows())
        rows.append(index.row());
    if (rows.isEmpty() && m_table->currentRow() >= 0)
        rows.append(m_table->currentRow());
    if (rows.isEmpty())
        return;
    std::sort(rows.begin(), rows.end(), std::greater<>());
    for (const int row : rows)
        m_table->removeRow(row);
    // The row that moved up into the gap, so Delete can go on removing.
    if (const int next = std::min(rows.last(), m_table->rowCount() - 1); next >= 0)
        m_table->selectRow(next);
    Q_EMIT edited();
}

bool RowTable::eventFilter(QObject* watched, QEvent* event)
{
    // Only the table's own Delete: while a cell is edited, its editor has the focus and the key.
    if (watched == m_table && event->type() == QEvent::KeyPress
        && static_cast<QKeyEvent*>(event)->matches(QKeySequence::Delete)) {
        removeSelectedRows();
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

void RowTable::updateRemoveButton()
{
    m_remove->setEnabled(!m_table->selectionModel()->selectedRows().isEmpty());
}

} // namespace jitterbug::gui
