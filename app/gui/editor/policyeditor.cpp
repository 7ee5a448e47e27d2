#include "editor/policyeditor.h"

#include "charts/policypreviewchart.h"
#include "editor/policyfield.h"
#include "editor/policypresets.h"
#include "policy/policyjson.h"

#include <QAction>
#include <QComboBox>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QLabel>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QToolButton>
#include <QVBoxLayout>

#include <vector>

namespace jitterbug::gui {

namespace {

constexpr int kStateColumnWidth = 60; // "inherited" or a Reset button, so rows line up

// One field on screen: its widgets, its name, and what says where its value comes from.
struct FieldRow {
    PolicyField field;
    QLabel* name = nullptr;
    QLabel* hint = nullptr; // "inherited" or "default" while the request does not set it
    QToolButton* reset = nullptr; // while it does
    QAction* resetAction = nullptr; // the same, in the name's context menu
};

} // namespace

struct PolicyEditor::Private {
    PolicyEditor* q;
    QJsonObject inherited;
    QJsonObject own;
    const QJsonObject defaults = QJsonDocument::fromJson(policyToJson(RetryPolicy{})).object();
    std::vector<FieldRow> rows;
    bool filling = false;
    int lineHeight = QSpinBox().sizeHint().height(); // one row of the form, for aligning names

    QComboBox* presets = nullptr;
    QLabel* problem = nullptr;
    PolicyPreviewChart* preview = nullptr;

    explicit Private(PolicyEditor* editor)
        : q(editor)
    {
    }

    FieldRow* rowOf(const QString& key)
    {
        for (FieldRow& row : rows) {
            if (row.field.key == key)
                return &row;
        }
        return nullptr;
    }

    QJsonObject merged() const
    {
        QJsonObject m = inherited;
        for (auto it = own.begin(); it != own.end(); ++it)
            m.insert(it.key(), it.value());
        return m;
    }

    // What a field shows: the request's value, else the inherited one, else
    // the default. null is the default too: for the optional fields that is
    // "off", and for the others policyFromJson reads null as absent.
    QJsonValue shownValue(const QString& key) const
    {
        const QJsonValue v = own.contains(key) ? own.value(key) : inherited.value(key);
        return v.isNull() || v.isUndefined() ? defaults.value(key) : v;
    }

    void show(FieldRow& row)
    {
        filling = true;
        row.field.show(shownValue(row.field.key));
        filling = false;
        showSource(row);
    }

    void showSource(FieldRow& row)
    {
        const bool overridden = own.contains(row.field.key);
        const bool fromParent = inherited.contains(row.field.key);
        QFont font = row.name->font();
        font.setBold(overridden);
        row.name->setFont(font);
        row.hint->setVisible(!overridden);
        row.hint->setText(fromParent ? tr("inherited") : tr("default"));
        row.hint->setToolTip(fromParent ? tr("Set by the collection or a folder; change it to override it here")
                                        : tr("Jitterbug's default; change it to set it for this request"));
        row.reset->setVisible(overridden);
        row.reset->setToolTip(fromParent ? tr("Use the inherited value again") : tr("Use the default again"));
        row.resetAction->setEnabled(overridden);
    }

    void onEdited(const QString& key)
    {
        if (filling)
            return;
        FieldRow* row = rowOf(key);
        own.insert(key, row->field.read());
        showSource(*row);
        refresh();
        Q_EMIT q->edited();
    }

    void reset(const QString& key)
    {
        if (!own.contains(key))
            return;
        own.remove(key);
        if (FieldRow* row = rowOf(key)) // a key this editor has no widget for is dropped all the same
            show(*row);
        refresh();
        Q_EMIT q->edited();
    }

    static QString tr(const char* text) { return PolicyEditor::tr(text); }

    // Everything that follows from the values: the problem line, the preview,
    // the preset box and which fields matter.
    void refresh()
    {
        const Expected<RetryPolicy> policy = policyFromJson(merged());
        const QString message = policy ? QString() : policy.error().message;
        problem->setText(message);
        problem->setVisible(!message.isEmpty());
        const QString badKey = policyFieldNamedIn(message);
        for (FieldRow& row : rows) {
            const bool bad = row.field.key == badKey;
            row.name->setStyleSheet(bad ? QStringLiteral("QLabel { color: #c62828; }") : QString());
        }
        if (policy)
            preview->setPolicy(*policy);
        showPresetOf(policy);
        enableWhatMatters();
    }

