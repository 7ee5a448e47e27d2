#include "requesteditor.h"

#include "authtab.h"
#include "bodytab.h"
#include "pairtable.h"
#include "policyeditor.h"
#include "sim/scenarioparser.h"
#include "variablelineedit.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QRandomGenerator>
#include <QRegularExpressionValidator>
#include <QTabWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace jitterbug::gui {

namespace {

const QStringList kMethods{QStringLiteral("GET"),    QStringLiteral("POST"),   QStringLiteral("PUT"),
                           QStringLiteral("PATCH"),  QStringLiteral("DELETE"), QStringLiteral("HEAD"),
                           QStringLiteral("OPTIONS")};

enum Tab { ParamsTab, HeadersTab }; // the tabs whose titles count their rows

// The saved text while a widget still shows it as it was set (a line edit
// cuts text at its maximum length, a combo box's text is trimmed), else the
// widget's: an untouched field gives back what it was given.
QString editedOr(const QString& now, const QString& asShown, const QString& saved)
{
    return now == asShown ? saved : now;
}

// "Headers (2)": the rows that will be sent.
QString titleWithCount(const QString& title, const QList<KeyValue>& pairs)
{
    const auto sent = std::count_if(pairs.begin(), pairs.end(), [](const KeyValue& p) { return p.enabled; });
    return sent == 0 ? title : QStringLiteral("%1 (%2)").arg(title).arg(sent);
}

} // namespace

RequestEditor::RequestEditor(QWidget* parent)
    : QWidget(parent)
    , m_method(new QComboBox(this))
    , m_url(new VariableLineEdit(this))
    , m_send(new QPushButton(tr("Send"), this))
    , m_insecureMark(new QLabel(tr("⚠ Insecure TLS"), this))
    , m_problem(new QLabel(this))
    , m_tabs(new QTabWidget(this))
    , m_params(new PairTable(this))
    , m_headers(new PairTable(this))
    , m_body(new BodyTab(this))
    , m_auth(new AuthTab(this))
    , m_policy(new PolicyEditor(this))
{
    m_method->setEditable(true); // any token is a method; the builder checks it
    m_method->addItems(kMethods);
    m_method->setMinimumContentsLength(7);
    m_method->setInsertPolicy(QComboBox::NoInsert); // a method typed once is no item for every request
    m_url->setPlaceholderText(tr("https://api.example.com/orders or {{base_url}}/orders"));
    m_url->setClearButtonEnabled(true);
    m_url->setMaxLength(1 << 24); // not QLineEdit's 32767: a URL may carry a long query
    m_send->setToolTip(tr("Send the request (Ctrl+Enter)"));
    m_send->setDefault(true);
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(QStringLiteral("QLabel { color: #c62828; }"));
    m_problem->hide();
    // Seen next to the URL, not only on the Backend tab: a request that
    // accepts any certificate must not pass for a verified one.
    m_insecureMark->setObjectName(QStringLiteral("insecureTlsMark"));
    m_insecureMark->setStyleSheet(QStringLiteral("QLabel { color: #c62828; font-weight: bold; }"));
    m_insecureMark->setToolTip(tr("This request accepts any TLS certificate (curl's -k): the server's identity is "
                                  "not verified. Change it on the Backend tab."));
    m_insecureMark->hide();
    m_params->setObjectName(QStringLiteral("params"));
    m_headers->setObjectName(QStringLiteral("headers"));

    auto* line = new QHBoxLayout;
    line->addWidget(m_method);
    line->addWidget(m_url, 1);
    line->addWidget(m_insecureMark);
    line->addWidget(m_send);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(line);
    layout->addWidget(m_problem);
    layout->addWidget(m_tabs, 1);
    m_tabs->addTab(m_params, tr("Params"));
    m_tabs->addTab(m_headers, tr("Headers"));
    m_tabs->addTab(m_body, tr("Body"));
    m_tabs->addTab(m_auth, tr("Auth"));
    m_tabs->addTab(m_policy, tr("Resilience"));
    m_tabs->addTab(makeBackendTab(), tr("Backend"));

    connect(m_method, &QComboBox::currentTextChanged, this, &RequestEditor::noteEdit);
    connect(m_url, &QLineEdit::textChanged, this, &RequestEditor::noteEdit);
    connect(m_params, &PairTable::edited, this, &RequestEditor::noteEdit);
    connect(m_headers, &PairTable::edited, this, &RequestEditor::noteEdit);
    connect(m_body, &BodyTab::edited, this, &RequestEditor::noteEdit);
    connect(m_auth, &AuthTab::edited, this, &RequestEditor::noteEdit);
    connect(m_policy, &PolicyEditor::edited, this, &RequestEditor::noteEdit);
    connect(m_insecureTls, &QCheckBox::toggled, this, &RequestEditor::noteEdit);
    connect(m_send, &QPushButton::clicked, this, &RequestEditor::sendRequested);
    connect(m_url, &QLineEdit::returnPressed, this, &RequestEditor::sendRequested);
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
    m_insecureTls = new QCheckBox(tr("Accept any TLS certificate (insecure; saved with the request)"), tab);
    m_insecureTls->setObjectName(QStringLiteral("insecureTls"));
    m_insecureTls->setToolTip(tr("Like curl's -k: for a test server with a self-signed certificate. "
                                 "Timelines record that the call allowed it."));
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
    form->addRow(m_insecureTls);

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

void RequestEditor::setRequest(const RequestItem& request, const QJsonObject& inheritedPolicy)
{
    m_filling = true;
    m_request = request;
    m_policy->setPolicy(inheritedPolicy, request.policy);
    m_method->setCurrentText(request.method);
    m_methodAsShown = m_method->currentText();
    m_url->setText(request.url);
    m_urlAsShown = m_url->text();
    m_params->setPairs(request.params);
    m_headers->setPairs(request.headers);
    m_body->setBody(request.body);
    m_auth->setAuth(request.auth);
    m_insecureTls->setChecked(request.insecureTls);
    m_lastEdit = this->request();
    updateTabTitles();
    updateInsecureMark();
    m_filling = false;
}

RequestItem RequestEditor::request() const
{
    RequestItem r = m_request;
    r.method = editedOr(m_method->currentText().trimmed(), m_methodAsShown.trimmed(), m_request.method);
    r.url = editedOr(m_url->text(), m_urlAsShown, m_request.url);
    r.params = m_params->pairs();
    r.headers = m_headers->pairs();
    r.body = m_body->body();
    r.auth = m_auth->auth();
    r.policy = m_policy->policyOverride();
    r.insecureTls = m_insecureTls->isChecked();
    return r;
}

void RequestEditor::setContext(const Collection& collection, const ItemPath& path, const Environment* environment)
{
    m_url->setVariables(RequestVariables::forRequest(collection, path, environment));
    m_auth->setInheritedDescription(inheritedAuthDescription(collection, path));
}

// Only a change to request() is an edit: a Show click or a blank row added is not.
void RequestEditor::noteEdit()
{
    if (m_filling)
        return;
    updateTabTitles();
    updateInsecureMark();
    RequestItem now = request();
    if (now == m_lastEdit)
        return;
    m_lastEdit = std::move(now);
    Q_EMIT edited();
}

void RequestEditor::updateTabTitles()
{
    m_tabs->setTabText(ParamsTab, titleWithCount(tr("Params"), m_params->pairs()));
    m_tabs->setTabText(HeadersTab, titleWithCount(tr("Headers"), m_headers->pairs()));
}

void RequestEditor::updateInsecureMark()
{
    m_insecureMark->setVisible(m_insecureTls->isChecked());
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
