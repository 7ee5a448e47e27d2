#include "statuscodemodel.h"

#include <QBrush>
#include <QColor>

namespace jitterbug::gui {

using namespace Qt::StringLiterals;

namespace {

// "yes" and "no" are the default policy's, asked of the classifier; a
// success has nothing to retry.
QString retriedText(const StatusCodeInfo& info)
{
    const Classification classification = defaultClassification(info);
    if (classification.isSuccess())
        return u"\u2014"_s;
    return classification.isRetryable() ? u"yes"_s : u"no"_s;
}

QString cellText(const StatusCodeInfo& info, int column)
{
    switch (column) {
    case StatusCodeModel::Code:
        return codeText(info);
    case StatusCodeModel::Name:
        return codeTitle(info);
    case StatusCodeModel::Class:
        return codeClass(info);
    case StatusCodeModel::Retried:
        return retriedText(info);
    case StatusCodeModel::Action:
        return info.action;
    default:
        return {};
    }
}

// The attempts table's colours for the same classes, so a 503 looks the
// same in both.
QColor classColour(const StatusCodeInfo& info)
{
    if (info.isError())
        return isNetworkError(info.error) || info.error == ErrorCode::Tls ? QColor(0xe0, 0x31, 0x31)
                                                                          : QColor(0x86, 0x8e, 0x96);
    if (info.status < 300)
        return {0x2f, 0x9e, 0x44};
    if (info.status < 400)
        return {0x1c, 0x7e, 0xd6};
    if (info.status < 500)
        return {0xe8, 0x59, 0x0c};
    return {0xe0, 0x31, 0x31};
}

QString headerText(int column)
{
    switch (column) {
    case StatusCodeModel::Code:
        return u"Code"_s;
    case StatusCodeModel::Name:
        return u"Name"_s;
    case StatusCodeModel::Class:
        return u"Class"_s;
    case StatusCodeModel::Retried:
        return u"Retried"_s;
    case StatusCodeModel::Action:
        return u"What to do"_s;
    default:
        return {};
    }
}

} // namespace

StatusCodeModel::StatusCodeModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

int StatusCodeModel::rowOfStatus(int status) const
{
    const StatusCodeInfo* info = findStatusCode(status);
    return info ? static_cast<int>(info - statusCodeTable().constData()) : -1;
}

int StatusCodeModel::rowOfError(QStringView errorName) const
{
    const StatusCodeInfo* info = findErrorCode(errorName);
    return info ? static_cast<int>(info - statusCodeTable().constData()) : -1;
}

int StatusCodeModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(statusCodeTable().size());
}

int StatusCodeModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant StatusCodeModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const StatusCodeInfo& row = info(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return cellText(row, index.column());
    case Qt::ToolTipRole: // the name and class too, for a narrow table that hides their columns; the whole action
        return u"%1 %2 (%3)\n%4\nWhat to do: %5"_s.arg(codeText(row), codeTitle(row), codeClass(row), row.meaning,
                                                       row.action);
    case Qt::ForegroundRole:
        return index.column() == Code ? QBrush(classColour(row)) : QVariant();
    case Qt::TextAlignmentRole:
        // An int, the form the default delegate of Qt 6.4 reads.
        return index.column() == Retried ? int(Qt::AlignCenter) : int(Qt::AlignLeft | Qt::AlignVCenter);
    default:
        return {};
    }
}

QVariant StatusCodeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::DisplayRole)
        return headerText(section);
    if (orientation == Qt::Horizontal && role == Qt::ToolTipRole && section == Retried)
        return u"Whether Jitterbug's default policy retries it"_s;
    return QAbstractTableModel::headerData(section, orientation, role);
}

} // namespace jitterbug::gui