    // The preset whose fields the policy has, or "Custom".
    void showPresetOf(const Expected<RetryPolicy>& policy)
    {
        int index = 0;
        if (policy) {
            const QList<PolicyPreset>& all = policyPresets();
            for (qsizetype i = 0; i < all.size() && index == 0; ++i) {
                QJsonObject withPreset = merged();
                for (auto it = all[i].fields.begin(); it != all[i].fields.end(); ++it)
                    withPreset.insert(it.key(), it.value());
                const Expected<RetryPolicy> candidate = policyFromJson(withPreset);
                if (candidate && *candidate == *policy)
                    index = int(i) + 1;
            }
        }
        presets->setCurrentIndex(index);
    }

    // Fields the other values make irrelevant are disabled, so nobody tunes
    // a multiplier that constant backoff ignores.
    void enableWhatMatters()
    {
        const auto valueOf = [this](const char* key) {
            return rowOf(QLatin1StringView(key).toString())->field.read();
        };
        const bool exponential = valueOf("backoff") == QJsonValue(QStringLiteral("exponential"));
        const bool decorrelated = valueOf("jitter") == QJsonValue(QStringLiteral("decorrelated"));
        rowOf(QStringLiteral("multiplier"))->field.editor->setEnabled(exponential && !decorrelated);
        rowOf(QStringLiteral("max_retry_after_ms"))->field.editor->setEnabled(valueOf("respect_retry_after").toBool());
    }

    QWidget* makeForm(QWidget* parent)
    {
        auto* form = new QWidget(parent);
        auto* layout = new QVBoxLayout(form);
        const auto editedFor = [this](const QString& key) -> FieldEdited {
            return [this, key] {
                onEdited(key);
            };
        };
        for (const PolicySection& section : makePolicySections(form, editedFor)) {
            auto* box = new QGroupBox(section.title, form);
            auto* grid = new QGridLayout(box);
            grid->setColumnStretch(1, 1);
            grid->setVerticalSpacing(6);
            for (const PolicyField& field : section.fields)
                addRow(grid, field);
            layout->addWidget(box);
        }
        layout->addStretch(1);
        return form;
    }

    void addRow(QGridLayout* grid, const PolicyField& field)
    {
        FieldRow row;
        row.field = field;
        QWidget* box = grid->parentWidget();
        row.name = new QLabel(field.label, box);
        row.name->setBuddy(field.editor);
        row.name->setToolTip(field.help);
        field.editor->setToolTip(field.help);
        auto* state = new QWidget(box);
        state->setFixedWidth(kStateColumnWidth); // the editors, not this, take the spare width
        row.hint = new QLabel(state);
        row.hint->setObjectName(QStringLiteral("hint:") + field.key);
        row.hint->setForegroundRole(QPalette::PlaceholderText);
        QFont small = row.hint->font();
        small.setItalic(true);
        row.hint->setFont(small);
        row.reset = new QToolButton(state);
        row.reset->setObjectName(QStringLiteral("reset:") + field.key);
        row.reset->setText(tr("Reset"));
        row.reset->setAutoRaise(true);
        row.resetAction = new QAction(tr("Reset to inherited"), row.name);
        row.name->addAction(row.resetAction);
        row.name->setContextMenuPolicy(Qt::ActionsContextMenu);

        const QString key = field.key;
        connect(row.reset, &QToolButton::clicked, q, [this, key] { reset(key); });
        connect(row.resetAction, &QAction::triggered, q, [this, key] { reset(key); });

        // Every row is aligned to its first line, as tall for all: composite
        // editors grow downwards, their name and state stay beside their switch.
        for (QWidget* w : {static_cast<QWidget*>(row.name), static_cast<QWidget*>(row.hint)})
            w->setMinimumHeight(lineHeight);
        const Qt::Alignment top = Qt::AlignLeft | Qt::AlignTop;
        const int r = grid->rowCount();
        grid->addWidget(row.name, r, 0, top);
        grid->addWidget(field.editor, r, 1); // no alignment: it fills the column
        auto* stateLayout = new QHBoxLayout(state);
        stateLayout->setContentsMargins(0, 0, 0, 0);
        stateLayout->addWidget(row.hint);
        stateLayout->addWidget(row.reset);
        stateLayout->addStretch(1);
        grid->addWidget(state, r, 2, top);
        rows.push_back(row);
    }

