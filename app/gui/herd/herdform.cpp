#include "herdform.h"

#include "herd/herdstrategyspec.h"

#include <QAbstractSpinBox>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSpinBox>

#include <limits>

namespace jitterbug::gui {

namespace {

constexpr int kMostClients = 1'000'000; // the engine's limit
constexpr int kStrategyColumns = 2;
constexpr int kSpinBoxWidth = 80;
constexpr int kOccTrials = 100; // the AWS post's experiment
constexpr int kCapacityTrials = 10;
const QString kProblemStyle = QStringLiteral("QLabel { color: #c62828; }");

QDoubleSpinBox* msBox(QWidget* parent, const char* name, double value, double most)
{
    auto* box = new QDoubleSpinBox(parent);
    box->setObjectName(QLatin1StringView(name).toString());
    box->setRange(0, most);
    box->setDecimals(1);
    box->setSuffix(QStringLiteral(" ms"));
    box->setValue(value);
    return box;
}

QLabel* problemLabel(QWidget* parent, const char* name)
{
    auto* label = new QLabel(parent);
    label->setObjectName(QLatin1StringView(name).toString());
    label->setStyleSheet(kProblemStyle);
    label->setWordWrap(true);
    label->hide();
    return label;
}

void showProblem(QLabel* label, const QString& problem)
{
    label->setText(problem);
    label->setVisible(!problem.isEmpty());
}

} // namespace

Expected<QList<int>> parseClientCounts(const QString& text)
{
    if (text.trimmed().isEmpty())
        return invalidInput(QObject::tr("Enter client counts, such as 10,50,100."));
    QList<int> counts;
    for (const QString& part : text.split(u',')) {
        const QString entry = part.trimmed();
        bool ok = false;
        const int count = entry.toInt(&ok);
        if (entry.isEmpty())
            return invalidInput(QObject::tr("A client count is missing between two commas."));
        if (!ok || count < 1 || count > kMostClients)
            return invalidInput(QObject::tr("\"%1\" is not a number of clients (a whole number from 1 to %2).")
                                    .arg(entry)
                                    .arg(kMostClients));
        if (counts.contains(count))
            return invalidInput(QObject::tr("%1 clients are listed twice.").arg(count));
        counts.append(count);
    }
    return counts;
}

HerdForm::HerdForm(QWidget* parent)
    : QWidget(parent)
    , m_model(new QComboBox(this))
    , m_clients(new QLineEdit(QStringLiteral("10,50,100"), this))
    , m_clientsProblem(problemLabel(this, "clientsProblem"))
    , m_trials(new QSpinBox(this))
    , m_otherModelTrials(kCapacityTrials)
    , m_strategyGroup(new QGroupBox(tr("Strategies"), this))
    , m_strategyGrid(new QGridLayout)
    , m_baseDelay(msBox(this, "baseDelay", 5, 1e9))
    , m_maxDelay(msBox(this, "maxDelay", 2000, 1e9))
    , m_netMean(msBox(this, "netDelayMean", 10, 1e6))
    , m_netSd(msBox(this, "netDelaySd", 2, 1e6))
    , m_capacityGroup(new QGroupBox(tr("Server (capacity model)"), this))
    , m_seed(new QSpinBox(this))
    , m_problem(problemLabel(this, "problem"))
{
    buildCapacityGroup(); // first: every edit below checks the whole form
    m_model->setObjectName(QStringLiteral("model"));
    m_model->addItem(tr("occ: optimistic concurrency"), QStringLiteral("occ"));
    m_model->addItem(tr("capacity: server with a limit"), QStringLiteral("capacity"));
    m_model->setToolTip(tr("occ: every client wants one conditional write to the same row (AWS's experiment).\n"
                           "capacity: every client makes calls, through the engine, to a server that completes at "
                           "most so many requests a second."));
    m_clients->setObjectName(QStringLiteral("clients"));
    m_clients->setPlaceholderText(QStringLiteral("10,50,100"));
    m_clients->setToolTip(tr("Client counts separated by commas; each is run with every strategy."));
    m_trials->setObjectName(QStringLiteral("trials"));
    m_trials->setRange(1, 1'000'000);
    m_trials->setValue(kOccTrials);
    m_trials->setToolTip(tr("Trials per cell; the table shows means over them."));
    m_seed->setObjectName(QStringLiteral("seed"));
    m_seed->setRange(0, std::numeric_limits<int>::max());
    m_seed->setValue(1);

    for (const QString& name : herdStrategyNames())
        addStrategyBox(name, QStringLiteral("strategy:") + name)->setChecked(true);
    auto* addFile = new QPushButton(tr("Add policy file…"), m_strategyGroup);
    addFile->setObjectName(QStringLiteral("addPolicyFile"));
    addFile->setToolTip(tr("A policy JSON file (as the timeline record writes it): the strategy is its whole policy."));
    auto* strategies = new QVBoxLayout(m_strategyGroup);
    strategies->addLayout(m_strategyGrid);
    strategies->addWidget(addFile, 0, Qt::AlignLeft);

    auto* newSeed = new QPushButton(tr("New seed"), this);
    newSeed->setObjectName(QStringLiteral("newSeed"));
    auto* seedLine = new QHBoxLayout;
    seedLine->addWidget(m_seed, 1);
    seedLine->addWidget(newSeed);

    // A spin box asks for room for its largest value (a billion ms); the
    // values people type are short, and the form must fit its column.
    for (QAbstractSpinBox* box : findChildren<QAbstractSpinBox*>())
        box->setMinimumWidth(kSpinBoxWidth);
    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->addRow(tr("Model:"), m_model);
    form->addRow(tr("Clients:"), m_clients);
    form->addRow(m_clientsProblem);
    form->addRow(tr("Trials:"), m_trials);
    form->addRow(m_strategyGroup);
    form->addRow(tr("Base delay:"), m_baseDelay);
    form->addRow(tr("Max delay:"), m_maxDelay);
    form->addRow(tr("Network delay mean:"), m_netMean);
    form->addRow(tr("Network delay sd:"), m_netSd);
    form->addRow(m_capacityGroup);
    form->addRow(tr("Seed:"), seedLine);
    form->addRow(m_problem);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(form);

    connect(m_model, &QComboBox::currentIndexChanged, this, [this] {
        const int shown = m_trials->value();
        m_trials->setValue(m_otherModelTrials);
        m_otherModelTrials = shown;
        modelChanged();
    });
    connect(m_clients, &QLineEdit::textChanged, this, &HerdForm::check);
    connect(addFile, &QPushButton::clicked, this, [this] {
        const QString path = m_askPolicyFile
            ? m_askPolicyFile()
            : QFileDialog::getOpenFileName(this, tr("Add a policy file"), QString(), tr("Policy files (*.json)"));
        if (!path.isEmpty())
            addStrategySpec(path);
    });
    connect(newSeed, &QPushButton::clicked, this,
            [this] { m_seed->setValue(QRandomGenerator::global()->bounded(1, std::numeric_limits<int>::max())); });
    for (QDoubleSpinBox* box : {m_baseDelay, m_maxDelay, m_netMean, m_netSd, m_capacity, m_outageFrom, m_outageTo})
        connect(box, &QDoubleSpinBox::valueChanged, this, &HerdForm::check);
    for (QSpinBox* box : {m_trials, m_callsPerClient, m_retryAfter})
        connect(box, &QSpinBox::valueChanged, this, &HerdForm::check);
    for (QCheckBox* box : {m_retryAfterOn, m_outageOn})
        connect(box, &QCheckBox::toggled, this, &HerdForm::check);
    modelChanged();
}

void HerdForm::buildCapacityGroup()
{
    m_capacity = new QDoubleSpinBox(m_capacityGroup);
    m_capacity->setObjectName(QStringLiteral("capacity"));
    m_capacity->setRange(1, 1e9);
    m_capacity->setDecimals(0);
    m_capacity->setSuffix(tr(" /s"));
    m_capacity->setValue(100);
    m_capacity->setToolTip(tr("Requests the server completes in any one second; the rest get 503."));
    m_callsPerClient = new QSpinBox(m_capacityGroup);
    m_callsPerClient->setObjectName(QStringLiteral("callsPerClient"));
    m_callsPerClient->setRange(1, 1'000'000);
    m_callsPerClient->setValue(10);
    m_retryAfterOn = new QCheckBox(tr("Retry-After:"), m_capacityGroup);
    m_retryAfterOn->setObjectName(QStringLiteral("retryAfterOn"));
    m_retryAfter = new QSpinBox(m_capacityGroup);
    m_retryAfter->setObjectName(QStringLiteral("retryAfter"));
    m_retryAfter->setRange(0, 86'400);
    m_retryAfter->setValue(1);
    m_retryAfter->setSuffix(tr(" s"));
    m_outageOn = new QCheckBox(tr("Outage from:"), m_capacityGroup);
    m_outageOn->setObjectName(QStringLiteral("outageOn"));
    m_outageFrom = msBox(m_capacityGroup, "outageFrom", 1000, 1e9);
    m_outageTo = msBox(m_capacityGroup, "outageTo", 3000, 1e9);
    auto* outage = new QHBoxLayout;
    outage->addWidget(m_outageFrom, 1);
    outage->addWidget(new QLabel(tr("to"), m_capacityGroup));
    outage->addWidget(m_outageTo, 1);
    auto* form = new QFormLayout(m_capacityGroup);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->addRow(tr("Capacity:"), m_capacity);
    form->addRow(tr("Calls per client:"), m_callsPerClient);
    form->addRow(m_retryAfterOn, m_retryAfter);
    form->addRow(m_outageOn, outage);
    connect(m_retryAfterOn, &QCheckBox::toggled, m_retryAfter, &QWidget::setEnabled);
    connect(m_outageOn, &QCheckBox::toggled, m_outageFrom, &QWidget::setEnabled);
    connect(m_outageOn, &QCheckBox::toggled, m_outageTo, &QWidget::setEnabled);
    m_retryAfter->setEnabled(false);
    m_outageFrom->setEnabled(false);
    m_outageTo->setEnabled(false);
}

QCheckBox* HerdForm::addStrategyBox(const QString& name, const QString& objectName)
{
    auto* box = new QCheckBox(name, m_strategyGroup);
    box->setObjectName(objectName);
    const auto index = static_cast<int>(m_strategyBoxes.size());
    m_strategyGrid->addWidget(box, index / kStrategyColumns, index % kStrategyColumns);
    m_strategyBoxes.append(box);
    connect(box, &QCheckBox::toggled, this, &HerdForm::check);
    return box;
}

void HerdForm::modelChanged()
{
    const bool capacity = m_model->currentData().toString() == u"capacity";
    m_capacityGroup->setVisible(capacity);
    check();
}

Expected<void> HerdForm::addStrategySpec(const QString& spec)
{
    Expected<HerdStrategy> strategy = herdStrategyFromSpec(spec, m_baseDelay->value(), m_maxDelay->value());
    if (strategy) {
        for (const QCheckBox* box : std::as_const(m_strategyBoxes)) {
            if (box->text() == strategy->name)
                strategy = invalidInput(tr("A strategy named \"%1\" is listed already.").arg(box->text()));
        }
    }
    if (!strategy) {
        showProblem(m_problem, strategy.error().message);
        return std::unexpected(strategy.error());
    }
    m_fileStrategies.append(*strategy);
    addStrategyBox(strategy->name, QStringLiteral("strategy:file:") + strategy->name)->setChecked(true);
    check();
    return {};
}

quint64 HerdForm::seed() const
{
    return static_cast<quint64>(m_seed->value());
}

void HerdForm::setSeed(quint64 seed)
{
    m_seed->setValue(static_cast<int>(std::min<quint64>(seed, std::numeric_limits<int>::max())));
}

Expected<HerdRunSettings> HerdForm::settings() const
{
    Expected<QList<int>> clients = parseClientCounts(m_clients->text());
    if (!clients)
        return std::unexpected(clients.error());
    HerdRunSettings run;
    run.model = m_model->currentData().toString() == u"capacity" ? HerdModel::Capacity : HerdModel::Occ;
    run.clients = *clients;
    const qsizetype named = herdStrategyNames().size();
    for (qsizetype i = 0; i < m_strategyBoxes.size(); ++i) {
        if (!m_strategyBoxes[i]->isChecked())
            continue;
        if (i >= named) {
            run.strategies.append(m_fileStrategies[i - named]);
            continue;
        }
        Expected<HerdStrategy> strategy
            = namedHerdStrategy(m_strategyBoxes[i]->text(), m_baseDelay->value(), m_maxDelay->value());
        if (!strategy)
            return std::unexpected(strategy.error());
        run.strategies.append(*strategy);
    }
    if (m_maxDelay->value() < m_baseDelay->value())
        return invalidInput(tr("The max delay must be at least the base delay."));
    run.occ.trials = m_trials->value();
    run.occ.netDelayMeanMs = m_netMean->value();
    run.occ.netDelaySdMs = m_netSd->value();
    run.occ.seed = seed();
    CapacitySettings& c = run.capacity;
    c.trials = m_trials->value();
    c.netDelayMeanMs = m_netMean->value();
    c.netDelaySdMs = m_netSd->value();
    c.seed = seed();
    c.capacityPerSecond = m_capacity->value();
    c.callsPerClient = m_callsPerClient->value();
    if (m_retryAfterOn->isChecked())
        c.retryAfterSeconds = m_retryAfter->value();
    if (m_outageOn->isChecked()) {
        c.outageFromMs = m_outageFrom->value();
        c.outageToMs = m_outageTo->value();
    }
    if (run.strategies.isEmpty())
        return invalidInput(tr("Tick at least one strategy."));
    if (Expected<void> valid = validateHerdRun(run); !valid)
        return std::unexpected(valid.error());
    return run;
}

// After every edit: the clients line says its own problem, anything else shows at the bottom.
void HerdForm::check()
{
    const Expected<QList<int>> clients = parseClientCounts(m_clients->text());
    showProblem(m_clientsProblem, clients ? QString() : clients.error().message);
    const Expected<HerdRunSettings> run = settings();
    showProblem(m_problem, !clients || run ? QString() : run.error().message);
    if (m_valid != run.has_value()) {
        m_valid = run.has_value();
        Q_EMIT validityChanged(m_valid);
    }
}

} // namespace jitterbug::gui
