// The policy's composite fields: the idempotency key and the optional
// settings objects (rate limit, circuit breaker, retry budget, fallback).
// Each is one field of the policy file, shown as a switch and a small form.
#include "editor/durationedit.h"
#include "editor/policyfield.h"
#include "policy/retrypolicy.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonObject>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSpinBox>
#include <QVBoxLayout>

namespace jitterbug::gui {

namespace {

constexpr int kLargeCount = 1'000'000;

// A switch and, while it is on, the settings under it.
struct Section {
    QWidget* box;
    QCheckBox* on;
    QWidget* details;
    QFormLayout* form;
};

Section makeSection(const QString& key, const QString& onText, QWidget* parent, const FieldEdited& edited)
{
    Section s;
    s.box = new QWidget(parent);
    s.on = new QCheckBox(onText, s.box);
    s.on->setObjectName(key + QStringLiteral(".on"));
    s.details = new QWidget(s.box);
    s.form = new QFormLayout(s.details);
    s.form->setContentsMargins(20, 0, 0, 0); // under the switch, as its children
    s.form->setVerticalSpacing(3);
    auto* layout = new QVBoxLayout(s.box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(3);
    layout->addWidget(s.on);
    layout->addWidget(s.details);
    s.details->setVisible(false);
    QObject::connect(s.on, &QCheckBox::toggled, s.details, &QWidget::setVisible);
    QObject::connect(s.on, &QCheckBox::toggled, parent, edited);
    return s;
}

QString childName(const QString& key, const char* member)
{
    return key + u'.' + QLatin1StringView(member);
}

QSpinBox* countBox(Section& s, const QString& key, const char* member, const QString& label, int minimum,
                   const FieldEdited& edited)
{
    auto* spin = new QSpinBox(s.details);
    spin->setObjectName(childName(key, member));
    spin->setRange(minimum, kLargeCount);
    spin->setMaximumWidth(kNumberFieldWidth);
    s.form->addRow(label, spin);
    QObject::connect(spin, &QSpinBox::valueChanged, s.box, edited);
    return spin;
}

QDoubleSpinBox* numberBox(Section& s, const QString& key, const char* member, const QString& label, double maximum,
                          double step, const FieldEdited& edited)
{
    auto* spin = new CompactSpinBox(s.details);
    spin->setObjectName(childName(key, member));
    spin->setDecimals(3);
    spin->setRange(0, maximum);
    spin->setSingleStep(step);
    spin->setMaximumWidth(kNumberFieldWidth);
    s.form->addRow(label, spin);
    QObject::connect(spin, &QDoubleSpinBox::valueChanged, s.box, edited);
    return spin;
}

DurationEdit* durationBox(Section& s, const QString& key, const char* member, const QString& label,
                          const FieldEdited& edited)
{
    auto* duration = new DurationEdit(s.details);
    duration->setObjectName(childName(key, member));
    duration->setMaximumWidth(kNumberFieldWidth);
    s.form->addRow(label, duration);
    QObject::connect(duration, &DurationEdit::edited, s.box, edited);
    return duration;
}

QComboBox* choiceBox(Section& s, const QString& key, const char* member, const QString& label,
                     const QList<Choice>& choices, const FieldEdited& edited)
{
    auto* combo = new QComboBox(s.details);
    combo->setObjectName(childName(key, member));
    for (const Choice& choice : choices)
        combo->addItem(choice.text, choice.name);
    s.form->addRow(label, combo);
    QObject::connect(combo, &QComboBox::currentIndexChanged, s.box, edited);
    return combo;
}

void selectData(QComboBox* combo, const QString& data)
{
    combo->setCurrentIndex(std::max(0, combo->findData(data)));
}

// A member of a settings object, or the settings' default when it is absent.
double numberOr(const QJsonObject& o, const char* member, double fallback)
{
    const QJsonValue v = o.value(QLatin1StringView(member));
    return v.isDouble() ? v.toDouble() : fallback;
}

QString stringOr(const QJsonObject& o, const char* member, const QString& fallback)
{
    const QJsonValue v = o.value(QLatin1StringView(member));
    return v.isString() ? v.toString() : fallback;
}

} // namespace

PolicyField idempotencyField(QWidget* parent, const FieldEdited& edited)
{
    const QString key = QStringLiteral("idempotency_key");
    auto* box = new QWidget(parent);
    auto* header = new QLineEdit(box);
    auto* mode = new QComboBox(box);
    auto* value = new QLineEdit(box);
    header->setObjectName(childName(key, "header"));
    mode->setObjectName(childName(key, "mode"));
    value->setObjectName(childName(key, "value"));
    mode->addItem(QObject::tr("none"), QStringLiteral("none"));
    mode->addItem(QObject::tr("auto"), QStringLiteral("auto"));
    mode->setItemData(1, QObject::tr("A new UUID per call, the same on each of its attempts"), Qt::ToolTipRole);
    mode->addItem(QObject::tr("fixed"), QStringLiteral("fixed"));
    value->setPlaceholderText(QObject::tr("the key to send"));
    value->setEnabled(false);

    auto* keyLine = new QHBoxLayout;
    keyLine->addWidget(mode);
    keyLine->addWidget(value, 1);
    auto* form = new QFormLayout(box);
    form->setContentsMargins(0, 0, 0, 0);
    form->setVerticalSpacing(3);
    form->addRow(QObject::tr("Header:"), header);
    form->addRow(QObject::tr("Key:"), keyLine);

    QObject::connect(mode, &QComboBox::currentIndexChanged, value,
                     [mode, value] { value->setEnabled(mode->currentData() == QStringLiteral("fixed")); });
    QObject::connect(header, &QLineEdit::textChanged, parent, edited);
    QObject::connect(mode, &QComboBox::currentIndexChanged, parent, edited);
    QObject::connect(value, &QLineEdit::textChanged, parent, edited);

    PolicyField field;
    field.key = key;
    field.label = QObject::tr("Idempotency key");
    field.editor = box;
    box->setObjectName(key);
    field.show = [header, mode, value](const QJsonValue& v) {
        const QJsonObject o = v.toObject();
        header->setText(stringOr(o, "header", QString::fromLatin1(RetryPolicy{}.idempotencyHeader)));
        const QString key = o.value(QStringLiteral("value")).toString();
        if (key.isEmpty()) {
            selectData(mode, QStringLiteral("none"));
        } else if (key == u"auto") {
            selectData(mode, QStringLiteral("auto"));
        } else {
            value->setText(key);
            selectData(mode, QStringLiteral("fixed"));
        }
    };
    field.read = [header, mode, value] {
        QJsonObject o{{QStringLiteral("header"), header->text()}};
        const QString chosen = mode->currentData().toString();
        if (chosen == u"auto")
            o.insert(QStringLiteral("value"), QStringLiteral("auto"));
        else if (chosen == u"fixed")
            o.insert(QStringLiteral("value"), value->text());
        else
            o.insert(QStringLiteral("value"), QJsonValue());
        return QJsonValue(o);
    };
    return field;
}

PolicyField rateLimitField(QWidget* parent, const FieldEdited& edited)
{
    const QString key = QStringLiteral("rate_limit");
    Section s = makeSection(key, QObject::tr("Limit the request rate"), parent, edited);
    QSpinBox* requests = countBox(s, key, "requests", QObject::tr("Requests:"), 1, edited);
    DurationEdit* period = durationBox(s, key, "period_ms", QObject::tr("Per:"), edited);
    QSpinBox* burst = countBox(s, key, "burst", QObject::tr("Burst:"), 0, edited);
    burst->setSpecialValueText(QObject::tr("= requests"));
    burst->setToolTip(QObject::tr("How many requests may go at once; 0 means as many as the requests per period"));
    QComboBox* scope = choiceBox(s, key, "scope", QObject::tr("Shared by:"),
                                 {{QStringLiteral("call"), QObject::tr("each call alone")},
                                  {QStringLiteral("run"), QObject::tr("every call of the run")},
                                  {QStringLiteral("host"), QObject::tr("every call to the host")}},
                                 edited);

    PolicyField field{key, QObject::tr("Rate limit"), {}, s.box, {}, {}};
    s.box->setObjectName(key);
    field.show = [s, requests, period, burst, scope](const QJsonValue& v) {
        const RateLimitSettings d;
        const QJsonObject o = v.toObject();
        requests->setValue(int(numberOr(o, "requests", d.requests)));
        period->setMilliseconds(numberOr(o, "period_ms", d.periodMs));
        burst->setValue(int(numberOr(o, "burst", d.burst)));
        selectData(scope, stringOr(o, "scope", rateLimitScopeName(d.scope)));
        s.on->setChecked(v.isObject());
    };
    field.read = [s, requests, period, burst, scope] {
        if (!s.on->isChecked())
            return QJsonValue();
        return QJsonValue(QJsonObject{{QStringLiteral("requests"), requests->value()},
                                      {QStringLiteral("period_ms"), period->milliseconds()},
                                      {QStringLiteral("burst"), burst->value()},
                                      {QStringLiteral("scope"), scope->currentData().toString()}});
    };
    return field;
}

PolicyField circuitBreakerField(QWidget* parent, const FieldEdited& edited)
{
    const QString key = QStringLiteral("circuit_breaker");
    Section s = makeSection(key, QObject::tr("Fail fast while calls fail"), parent, edited);
    QSpinBox* window = countBox(s, key, "window", QObject::tr("Window (calls):"), 1, edited);
    QSpinBox* minimum = countBox(s, key, "minimum_calls", QObject::tr("Minimum calls:"), 1, edited);
    QDoubleSpinBox* ratio = numberBox(s, key, "failure_ratio", QObject::tr("Failure ratio:"), 1, 0.05, edited);
    DurationEdit* breakFor = durationBox(s, key, "break_ms", QObject::tr("Open for:"), edited);
    QSpinBox* probes = countBox(s, key, "half_open_probes", QObject::tr("Half-open probes:"), 1, edited);
    QComboBox* scope = choiceBox(
        s, key, "scope", QObject::tr("One breaker per:"),
        {{QStringLiteral("host"), QObject::tr("host")}, {QStringLiteral("run"), QObject::tr("run (all hosts)")}},
        edited);

    PolicyField field{key, QObject::tr("Circuit breaker"), {}, s.box, {}, {}};
    s.box->setObjectName(key);
    field.show = [s, window, minimum, ratio, breakFor, probes, scope](const QJsonValue& v) {
        const CircuitBreakerSettings d;
        const QJsonObject o = v.toObject();
        window->setValue(int(numberOr(o, "window", d.window)));
        minimum->setValue(int(numberOr(o, "minimum_calls", d.minimumCalls)));
        ratio->setValue(numberOr(o, "failure_ratio", d.failureRatio));
        breakFor->setMilliseconds(numberOr(o, "break_ms", d.breakMs));
        probes->setValue(int(numberOr(o, "half_open_probes", d.halfOpenProbes)));
        selectData(scope, stringOr(o, "scope", breakerScopeName(d.scope)));
        s.on->setChecked(v.isObject());
    };
    field.read = [s, window, minimum, ratio, breakFor, probes, scope] {
        if (!s.on->isChecked())
            return QJsonValue();
        return QJsonValue(QJsonObject{{QStringLiteral("window"), window->value()},
                                      {QStringLiteral("minimum_calls"), minimum->value()},
                                      {QStringLiteral("failure_ratio"), ratio->value()},
                                      {QStringLiteral("break_ms"), breakFor->milliseconds()},
                                      {QStringLiteral("half_open_probes"), probes->value()},
                                      {QStringLiteral("scope"), scope->currentData().toString()}});
    };
    return field;
}

PolicyField retryBudgetField(QWidget* parent, const FieldEdited& edited)
{
    const QString key = QStringLiteral("retry_budget");
    Section s = makeSection(key, QObject::tr("Cap retries at a share of calls"), parent, edited);
    QDoubleSpinBox* ratio = numberBox(s, key, "ratio", QObject::tr("Retries per attempt:"), 100, 0.05, edited);
    DurationEdit* window = durationBox(s, key, "window_ms", QObject::tr("Over the last:"), edited);
    QDoubleSpinBox* floor
        = numberBox(s, key, "min_per_second", QObject::tr("At least, per second:"), kLargeCount, 1, edited);

    PolicyField field{key, QObject::tr("Retry budget"), {}, s.box, {}, {}};
    s.box->setObjectName(key);
    field.show = [s, ratio, window, floor](const QJsonValue& v) {
        const RetryBudgetSettings d;
        const QJsonObject o = v.toObject();
        ratio->setValue(numberOr(o, "ratio", d.ratio));
        window->setMilliseconds(numberOr(o, "window_ms", d.windowMs));
        floor->setValue(numberOr(o, "min_per_second", d.minPerSecond));
        s.on->setChecked(v.isObject());
    };
    field.read = [s, ratio, window, floor] {
        if (!s.on->isChecked())
            return QJsonValue();
        return QJsonValue(QJsonObject{{QStringLiteral("ratio"), ratio->value()},
                                      {QStringLiteral("window_ms"), window->milliseconds()},
                                      {QStringLiteral("min_per_second"), floor->value()}});
    };
    return field;
}

PolicyField fallbackField(QWidget* parent, const FieldEdited& edited)
{
    const QString key = QStringLiteral("fallback");
    auto* box = new QWidget(parent);
    auto* mode = new QComboBox(box);
    mode->setObjectName(childName(key, "mode"));
    mode->addItem(QObject::tr("off: the call fails"), QStringLiteral("off"));
    mode->addItem(QObject::tr("a static response"), QStringLiteral("static"));
    mode->addItem(QObject::tr("the last good response"), QStringLiteral("last_good"));
    auto* details = new QWidget(box);
    auto* status = new QSpinBox(details);
    auto* type = new QLineEdit(details);
    auto* body = new QPlainTextEdit(details);
    status->setObjectName(childName(key, "status"));
    type->setObjectName(childName(key, "content_type"));
    body->setObjectName(childName(key, "body"));
    status->setRange(0, 999); // out-of-range statuses get validate()'s message, not a silent clamp
    status->setMaximumWidth(kNumberFieldWidth);
    body->setTabChangesFocus(true);
    body->setFixedHeight(body->fontMetrics().lineSpacing() * 3 + 12);

    auto* form = new QFormLayout(details);
    form->setContentsMargins(20, 0, 0, 0);
    form->setVerticalSpacing(3);
    form->addRow(QObject::tr("Status:"), status);
    form->addRow(QObject::tr("Content type:"), type);
    form->addRow(QObject::tr("Body:"), body);
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(3);
    layout->addWidget(mode);
    layout->addWidget(details);
    details->setVisible(false);

    QObject::connect(mode, &QComboBox::currentIndexChanged, details,
                     [mode, details] { details->setVisible(mode->currentData() == QStringLiteral("static")); });
    QObject::connect(mode, &QComboBox::currentIndexChanged, parent, edited);
    QObject::connect(status, &QSpinBox::valueChanged, parent, edited);
    QObject::connect(type, &QLineEdit::textChanged, parent, edited);
    QObject::connect(body, &QPlainTextEdit::textChanged, parent, edited);

    PolicyField field{key, QObject::tr("Fallback"), {}, box, {}, {}};
    box->setObjectName(key);
    field.show = [mode, status, type, body](const QJsonValue& v) {
        const FallbackSettings d;
        const QJsonObject o = v.toObject();
        status->setValue(int(numberOr(o, "status", d.status)));
        type->setText(stringOr(o, "content_type", QString::fromUtf8(d.contentType)));
        body->setPlainText(stringOr(o, "body", QString::fromUtf8(d.body)));
        selectData(mode, v.isObject() ? stringOr(o, "mode", QStringLiteral("static")) : QStringLiteral("off"));
    };
    field.read = [mode, status, type, body] {
        const QString chosen = mode->currentData().toString();
        if (chosen == u"off")
            return QJsonValue();
        if (chosen == u"last_good")
            return QJsonValue(QJsonObject{{QStringLiteral("mode"), chosen}});
        return QJsonValue(QJsonObject{{QStringLiteral("mode"), chosen},
                                      {QStringLiteral("status"), status->value()},
                                      {QStringLiteral("body"), body->toPlainText()},
                                      {QStringLiteral("content_type"), type->text()}});
    };
    return field;
}

} // namespace jitterbug::gui
