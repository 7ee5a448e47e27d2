#include "collection.h"

namespace jitterbug {

bool Folder::operator==(const Folder& other) const
{
    return name == other.name && description == other.description && items == other.items && auth == other.auth
        && policy == other.policy && variables == other.variables && foreign == other.foreign;
}

namespace {

void dropIn(QList<Variable>& variables, QStringList& names)
{
    for (Variable& v : variables) {
        if (v.secret && !v.value.isEmpty()) {
            v.value.clear();
            if (!names.contains(v.name))
                names.append(v.name);
        }
    }
}

void dropInItems(std::vector<Item>& items, QStringList& names)
{
    for (Item& item : items) {
        if (Folder* folder = item.folder()) {
            dropIn(folder->variables, names);
            dropInItems(folder->items, names);
        }
    }
}

} // namespace

QStringList dropSecretValues(Collection& collection)
{
    QStringList names;
    dropIn(collection.variables, names);
    dropInItems(collection.items, names);
    for (Environment& environment : collection.environments)
        dropIn(environment.variables, names);
    return names;
}

} // namespace jitterbug
