#include "multiparttable.h"

#include <QComboBox>
#include <QFileDialog>
#include <QHeaderView>
#include <QPushButton>
#include <QTableWidget>

#include <utility>

namespace jitterbug::gui {

MultipartTable::MultipartTable(QWidget* parent)
    : RowTable({QString(), tr("Name"), tr("Type"), tr("Value or file"), tr("Content type"), QString()}, parent)
    , m_chooseFile([](QWidget* parent, const QString& current) {
        return QFileDialog::getOpenFileName(parent, tr("File to send"), current);
    })
{
    QHeaderView* header = table()->horizontalHeader();
    header->setSectionResizeMode(Name, QHeaderView::Interactive);
    header->setSectionResizeMode(Type, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(Value, QHeaderView::Stretch);
    header->setSectionResizeMode(ContentType, QHeaderView::Interactive);
    header->setSectionResizeMode(Browse, QHeaderView::ResizeToContents);
    header->setStretchLastSection(false);
    table()->setColumnWidth(Name, 160);
    table()->setColumnWidth(ContentType, 150);
    table()
        ->horizontalHeaderItem(ContentType)
        ->setToolTip(tr("Optional. A file without one is sent with the type its extension names"));

    QPushButton* addText = addButton(tr("Add text field"), QStringLiteral("addText"));
    QPushButton* addFile = addButton(tr("Add file"), QStringLiteral("addFile"));
    connect(addText, &QPushButton::clicked, this, [this] { addRow(false); });
    connect(addFile, &QPushButton::clicked, this, [this] { addRow(true); });
}

void MultipartTable::setFields(const QList<FormField>& fields)
{
    m_filling = true;
    table()->setRowCount(0);
    for (int i = 0; i < fields.size(); ++i)
        appendField(fields[i], i);
    m_filling = false;
}

int MultipartTable::appendField(const FormField& field, int savedIndex)
{
    const bool filling = std::exchange(m_filling, true);
    const int row = appendRow(field.enabled, savedIndex);
    setCellText(row, Name, field.name);
    setCellText(row, Value, field.value);
    setCellText(row, ContentType, field.contentType);
    auto* type = new QComboBox;
    type->addItems({tr("Text"), tr("File")});
    type->setCurrentIndex(field.isFile ? 1 : 0);
    type->setFrame(false);
    table()->setCellWidget(row, Type, type);
    showBrowseButton(row, field.isFile);
    connect(type, &QComboBox::currentIndexChanged, this, [this, type](int index) {
        const int row = rowOfCellWidget(type, Type);
        showBrowseButton(row, index == 1);
        if (!m_filling)
            Q_EMIT edited();
    });
    m_filling = filling;
    return row;
}

QList<FormField> MultipartTable::fields() const
{
    QList<FormField> out;
    for (int row = 0; row < table()->rowCount(); ++row) {
        FormField field;
        field.enabled = isEnabledRow(row);
        field.name = cellText(row, Name);
        field.isFile = isFileRow(row);
        field.value = cellText(row, Value);
        field.contentType = cellText(row, ContentType);
        if (savedIndexOf(row) < 0 && field.name.isEmpty() && field.value.isEmpty() && field.contentType.isEmpty())
            continue;
        out.append(field);
    }
    return out;
}

void MultipartTable::addRow(bool isFile)
{
    FormField blank;
    blank.isFile = isFile;
    startEditing(appendField(blank, -1), Name);
}

bool MultipartTable::isFileRow(int row) const
{
    return typeBox(row)->currentIndex() == 1;
}

void MultipartTable::setFileRow(int row, bool isFile)
{
    typeBox(row)->setCurrentIndex(isFile ? 1 : 0);
}

QComboBox* MultipartTable::typeBox(int row) const
{
    return static_cast<QComboBox*>(table()->cellWidget(row, Type));
}

void MultipartTable::chooseFile(int row)
{
    const QString file = m_chooseFile(this, cellText(row, Value));
    if (file.isEmpty())
        return;
    table()->item(row, Value)->setText(file); // itemChanged: an edit
}

// Only file rows have the button: a disabled one on every text row would be noise.
void MultipartTable::showBrowseButton(int row, bool isFile)
{
    const bool filling = std::exchange(m_filling, true); // a tooltip is no edit
    table()
        ->item(row, Value)
        ->setToolTip(isFile ? tr("The file's path; it is read when the request is sent") : QString());
    m_filling = filling;
    if (!isFile) {
        table()->removeCellWidget(row, Browse);
        return;
    }
    if (table()->cellWidget(row, Browse))
        return;
    auto* browse = new QPushButton(tr("Browse…"));
    browse->setObjectName(QStringLiteral("browse"));
    table()->setCellWidget(row, Browse, browse);
    connect(browse, &QPushButton::clicked, this, [this, browse] { chooseFile(rowOfCellWidget(browse, Browse)); });
}

int MultipartTable::rowOfCellWidget(const QWidget* widget, int column) const
{
    for (int row = 0; row < table()->rowCount(); ++row) {
        if (table()->cellWidget(row, column) == widget)
            return row;
    }
    return -1;
}

} // namespace jitterbug::gui
