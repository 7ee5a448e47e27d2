#pragma once

#include "collection/collection.h"
#include "policy/retrypolicy.h"

#include <QJsonObject>
#include <QStringList>
#include <QWidget>

#include <memory>
#include <optional>

namespace jitterbug::gui {

class PolicyPreviewChart;

// The request editor's Resilience tab: every field of the retry policy, the
// presets, and beside them a preview of the waits the policy makes.
//
// A request's policy is an override of what the collection and its folders
// set (docs/collections.md, "Policy"): a field the request does not set is
// shown with the inherited value and a grey "inherited" (or "default")
// hint; changing it makes it the request's own (its name turns bold and a
// Reset button appears, also in the name's context menu). Overrides are per
// top-level field, as the merge is: a rate limit, breaker, budget or
// fallback is overridden or reset whole.
//
// A value the policy does not accept (multiplier 0, more minimum calls than
// the breaker's window, ...) is shown as a red line with the policy reader's
// own message, naming the field; the preview keeps the last valid policy.
class PolicyEditor : public QWidget
{
    Q_OBJECT
public:
    explicit PolicyEditor(QWidget* parent = nullptr);
    ~PolicyEditor() override;

    // `inherited`: the policy fields in force above the request (collection
    // and folders, merged); `own`: the request's override.
    void setPolicy(const QJsonObject& inherited, const std::optional<PolicyOverride>& own);
    // The request's override after the edits: the fields set at this level
    // (what the widgets say, even while invalid: see problem()); std::nullopt
    // when none.
    std::optional<PolicyOverride> policyOverride() const;
    // inherited + own, read with policyFromJson; its error (field-named) when invalid.
    Expected<RetryPolicy> effectivePolicy() const;
    QString problem() const; // the first invalid field's message, or empty

    PolicyPreviewChart* preview() const;
    QStringList presetNames() const;
    // Writes the preset's fields into the override, as choosing it in the
    // preset box does (so it emits edited()). An unknown name does nothing.
    void applyPreset(const QString& name);

    // Whether the request sets `key` (a top-level policy field) itself.
    bool isOverridden(const QString& key) const;
    // Drops the request's own value of `key`, as its Reset button does.
    void resetToInherited(const QString& key);

Q_SIGNALS:
    void edited(); // after every change by the user (not by setPolicy)

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace jitterbug::gui
