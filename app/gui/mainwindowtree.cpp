// The collection tree's edits in the window: each one undo step.
#include "actionicons.h"
#include "mainwindow.h"

#include "document/treeedits.h"
#include "models/collectiontreemodel.h"

#include <QAction>
#include <QTreeView>

namespace jitterbug::gui {

ItemPath MainWindow::selectedPath() const
{
    return m_tree->pathOf(m_treeView->currentIndex());
}

void MainWindow::addRequest(RequestItem request)
{
    Collection edited = collection();
    const QString name = request.name;
    m_current = insertItem(edited, selectedPath(), Item{std::move(request)});
    pushEdit(tr("Add \"%1\"").arg(name), std::move(edited), 0);
}

void MainWindow::addFolder()
{
    Collection edited = collection();
    Folder folder;
    folder.name = tr("New folder");
    const ItemPath placed = insertItem(edited, selectedPath(), Item{std::move(folder)});
    m_current = placed;
    pushEdit(tr("Add a folder"), std::move(edited), 0);
    m_treeView->setCurrentIndex(m_tree->indexOf(placed));
    m_treeView->edit(m_treeView->currentIndex()); // name it at once
}

void MainWindow::duplicateSelected()
{
    Collection edited = collection();
    const std::optional<ItemPath> copy = duplicateItem(edited, selectedPath());
    if (!copy)
        return;
    m_current = *copy;
    pushEdit(tr("Duplicate"), std::move(edited), 0);
}

void MainWindow::deleteSelected()
{
    const ItemPath path = selectedPath();
    Collection edited = collection();
    if (path.isEmpty() || !removeItem(edited, path))
        return;
    // The step selects what takes the deleted item's place, or its parent.
    m_current = path;
    if (!locateItem(edited, m_current).item)
        m_current.removeLast();
    if (m_current.isEmpty() && !edited.items.empty())
        m_current = ItemPath{0};
    pushEdit(tr("Delete"), std::move(edited), 0);
}

bool MainWindow::moveItem(const ItemPath& from, const ItemPath& parent, int row)
{
    Collection edited = collection();
    const std::optional<ItemPath> moved = jitterbug::gui::moveItem(edited, from, parent, row);
    if (!moved)
        return false;
    m_current = *moved;
    pushEdit(tr("Move"), std::move(edited), 0);
    return true;
}

void MainWindow::createTreeActions()
{
    const auto add = [this](const char* icon, const QString& text, QKeySequence shortcut, auto slot) {
        auto* action = new QAction(actionIcon(icon), text, m_treeView);
        action->setShortcut(shortcut);
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut); // only while the tree has the focus
        connect(action, &QAction::triggered, this, slot);
        m_treeView->addAction(action);
        return action;
    };
    add("request-new", tr("New request"), QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_N), [this] {
        RequestItem request;
        request.name = tr("New request");
        request.method = QStringLiteral("GET");
        request.url = QStringLiteral("{{base_url}}/");
        addRequest(std::move(request));
    });
    add("folder-new", tr("New folder"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N), [this] { addFolder(); });
    add("rename", tr("Rename"), QKeySequence(Qt::Key_F2), [this] { m_treeView->edit(m_treeView->currentIndex()); });
    add("duplicate", tr("Duplicate"), QKeySequence(Qt::CTRL | Qt::Key_D), [this] { duplicateSelected(); });
    add("delete", tr("Delete"), QKeySequence::Delete, [this] { deleteSelected(); });
    m_treeView->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_treeView->setDragDropMode(QAbstractItemView::InternalMove);
    m_treeView->setDefaultDropAction(Qt::MoveAction);
    connect(m_tree, &CollectionTreeModel::moveRequested, this,
            [this](const ItemPath& from, const ItemPath& parent, int row) { moveItem(from, parent, row); });
}

} // namespace jitterbug::gui
