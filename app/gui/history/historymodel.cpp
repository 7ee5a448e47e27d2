#include "historymodel.h"

#include "report/timelinejson.h"
#include "util/duration.h"

#include <QColor>
#include <QHash>
#include <QIcon>
#include <QPainter>
#include <QPixmap>

namespace jitterbug::gui {

using namespace Qt::StringLiterals;

namespace {

QString methodAndUrl(const Timeline& timeline)
{
    return QString::fromLatin1(timeline.method) + u' ' + timeline.url;
}

QString outcomeOrProblem(const Expected<Timeline>& timeline)
{
    return timeline ? outcomeText(*timeline) : u"unreadable: "_s + timeline.error().message;
}

// Mid-tone colours as in the attempts table: green for a success, orange
// for a fallback, red for a failure, grey for a row that does not read.
QColor outcomeColour(const Expected<Timeline>& timeline)
{
    if (!timeline)
        return {0x86, 0x8e, 0x96};
    if (timeline->outcome.succeeded)
        return {0x2f, 0x9e, 0x44};
    if (timeline->outcome.fallback)
        return {0xe8, 0x59, 0x0c};
    return {0xe0, 0x31, 0x31};
}

// A dot of the outcome's colour: a plain QColor would be painted as a
// square filling the whole decoration.
QIcon outcomeDot(const QColor& colour)
{
    static QHash<QRgb, QIcon> dots;
    auto found = dots.constFind(colour.rgb());
    if (found != dots.constEnd())
        return *found;
    QPixmap pixmap(16, 16);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(colour);
    painter.drawEllipse(QRectF(3, 3, 10, 10));
    painter.end();
    QIcon dot(pixmap);
    dot.addPixmap(pixmap, QIcon::Selected); // the outcome's colour, not one tinted by the highlight
    return *dots.insert(colour.rgb(), dot);
}

// Three lines: when and what, where, how it ended.
QString displayText(const HistoryEntry& entry, const Expected<Timeline>& timeline)
{
    const QString where = timeline ? methodAndUrl(*timeline) : QString();
    return historyTimeText(entry.at) + u"  "_s + entry.request + u'\n' + where + u'\n' + outcomeOrProblem(timeline);
}

QString toolTipText(const HistoryEntry& entry, const Expected<Timeline>& timeline)
{
    if (!timeline)
        return entry.request + u'\n' + timeline.error().message;
    const CallOutcome& outcome = timeline->outcome;
    return u"%1\n%2\n%3 in %4, seed %5\n%6"_s.arg(entry.request, methodAndUrl(*timeline), outcomeText(*timeline),
                                                  formatDuration(outcome.elapsedMs), QString::number(timeline->seed),
                                                  outcome.reason);
}

} // namespace

QString historyTimeText(const QDateTime& at)
{
    return at.toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss"_s);
}

QString outcomeText(const Timeline& timeline)
{
    const CallOutcome& outcome = timeline.outcome;
    QString result = outcome.status > 0 ? QString::number(outcome.status) : errorCodeName(outcome.error);
    // As the CLI's summary line says it: the error beside a status is what
    // ended the call after that answer (a deadline, say).
    if (outcome.fallback)
        result += u" (fallback)"_s;
    else if (outcome.status > 0 && outcome.error != ErrorCode::None)
        result += u" ("_s + errorCodeName(outcome.error) + u')';
    if (outcome.attempts > 1)
        result += u" after %1 attempts"_s.arg(outcome.attempts);
    if (!outcome.succeeded && !outcome.fallback)
        result = u"failed: "_s + result;
    return result;
}

HistoryModel::HistoryModel(QObject* parent)
    : QAbstractListModel(parent)
{
}

void HistoryModel::setEntries(const QList<HistoryEntry>& newestFirst)
{
    beginResetModel();
    m_rows.clear();
    m_rows.reserve(newestFirst.size());
    for (const HistoryEntry& entry : newestFirst)
        m_rows.append({entry, timelineFromJson(entry.timelineJson)});
    endResetModel();
}

void HistoryModel::clear()
{
    if (m_rows.isEmpty())
        return;
    beginResetModel();
    m_rows.clear();
    endResetModel();
}

int HistoryModel::rowOfId(qint64 id) const
{
    for (qsizetype row = 0; row < m_rows.size(); ++row) {
        if (m_rows[row].entry.id == id)
            return static_cast<int>(row);
    }
    return -1;
}

int HistoryModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

QVariant HistoryModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row& row = m_rows[index.row()];
    switch (role) {
    case Qt::DisplayRole:
        return displayText(row.entry, row.timeline);
    case Qt::ToolTipRole:
        return toolTipText(row.entry, row.timeline);
    case Qt::DecorationRole:
        return outcomeDot(outcomeColour(row.timeline));
    case IdRole:
        return row.entry.id;
    case RequestRole:
        return row.entry.request;
    case AtRole:
        return row.entry.at;
    case MethodUrlRole:
        return row.timeline ? methodAndUrl(*row.timeline) : QString();
    case OutcomeRole:
        return outcomeOrProblem(row.timeline);
    case SucceededRole:
        return row.timeline && row.timeline->outcome.succeeded;
    case SearchTextRole: // what the row shows, and why the call ended
        return QString(displayText(row.entry, row.timeline) + u'\n'
                       + (row.timeline ? row.timeline->outcome.reason : QString()));
    default:
        return {};
    }
}

} // namespace jitterbug::gui
