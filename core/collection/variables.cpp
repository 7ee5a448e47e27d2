#include "variables.h"

namespace jitterbug {

ItemLocation locateItem(const Collection& collection, const ItemPath& path)
{
    ItemLocation out;
    const std::vector<Item>* items = &collection.items;
    for (qsizetype depth = 0; depth < path.size(); ++depth) {
        const int index = path[depth];
        if (index < 0 || static_cast<std::size_t>(index) >= items->size())
            return out;
        const Item& item = (*items)[static_cast<std::size_t>(index)];
        if (depth + 1 == path.size()) {
            out.item = &item;
            return out;
        }
        const Folder* folder = item.folder();
        if (!folder)
            return out;
        out.folders.append(folder);
        items = &folder->items;
    }
    return out;
}

VariableScope VariableScope::forRequest(const Collection& collection, const ItemPath& path,
                                        const Environment* environment, const SecretValues& secrets)
{
    // Outermost first, so each inner scope overwrites what it redefines.
    VariableScope scope;
    scope.addScope(collection.variables, secrets);
    for (const Folder* folder : locateItem(collection, path).folders)
        scope.addScope(folder->variables, secrets);
    if (environment)
        scope.addScope(environment->variables, secrets);
    return scope;
}

void VariableScope::addScope(const QList<Variable>& variables, const SecretValues& secrets)
{
    // Within one scope a later duplicate wins, as in Postman's variable lists.
    for (const Variable& v : variables) {
        if (!v.enabled)
            continue;
        if (!v.secret) {
            m_values.insert(v.name, v.value);
            continue;
        }
        const auto stored = secrets.constFind(v.name);
        m_values.insert(v.name, stored == secrets.constEnd() ? std::nullopt : std::optional(*stored));
    }
}

std::optional<QString> VariableScope::value(QStringView name) const
{
    return m_values.value(name.toString());
}

Expected<QString> VariableScope::substitute(QStringView text) const
{
    QString out;
    qsizetype copied = 0; // text before this index is already in `out`
    qsizetype open = text.indexOf(u"{{");
    while (open >= 0) {
        // As in Postman, a name holds no brace: "{{{{a}}" is "{{" and then {{a}}.
        qsizetype end = open + 2;
        while (end < text.size() && text[end] != u'{' && text[end] != u'}')
            ++end;
        const QStringView name = text.sliced(open + 2, end - open - 2).trimmed();
        if (!text.sliced(end).startsWith(u"}}") || name.isEmpty()) {
            open = text.indexOf(u"{{", open + 1);
            continue;
        }
        const auto found = m_values.constFind(name.toString());
        if (found == m_values.constEnd() || !*found) {
            const QString hint = found == m_values.constEnd()
                ? QString()
                : QStringLiteral(" (a secret with no value in the secret store)");
            return invalidInput(QStringLiteral("undefined variable {{") + name.toString() + QStringLiteral("}}")
                                + hint);
        }
        out += text.sliced(copied, open - copied);
        out += **found;
        copied = end + 2;
        open = text.indexOf(u"{{", copied);
    }
    out += text.sliced(copied);
    return out;
}

} // namespace jitterbug
