#pragma once

#include "collection/collection.h"
#include "collection/variables.h"

#include <QUndoCommand>

#include <functional>

namespace jitterbug::gui {

// One edit of the collection, undone by putting the collection back as it
// was. A snapshot rather than a command per kind of edit: collections are
// small values with shared strings, and every edit (a field, a rename, a
// policy) undoes the same way. Consecutive edits of one request's fields
// merge into one step, so undo does not go keystroke by keystroke.
class SnapshotCommand final : public QUndoCommand
{
public:
    using Apply = std::function<void(const Collection& collection, const ItemPath& select)>;

    // `mergeKey` > 0 lets the next command with the same key and item merge into this one.
    SnapshotCommand(const QString& text, Collection before, Collection after, ItemPath item, int mergeKey, Apply apply);

    void undo() override;
    void redo() override;
    int id() const override { return m_mergeKey > 0 ? m_mergeKey : -1; }
    bool mergeWith(const QUndoCommand* other) override;

    // Merge keys.
    static constexpr int kRequestFields = 1;

private:
    Collection m_before;
    Collection m_after;
    ItemPath m_item;
    int m_mergeKey;
    Apply m_apply;
};

} // namespace jitterbug::gui
