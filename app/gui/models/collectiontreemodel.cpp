#include "collectiontreemodel.h"

#include <QMimeData>

#include <QApplication>
#include <QColor>
#include <QFont>
#include <QIcon>
#include <QPainter>
#include <QPixmap>
#include <QPixmapCache>
#include <QStyle>

namespace jitterbug::gui {

namespace {

struct MethodLook {
    QString shortText;
    QColor colour;
};

// Short enough that the badge has one width for every method, so the names
// beside the badges line up.
MethodLook methodLook(const QString& method)
{
    const QString upper = method.toUpper();
    if (upper == QLatin1String("GET"))
        return {upper, QColor(0x2f, 0x9e, 0x44)};
    if (upper == QLatin1String("POST"))
        return {upper, QColor(0xe8, 0x59, 0x0c)};
    if (upper == QLatin1String("PUT"))
        return {upper, QColor(0x1c, 0x7e, 0xd6)};
    if (upper == QLatin1String("PATCH"))
        return {upper, QColor(0x70, 0x48, 0xe8)};
    if (upper == QLatin1String("DELETE"))
        return {QStringLiteral("DEL"), QColor(0xe0, 0x31, 0x31)};
    if (upper == QLatin1String("HEAD"))
        return {upper, QColor(0x0c, 0x85, 0x99)};
    if (upper == QLatin1String("OPTIONS"))
        return {QStringLiteral("OPT"), QColor(0x86, 0x8e, 0x96)};
    return {upper.left(4), QColor(0x49, 0x50, 0x57)};
}

// A pixmap rather than a QIcon: the default delegate sizes a pixmap
// decoration by the pixmap, while an icon would be squeezed into the view's
// square icon size.
QPixmap methodBadge(const QString& method)
{
    const qreal ratio = qApp ? qApp->devicePixelRatio() : 1.0;
    const QString cacheKey = QStringLiteral("jitterbug-method-badge-%1@%2").arg(method.toUpper()).arg(ratio);
    QPixmap badge;
    if (QPixmapCache::find(cacheKey, &badge))
        return badge;

    const QSize logicalSize(34, 16);
    const MethodLook look = methodLook(method);
    badge = QPixmap(logicalSize * ratio);
    badge.setDevicePixelRatio(ratio);
    badge.fill(Qt::transparent);
    QPainter painter(&badge);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(look.colour);
    const QRectF frame = QRectF(QPointF(0, 0), QSizeF(logicalSize)).adjusted(0.5, 1.5, -0.5, -1.5);
    painter.drawRoundedRect(frame, 3, 3);
    QFont font = QApplication::font();
    font.setBold(true);
    font.setPixelSize(9);
    painter.setFont(font);
    painter.setPen(Qt::white);
    painter.drawText(frame, Qt::AlignCenter, look.shortText);
    painter.end();
    QPixmapCache::insert(cacheKey, badge);
    return badge;
}

QIcon folderIcon()
{
    return QIcon::fromTheme(QStringLiteral("folder"), QApplication::style()->standardIcon(QStyle::SP_DirIcon));
}

void addParentPaths(const std::vector<Item>& items, const ItemPath& path, std::deque<ItemPath>& out)
{
    out.push_back(path);
    for (std::size_t row = 0; row < items.size(); ++row) {
        if (const Folder* folder = items[row].folder())
            addParentPaths(folder->items, ItemPath(path) << static_cast<int>(row), out);
    }
}

std::optional<ItemPath> findRequestPath(const std::vector<Item>& items, const ItemPath& path, const QString& name)
{
    for (std::size_t row = 0; row < items.size(); ++row) {
        const ItemPath itemPath = ItemPath(path) << static_cast<int>(row);
        const Item& item = items[row];
        if (const RequestItem* request = item.request(); request && request->name == name)
            return itemPath;
        if (const Folder* folder = item.folder()) {
            if (std::optional<ItemPath> found = findRequestPath(folder->items, itemPath, name))
                return found;
        }
    }
    return std::nullopt;
}

} // namespace

CollectionTreeModel::CollectionTreeModel(QObject* parent)
    : QAbstractItemModel(parent)
{
    rebuildParentPaths();
}

void CollectionTreeModel::setCollection(Collection collection)
{
    beginResetModel();
    m_collection = std::move(collection);
    rebuildParentPaths();
    endResetModel();
}

void CollectionTreeModel::rebuildParentPaths()
{
    m_parentPaths.clear();
    m_nodeOfParentPath.clear();
    addParentPaths(m_collection.items, {}, m_parentPaths);
    for (const ItemPath& path : m_parentPaths)
        m_nodeOfParentPath.insert(path, &path);
}

const ItemPath* CollectionTreeModel::parentPathNode(const ItemPath& parentPath) const
{
    return m_nodeOfParentPath.value(parentPath, nullptr);
}

ItemPath CollectionTreeModel::pathOf(const QModelIndex& index) const
{
    if (!index.isValid())
        return {};
    Q_ASSERT(index.model() == this);
    return ItemPath(*static_cast<const ItemPath*>(index.internalPointer())) << index.row();
}

QModelIndex CollectionTreeModel::indexOf(const ItemPath& path) const
{
    if (path.isEmpty() || !locateItem(m_collection, path).item)
        return {};
    const ItemPath* node = parentPathNode(path.first(path.size() - 1));
    return node ? createIndex(path.last(), 0, node) : QModelIndex();
}

QModelIndex CollectionTreeModel::findRequest(const QString& name) const
{
    const std::optional<ItemPath> path = findRequestPath(m_collection.items, {}, name);
    return path ? indexOf(*path) : QModelIndex();
}

const std::vector<Item>* CollectionTreeModel::childrenOf(const QModelIndex& parent) const
{
    if (!parent.isValid())
        return &m_collection.items;
    const Item* item = itemAt(parent);
    const Folder* folder = item ? item->folder() : nullptr;
    return folder ? &folder->items : nullptr;
}

const Item* CollectionTreeModel::itemAt(const QModelIndex& index) const
{
    return index.isValid() ? locateItem(m_collection, pathOf(index)).item : nullptr;
}

Item* CollectionTreeModel::itemAt(const QModelIndex& index)
{
    // The collection is this model's own and not const here, so dropping the
    // const that locateItem() adds is sound; one walk of the tree, not two.
    return const_cast<Item*>(std::as_const(*this).itemAt(index));
}

QModelIndex CollectionTreeModel::index(int row, int column, const QModelIndex& parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    const ItemPath* node = parentPathNode(pathOf(parent));
    return node ? createIndex(row, column, node) : QModelIndex();
}

QModelIndex CollectionTreeModel::parent(const QModelIndex& child) const
{
    if (!child.isValid())
        return {};
    const ItemPath& parentPath = *static_cast<const ItemPath*>(child.internalPointer());
    return indexOf(parentPath);
}

int CollectionTreeModel::rowCount(const QModelIndex& parent) const
{
    // Only the first column has children, as QAbstractItemModelTester expects.
    if (parent.column() > 0)
        return 0;
    const std::vector<Item>* children = childrenOf(parent);
    return children ? static_cast<int>(children->size()) : 0;
}

int CollectionTreeModel::columnCount(const QModelIndex&) const
{
    return 1;
}

QVariant CollectionTreeModel::data(const QModelIndex& index, int role) const
{
    const Item* item = itemAt(index);
    if (!item)
        return {};
    const RequestItem* request = item->request();
    const Folder* folder = item->folder();
    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole:
        return request ? request->name : folder->name;
    case Qt::ToolTipRole:
        if (request)
            return QString(request->method + QLatin1Char(' ') + request->url);
        return folder->description.isEmpty() ? QVariant() : QVariant(folder->description);
    case Qt::DecorationRole:
        if (request)
            return methodBadge(request->method);
        return folderIcon();
    case MethodRole:
        return request ? QVariant(request->method) : QVariant();
    case IsFolderRole:
        return item->isFolder();
    case PathRole:
        return QVariant::fromValue(pathOf(index));
    default:
        return {};
    }
}

