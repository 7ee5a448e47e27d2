#include "herdstrategyspec.h"

#include "collection/collectionfiles.h"
#include "collection/requestbuilder.h"
#include "policy/policyjson.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

namespace jitterbug {

namespace {

Expected<HerdStrategy> strategyFromPolicyFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return ioError(QStringLiteral("strategy %1: cannot read it: %2").arg(path, file.errorString()));
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject())
        return invalidInput(QStringLiteral("strategy %1: not a JSON object (%2)").arg(path, parseError.errorString()));
    Expected<RetryPolicy> policy = policyFromJson(doc.object());
    if (!policy)
        return invalidInput(QStringLiteral("strategy %1: %2").arg(path, policy.error().message));
    QString name = QFileInfo(path).fileName();
    if (name.endsWith(QStringLiteral(".json")))
        name.chop(5);
    return HerdStrategy{name, *policy};
}

Expected<HerdStrategy> strategyFromCollection(const QString& path, const QString& request)
{
    QStringList warnings;
    Expected<Collection> collection = readCollectionFile(path, std::nullopt, warnings);
    if (!collection)
        return invalidInput(QStringLiteral("strategy %1#%2: %3").arg(path, request, collection.error().message));
    for (const ItemPath& item : requestPaths(*collection)) {
        const ItemLocation location = locateItem(*collection, item);
        if (requestDisplayPath(*collection, item) != request && location.item->request()->name != request)
            continue;
        QJsonObject fields = inheritedPolicyFields(*collection, item);
        if (const std::optional<PolicyOverride>& own = location.item->request()->policy) {
            for (auto it = own->fields.begin(); it != own->fields.end(); ++it)
                fields.insert(it.key(), it.value());
        }
        Expected<RetryPolicy> policy = policyFromJson(fields);
        if (!policy)
            return invalidInput(QStringLiteral("strategy %1#%2: %3").arg(path, request, policy.error().message));
        return HerdStrategy{request, *policy};
    }
    return invalidInput(
        QStringLiteral("strategy %1#%2: the collection has no request of that name").arg(path, request));
}

} // namespace

Expected<HerdStrategy> herdStrategyFromSpec(const QString& spec, double baseDelayMs, double maxDelayMs)
{
    if (herdStrategyNames().contains(spec))
        return namedHerdStrategy(spec, baseDelayMs, maxDelayMs);
    if (const qsizetype hash = spec.lastIndexOf(u'#'); hash > 0 && !QFileInfo::exists(spec))
        return strategyFromCollection(spec.left(hash), spec.mid(hash + 1));
    if (QFileInfo::exists(spec))
        return strategyFromPolicyFile(spec);
    return namedHerdStrategy(spec, baseDelayMs, maxDelayMs); // its error lists the names
}

Expected<QList<HerdStrategy>> herdStrategiesFromList(const QString& list, double baseDelayMs, double maxDelayMs)
{
    QList<HerdStrategy> strategies;
    for (const QString& part : list.split(u',')) {
        const QString spec = part.trimmed();
        if (spec.isEmpty())
            continue;
        Expected<HerdStrategy> strategy = herdStrategyFromSpec(spec, baseDelayMs, maxDelayMs);
        if (!strategy)
            return std::unexpected(strategy.error());
        for (const HerdStrategy& earlier : std::as_const(strategies)) {
            if (earlier.name == strategy->name)
                return invalidInput(QStringLiteral("strategy \"%1\" is listed twice").arg(spec));
        }
        strategies.append(std::move(*strategy));
    }
    if (strategies.isEmpty())
        return invalidInput(QStringLiteral("no strategy given; the strategies are %1, or a policy file")
                                .arg(herdStrategyNames().join(QStringLiteral(", "))));
    return strategies;
}

} // namespace jitterbug
