#include "responseviewer.h"

#include "http/statusreason.h"
#include "util/duration.h"

#include <QFontDatabase>
#include <QJsonDocument>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QTabWidget>
#include <QVBoxLayout>

namespace jitterbug::gui {

namespace {

QPlainTextEdit* readOnlyText(QWidget* parent)
{
    auto* edit = new QPlainTextEdit(parent);
    edit->setReadOnly(true);
    edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    edit->setLineWrapMode(QPlainTextEdit::NoWrap);
    return edit;
}

bool looksBinary(QByteArrayView bytes)
{
    const QByteArrayView head = bytes.first(std::min<qsizetype>(bytes.size(), 4096));
    return head.contains('\0') || !QString::fromUtf8(head).isValidUtf16();
}

// Sixteen bytes a line: offset, hex, and the printable characters.
QString hexDump(QByteArrayView bytes)
{
    QString out;
    for (qsizetype at = 0; at < bytes.size(); at += 16) {
        const QByteArrayView line = bytes.sliced(at, std::min<qsizetype>(16, bytes.size() - at));
        QString printable;
        out += QStringLiteral("%1  ").arg(at, 8, 16, QLatin1Char('0'));
        for (qsizetype i = 0; i < 16; ++i) {
            out += i < line.size() ? QStringLiteral("%1 ").arg(static_cast<uchar>(line[i]), 2, 16, QLatin1Char('0'))
                                   : QStringLiteral("   ");
            if (i < line.size())
                printable += line[i] >= 0x20 && line[i] < 0x7F ? QLatin1Char(line[i]) : QLatin1Char('.');
        }
        out += u' ' + printable + u'\n';
    }
    return out;
}

// The server's own reason phrase, else the registered one.
QString reasonOf(const Response& r)
{
    return QString::fromLatin1(r.reasonPhrase.isEmpty() ? reasonPhrase(r.status).toByteArray() : r.reasonPhrase);
}

qsizetype longestLine(QStringView text)
{
    qsizetype longest = 0;
    for (const QStringView line : text.tokenize(u'\n'))
        longest = std::max(longest, line.size());
    return longest;
}

// Qt lays out a whole line to draw any part of it, so one line of megabytes
// (minified JSON cut short, a base64 blob) costs a good part of a second to
// show and again at every repaint. Such lines are shown broken; says whether
// any was.
bool breakLongLines(QString& text)
{
    constexpr qsizetype longest = ResponseViewer::kLongestShownLine;
    if (longestLine(text) <= longest)
        return false;
    QString broken;
    broken.reserve(text.size() + text.size() / longest + 1);
    bool first = true;
    for (QStringView line : QStringView(text).tokenize(u'\n')) {
        if (!first)
            broken += u'\n';
        first = false;
        while (line.size() > longest) {
            // A surrogate pair is one character: never split in two.
            const qsizetype take = line.at(longest - 1).isHighSurrogate() ? longest - 1 : longest;
            broken += line.first(take);
            broken += u'\n';
            line = line.sliced(take);
        }
        broken += line;
    }
    text = std::move(broken);
    return true;
}

QString bodyShown(const QByteArray& body)
{
    const QByteArrayView shown = QByteArrayView(body).first(std::min(body.size(), ResponseViewer::kShownBodyBytes));
    QString text;
    if (looksBinary(shown)) {
        text = hexDump(shown.first(std::min<qsizetype>(shown.size(), 64 * 1024)));
    } else {
        QJsonParseError error;
        const QJsonDocument json = QJsonDocument::fromJson(shown.toByteArray(), &error);
        text = error.error == QJsonParseError::NoError && !json.isNull() ? QString::fromUtf8(json.toJson())
                                                                         : QString::fromUtf8(shown);
    }
    QString notices;
    if (shown.size() < body.size())
        notices += QStringLiteral("[showing the first %1 of %2 bytes]\n")
                       .arg(QLocale().toString(shown.size()), QLocale().toString(body.size()));
    if (breakLongLines(text))
        notices += QStringLiteral("[lines longer than %1 characters are shown broken]\n")
                       .arg(QLocale().toString(ResponseViewer::kLongestShownLine));
    if (!notices.isEmpty())
        text.prepend(notices + u'\n');
    return text;
}

} // namespace

ResponseViewer::ResponseViewer(QWidget* parent)
    : QWidget(parent)
    , m_status(new QLabel(this))
    , m_tabs(new QTabWidget(this))
    , m_body(readOnlyText(this))
    , m_headers(readOnlyText(this))
    , m_raw(readOnlyText(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_status);
    layout->addWidget(m_tabs);
    m_tabs->addTab(m_body, tr("Body"));
    m_tabs->addTab(m_headers, tr("Headers"));
    m_tabs->addTab(m_raw, tr("Raw"));
    clear();
}

void ResponseViewer::clear()
{
    m_status->setText(tr("No response yet: press Ctrl+Enter to send."));
    m_body->clear();
    m_headers->clear();
    m_raw->clear();
}

void ResponseViewer::showResponse(const std::optional<Response>& response, double elapsedMs)
{
    if (!response) {
        clear();
        m_status->setText(tr("No response: the call ended without one."));
        return;
    }
    const Response& r = *response;
    m_status->setText(
        QStringLiteral("<b>%1 %2</b> · %3 · %4 bytes")
            .arg(r.status)
            .arg(reasonOf(r).toHtmlEscaped(), formatDuration(elapsedMs), QLocale().toString(r.body.size())));
    m_body->setPlainText(bodyShown(r.body));
    QString headers;
    for (const HeaderList::Field& f : r.headers.fields())
        headers += QString::fromLatin1(f.name) + QStringLiteral(": ") + QString::fromUtf8(f.value) + u'\n';
    m_headers->setPlainText(headers);
    m_raw->setPlainText(
        QStringLiteral("HTTP/%1 %2 %3\n").arg(QString::fromLatin1(r.httpVersion)).arg(r.status).arg(reasonOf(r))
        + headers + u'\n' + bodyShown(r.body));
}

void ResponseViewer::showNoResponse(const QString& why)
{
    clear();
    m_status->setText(why.toHtmlEscaped());
}

QString ResponseViewer::statusText() const
{
    return m_status->text();
}

QString ResponseViewer::bodyText() const
{
    return m_body->toPlainText();
}

} // namespace jitterbug::gui
