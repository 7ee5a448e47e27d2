#pragma once

#include "collection/collection.h"
#include "rowtable.h"

#include <functional>

class QComboBox;

namespace jitterbug::gui {

// The fields of a multipart form: text or a file (its path, read when the
// request is sent), each with an optional content type. A file row has a
// Browse… button.
class MultipartTable : public RowTable
{
    Q_OBJECT
public:
    enum Column { Enabled = kEnabledColumn, Name, Type, Value, ContentType, Browse };

    explicit MultipartTable(QWidget* parent = nullptr);

    void setFields(const QList<FormField>& fields); // emits nothing
    QList<FormField> fields() const;

    // A new enabled row, its name cell open for typing.
    void addRow(bool isFile);
    bool isFileRow(int row) const;
    void setFileRow(int row, bool isFile); // as choosing in the row's Type box does
    QComboBox* typeBox(int row) const;
    // Asks for a file for the row (Browse…), and puts its path in.
    void chooseFile(int row);

    // How Browse… asks for a file: a dialog, unless a test gives another way.
    using FileChooser = std::function<QString(QWidget* parent, const QString& current)>;
    void setFileChooser(FileChooser chooser) { m_chooseFile = std::move(chooser); }

private:
    int appendField(const FormField& field, int savedIndex);
    void showBrowseButton(int row, bool isFile);
    int rowOfCellWidget(const QWidget* widget, int column) const;

    FileChooser m_chooseFile;
};

} // namespace jitterbug::gui
