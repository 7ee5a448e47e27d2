#include "snapshotcommand.h"

namespace jitterbug::gui {

SnapshotCommand::SnapshotCommand(const QString& text, Collection before, Collection after, ItemPath item, int mergeKey,
                                 Apply apply)
    : QUndoCommand(text)
    , m_before(std::move(before))
    , m_after(std::move(after))
    , m_item(std::move(item))
    , m_mergeKey(mergeKey)
    , m_apply(std::move(apply))
{
}

void SnapshotCommand::undo()
{
    m_apply(m_before, m_item);
}

void SnapshotCommand::redo()
{
    m_apply(m_after, m_item);
}

bool SnapshotCommand::mergeWith(const QUndoCommand* other)
{
    const auto* next = static_cast<const SnapshotCommand*>(other); // same id(), so same type
    if (next->m_item != m_item)
        return false;
    m_after = next->m_after;
    return true;
}

} // namespace jitterbug::gui
