#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace jitterbug::gui {

// A named policy people know from other tools. Choosing one writes its
// fields into the request's override, whatever is inherited, so the preset
// means the same on every request.
struct PolicyPreset {
    QString name;
    QString description; // a tooltip: where the numbers come from
    QJsonObject fields; // in the policy file's names
};

// "No retries", "curl --retry 3", "AWS SDK standard", "gRPC example",
// "Polly default", "Gentle", "Aggressive", in that order.
const QList<PolicyPreset>& policyPresets();
std::optional<PolicyPreset> findPolicyPreset(const QString& name);

} // namespace jitterbug::gui
