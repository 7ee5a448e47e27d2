#pragma once

#include "collection/collection.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QStackedWidget;

namespace jitterbug::gui {

class MultipartTable;
class PairTable;

// The request editor's Body tab: no body, JSON, raw text with its content
// type, a URL-encoded form or a multipart form. JSON is checked as the user
// types; a problem is a one-line note, never a block: a broken body can be
// what the user means to send.
//
// Each kind keeps its own widgets, so switching kinds back and forth loses
// nothing; body() holds only the shown kind's fields (what a save keeps),
// and gives back exactly what setBody() was given while nothing is edited.
class BodyTab : public QWidget
{
    Q_OBJECT
public:
    explicit BodyTab(QWidget* parent = nullptr);

    void setBody(const Body& body); // emits nothing
    Body body() const;

    // The inline note about the JSON ("JSON: expected a value at offset 7"); empty when none shows.
    QString jsonNote() const;
    // Lays the JSON out one member a line (one undo step in the text).
    void prettyPrint();

    QComboBox* kindBox() const { return m_kind; }
    QPlainTextEdit* textEdit() const { return m_text; }
    QLineEdit* contentTypeEdit() const { return m_contentType; }
    QPushButton* prettyPrintButton() const { return m_pretty; }
    PairTable* formTable() const { return m_form; }
    MultipartTable* multipartTable() const { return m_multipart; }

Q_SIGNALS:
    void edited(); // after every change by the user (not by setBody)

private:
    QWidget* makeTextPage();
    QWidget* makeFormPage(QWidget* table, const QString& hint);
    Body::Kind shownKind() const;
    QString shownText() const;
    void showKind();
    void checkJson();
    void noteEdit();

    Body m_saved;
    // The saved text as the text edit gives it back (it may normalise line
    // ends): while the edit still shows this, the saved text is the body's.
    QString m_textAsShown;
    bool m_filling = false;
    QComboBox* m_kind;
    QLabel* m_kindHint;
    QStackedWidget* m_pages;
    QWidget* m_contentTypeRow;
    QLineEdit* m_contentType;
    QWidget* m_jsonRow;
    QLabel* m_jsonNote;
    QPushButton* m_pretty;
    QPlainTextEdit* m_text;
    PairTable* m_form;
    MultipartTable* m_multipart;
};

} // namespace jitterbug::gui
