#include "collection.h"

namespace jitterbug {

bool Folder::operator==(const Folder& other) const
{
    return name == other.name && description == other.description && items == other.items && auth == other.auth
        && policy == other.policy && variables == other.variables && foreign == other.foreign;
}

namespace {

// For a const collection too: walking the non-const QLists of a shared
// collection detaches them, which moves the caller's environments and leaves
// its pointers into them dangling (the window's chosen environment did).
template<typename AnyCollection, typename Visit>
void forEachVariableList(AnyCollection& collection, const Visit& visit)
{
    visit(collection.variables);
    const auto inItems = [&visit](auto& self, auto& items) -> void {
        for (auto& item : items) {
            if (auto* folder = item.folder()) {
                visit(folder->variables);
                self(self, folder->items);
            }
        }
    };
    inItems(inItems, collection.items);
    for (auto& environment : collection.environments)
        visit(environment.variables);
}

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

} // namespace

QStringList dropSecretValues(Collection& collection)
{
    QStringList names;
    forEachVariableList(collection, [&names](QList<Variable>& variables) { dropIn(variables, names); });
    return names;
}

QHash<QString, QString> secretValuesHeld(const Collection& collection)
{
    QHash<QString, QString> held;
    forEachVariableList(collection, [&held](const QList<Variable>& variables) {
        for (const Variable& v : variables) {
            if (v.secret && !v.value.isEmpty())
                held.insert(v.name, v.value);
        }
    });
    return held;
}

} // namespace jitterbug
