#pragma once

#include "collection/collection.h"
#include "rowtable.h"

namespace jitterbug::gui {

// Key/value pairs (query parameters, headers, a URL-encoded form): a check
// box, the name and the value. A pair's description is its value's tooltip
// and stays with it.
class PairTable : public RowTable
{
    Q_OBJECT
public:
    enum Column { Enabled = kEnabledColumn, Name, Value };

    explicit PairTable(QWidget* parent = nullptr);

    void setPairs(const QList<KeyValue>& pairs); // emits nothing
    // The saved pairs with the edits: unchanged rows give back exactly what was set.
    QList<KeyValue> pairs() const;

    // A new enabled row, its name cell open for typing.
    void addRow();

private:
    QList<KeyValue> m_saved;
};

} // namespace jitterbug::gui
