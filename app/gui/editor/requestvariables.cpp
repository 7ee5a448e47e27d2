#include "requestvariables.h"

#include "collection/dynamicvariables.h"

namespace jitterbug::gui {

RequestVariables RequestVariables::forRequest(const Collection& collection, const ItemPath& path,
                                              const Environment* environment)
{
    RequestVariables out;
    out.m_scope = VariableScope::forRequest(collection, path, environment, SecretValues{});
    // The scopes in VariableScope's order, outermost first: an inner
    // definition decides whether a name is secret, as it decides its value.
    QList<const QList<Variable>*> scopes{&collection.variables};
    for (const Folder* folder : locateItem(collection, path).folders)
        scopes.append(&folder->variables);
    if (environment)
        scopes.append(&environment->variables);
    for (const QList<Variable>* variables : scopes) {
        for (const Variable& variable : *variables) {
            if (!variable.enabled)
                continue;
            if (variable.secret)
                out.m_secrets.insert(variable.name);
            else
                out.m_secrets.remove(variable.name);
        }
    }
    return out;
}

VariableState RequestVariables::state(QStringView name) const
{
    if (m_secrets.contains(name.toString()))
        return VariableState::Secret;
    if (m_scope.value(name))
        return VariableState::Defined;
    if (DynamicVariables::supportedNames().contains(name))
        return VariableState::Dynamic;
    return VariableState::Undefined;
}

QString RequestVariables::shown(QStringView text) const
{
    QString out;
    qsizetype copied = 0;
    for (const VariableReference& reference : variableReferences(text)) {
        out += text.sliced(copied, reference.start - copied);
        const std::optional<QString> value
            = state(reference.name) == VariableState::Defined ? m_scope.value(reference.name) : std::nullopt;
        out += value ? *value : text.sliced(reference.start, reference.length).toString();
        copied = reference.start + reference.length;
    }
    out += text.sliced(copied);
    return out;
}

} // namespace jitterbug::gui
