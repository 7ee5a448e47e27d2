#include "bodytab.h"

#include "jsontext.h"
#include "multiparttable.h"
#include "pairtable.h"

#include <QComboBox>
#include <QCompleter>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStackedWidget>
#include <QTextCursor>
#include <QVBoxLayout>

namespace jitterbug::gui {

namespace {

enum Page { NoBodyPage, TextPage, FormPage, MultipartPage };

Page pageOf(Body::Kind kind)
{
    switch (kind) {
    case Body::Kind::None:
        return NoBodyPage;
    case Body::Kind::Raw:
    case Body::Kind::Json:
        return TextPage;
    case Body::Kind::UrlEncoded:
        return FormPage;
    case Body::Kind::Multipart:
        return MultipartPage;
    }
    return NoBodyPage;
}

QLabel* hintLabel(const QString& text, QWidget* parent)
{
    auto* label = new QLabel(text, parent);
    label->setWordWrap(true);
    label->setForegroundRole(QPalette::PlaceholderText);
    return label;
}

} // namespace

BodyTab::BodyTab(QWidget* parent)
    : QWidget(parent)
    , m_kind(new QComboBox(this))
    , m_kindHint(hintLabel(QString(), this))
    , m_pages(new QStackedWidget(this))
    , m_form(new PairTable(this))
    , m_multipart(new MultipartTable(this))
{
    m_kind->setObjectName(QStringLiteral("bodyKind"));
    m_kind->addItem(tr("No body"), int(Body::Kind::None));
    m_kind->addItem(tr("JSON"), int(Body::Kind::Json));
    m_kind->addItem(tr("Raw text"), int(Body::Kind::Raw));
    m_kind->addItem(tr("Form (URL-encoded)"), int(Body::Kind::UrlEncoded));
    m_kind->addItem(tr("Multipart form"), int(Body::Kind::Multipart));

    m_pages->addWidget(hintLabel(tr("This request sends no body."), m_pages));
    m_pages->widget(NoBodyPage)->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    m_pages->addWidget(makeTextPage());
    m_pages->addWidget(makeFormPage(m_form, tr("Names and values are percent-encoded when the request is sent.")));
    m_pages->addWidget(makeFormPage(m_multipart,
                                    tr("Files are read when the request is sent; a relative path "
                                       "starts from Jitterbug's working directory.")));

    auto* kindLine = new QHBoxLayout;
    kindLine->addWidget(m_kind);
    kindLine->addWidget(m_kindHint, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(kindLine);
    layout->addWidget(m_pages, 1);

    connect(m_kind, &QComboBox::currentIndexChanged, this, [this] {
        showKind();
        noteEdit();
    });
    connect(m_text, &QPlainTextEdit::textChanged, this, [this] {
        checkJson();
        noteEdit();
    });
    connect(m_contentType, &QLineEdit::textChanged, this, &BodyTab::noteEdit);
    connect(m_form, &PairTable::edited, this, &BodyTab::noteEdit);
    connect(m_multipart, &MultipartTable::edited, this, &BodyTab::noteEdit);
    connect(m_pretty, &QPushButton::clicked, this, &BodyTab::prettyPrint);
    showKind();
}

QWidget* BodyTab::makeTextPage()
{
    auto* page = new QWidget(m_pages);
    m_contentTypeRow = new QWidget(page);
    m_contentType = new QLineEdit(m_contentTypeRow);
    m_contentType->setObjectName(QStringLiteral("contentType"));
    m_contentType->setPlaceholderText(tr("none: no Content-Type header is sent"));
    m_contentType->setCompleter(
        new QCompleter({QStringLiteral("text/plain"), QStringLiteral("text/html"), QStringLiteral("text/csv"),
                        QStringLiteral("application/xml"), QStringLiteral("application/javascript"),
                        QStringLiteral("application/x-ndjson"), QStringLiteral("application/octet-stream")},
                       m_contentType));
    auto* contentTypeLine = new QHBoxLayout(m_contentTypeRow);
    contentTypeLine->setContentsMargins(0, 0, 0, 0);
    contentTypeLine->addWidget(new QLabel(tr("Content type:"), m_contentTypeRow));
    contentTypeLine->addWidget(m_contentType, 1);

    m_jsonRow = new QWidget(page);
    m_jsonNote = new QLabel(m_jsonRow);
    m_jsonNote->setObjectName(QStringLiteral("jsonNote"));
    m_jsonNote->setStyleSheet(QStringLiteral("QLabel { color: #c62828; }"));
    m_jsonNote->setToolTip(tr("Only a note: the body is sent as written, valid or not, since a broken body "
                              "can be just what you want to test."));
    m_pretty = new QPushButton(tr("Pretty-print"), m_jsonRow);
    m_pretty->setObjectName(QStringLiteral("prettyPrint"));
    m_pretty->setToolTip(tr("One member a line, indented; strings, numbers and {{variables}} stay as written"));
    auto* jsonLine = new QHBoxLayout(m_jsonRow);
    jsonLine->setContentsMargins(0, 0, 0, 0);
    jsonLine->addWidget(m_jsonNote, 1);
    jsonLine->addWidget(m_pretty);

    m_text = new QPlainTextEdit(page);
    m_text->setObjectName(QStringLiteral("bodyText"));
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_text->setTabStopDistance(4 * m_text->fontMetrics().horizontalAdvance(u' '));

    auto* layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_contentTypeRow);
    layout->addWidget(m_jsonRow);
    layout->addWidget(m_text, 1);
    return page;
}

QWidget* BodyTab::makeFormPage(QWidget* table, const QString& hint)
{
    auto* page = new QWidget(m_pages);
    auto* layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(table, 1);
    layout->addWidget(hintLabel(hint, page));
    return page;
}

void BodyTab::setBody(const Body& body)
{
    m_filling = true;
    m_saved = body;
    const int kind = m_kind->findData(int(body.kind));
    m_kind->setCurrentIndex(kind < 0 ? 0 : kind);
    m_text->setPlainText(body.text);
    m_textAsShown = m_text->toPlainText();
    m_contentType->setText(body.contentType);
    m_form->setPairs(body.urlEncoded);
    m_multipart->setFields(body.multipart);
    showKind();
    checkJson();
    m_filling = false;
}

Body BodyTab::body() const
{
    const Body::Kind kind = shownKind();
    // Another kind's fields go when the kind changes, as they would in a save.
    Body out = kind == m_saved.kind ? m_saved : Body{};
    out.kind = kind;
    switch (kind) {
    case Body::Kind::None:
        break;
    case Body::Kind::Raw:
        out.contentType = m_contentType->text();
        out.text = shownText();
        break;
    case Body::Kind::Json:
        out.text = shownText();
        break;
    case Body::Kind::UrlEncoded:
        out.urlEncoded = m_form->pairs();
        break;
    case Body::Kind::Multipart:
        out.multipart = m_multipart->fields();
        break;
    }
    return out;
}

QString BodyTab::jsonNote() const
{
    return m_jsonNote->isHidden() ? QString() : m_jsonNote->text();
}

void BodyTab::prettyPrint()
{
    const QString text = m_text->toPlainText();
    const QString pretty = prettyJson(text);
    if (pretty == text)
        return;
    QTextCursor cursor(m_text->document());
    cursor.select(QTextCursor::Document);
    cursor.insertText(pretty);
}

Body::Kind BodyTab::shownKind() const
{
    return static_cast<Body::Kind>(m_kind->currentData().toInt());
}

QString BodyTab::shownText() const
{
    const QString text = m_text->toPlainText();
    return text == m_textAsShown ? m_saved.text : text;
}

void BodyTab::showKind()
{
    const Body::Kind kind = shownKind();
    m_pages->setCurrentIndex(pageOf(kind));
    m_contentTypeRow->setVisible(kind == Body::Kind::Raw);
    m_jsonRow->setVisible(kind == Body::Kind::Json);
    switch (kind) {
    case Body::Kind::Json:
        m_kindHint->setText(tr("Sent as application/json, unless a Content-Type header says otherwise."));
        break;
    case Body::Kind::UrlEncoded:
        m_kindHint->setText(tr("Sent as application/x-www-form-urlencoded; unchecked rows are not sent."));
        break;
    case Body::Kind::Multipart:
        m_kindHint->setText(tr("Sent as multipart/form-data; unchecked rows are not sent."));
        break;
    default:
        m_kindHint->clear();
    }
    checkJson();
}

void BodyTab::checkJson()
{
    const QString text = m_text->toPlainText();
    const std::optional<JsonProblem> problem
        = shownKind() == Body::Kind::Json ? jsonProblem(text) : std::optional<JsonProblem>();
    m_jsonNote->setText(problem ? tr("JSON: %1 at offset %2").arg(problem->message).arg(problem->offset) : QString());
    m_jsonNote->setVisible(problem.has_value());
    m_pretty->setEnabled(!problem && !text.trimmed().isEmpty());
}

void BodyTab::noteEdit()
{
    if (!m_filling)
        Q_EMIT edited();
}

} // namespace jitterbug::gui
