#include "variables.h"

#include "dynamicvariables.h"

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
        if (stored != secrets.constEnd())
            m_values.insert(v.name, *stored);
        else // our files never hold a secret's value; a Postman file does
            m_values.insert(v.name, v.value.isEmpty() ? std::nullopt : std::optional(v.value));
    }
}

std::optional<QString> VariableScope::value(QStringView name) const
{
    return m_values.value(name.toString());
}

Expected<QString> VariableScope::substitute(QStringView text) const
{
    return substitute(text, [](QStringView piece, bool) { return piece.toString(); });
}

QList<VariableReference> variableReferences(QStringView text)
{
    QList<VariableReference> out;
    qsizetype open = text.indexOf(u"{{");
    while (open >= 0) {
        qsizetype end = open + 2;
        while (end < text.size() && text[end] != u'{' && text[end] != u'}')
            ++end;
        const QStringView name = text.sliced(open + 2, end - open - 2).trimmed();
        if (!text.sliced(end).startsWith(u"}}") || name.isEmpty()) {
            open = text.indexOf(u"{{", open + 1);
            continue;
        }
        out.append({open, end + 2 - open, name.toString()});
        open = text.indexOf(u"{{", end + 2);
    }
    return out;
}

Expected<QString> VariableScope::substitute(QStringView text, const PieceEncoder& encode) const
{
    QString out;
    qsizetype copied = 0; // text before this index is already in `out`
    for (const VariableReference& reference : variableReferences(text)) {
        Expected<QString> value = valueForReference(reference.name);
        if (!value)
            return value;
        out += encode(text.sliced(copied, reference.start - copied), false);
        out += encode(*value, true);
        copied = reference.start + reference.length;
    }
    out += encode(text.sliced(copied), false);
    return out;
}

Expected<QString> VariableScope::valueForReference(QStringView name) const
{
    const auto found = m_values.constFind(name.toString());
    if (found != m_values.constEnd() && *found)
        return **found;
    if (found == m_values.constEnd() && name.startsWith(u'$')) {
        if (m_dynamic) {
            if (std::optional<QString> drawn = m_dynamic->value(name))
                return *drawn;
        } else if (DynamicVariables::supportedNames().contains(name)) {
            return invalidInput(QStringLiteral("{{") + name.toString()
                                + QStringLiteral("}} has a value only when the request is sent"));
        }
        return invalidInput(QStringLiteral("unsupported dynamic variable {{") + name.toString()
                            + QStringLiteral("}} (supported: ") + DynamicVariables::supportedNames().join(u", ")
                            + u')');
    }
    const QString hint
        = found == m_values.constEnd() ? QString() : QStringLiteral(" (a secret with no value in the secret store)");
    return invalidInput(QStringLiteral("undefined variable {{") + name.toString() + QStringLiteral("}}") + hint);
}

} // namespace jitterbug
