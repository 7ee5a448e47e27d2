#include "attemptstablemodel.h"

#include "http/errorcode.h"
#include "util/duration.h"

#include <QBrush>
#include <QColor>

namespace jitterbug::gui {

namespace {

// The engine appends an attempt when it starts and fills it in when it ends.
bool inFlight(const AttemptRecord& attempt)
{
    return attempt.status == 0 && attempt.error == ErrorCode::None;
}

QString resultText(const AttemptRecord& attempt)
{
    if (inFlight(attempt))
        return QStringLiteral("…");
    QString text = attempt.status > 0 ? QString::number(attempt.status) : errorCodeName(attempt.error);
    if (!attempt.onWire)
        text += QStringLiteral(" (not sent)");
    return text;
}

QString cellText(const AttemptRecord& attempt, int column)
{
    switch (column) {
    case AttemptsTableModel::Number:
        return QString::number(attempt.attempt);
    case AttemptsTableModel::Start:
        return formatDuration(attempt.startedMs);
    case AttemptsTableModel::Duration:
        return inFlight(attempt) ? QString() : formatDuration(attempt.endedMs - attempt.startedMs);
    case AttemptsTableModel::Result:
        return resultText(attempt);
    case AttemptsTableModel::Decision:
        return inFlight(attempt) ? QString() : decisionName(attempt.decision);
    case AttemptsTableModel::Reason:
        return attempt.reason;
    case AttemptsTableModel::Wait:
        return attempt.waitMs > 0 ? formatDuration(attempt.waitMs) : QString();
    case AttemptsTableModel::Source:
        return waitSourceName(attempt.waitSource);
    default:
        return {};
    }
}

// What a proxy sorts by: numbers for the numeric columns, so "1.20 s" comes
// after "950.0 ms".
QVariant sortValue(const AttemptRecord& attempt, int column)
{
    switch (column) {
    case AttemptsTableModel::Number:
        return attempt.attempt;
    case AttemptsTableModel::Start:
        return attempt.startedMs;
    case AttemptsTableModel::Duration:
        return attempt.endedMs - attempt.startedMs;
    case AttemptsTableModel::Wait:
        return attempt.waitMs;
    default:
        return cellText(attempt, column);
    }
}

bool isNumeric(int column)
{
    return column == AttemptsTableModel::Number || column == AttemptsTableModel::Start
        || column == AttemptsTableModel::Duration || column == AttemptsTableModel::Wait;
}

// Mid-tone colours, readable on light and dark palettes alike.
QVariant resultColour(const AttemptRecord& attempt)
{
    if (inFlight(attempt))
        return {};
    if (!attempt.onWire)
        return QBrush(QColor(0x86, 0x8e, 0x96));
    if (attempt.status >= 200 && attempt.status < 300)
        return QBrush(QColor(0x2f, 0x9e, 0x44));
    if (attempt.status >= 300 && attempt.status < 400)
        return QBrush(QColor(0x1c, 0x7e, 0xd6));
    if (attempt.status >= 400 && attempt.status < 500)
        return QBrush(QColor(0xe8, 0x59, 0x0c));
    return QBrush(QColor(0xe0, 0x31, 0x31)); // 5xx and transport errors
}

QString headerText(int column)
{
    switch (column) {
    case AttemptsTableModel::Number:
        return QStringLiteral("#");
    case AttemptsTableModel::Start:
        return QStringLiteral("Start");
    case AttemptsTableModel::Duration:
        return QStringLiteral("Duration");
    case AttemptsTableModel::Result:
        return QStringLiteral("Result");
    case AttemptsTableModel::Decision:
        return QStringLiteral("Decision");
    case AttemptsTableModel::Reason:
        return QStringLiteral("Reason");
    case AttemptsTableModel::Wait:
        return QStringLiteral("Wait");
    case AttemptsTableModel::Source:
        return QStringLiteral("Source");
    default:
        return {};
    }
}

// `next` is `current` a little later: the same call, no attempt lost, and
// every attempt but the last one shown unchanged (only the newest attempt is
// still being written: its result, decision and wait arrive after it starts).
bool continues(const Timeline& current, const Timeline& next)
{
    if (current.method != next.method || current.url != next.url || current.seed != next.seed
        || current.callIndex != next.callIndex || current.idempotencyKey != next.idempotencyKey
        || next.attempts.size() < current.attempts.size())
        return false;
    for (qsizetype i = 0; i + 1 < current.attempts.size(); ++i) {
        if (current.attempts[i] != next.attempts[i])
            return false;
    }
    return true;
}

} // namespace

AttemptsTableModel::AttemptsTableModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void AttemptsTableModel::setTimeline(const Timeline& timeline)
{
    if (timeline == m_timeline)
        return;
    if (!continues(m_timeline, timeline)) {
        beginResetModel();
        m_timeline = timeline;
        endResetModel();
        return;
    }
    // Rows are added and the newest existing one updated in place, so a
    // view keeps its selection and scroll position while a call runs.
    const int oldRows = rowCount();
    const int newRows = static_cast<int>(timeline.attempts.size());
    if (newRows > oldRows) {
        beginInsertRows({}, oldRows, newRows - 1);
        m_timeline = timeline;
        endInsertRows();
    } else {
        m_timeline = timeline;
    }
    if (oldRows > 0)
        Q_EMIT dataChanged(index(oldRows - 1, 0), index(oldRows - 1, ColumnCount - 1));
}

void AttemptsTableModel::clear()
{
    beginResetModel();
    m_timeline = {};
    endResetModel();
}

int AttemptsTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_timeline.attempts.size());
}

int AttemptsTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AttemptsTableModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const AttemptRecord& attempt = m_timeline.attempts[index.row()];
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        return cellText(attempt, column);
    case Qt::UserRole:
        return sortValue(attempt, column);
    case Qt::TextAlignmentRole:
        // An int, the form the default delegate of Qt 6.4 reads.
        return isNumeric(column) ? int(Qt::AlignRight | Qt::AlignVCenter) : int(Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::ToolTipRole:
        if (column == Reason && !attempt.reason.isEmpty())
            return attempt.reason;
        if (column == Result && !attempt.errorDetail.isEmpty())
            return attempt.errorDetail;
        return {};
    case Qt::ForegroundRole:
        return column == Result ? resultColour(attempt) : QVariant();
    default:
        return {};
    }
}

QVariant AttemptsTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::DisplayRole)
        return headerText(section);
    if (orientation == Qt::Horizontal && role == Qt::TextAlignmentRole)
        return isNumeric(section) ? int(Qt::AlignRight | Qt::AlignVCenter) : int(Qt::AlignLeft | Qt::AlignVCenter);
    return QAbstractTableModel::headerData(section, orientation, role);
}

} // namespace jitterbug::gui
