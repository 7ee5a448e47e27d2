#pragma once

#include "collection/variables.h"

#include <QList>
#include <QSet>
#include <QString>

namespace jitterbug::gui {

enum class VariableState {
    Defined, // a value the editor may show
    Secret, // defined or not, its value is never shown
    Dynamic, // {{$guid}} and the like: drawn anew for every call
    Undefined,
};

// The variables one request sees, as the editor shows them. Built without
// reading the secret store, and a secret's value that the collection holds in
// memory (a Postman import's) is masked too: whatever the editor shows may
// end up in a screenshot or a screen share.
class RequestVariables
{
public:
    static RequestVariables forRequest(const Collection& collection, const ItemPath& path,
                                       const Environment* environment);

    VariableState state(QStringView name) const;
    // The text with each defined variable's value put in; secret, dynamic
    // and undefined references stay as written.
    QString shown(QStringView text) const;

private:
    VariableScope m_scope;
    QSet<QString> m_secrets; // names whose innermost definition is a secret
};

} // namespace jitterbug::gui
