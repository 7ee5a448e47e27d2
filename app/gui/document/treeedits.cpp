#include "treeedits.h"

namespace jitterbug::gui {

namespace {

// The list an item at `path` lives in (the collection's or a folder's).
std::vector<Item>* siblingsOf(Collection& collection, const ItemPath& path)
{
    std::vector<Item>* items = &collection.items;
    for (qsizetype depth = 0; depth + 1 < path.size(); ++depth) {
        const int index = path[depth];
        if (index < 0 || static_cast<std::size_t>(index) >= items->size())
            return nullptr;
        Folder* folder = (*items)[static_cast<std::size_t>(index)].folder();
        if (!folder)
            return nullptr;
        items = &folder->items;
    }
    return items;
}

Item* itemAt(Collection& collection, const ItemPath& path)
{
    std::vector<Item>* items = path.isEmpty() ? nullptr : siblingsOf(collection, path);
    if (!items || path.back() < 0 || static_cast<std::size_t>(path.back()) >= items->size())
        return nullptr;
    return &(*items)[static_cast<std::size_t>(path.back())];
}

// The children list of a folder path ({} is the top).
std::vector<Item>* childrenOf(Collection& collection, const ItemPath& folder)
{
    if (folder.isEmpty())
        return &collection.items;
    Item* item = itemAt(collection, folder);
    Folder* f = item ? item->folder() : nullptr;
    return f ? &f->items : nullptr;
}

QString& nameOf(Item& item)
{
    return item.folder() ? item.folder()->name : item.request()->name;
}

} // namespace

ItemPath insertItem(Collection& collection, const ItemPath& selected, Item item)
{
    Item* at = selected.isEmpty() ? nullptr : itemAt(collection, selected);
    if (at && at->folder()) {
        at->folder()->items.push_back(std::move(item));
        return ItemPath(selected) << static_cast<int>(at->folder()->items.size() - 1);
    }
    if (!at) {
        collection.items.push_back(std::move(item));
        return ItemPath{static_cast<int>(collection.items.size() - 1)};
    }
    std::vector<Item>* siblings = siblingsOf(collection, selected);
    ItemPath path = selected;
    path.back() += 1;
    siblings->insert(siblings->begin() + path.back(), std::move(item));
    return path;
}

std::optional<ItemPath> duplicateItem(Collection& collection, const ItemPath& path)
{
    Item* original = itemAt(collection, path);
    if (!original)
        return std::nullopt;
    Item copy = *original;
    nameOf(copy) = QObject::tr("%1 copy").arg(nameOf(copy));
    std::vector<Item>* siblings = siblingsOf(collection, path);
    ItemPath placed = path;
    placed.back() += 1;
    siblings->insert(siblings->begin() + placed.back(), std::move(copy));
    return placed;
}

bool removeItem(Collection& collection, const ItemPath& path)
{
    if (!itemAt(collection, path))
        return false;
    std::vector<Item>* siblings = siblingsOf(collection, path);
    siblings->erase(siblings->begin() + path.back());
    return true;
}

std::optional<ItemPath> moveItem(Collection& collection, const ItemPath& from, const ItemPath& parent, int row)
{
    if (!itemAt(collection, from) || !childrenOf(collection, parent))
        return std::nullopt;
    // Into itself or below itself: a folder cannot contain itself.
    if (parent.size() >= from.size() && parent.mid(0, from.size()) == from)
        return std::nullopt;
    Item moving = std::move(*itemAt(collection, from));
    std::vector<Item>* source = siblingsOf(collection, from);
    source->erase(source->begin() + from.back());

    // Removing the item shifts what came after it in the same list, the
    // target folder's own path included.
    ItemPath target = parent;
    const ItemPath fromParent = from.mid(0, from.size() - 1);
    if (target.size() > fromParent.size() && target.mid(0, fromParent.size()) == fromParent
        && target[fromParent.size()] > from.back())
        target[fromParent.size()] -= 1;
    if (target == fromParent && row > from.back())
        row -= 1;

    std::vector<Item>* destination = childrenOf(collection, target);
    const int size = static_cast<int>(destination->size());
    const int at = row < 0 || row > size ? size : row;
    destination->insert(destination->begin() + at, std::move(moving));
    return ItemPath(target) << at;
}

} // namespace jitterbug::gui