    QWidget* makePresetLine(QWidget* parent)
    {
        auto* line = new QWidget(parent);
        presets = new QComboBox(line);
        presets->setObjectName(QStringLiteral("presets"));
        presets->addItem(tr("Custom"));
        for (const PolicyPreset& preset : policyPresets()) {
            presets->addItem(preset.name);
            presets->setItemData(presets->count() - 1, preset.description, Qt::ToolTipRole);
        }
        presets->setToolTip(tr("Set the fields of a well-known policy for this request"));
        auto* label = new QLabel(tr("&Preset:"), line);
        label->setBuddy(presets);
        auto* legend = new QLabel(tr("Bold fields are this request's own; the others are inherited."), line);
        legend->setForegroundRole(QPalette::PlaceholderText);
        legend->setWordWrap(true); // a narrow window wraps it rather than growing
        auto* layout = new QHBoxLayout(line);
        layout->setContentsMargins(0, 0, 0, 0);
        layout->addWidget(label);
        layout->addWidget(presets);
        layout->addSpacing(12);
        layout->addWidget(legend, 1);
        // activated: only the user's choice applies a preset, not refresh() showing one.
        connect(presets, &QComboBox::activated, q, [this](int index) {
            if (index > 0)
                q->applyPreset(presets->itemText(index));
        });
        return line;
    }
};

PolicyEditor::PolicyEditor(QWidget* parent)
    : QWidget(parent)
    , d(std::make_unique<Private>(this))
{
    d->problem = new QLabel(this);
    d->problem->setObjectName(QStringLiteral("problem"));
    d->problem->setStyleSheet(QStringLiteral("QLabel { color: #c62828; }"));
    d->problem->setTextInteractionFlags(Qt::TextSelectableByMouse);
    d->problem->setWordWrap(true); // one line, unless the window is too narrow for it
    d->problem->hide();
    d->preview = new PolicyPreviewChart(this);

    auto* scroll = new QScrollArea(this);
    scroll->setWidget(d->makeForm(scroll));
    scroll->setWidgetResizable(true);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    followFormWidth(scroll);

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(scroll);
    splitter->addWidget(d->preview);
    // The form keeps the width it needs; the chart takes the rest.
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    splitter->setChildrenCollapsible(false);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(d->makePresetLine(this));
    layout->addWidget(d->problem);
    layout->addWidget(splitter, 1);

    setPolicy({}, std::nullopt);
}

PolicyEditor::~PolicyEditor() = default;

void PolicyEditor::setPolicy(const QJsonObject& inherited, const std::optional<PolicyOverride>& own)
{
    d->inherited = inherited;
    d->own = own ? own->fields : QJsonObject();
    for (FieldRow& row : d->rows)
        d->show(row);
    d->refresh();
}

std::optional<PolicyOverride> PolicyEditor::policyOverride() const
{
    if (d->own.isEmpty())
        return std::nullopt;
    return PolicyOverride{d->own};
}

Expected<RetryPolicy> PolicyEditor::effectivePolicy() const
{
    return policyFromJson(d->merged());
}

QString PolicyEditor::problem() const
{
    return d->problem->isHidden() ? QString() : d->problem->text();
}

PolicyPreviewChart* PolicyEditor::preview() const
{
    return d->preview;
}

QStringList PolicyEditor::presetNames() const
{
    QStringList names;
    for (const PolicyPreset& preset : policyPresets())
        names.append(preset.name);
    return names;
}

void PolicyEditor::applyPreset(const QString& name)
{
    const std::optional<PolicyPreset> preset = findPolicyPreset(name);
    if (!preset)
        return;
    for (auto it = preset->fields.begin(); it != preset->fields.end(); ++it) {
        d->own.insert(it.key(), it.value());
        if (FieldRow* row = d->rowOf(it.key()))
            d->show(*row);
    }
    d->refresh();
    Q_EMIT edited();
}

bool PolicyEditor::isOverridden(const QString& key) const
{
    return d->own.contains(key);
}

void PolicyEditor::resetToInherited(const QString& key)
{
    d->reset(key);
}

} // namespace jitterbug::gui
