#include "editor/policyfield.h"

#include "editor/durationedit.h"
#include "http/errorcode.h"

#include <QCheckBox>
#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QRegularExpression>
#include <QSpinBox>

namespace jitterbug::gui {

namespace {

constexpr int kShortestRange = 4; // shorter runs read better as a list: "502, 503, 504"
constexpr int kLongestRange = 1000; // a typo like "500-50000" is not expanded but reported

// Short, so two columns fit beside the chart; the row says "errors" and
// the tooltip gives the code's name.
QString errorShortName(ErrorCode code)
{
    switch (code) {
    case ErrorCode::ConnectionRefused:
        return QObject::tr("refused");
    case ErrorCode::ConnectionReset:
        return QObject::tr("reset");
    case ErrorCode::NetworkUnreachable:
        return QObject::tr("unreachable");
    case ErrorCode::NetworkError:
        return QObject::tr("other");
    default:
        return errorCodeName(code).replace(u'_', u' ');
    }
}

PolicyField fieldOf(const QString& key, const QString& label, QWidget* editor)
{
    PolicyField field;
    field.key = key;
    field.label = label;
    field.editor = editor;
    editor->setObjectName(key);
    return field;
}

} // namespace

PolicyField integerField(const QString& key, const QString& label, int minimum, int maximum, QWidget* parent,
                         const FieldEdited& edited)
{
    auto* spin = new QSpinBox(parent);
    spin->setRange(minimum, maximum);
    spin->setMaximumWidth(kNumberFieldWidth);
    QObject::connect(spin, &QSpinBox::valueChanged, parent, edited);
    PolicyField field = fieldOf(key, label, spin);
    field.show = [spin](const QJsonValue& v) {
        spin->setValue(v.toInt());
    };
    field.read = [spin] {
        return QJsonValue(spin->value());
    };
    return field;
}

PolicyField numberField(const QString& key, const QString& label, double minimum, double maximum, double step,
                        QWidget* parent, const FieldEdited& edited)
{
    auto* spin = new CompactSpinBox(parent);
    spin->setDecimals(3);
    spin->setRange(minimum, maximum);
    spin->setSingleStep(step);
    spin->setMaximumWidth(kNumberFieldWidth);
    QObject::connect(spin, &QDoubleSpinBox::valueChanged, parent, edited);
    PolicyField field = fieldOf(key, label, spin);
    field.show = [spin](const QJsonValue& v) {
        spin->setValue(v.toDouble());
    };
    field.read = [spin] {
        return QJsonValue(spin->value());
    };
    return field;
}

PolicyField durationField(const QString& key, const QString& label, QWidget* parent, const FieldEdited& edited)
{
    auto* duration = new DurationEdit(parent);
    duration->setMaximumWidth(kNumberFieldWidth);
    QObject::connect(duration, &DurationEdit::edited, parent, edited);
    PolicyField field = fieldOf(key, label, duration);
    field.show = [duration](const QJsonValue& v) {
        duration->setMilliseconds(v.toDouble());
    };
    field.read = [duration] {
        return QJsonValue(duration->milliseconds());
    };
    return field;
}

PolicyField optionalDurationField(const QString& key, const QString& label, const QString& onText, double suggestedMs,
                                  QWidget* parent, const FieldEdited& edited)
{
    auto* box = new QWidget(parent);
    auto* on = new QCheckBox(onText, box);
    auto* duration = new DurationEdit(box);
    on->setObjectName(key + QStringLiteral(".on"));
    duration->setObjectName(key + QStringLiteral(".value"));
    duration->setMilliseconds(suggestedMs);
    duration->setEnabled(false);
    duration->setMaximumWidth(kNumberFieldWidth);
    auto* layout = new QHBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(on);
    layout->addWidget(duration, 1);
    layout->addStretch(0);
    QObject::connect(on, &QCheckBox::toggled, duration, &QWidget::setEnabled);
    QObject::connect(on, &QCheckBox::toggled, parent, edited);
    QObject::connect(duration, &DurationEdit::edited, parent, edited);

    PolicyField field = fieldOf(key, label, box);
    field.show = [on, duration](const QJsonValue& v) {
        // Off keeps the last duration, so switching on again restores it.
        if (v.isDouble())
            duration->setMilliseconds(v.toDouble());
        on->setChecked(v.isDouble());
    };
    field.read = [on, duration] {
        return on->isChecked() ? QJsonValue(duration->milliseconds()) : QJsonValue();
    };
    return field;
}

PolicyField choiceField(const QString& key, const QString& label, const QList<Choice>& choices, QWidget* parent,
                        const FieldEdited& edited)
{
    auto* combo = new QComboBox(parent);
    // Long explanations may be cut on a narrow form; the list shows them whole.
    combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    combo->setMinimumContentsLength(12);
    combo->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    for (const Choice& choice : choices) {
        combo->addItem(choice.text, choice.name);
        combo->setItemData(combo->count() - 1, choice.help, Qt::ToolTipRole);
    }
    QObject::connect(combo, &QComboBox::currentIndexChanged, parent, edited);
    PolicyField field = fieldOf(key, label, combo);
    field.show = [combo](const QJsonValue& v) {
        combo->setCurrentIndex(combo->findData(v.toString()));
    };
    field.read = [combo] {
        return combo->currentIndex() < 0 ? QJsonValue() : QJsonValue(combo->currentData().toString());
    };
    return field;
}

PolicyField booleanField(const QString& key, const QString& label, const QString& text, QWidget* parent,
                         const FieldEdited& edited)
{
    auto* check = new QCheckBox(text, parent);
    QObject::connect(check, &QCheckBox::toggled, parent, edited);
    PolicyField field = fieldOf(key, label, check);
    field.show = [check](const QJsonValue& v) {
        check->setChecked(v.toBool());
    };
    field.read = [check] {
        return QJsonValue(check->isChecked());
    };
    return field;
}

PolicyField statusListField(const QString& key, const QString& label, QWidget* parent, const FieldEdited& edited)
{
    auto* line = new QLineEdit(parent);
    line->setPlaceholderText(QObject::tr("no status is retried"));
    QObject::connect(line, &QLineEdit::textChanged, parent, edited);
    PolicyField field = fieldOf(key, label, line);
    field.show = [line](const QJsonValue& v) {
        line->setText(statusListText(v.toArray()));
    };
    field.read = [line] {
        return QJsonValue(statusListFromText(line->text()));
    };
    return field;
}

PolicyField errorListField(const QString& key, const QString& label, QWidget* parent, const FieldEdited& edited)
{
    auto* box = new QWidget(parent);
    auto* grid = new QGridLayout(box);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setVerticalSpacing(2);
    QList<std::pair<QString, QCheckBox*>> checks;
    for (int i = int(ErrorCode::None); i <= int(ErrorCode::Cancelled); ++i) {
        const auto code = static_cast<ErrorCode>(i);
        if (!isNetworkError(code))
            continue;
        const QString name = errorCodeName(code);
        auto* check = new QCheckBox(errorShortName(code), box);
        check->setObjectName(key + u'.' + name);
        check->setToolTip(name);
        const int n = int(checks.size());
        grid->addWidget(check, n / 2, n % 2);
        checks.append({name, check});
        QObject::connect(check, &QCheckBox::toggled, parent, edited);
    }
    PolicyField field = fieldOf(key, label, box);
    field.show = [checks](const QJsonValue& v) {
        const QJsonArray names = v.toArray();
        for (const auto& [name, check] : checks)
            check->setChecked(names.contains(QJsonValue(name)));
    };
    // In the order of the codes, so toggling one box changes one entry.
    field.read = [checks] {
        QJsonArray names;
        for (const auto& [name, check] : checks) {
            if (check->isChecked())
                names.append(name);
        }
        return QJsonValue(names);
    };
    return field;
}

QString statusListText(const QJsonArray& statuses)
{
    QStringList parts;
    for (qsizetype i = 0; i < statuses.size();) {
        const QJsonValue v = statuses[i];
        if (!v.isDouble()) {
            parts.append(v.toString());
            ++i;
            continue;
        }
        const int first = v.toInt();
        qsizetype end = i + 1;
        while (end < statuses.size() && statuses[end].isDouble() && statuses[end].toInt() == first + int(end - i))
            ++end;
        if (end - i >= kShortestRange) {
            parts.append(QStringLiteral("%1-%2").arg(first).arg(statuses[end - 1].toInt()));
            i = end;
        } else {
            parts.append(QString::number(first));
            ++i;
        }
    }
    return parts.join(QStringLiteral(", "));
}

QJsonArray statusListFromText(const QString& text)
{
    static const QRegularExpression separators(QStringLiteral("[,;\\s]+"));
    static const QRegularExpression range(QStringLiteral("^(\\d{1,4})[-–](\\d{1,4})$"));
    QJsonArray out;
    for (const QString& word : text.split(separators, Qt::SkipEmptyParts)) {
        bool isNumber = false;
        const int status = word.toInt(&isNumber);
        if (isNumber) {
            out.append(status);
            continue;
        }
        const QRegularExpressionMatch m = range.match(word);
        const int from = m.hasMatch() ? m.captured(1).toInt() : 0;
        const int to = m.hasMatch() ? m.captured(2).toInt() : -1;
        if (from <= to && to - from <= kLongestRange) {
            for (int s = from; s <= to; ++s)
                out.append(s);
            continue;
        }
        out.append(word);
    }
    return out;
}

} // namespace jitterbug::gui
