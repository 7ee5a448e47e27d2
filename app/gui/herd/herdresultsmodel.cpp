#include "herdresultsmodel.h"

#include "util/duration.h"

namespace jitterbug::gui {

namespace {

QVariant rawValue(const HerdResult& r, int column)
{
    switch (column) {
    case HerdResultsModel::Clients:
        return r.clients;
    case HerdResultsModel::Strategy:
        return r.strategy;
    case HerdResultsModel::MeanTime:
        return r.meanTimeMs;
    case HerdResultsModel::MeanCalls:
        return r.meanCalls;
    case HerdResultsModel::P50:
        return r.p50CompletionMs;
    case HerdResultsModel::P99:
        return r.p99CompletionMs;
    case HerdResultsModel::PeakLoad:
        return r.peakLoadPerSecond;
    case HerdResultsModel::Rejected:
        return r.meanRejected;
    case HerdResultsModel::FailedCalls:
        return r.meanFailedCalls;
    default:
        return {};
    }
}

QString cellText(const HerdResult& r, int column)
{
    switch (column) {
    case HerdResultsModel::Clients:
        return QString::number(r.clients);
    case HerdResultsModel::Strategy:
        return r.strategy;
    case HerdResultsModel::MeanTime:
        return formatDuration(r.meanTimeMs);
    case HerdResultsModel::P50:
        return formatDuration(r.p50CompletionMs);
    case HerdResultsModel::P99:
        return formatDuration(r.p99CompletionMs);
    case HerdResultsModel::PeakLoad:
        return QString::number(r.peakLoadPerSecond, 'f', 0);
    default:
        return QString::number(rawValue(r, column).toDouble(), 'f', 1);
    }
}

QString headerText(int column)
{
    switch (column) {
    case HerdResultsModel::Clients:
        return QObject::tr("Clients");
    case HerdResultsModel::Strategy:
        return QObject::tr("Strategy");
    case HerdResultsModel::MeanTime:
        return QObject::tr("Mean time");
    case HerdResultsModel::MeanCalls:
        return QObject::tr("Mean calls");
    case HerdResultsModel::P50:
        return QObject::tr("p50 done");
    case HerdResultsModel::P99:
        return QObject::tr("p99 done");
    case HerdResultsModel::PeakLoad:
        return QObject::tr("Peak load/s");
    case HerdResultsModel::Rejected:
        return QObject::tr("503s");
    case HerdResultsModel::FailedCalls:
        return QObject::tr("Gave up");
    default:
        return {};
    }
}

QString headerTip(int column)
{
    switch (column) {
    case HerdResultsModel::MeanTime:
        return QObject::tr("When the last client finished, mean over the trials");
    case HerdResultsModel::MeanCalls:
        return QObject::tr("Requests that reached the server per trial (occ: writes)");
    case HerdResultsModel::P50:
    case HerdResultsModel::P99:
        return QObject::tr("Completion time of the clients of every trial, at this percentile");
    case HerdResultsModel::PeakLoad:
        return QObject::tr("The highest offered load of any time bucket, per second");
    case HerdResultsModel::Rejected:
        return QObject::tr("Requests refused with 503 per trial");
    case HerdResultsModel::FailedCalls:
        return QObject::tr("Calls whose policy ran out before a success, per trial");
    default:
        return {};
    }
}

} // namespace

HerdResultsModel::HerdResultsModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void HerdResultsModel::reset(bool capacity)
{
    beginResetModel();
    m_results.clear();
    m_capacity = capacity;
    endResetModel();
}

void HerdResultsModel::append(const HerdResult& result)
{
    const int row = static_cast<int>(m_results.size());
    beginInsertRows({}, row, row);
    m_results.append(result);
    endInsertRows();
}

int HerdResultsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_results.size());
}

int HerdResultsModel::columnCount(const QModelIndex& parent) const
{
    if (parent.isValid())
        return 0;
    return m_capacity ? ColumnCount : Rejected;
}

QVariant HerdResultsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const HerdResult& r = m_results[index.row()];
    switch (role) {
    case Qt::DisplayRole:
        return cellText(r, index.column());
    case Qt::UserRole:
        return rawValue(r, index.column());
    case Qt::TextAlignmentRole:
        return static_cast<int>(index.column() == Strategy ? Qt::AlignLeft | Qt::AlignVCenter
                                                           : Qt::AlignRight | Qt::AlignVCenter);
    default:
        return {};
    }
}

QVariant HerdResultsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= columnCount())
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::DisplayRole)
        return headerText(section);
    if (role == Qt::ToolTipRole) {
        const QString tip = headerTip(section);
        return tip.isEmpty() ? QVariant() : QVariant(tip);
    }
    return {};
}

} // namespace jitterbug::gui
