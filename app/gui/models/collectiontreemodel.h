#pragma once

#include "collection/collection.h"
#include "collection/variables.h"

#include <QAbstractItemModel>
#include <QHash>

#include <deque>

namespace jitterbug::gui {

// The collection tree of the left pane: folders and requests in the
// collection's order. Display is the name; a request also shows its method
// (MethodRole, and a coloured badge as its decoration); folders have a folder
// icon. Names are editable in place (rename; an empty name is refused). The
// model holds a copy of the collection; setCollection() replaces it and
// resets the model. PathRole is the item's ItemPath (QVariant::fromValue).
class CollectionTreeModel final : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Role { MethodRole = Qt::UserRole + 1, IsFolderRole, PathRole };

    explicit CollectionTreeModel(QObject* parent = nullptr);

    void setCollection(Collection collection);
    const Collection& collection() const { return m_collection; }

    // The item path of an index ({} for the root), and back.
    ItemPath pathOf(const QModelIndex& index) const;
    QModelIndex indexOf(const ItemPath& path) const;
    // The first request whose name is `name`, depth first; invalid if none.
    QModelIndex findRequest(const QString& name) const;

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;

    // Dragging an item to another place asks for a move (moveRequested);
    // the model changes only when the window applies it, as an undo step.
    Qt::DropActions supportedDropActions() const override { return Qt::MoveAction; }
    QStringList mimeTypes() const override;
    QMimeData* mimeData(const QModelIndexList& indexes) const override;
    bool canDropMimeData(const QMimeData* data, Qt::DropAction action, int row, int column,
                         const QModelIndex& parent) const override;
    bool dropMimeData(const QMimeData* data, Qt::DropAction action, int row, int column,
                      const QModelIndex& parent) override;

Q_SIGNALS:
    // A name was edited in place; the collection() already holds it.
    void renamed(const jitterbug::ItemPath& path, const QString& name);
    // Move `from` into the folder at `parent` ({} for the top) before `row` (-1: at the end).
    void moveRequested(const jitterbug::ItemPath& from, const jitterbug::ItemPath& parent, int row);

private:
    const std::vector<Item>* childrenOf(const QModelIndex& parent) const;
    const Item* itemAt(const QModelIndex& index) const;
    Item* itemAt(const QModelIndex& index);
    void rebuildParentPaths();
    const ItemPath* parentPathNode(const ItemPath& parentPath) const;

    Collection m_collection;
    // An index's internal pointer is the path of its parent ({} for the
    // collection's own items), one node per folder. Only setCollection()
    // changes the tree's shape, and it resets the model, so a node outlives
    // every index that points at it; std::deque keeps addresses stable.
    std::deque<ItemPath> m_parentPaths;
    QHash<ItemPath, const ItemPath*> m_nodeOfParentPath;
};

} // namespace jitterbug::gui
