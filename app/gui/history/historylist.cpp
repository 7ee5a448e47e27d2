#include "historylist.h"

#include "historymodel.h"

#include "collection/history.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QVBoxLayout>

namespace jitterbug::gui {

using namespace Qt::StringLiterals;

namespace {

// Enough to find today's calls; the file keeps a thousand, and each shown
// row reads its timeline back.
constexpr int kShownCalls = 200;

} // namespace

HistoryList::HistoryList(History* history, QWidget* parent)
    : QWidget(parent)
    , m_history(history)
    , m_model(new HistoryModel(this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_filter(new QLineEdit(this))
    , m_refresh(new QPushButton(u"Refresh"_s, this))
    , m_message(new QLabel(this))
    , m_view(new QListView(this))
{
    m_proxy->setSourceModel(m_model);
    m_proxy->setFilterRole(HistoryModel::SearchTextRole);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);

    m_filter->setObjectName(u"historyFilter"_s);
    m_filter->setPlaceholderText(u"Filter by name, URL or outcome"_s);
    m_filter->setClearButtonEnabled(true);
    connect(m_filter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);

    m_refresh->setObjectName(u"historyRefresh"_s);
    m_refresh->setToolTip(u"Read the history again (other Jitterbug processes record calls too)"_s);
    connect(m_refresh, &QPushButton::clicked, this, &HistoryList::refresh);

    m_message->setObjectName(u"historyMessage"_s);
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->hide();

    m_view->setObjectName(u"historyView"_s);
    m_view->setModel(m_proxy);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->setUniformItemSizes(true); // every row is three lines
    m_view->setTextElideMode(Qt::ElideRight);
    m_view->setWordWrap(false);
    // activated is double-click (or the platform's single click) and Enter.
    connect(m_view, &QListView::activated, this, &HistoryList::reopenRow);

    auto* bar = new QHBoxLayout;
    bar->addWidget(m_filter, 1);
    bar->addWidget(m_refresh);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(bar);
    layout->addWidget(m_message);
    layout->addWidget(m_view, 1);

    refresh();
}

void HistoryList::refresh()
{
    if (!m_history) {
        m_model->clear();
        showMessage(u"No history: calls are not being recorded."_s, false);
        return;
    }
    const qint64 selected = selectedId();
    const auto entries = m_history->list(kShownCalls);
    if (!entries) {
        m_model->clear();
        showMessage(entries.error().message, true);
        return;
    }
    m_model->setEntries(*entries);
    if (entries->isEmpty())
        showMessage(u"No calls yet: every call you send is listed here."_s, false);
    else
        showMessage({}, false);
    selectId(selected);
}

int HistoryList::count() const
{
    return m_model->rowCount();
}

void HistoryList::reopenRow(const QModelIndex& viewIndex)
{
    if (!viewIndex.isValid())
        return;
    const int row = m_proxy->mapToSource(viewIndex).row();
    const Expected<Timeline>& timeline = m_model->timeline(row);
    const QString& request = m_model->entry(row).request;
    if (!timeline) {
        showMessage(u"Cannot re-open \u201c%1\u201d: %2"_s.arg(request, timeline.error().message), true);
        return;
    }
    Q_EMIT reopen(*timeline, request);
}

void HistoryList::showMessage(const QString& text, bool isProblem)
{
    m_message->setText(text);
    m_message->setVisible(!text.isEmpty());
    // A problem in the attempts table's mid-tone red, readable on light and dark themes.
    QPalette palette = m_message->parentWidget()->palette();
    if (isProblem)
        palette.setColor(QPalette::WindowText, QColor(0xe0, 0x31, 0x31));
    m_message->setPalette(palette);
}

qint64 HistoryList::selectedId() const
{
    const QModelIndex current = m_view->currentIndex();
    return current.isValid() ? current.data(HistoryModel::IdRole).toLongLong() : 0;
}

void HistoryList::selectId(qint64 id)
{
    const int row = id > 0 ? m_model->rowOfId(id) : -1;
    if (row < 0)
        return;
    const QModelIndex index = m_proxy->mapFromSource(m_model->index(row));
    if (index.isValid())
        m_view->setCurrentIndex(index);
}

} // namespace jitterbug::gui