QVariant CollectionTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    // A view that shows its header shows a word, not the default "1".
    if (section == 0 && orientation == Qt::Horizontal && role == Qt::DisplayRole)
        return QStringLiteral("Name");
    return QAbstractItemModel::headerData(section, orientation, role);
}

bool CollectionTreeModel::setData(const QModelIndex& index, const QVariant& value, int role)
{
    if (role != Qt::EditRole)
        return false;
    Item* item = itemAt(index);
    // Trimmed because a stray space typed at the end is never meant; a name
    // of nothing would leave a row that cannot be told apart or found again.
    const QString name = value.toString().trimmed();
    if (!item || name.isEmpty())
        return false;
    QString& stored = item->request() ? item->request()->name : item->folder()->name;
    if (stored == name)
        return true;
    stored = name;
    Q_EMIT dataChanged(index, index, {Qt::DisplayRole, Qt::EditRole});
    Q_EMIT renamed(pathOf(index), name);
    return true;
}

Qt::ItemFlags CollectionTreeModel::flags(const QModelIndex& index) const
{
    const Item* item = itemAt(index);
    if (!item)
        return Qt::NoItemFlags;
    Qt::ItemFlags flags = Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsEditable | Qt::ItemIsDragEnabled;
    if (item->isFolder())
        flags |= Qt::ItemIsDropEnabled;
    else
        flags |= Qt::ItemNeverHasChildren;
    return flags;
}

namespace {

const QString kItemPathType = QStringLiteral("application/x-jitterbug-item-path");

std::optional<ItemPath> pathIn(const QMimeData* data)
{
    if (!data || !data->hasFormat(kItemPathType))
        return std::nullopt;
    ItemPath path;
    for (const QByteArray& part : data->data(kItemPathType).split(',')) {
        bool ok = false;
        path.append(part.toInt(&ok));
        if (!ok)
            return std::nullopt;
    }
    return path;
}

} // namespace

QStringList CollectionTreeModel::mimeTypes() const
{
    return {kItemPathType};
}

QMimeData* CollectionTreeModel::mimeData(const QModelIndexList& indexes) const
{
    if (indexes.isEmpty())
        return nullptr;
    QByteArrayList parts;
    for (int i : pathOf(indexes.front()))
        parts.append(QByteArray::number(i));
    auto* data = new QMimeData;
    data->setData(kItemPathType, parts.join(','));
    return data;
}

bool CollectionTreeModel::canDropMimeData(const QMimeData* data, Qt::DropAction action, int, int,
                                          const QModelIndex& parent) const
{
    const std::optional<ItemPath> from = pathIn(data);
    if (action != Qt::MoveAction || !from)
        return false;
    const ItemPath target = pathOf(parent);
    // A folder cannot go into itself or below itself.
    return !(target.size() >= from->size() && target.mid(0, from->size()) == *from);
}

bool CollectionTreeModel::dropMimeData(const QMimeData* data, Qt::DropAction action, int row, int column,
                                       const QModelIndex& parent)
{
    if (!canDropMimeData(data, action, row, column, parent))
        return false;
    Q_EMIT moveRequested(*pathIn(data), pathOf(parent), row);
    return false; // the window moves it; the view must not remove the source row itself
}

} // namespace jitterbug::gui
