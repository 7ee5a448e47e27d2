#pragma once

#include <QJsonArray>
#include <QJsonValue>
#include <QList>
#include <QString>

#include <functional>

class QScrollArea;
class QWidget;

namespace jitterbug::gui {

// One top-level field of the policy file as the Resilience tab edits it:
// the widget, how to show a JSON value in it and how to read it back.
// Nested settings (rate_limit, circuit_breaker, ...) are one field each,
// because a level's object replaces its parent's whole (docs/collections.md),
// so they are overridden and reset as one.
struct PolicyField {
    QString key; // the policy file's name: "max_attempts"
    QString label; // for people: "Max attempts"
    QString help; // a tooltip: what the field does
    QWidget* editor = nullptr;
    // Shows a value the policy file could hold; null means the field's
    // default or "off". Never reports an edit.
    std::function<void(const QJsonValue&)> show;
    // The widget's value in the policy file's form.
    std::function<QJsonValue()> read;
};

// Numbers get a number's width: a spin box as wide as the form reads as a text field.
inline constexpr int kNumberFieldWidth = 150;

// Called after the user changes a field's widget (the editor ignores calls
// made while it fills the widgets itself).
using FieldEdited = std::function<void()>;

// A JSON name, the text a person reads for it, and a tooltip.
struct Choice {
    QString name;
    QString text;
    QString help = {};
};

PolicyField integerField(const QString& key, const QString& label, int minimum, int maximum, QWidget* parent,
                         const FieldEdited& edited);
PolicyField numberField(const QString& key, const QString& label, double minimum, double maximum, double step,
                        QWidget* parent, const FieldEdited& edited);
PolicyField durationField(const QString& key, const QString& label, QWidget* parent, const FieldEdited& edited);
// A duration that may be off (null): a check box and the duration, which
// starts at `suggestedMs` the first time it is switched on.
PolicyField optionalDurationField(const QString& key, const QString& label, const QString& onText, double suggestedMs,
                                  QWidget* parent, const FieldEdited& edited);
PolicyField choiceField(const QString& key, const QString& label, const QList<Choice>& choices, QWidget* parent,
                        const FieldEdited& edited);
PolicyField booleanField(const QString& key, const QString& label, const QString& text, QWidget* parent,
                         const FieldEdited& edited);
// retry_on: statuses as "408, 429, 500-504".
PolicyField statusListField(const QString& key, const QString& label, QWidget* parent, const FieldEdited& edited);
// retry_on_errors: one check box per network error code the policy takes.
PolicyField errorListField(const QString& key, const QString& label, QWidget* parent, const FieldEdited& edited);

// The composite fields (policysectionfields.cpp).
PolicyField idempotencyField(QWidget* parent, const FieldEdited& edited);
PolicyField rateLimitField(QWidget* parent, const FieldEdited& edited);
PolicyField circuitBreakerField(QWidget* parent, const FieldEdited& edited);
PolicyField retryBudgetField(QWidget* parent, const FieldEdited& edited);
PolicyField fallbackField(QWidget* parent, const FieldEdited& edited);

// The Resilience tab's sections, top to bottom, each with its fields in
// order; `editedFor(key)` gives the callback for the field `key`.
struct PolicySection {
    QString title;
    QList<PolicyField> fields;
};
QList<PolicySection> makePolicySections(QWidget* parent, const std::function<FieldEdited(const QString&)>& editedFor);

// Keeps `scroll` as wide as its widget's minimum (plus a scroll bar), so the
// form scrolls only up and down, also after a section opens.
void followFormWidth(QScrollArea* scroll);
// The top-level field a policy reader's message names:
// "policy.circuit_breaker.window: ..." → "circuit_breaker"; empty if none.
QString policyFieldNamedIn(const QString& message);

// A status list for people: runs of four or more as ranges ("400-599").
QString statusListText(const QJsonArray& statuses);
// What the user typed, in order: numbers for statuses, ranges expanded.
// A word that is neither stays a string, so policyFromJson names it
// ("policy.retry_on[2]: expected an HTTP status 100–599, got \"5xx\"").
QJsonArray statusListFromText(const QString& text);

} // namespace jitterbug::gui
