#pragma once

#include "collection/collection.h"
#include "collection/variables.h"

#include <optional>

namespace jitterbug::gui {

// The collection tree's edits as plain functions on a Collection, so the
// window can record each as one undo step. Paths are item paths
// (collection/variables.h); each function returns where the item ends up.

// After `selected` among its siblings, or at the end of `selected` when it
// is a folder (a new request goes into the folder the user picked), or at
// the end of the collection when nothing is selected.
ItemPath insertItem(Collection& collection, const ItemPath& selected, Item item);

// A copy right after the original, named "<name> copy".
std::optional<ItemPath> duplicateItem(Collection& collection, const ItemPath& path);

bool removeItem(Collection& collection, const ItemPath& path);

// Moves an item into `parent` (a folder's path, {} for the top) before row
// `row` (-1: at the end). A folder cannot move into itself or its own
// subfolders; nullopt then, and the collection is unchanged.
std::optional<ItemPath> moveItem(Collection& collection, const ItemPath& from, const ItemPath& parent, int row);

} // namespace jitterbug::gui
