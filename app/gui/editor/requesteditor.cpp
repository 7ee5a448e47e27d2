#include "requesteditor.h"

#include "policyeditor.h"
#include "sim/scenarioparser.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QRandomGenerator>
#include <QRegularExpressionValidator>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

namespace jitterbug::gui {

namespace {

enum PairColumn { On, Name, Value };

QTableWidget* pairTable(QWidget* parent)
{
    auto* table = new QTableWidget(0, 3, parent);
    table->setHorizontalHeaderLabels({QString(), QObject::tr("Name"), QObject::tr("Value")});
    table->horizontalHeader()->setSectionResizeMode(On, QHeaderView::ResizeToContents);
    table->horizontalHeader()->setSectionResizeMode(Name, QHeaderView::Interactive);
    table->horizontalHeader()->setStretchLastSection(true);
    table->verticalHeader()->hide();
    return table;
}

const QStringList kMethods{QStringLiteral("GET"),    QStringLiteral("POST"),   QStringLiteral("PUT"),
                           QStringLiteral("PATCH"),  QStringLiteral("DELETE"), QStringLiteral("HEAD"),
                           QStringLiteral("OPTIONS")};

} // namespace

RequestEditor::RequestEditor(QWidget* parent)
    : QWidget(parent)
    , m_method(new QComboBox(this))
    , m_url(new QLineEdit(this))
    , m_send(new QPushButton(tr("Send"), this))
    , m_problem(new QLabel(this))
    , m_tabs(new QTabWidget(this))
    , m_params(pairTable(this))
    , m_headers(pairTable(this))
    , m_policy(new PolicyEditor(this))
{
    m_method->setEditable(true); // any token is a method; the builder checks it
    m_method->addItems(kMethods);
    m_method->setMinimumContentsLength(7);
    m_url->setPlaceholderText(tr("https://api.example.com/orders or {{base_url}}/orders"));
    m_url->setClearButtonEnabled(true);
    m_send->setToolTip(tr("Send the request (Ctrl+Enter)"));
    m_send->setDefault(true);
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(QStringLiteral("QLabel { color: #c62828; }"));
    m_problem->hide();

    auto* line = new QHBoxLayout;
    line->addWidget(m_method);
    line->addWidget(m_url, 1);
    line->addWidget(m_send);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(line);
    layout->addWidget(m_problem);
    layout->addWidget(m_tabs, 1);
    m_tabs->addTab(m_params, tr("Params"));
    m_tabs->addTab(m_headers, tr("Headers"));
    m_tabs->addTab(makeBodyTab(), tr("Body"));
    m_tabs->addTab(m_policy, tr("Resilience"));
    m_tabs->addTab(makeBackendTab(), tr("Backend"));

    const auto changed = [this] {
        if (!m_filling)
            Q_EMIT edited();
    };
    connect(m_method, &QComboBox::currentTextChanged, this, changed);
    connect(m_url, &QLineEdit::textChanged, this, changed);
    connect(m_params, &QTableWidget::itemChanged, this, changed);
    connect(m_headers, &QTableWidget::itemChanged, this, changed);
    connect(m_bodyText, &QPlainTextEdit::textChanged, this, changed);
    connect(m_bodyKind, &QComboBox::currentIndexChanged, this, [this, changed] {
        updateBodyState();
        changed();
    });
    connect(m_policy, &PolicyEditor::edited, this, changed);
    connect(m_send, &QPushButton::clicked, this, &RequestEditor::sendRequested);
    connect(m_url, &QLineEdit::returnPressed, this, &RequestEditor::sendRequested);
}

QWidget* RequestEditor::makeBodyTab()
{
    auto* tab = new QWidget(this);
    m_bodyKind = new QComboBox(tab);
    m_bodyKind->addItem(tr("No body"), QVariant::fromValue(static_cast<int>(Body::Kind::None)));
    m_bodyKind->addItem(tr("JSON"), QVariant::fromValue(static_cast<int>(Body::Kind::Json)));
    m_bodyKind->addItem(tr("Raw text"), QVariant::fromValue(static_cast<int>(Body::Kind::Raw)));
    m_bodyText = new QPlainTextEdit(tab);
    m_bodyText->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_bodyNote = new QLabel(tab);
    m_bodyNote->setWordWrap(true);
    auto* layout = new QVBoxLayout(tab);
    layout->addWidget(m_bodyKind);
    layout->addWidget(m_bodyNote);
    layout->addWidget(m_bodyText, 1);
    return tab;
}

QWidget* RequestEditor::makeBackendTab()
{
    auto* tab = new QWidget(this);
    m_network = new QRadioButton(tr("Network"), tab);
    m_simulated = new QRadioButton(tr("Simulated backend"), tab);
    m_scenario = new QComboBox(tab);
    m_scenario->setEditable(true);
    m_scenario->addItems(builtinScenarioNames());
    auto* browse = new QPushButton(tr("Scenario file…"), tab);
    m_seed = new QLineEdit(tab);
    m_seed->setValidator(new QRegularExpressionValidator(QRegularExpression(QStringLiteral("[0-9]{1,19}")), m_seed));
    auto* newSeed = new QPushButton(tr("New seed"), tab);
    newSeed->setToolTip(tr("The same seed gives the same timeline on the simulated backend"));

    auto* scenarioLine = new QHBoxLayout;
    scenarioLine->addWidget(m_scenario, 1);
    scenarioLine->addWidget(browse);
    auto* seedLine = new QHBoxLayout;
    seedLine->addWidget(m_seed, 1);
    seedLine->addWidget(newSeed);
    auto* form = new QFormLayout(tab);
    form->addRow(m_simulated);
    form->addRow(tr("Scenario:"), scenarioLine);
    form->addRow(tr("Seed:"), seedLine);
    form->addRow(m_network);

    connect(m_simulated, &QRadioButton::toggled, m_scenario, &QWidget::setEnabled);
    connect(m_simulated, &QRadioButton::toggled, browse, &QWidget::setEnabled);
    connect(newSeed, &QPushButton::clicked, this,
            [this] { m_seed->setText(QString::number(QRandomGenerator::global()->bounded(1, 1'000'000'000))); });
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(this, tr("Scenario file"), QString(),
                                                          tr("Scenarios (*.json);;All files (*)"));
        if (!file.isEmpty())
            m_scenario->setCurrentText(file);
    });
    setBackend(BackendChoice{});
    return tab;
}

void RequestEditor::fillPairs(QTableWidget* table, const QList<KeyValue>& pairs)
{
    table->setRowCount(0);
    for (const KeyValue& pair : pairs) {
        const int row = table->rowCount();
        table->insertRow(row);
        auto* on = new QTableWidgetItem;
        on->setFlags(Qt::ItemIsUserCheckable | Qt::ItemIsEnabled | Qt::ItemIsSelectable);
        on->setCheckState(pair.enabled ? Qt::Checked : Qt::Unchecked);
        table->setItem(row, On, on);
        table->setItem(row, Name, new QTableWidgetItem(pair.name));
        auto* value = new QTableWidgetItem(pair.value);
        if (!pair.description.isEmpty())
            value->setToolTip(pair.description);
        table->setItem(row, Value, value);
    }
    table->resizeColumnToContents(Name);
}

QList<KeyValue> RequestEditor::pairsOf(const QTableWidget* table, const QList<KeyValue>& before) const
{
    QList<KeyValue> out;
    for (int row = 0; row < table->rowCount(); ++row) {
        KeyValue pair = row < before.size() ? before[row] : KeyValue{};
        pair.enabled = table->item(row, On)->checkState() == Qt::Checked;
        pair.name = table->item(row, Name)->text();
        pair.value = table->item(row, Value)->text();
        out.append(pair);
    }
    return out;
}

void RequestEditor::setRequest(const RequestItem& request, const QJsonObject& inheritedPolicy)
{
    m_filling = true;
    m_policy->setPolicy(inheritedPolicy, request.policy);
    m_request = request;
    m_method->setCurrentText(request.method);
    m_url->setText(request.url);
    fillPairs(m_params, request.params);
    fillPairs(m_headers, request.headers);
    const int kind = m_bodyKind->findData(static_cast<int>(request.body.kind));
    m_bodyKind->setCurrentIndex(kind < 0 ? 0 : kind);
    m_bodyText->setPlainText(request.body.text);
    updateBodyState();
    m_filling = false;
}

void RequestEditor::updateBodyState()
{
    const auto shownKind = static_cast<Body::Kind>(m_bodyKind->currentData().toInt());
    const bool formBody = m_request.body.kind == Body::Kind::UrlEncoded || m_request.body.kind == Body::Kind::Multipart;
    m_bodyNote->setVisible(formBody);
    m_bodyNote->setText(formBody
                            ? tr("This request sends a form body (%1 fields); it is kept as saved.")
                                  .arg(m_request.body.kind == Body::Kind::UrlEncoded ? m_request.body.urlEncoded.size()
                                                                                     : m_request.body.multipart.size())
                            : QString());
    m_bodyKind->setEnabled(!formBody);
    m_bodyText->setEnabled(!formBody && shownKind != Body::Kind::None);
}

RequestItem RequestEditor::request() const
{
    RequestItem r = m_request;
    r.policy = m_policy->policyOverride();
    r.method = m_method->currentText().trimmed();
    r.url = m_url->text();
    r.params = pairsOf(m_params, m_request.params);
    r.headers = pairsOf(m_headers, m_request.headers);
    const bool formBody = r.body.kind == Body::Kind::UrlEncoded || r.body.kind == Body::Kind::Multipart;
    if (!formBody) {
        r.body.kind = static_cast<Body::Kind>(m_bodyKind->currentData().toInt());
        r.body.text = r.body.kind == Body::Kind::None ? QString() : m_bodyText->toPlainText();
    }
    return r;
}

BackendChoice RequestEditor::backend() const
{
    BackendChoice b;
    b.kind = m_simulated->isChecked() ? BackendChoice::Kind::Simulated : BackendChoice::Kind::Network;
    b.scenario = m_scenario->currentText().trimmed();
    b.seed = m_seed->text().toULongLong();
    return b;
}

void RequestEditor::setBackend(const BackendChoice& backend)
{
    m_simulated->setChecked(backend.kind == BackendChoice::Kind::Simulated);
    m_network->setChecked(backend.kind == BackendChoice::Kind::Network);
    m_scenario->setCurrentText(backend.scenario);
    m_seed->setText(QString::number(backend.seed));
}

void RequestEditor::setProblem(const QString& problem)
{
    m_problem->setText(problem);
    m_problem->setVisible(!problem.isEmpty());
}

QString RequestEditor::problem() const
{
    return m_problem->isHidden() ? QString() : m_problem->text();
}

void RequestEditor::setSendEnabled(bool enabled)
{
    m_send->setEnabled(enabled);
}

} // namespace jitterbug::gui
