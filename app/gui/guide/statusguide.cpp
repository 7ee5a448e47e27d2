#include "statusguide.h"

#include "statuscodemodel.h"
#include "statusexplanation.h"

#include <QHeaderView>
#include <QLineEdit>
#include <QRegularExpression>
#include <QResizeEvent>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace jitterbug::gui {

using namespace Qt::StringLiterals;

namespace {

// The filter matches a row's whole text, and digits the start of a code,
// which QSortFilterProxyModel's own string matching cannot say.
class StatusFilterProxy final : public QSortFilterProxyModel
{
public:
    StatusFilterProxy(StatusCodeModel* model, QObject* parent)
        : QSortFilterProxyModel(parent)
        , m_model(model)
    {
        setSourceModel(model);
    }
    void setFilter(const QString& filter)
    {
        m_filter = filter;
        invalidateRowsFilter();
    }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override
    {
        return !sourceParent.isValid() && matchesFilter(m_model->info(sourceRow), m_filter);
    }

private:
    StatusCodeModel* m_model;
    QString m_filter;
};

} // namespace

StatusGuide::StatusGuide(QWidget* parent)
    : QWidget(parent)
    , m_model(new StatusCodeModel(this))
    , m_proxy(new StatusFilterProxy(m_model, this))
    , m_filter(new QLineEdit(this))
    , m_table(new QTableView(this))
    , m_text(new QTextBrowser(this))
{
    m_filter->setObjectName(u"statusFilter"_s);
    m_filter->setPlaceholderText(u"Filter: 503, 4xx, timeout, idempotency\u2026"_s);
    m_filter->setClearButtonEnabled(true);
    connect(m_filter, &QLineEdit::textChanged, this,
            [this](const QString& text) { static_cast<StatusFilterProxy*>(m_proxy)->setFilter(text); });

    m_table->setObjectName(u"statusTable"_s);
    m_table->setModel(m_proxy);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    // The action column stretches and elides (its tooltip has it whole), so
    // a scroll bar would only ever move a few pixels.
    m_table->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    QHeaderView* header = m_table->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::ResizeToContents);
    header->setSectionResizeMode(StatusCodeModel::Action, QHeaderView::Stretch);
    header->setHighlightSections(false);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &StatusGuide::onCurrentRowChanged);

    m_text->setObjectName(u"statusExplanation"_s);
    m_text->setOpenLinks(false);
    m_text->setPlaceholderText(u"Select a code to see what to do about it."_s);

    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_table);
    splitter->addWidget(m_text);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);
    splitter->setChildrenCollapsible(false);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_filter);
    layout->addWidget(splitter, 1);
}

void StatusGuide::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    fitColumnsToWidth();
}

void StatusGuide::fitColumnsToWidth()
{
    // Below this, five columns need a horizontal scroll bar to show what to do.
    constexpr int kWidthForAllColumns = 620;
    const bool narrow = width() < kWidthForAllColumns;
    m_table->setColumnHidden(StatusCodeModel::Name, narrow);
    m_table->setColumnHidden(StatusCodeModel::Class, narrow);
}

void StatusGuide::showStatus(int status)
{
    if (const int row = m_model->rowOfStatus(status); row >= 0) {
        selectSourceRow(row);
        return;
    }
    m_table->selectionModel()->clear(); // the selection and the current row: nothing listed is shown
    setExplanation(unlistedStatusHtml(status), status);
}

void StatusGuide::showError(const QString& errorCode)
{
    if (const int row = m_model->rowOfError(errorCode); row >= 0) {
        selectSourceRow(row);
        return;
    }
    m_table->selectionModel()->clear(); // the selection and the current row: nothing listed is shown
    setExplanation(unknownErrorHtml(errorCode.trimmed()), 0);
}

QString StatusGuide::currentExplanation() const
{
    return m_text->toPlainText();
}

void StatusGuide::selectSourceRow(int row)
{
    QModelIndex index = m_proxy->mapFromSource(m_model->index(row, 0));
    if (!index.isValid()) { // hidden by the filter: the user asked for this code
        m_filter->clear();
        index = m_proxy->mapFromSource(m_model->index(row, 0));
    }
    m_table->setCurrentIndex(index);
    m_table->scrollTo(index, QAbstractItemView::PositionAtCenter);
    // Selecting the row already shown emits nothing; the panel may show an
    // unlisted code since, so explain it again.
    explain(m_model->info(row));
}

void StatusGuide::onCurrentRowChanged(const QModelIndex& current)
{
    if (current.isValid())
        explain(m_model->info(m_proxy->mapToSource(current).row()));
}

void StatusGuide::explain(const StatusCodeInfo& info)
{
    setExplanation(explanationHtml(info), info.status);
}

void StatusGuide::setExplanation(const QString& html, int status)
{
    m_text->setHtml(html);
    m_currentStatus = status;
}

std::optional<int> statusMentionedIn(const QString& reason)
{
    // Three digits from 100 to 599 standing alone: not part of a number
    // ("120.5 ms", a port after ':', a UUID), and not a quantity ("500 ms",
    // "100 attempts").
    static const QRegularExpression status(uR"((?<![\w.:/-])([1-5]\d\d))" // not inside a number, a port or a UUID
                                           uR"((?!\w|[.,]\d))" // nor followed by more of one
                                           uR"((?!\s*(?:ms|s|sec|seconds?|min|minutes?|h|hours?)(?!\w)))"
                                           uR"((?!\s*(?:attempts?|tries|retries|calls?|requests?)(?!\w)))"
                                           uR"((?!\s*(?:bytes?|B|KiB|MiB|GiB|KB|MB|GB)(?!\w)|\s*%))"_s);
    const QRegularExpressionMatch match = status.match(reason);
    if (!match.hasMatch())
        return std::nullopt;
    return match.captured(1).toInt();
}

} // namespace jitterbug::gui
