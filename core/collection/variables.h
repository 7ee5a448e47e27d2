#pragma once

#include "collection.h"
#include "util/error.h"

#include <QHash>
#include <QList>
#include <QString>

#include <functional>
#include <optional>

namespace jitterbug {

class DynamicVariables;

// Values of secret variables, by name, from the user's secret store (kept outside collection files).
using SecretValues = QHash<QString, QString>;

// Where a request sits: indexes from the collection's items down to the request (e.g. {1, 0} = items[1].items[0]).
using ItemPath = QList<int>;

// What a path leads to: the folders from the top down to the item's parent,
// and the item (nullptr when an index is out of range or passes a request).
struct ItemLocation {
    QList<const Folder*> folders;
    const Item* item = nullptr;
};
ItemLocation locateItem(const Collection& collection, const ItemPath& path);

// One {{name}} in a text: where it is (the braces included) and the name.
struct VariableReference {
    qsizetype start = 0;
    qsizetype length = 0;
    QString name;
};

// The references in `text` as substitution reads them: whitespace inside the
// braces trimmed, no brace in a name ("{{{{a}}" is "{{" and then {{a}}, as in
// Postman), `{{` without `}}` left as text.
QList<VariableReference> variableReferences(QStringView text);

// The variables in force for one request, innermost scope first: the environment (if any), then the
// folders from the request's parent up to the top, then the collection. Disabled variables do not count.
// A secret variable takes its value from `secrets`; one missing there uses the value the collection holds in
// memory (a Postman file's secret variable), else it is undefined. Names starting with '$' that no scope defines
// are dynamic variables ({{$guid}}), drawn from the DynamicVariables given, if any.
class VariableScope
{
public:
    static VariableScope forRequest(const Collection& collection, const ItemPath& path, const Environment* environment,
                                    const SecretValues& secrets);

    std::optional<QString> value(QStringView name) const;

    // Replaces every {{name}} (whitespace inside the braces is trimmed; `{{` without a closing `}}` is left as is);
    // an undefined name is an error: `undefined variable {{host}}`. Values are substituted once, not recursively.
    Expected<QString> substitute(QStringView text) const;
    // The same, passing each piece of the result through `encode`: the text around the references with
    // `fromVariable` false, each value with it true (a URL's query keeps a variable's '&' as newman does).
    using PieceEncoder = std::function<QString(QStringView piece, bool fromVariable)>;
    Expected<QString> substitute(QStringView text, const PieceEncoder& encode) const;

    void setDynamicVariables(DynamicVariables* dynamic) { m_dynamic = dynamic; }

private:
    void addScope(const QList<Variable>& variables, const SecretValues& secrets);
    Expected<QString> valueForReference(QStringView name) const;

    // By name; nullopt is a secret without a stored value. It hides the
    // outer scopes' values on purpose: a production secret missing from the
    // store must not quietly become a development default.
    QHash<QString, std::optional<QString>> m_values;
    DynamicVariables* m_dynamic = nullptr;
};

} // namespace jitterbug
