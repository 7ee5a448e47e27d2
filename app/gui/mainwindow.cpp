#include "mainwindow.h"
#include "actionicons.h"

#include "charts/timelinechart.h"
#include "collection/collectionfiles.h"
#include "collection/collectionjson.h"
#include "collection/dynamicvariables.h"
#include "collection/history.h"
#include "collection/redaction.h"
#include "collection/requestbuilder.h"
#include "collection/secretstore.h"
#include "document/recoveryfile.h"
#include "document/snapshotcommand.h"
#include "editor/requesteditor.h"
#include "guide/statusguide.h"
#include "herd/herdlab.h"
#include "history/historylist.h"
#include "http/errorcode.h"
#include "models/attemptstablemodel.h"
#include "models/collectiontreemodel.h"
#include "run/callrunner.h"
#include "run/collectionrunner.h"
#include "run/responseviewer.h"
#include "run/runnerpanel.h"
#include "util/duration.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDateTime>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTime>
#include <QTimer>
#include <QToolBar>
#include <QTreeView>
#include <QUndoStack>
#include <QVBoxLayout>

namespace jitterbug::gui {

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
    , m_tree(new CollectionTreeModel(this))
    , m_treeView(new QTreeView(this))
    , m_environment(new QComboBox(this))
    , m_editor(new RequestEditor(this))
    , m_chart(new TimelineChart(this))
    , m_attempts(new AttemptsTableModel(this))
    , m_attemptsView(new QTableView(this))
    , m_response(new ResponseViewer(this))
    , m_log(new QPlainTextEdit(this))
    , m_status(new QLabel(this))
    , m_runner(new CallRunner(this))
    , m_history(std::make_unique<History>())
    , m_guide(new StatusGuide(this))
    , m_historyList(new HistoryList(m_history.get(), this))
    , m_collectionRunner(new CollectionRunner(this))
    , m_runnerPanel(new RunnerPanel(this))
    , m_runRedraw(new QTimer(this))
    , m_callRedraw(new QTimer(this))
    , m_undo(new QUndoStack(this))
    , m_autosave(new QTimer(this))
    , m_recovery(std::make_unique<RecoveryFile>())
{
    setObjectName(QStringLiteral("MainWindow"));
    m_treeView->setModel(m_tree);
    m_treeView->setHeaderHidden(true);
    m_treeView->setEditTriggers(QAbstractItemView::EditKeyPressed | QAbstractItemView::SelectedClicked);
    m_attemptsView->setModel(m_attempts);
    m_attemptsView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_attemptsView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_attemptsView->verticalHeader()->hide();
    m_attemptsView->setWordWrap(false);
    m_attemptsView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_attemptsView->horizontalHeader()->setSectionResizeMode(AttemptsTableModel::Reason, QHeaderView::Stretch);
    m_log->setReadOnly(true);
    m_log->setMaximumBlockCount(10000); // a long run must not grow the log without end

    // The run view: the chart over the attempts table and the response.
    auto* results = new QSplitter(Qt::Horizontal, this);
    results->addWidget(m_attemptsView);
    results->addWidget(m_response);
    results->setStretchFactor(0, 3);
    results->setStretchFactor(1, 2);
    auto* run = new QSplitter(Qt::Vertical, this);
    run->addWidget(m_chart);
    run->addWidget(results);
    auto* centre = new QSplitter(Qt::Vertical, this);
    centre->setObjectName(QStringLiteral("centre"));
    centre->addWidget(m_editor);
    centre->addWidget(run);
    centre->setStretchFactor(0, 2);
    centre->setStretchFactor(1, 5);
    // The request view and the herd lab are tabs of the centre; the docks stay the request view's.
    auto* tabs = new QTabWidget(this);
    tabs->setObjectName(QStringLiteral("centralTabs"));
    tabs->setDocumentMode(true);
    tabs->addTab(centre, tr("Request"));
    m_herdLab = new HerdLab(tabs);
    tabs->addTab(m_herdLab, tr("Herd lab"));
    setCentralWidget(tabs);
    m_chart->setMinimumHeight(220);
    centre->setSizes({200, 600});
    run->setSizes({300, 300});

    createDocks();
    createActions();
    createTreeActions();
    statusBar()->addWidget(m_status, 1);

    connect(m_treeView->selectionModel(), &QItemSelectionModel::currentChanged, this, [this](const QModelIndex& index) {
        if (index.isValid() && !index.data(CollectionTreeModel::IsFolderRole).toBool())
            showRequest(m_tree->pathOf(index));
    });
    // A rename happened in the model already: record it as an undo step.
    connect(m_tree, &CollectionTreeModel::renamed, this, [this](const ItemPath& path, const QString& name) {
        const Collection renamed = collection();
        m_undo->push(
            new SnapshotCommand(tr("Rename to \"%1\"").arg(name), m_committed, renamed, path, 0,
                                [this](const Collection& c, const ItemPath& select) { applyCollection(c, select); }));
    });
    connect(m_undo, &QUndoStack::cleanChanged, this, [this](bool clean) { setWindowModified(!clean); });
    m_autosave->setInterval(30'000);
    connect(m_autosave, &QTimer::timeout, this, &MainWindow::autosave);
    m_autosave->start();
    m_askUnsaved = [this] {
        const auto answer = QMessageBox::question(
            this, tr("Unsaved changes"), tr("Save the changes to %1?").arg(windowTitle().section(u'[', 0, 0)),
            QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
        return answer == QMessageBox::Save   ? UnsavedChoice::Save
            : answer == QMessageBox::Discard ? UnsavedChoice::Discard
                                             : UnsavedChoice::Cancel;
    };
    m_askRecover = [this](const QString& message) {
        return QMessageBox::question(this, tr("Recover unsaved changes?"), message, QMessageBox::Yes | QMessageBox::No,
                                     QMessageBox::Yes)
            == QMessageBox::Yes;
    };
    m_tellProblem = [this](const QString& title, const QString& message) {
        QMessageBox::warning(this, title, message);
    };
    connect(m_editor, &RequestEditor::edited, this, &MainWindow::applyEdits);
    connect(m_editor, &RequestEditor::sendRequested, this, &MainWindow::send);
    connect(m_environment, &QComboBox::currentIndexChanged, this, &MainWindow::checkRequest);
    connect(m_runner, &CallRunner::logLine, this, [this](const QString& line) {
        appendLog(line);
        if (!m_callRedraw->isActive())
            m_callRedraw->start();
    });
    // A call of many attempts reports each one; the chart and the table
    // follow at most twenty times a second, and once more at the end.
    m_callRedraw->setSingleShot(true);
    m_callRedraw->setInterval(50);
    connect(m_callRedraw, &QTimer::timeout, this, &MainWindow::showCallSoFar);
    connect(m_runner, &CallRunner::timelineChanged, this, [this] {
        if (!m_callRedraw->isActive())
            m_callRedraw->start();
    });
    connect(m_runner, &CallRunner::finished, this, [this](const Timeline& t) {
        m_callRedraw->stop();
        showCallSoFar();
        recordInHistory(t);
        m_chart->resetZoom();
        m_response->showResponse(m_runner->response(), t.outcome.elapsedMs);
        m_status->setText(t.outcome.reason);
    });
    connect(m_chart, &TimelineChart::attemptClicked, this, [this](int lane, int attempt) {
        if (m_showingRun && lane < m_collectionRunner->calls().size()) {
            m_shownLane = lane;
            m_attempts->setTimeline(m_collectionRunner->calls()[lane].timeline);
        }
        selectAttempt(attempt);
    });
    m_runRedraw->setSingleShot(true);
    m_runRedraw->setInterval(100);
    connect(m_runRedraw, &QTimer::timeout, this, &MainWindow::showRunLanes);
    connect(m_runnerPanel, &RunnerPanel::runRequested, this, &MainWindow::runCollection);
    connect(m_runnerPanel, &RunnerPanel::cancelRequested, this, &MainWindow::cancel);
    connect(m_collectionRunner, &CollectionRunner::callFinished, this, [this](int done, int total) {
        const CollectionRunner::FinishedCall& call = m_collectionRunner->calls().back();
        const CallOutcome& o = call.timeline.outcome;
        appendLog(QStringLiteral("call %1: %2 (iteration %3) — %4 after %5 attempt(s) in %6: %7")
                      .arg(done)
                      .arg(call.name)
                      .arg(call.iteration)
                      .arg(o.status ? QString::number(o.status) : errorCodeName(o.error))
                      .arg(o.attempts)
                      .arg(formatDuration(o.elapsedMs), o.reason));
        m_runnerPanel->showProgress(done, total);
        if (!m_runRedraw->isActive())
            m_runRedraw->start();
    });
    connect(m_collectionRunner, &CollectionRunner::finished, this, [this] {
        m_runRedraw->stop();
        showRunLanes();
        m_chart->resetZoom();
        m_runnerPanel->runFinished(m_collectionRunner->summary(), m_collectionRunner->wallMs(), m_runCancelled);
    });
    connect(m_attemptsView, &QTableView::doubleClicked, this,
            [this](const QModelIndex& index) { explainAttempt(index.row()); });
    connect(m_historyList, &HistoryList::reopen, this, &MainWindow::showRecordedCall);
    connect(m_attemptsView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
                if (!current.isValid())
                    return;
                m_chart->selectAttempt(m_showingRun ? m_shownLane : 0, current.row());
                showAttemptResponse(current.row());
            });

    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    if (!settings.contains(QStringLiteral("window/geometry")))
        resize(1280, 820);
    updateTitle();
}

MainWindow::~MainWindow() = default;

void MainWindow::createDocks()
{
    auto* left = new QWidget(this);
    auto* layout = new QVBoxLayout(left);
    layout->setContentsMargins(4, 4, 4, 4);
    auto* environmentLine = new QHBoxLayout;
    environmentLine->addWidget(new QLabel(tr("Environment:"), left));
    environmentLine->addWidget(m_environment, 1);
    layout->addLayout(environmentLine);
    layout->addWidget(m_treeView, 1);
    auto* collectionDock = new QDockWidget(tr("Collection"), this);
    collectionDock->setObjectName(QStringLiteral("collectionDock"));
    collectionDock->setWidget(left);
    addDockWidget(Qt::LeftDockWidgetArea, collectionDock);

    auto* historyDock = new QDockWidget(tr("History"), this);
    historyDock->setObjectName(QStringLiteral("historyDock"));
    historyDock->setWidget(m_historyList);
    addDockWidget(Qt::LeftDockWidgetArea, historyDock);
    tabifyDockWidget(collectionDock, historyDock);
    collectionDock->raise();

    auto* logDock = new QDockWidget(tr("Log"), this);
    logDock->setObjectName(QStringLiteral("logDock"));
    logDock->setWidget(m_log);
    addDockWidget(Qt::BottomDockWidgetArea, logDock);
    auto* runnerDock = new QDockWidget(tr("Collection runner"), this);
    runnerDock->setObjectName(QStringLiteral("runnerDock"));
    runnerDock->setWidget(m_runnerPanel);
    addDockWidget(Qt::BottomDockWidgetArea, runnerDock);
    tabifyDockWidget(logDock, runnerDock);

    m_guideDock = new QDockWidget(tr("Status codes"), this);
    m_guideDock->setObjectName(QStringLiteral("statusGuideDock"));
    m_guideDock->setWidget(m_guide);
    addDockWidget(Qt::BottomDockWidgetArea, m_guideDock);
    tabifyDockWidget(logDock, m_guideDock);
    logDock->raise();
    resizeDocks({logDock}, {120}, Qt::Vertical);
    resizeDocks({collectionDock}, {280}, Qt::Horizontal);
}

void MainWindow::createActions()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* newAction = file->addAction(actionIcon("document-new"), tr("&New"), this, &MainWindow::newCollection);
    newAction->setShortcut(QKeySequence::New);
    QAction* open = file->addAction(actionIcon("document-open"), tr("&Open…"), this, [this] {
        const QString path = QFileDialog::getOpenFileName(
            this, tr("Open collection"), QFileInfo(m_file).path(),
            tr("Collections (*.jitterbug.json *.postman_collection.json *.json *.sh *.curl *.txt);;All files (*)"));
        if (!path.isEmpty())
            openDocument(path, tr("Cannot open the collection"));
    });
    open->setShortcut(QKeySequence::Open);
    createRecentMenu(file);
    QAction* saveAction = file->addAction(actionIcon("document-save"), tr("&Save"), this, &MainWindow::save);
    saveAction->setShortcut(QKeySequence::Save);
    file->addAction(tr("Save &As…"), this, [this] { saveAs(); })
        ->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    file->addSeparator();
    createImportExport(file);
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    QAction* undo = m_undo->createUndoAction(this, tr("&Undo"));
    undo->setIcon(actionIcon("undo"));
    undo->setShortcut(QKeySequence::Undo);
    QAction* redo = m_undo->createRedoAction(this, tr("&Redo"));
    redo->setIcon(actionIcon("redo"));
    redo->setShortcuts({QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), QKeySequence::Redo});
    edit->addAction(undo);
    edit->addAction(redo);

    QMenu* request = menuBar()->addMenu(tr("&Request"));
    QAction* sendAction = request->addAction(actionIcon("send"), tr("&Send"), this, &MainWindow::send);
    sendAction->setObjectName(QStringLiteral("sendAction"));
    sendAction->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)});
    QAction* cancelAction = request->addAction(actionIcon("cancel"), tr("&Cancel"), this, &MainWindow::cancel);
    cancelAction->setShortcut(Qt::Key_Escape);
    QAction* focusUrl = request->addAction(tr("Focus the &URL"), this, [this] {
        m_editor->urlEdit()->setFocus();
        m_editor->urlEdit()->selectAll();
    });
    focusUrl->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    QAction* runAction
        = request->addAction(actionIcon("run-collection"), tr("&Run the collection"), this, &MainWindow::runCollection);
    runAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Return));
    QMenu* view = menuBar()->addMenu(tr("&View"));
    for (QDockWidget* dock : findChildren<QDockWidget*>())
        view->addAction(dock->toggleViewAction());
    view->addSeparator();
    view->addAction(actionIcon("zoom-reset"), tr("Reset the chart's zoom"), m_chart, &TimelineChart::resetZoom);

    QToolBar* fileTools = addToolBar(tr("File"));
    fileTools->setObjectName(QStringLiteral("fileToolBar"));
    fileTools->addActions({newAction, open, saveAction});
    fileTools->addSeparator();
    fileTools->addActions({undo, redo});
    QToolBar* tools = addToolBar(tr("Request"));
    tools->setObjectName(QStringLiteral("requestToolBar"));
    tools->setToolButtonStyle(Qt::ToolButtonTextBesideIcon); // Send and Cancel are the words people look for
    tools->addActions({sendAction, cancelAction, runAction});
}

const Collection& MainWindow::collection() const
{
    return m_tree->collection();
}

Expected<void> MainWindow::openCollection(const QString& path)
{
    QStringList warnings;
    Expected<Collection> loaded = readCollectionFile(path, std::nullopt, warnings);
    if (!loaded)
        return std::unexpected(loaded.error());
    setDocument(std::move(*loaded), path);
    m_environment->blockSignals(true);
    m_environment->clear();
    m_environment->addItem(tr("No environment"));
    for (const Environment& e : collection().environments)
        m_environment->addItem(e.name);
    m_environment->setCurrentIndex(collection().environments.isEmpty() ? 0 : 1);
    m_environment->blockSignals(false);
    for (const QString& warning : std::as_const(warnings))
        m_log->appendPlainText(tr("import: %1").arg(warning));
    const QList<ItemPath> requests = requestPaths(collection());
    if (!requests.isEmpty())
        m_treeView->setCurrentIndex(m_tree->indexOf(requests.front()));
    m_recentFiles.add(path);
    offerRecovery(path);
    return {};
}

bool MainWindow::selectRequest(const QString& name)
{
    const QModelIndex index = m_tree->findRequest(name);
    if (!index.isValid())
        return false;
    m_treeView->setCurrentIndex(index);
    return true;
}

bool MainWindow::selectEnvironment(const QString& name)
{
    const int index = m_environment->findText(name);
    if (index < 1)
        return false;
    m_environment->setCurrentIndex(index);
    return true;
}

void MainWindow::showRequest(const ItemPath& path)
{
    m_current = path;
    const ItemLocation location = locateItem(collection(), path);
    if (!location.item || !location.item->request())
        return;
    m_editor->setRequest(*location.item->request(), inheritedPolicyFields(collection(), path));
    checkRequest();
}

void MainWindow::applyEdits()
{
    if (m_current.isEmpty())
        return;
    Collection edited = collection();
    const ItemLocation location = locateItem(edited, m_current);
    if (!location.item || !location.item->request())
        return;
    *const_cast<Item*>(location.item)->request() = m_editor->request();
    m_editingInEditor = true; // the editor already shows this edit: do not refill it
    pushEdit(tr("Edit \"%1\"").arg(location.item->request()->name), std::move(edited), SnapshotCommand::kRequestFields);
    m_editingInEditor = false;
}

void MainWindow::pushEdit(const QString& text, Collection after, int mergeKey)
{
    m_undo->push(
        new SnapshotCommand(text, m_committed, std::move(after), m_current, mergeKey,
                            [this](const Collection& c, const ItemPath& select) { applyCollection(c, select); }));
}

// Where every edit, undo and redo lands: the tree, the editor, the checks.
void MainWindow::applyCollection(const Collection& c, const ItemPath& select)
{
    m_committed = c;
    if (!(c == collection())) {
        m_tree->setCollection(c);
        m_treeView->expandAll();
    }
    const QModelIndex index = m_tree->indexOf(select);
    if (index.isValid()) {
        m_treeView->selectionModel()->blockSignals(true); // showRequest below, once
        m_treeView->setCurrentIndex(index);
        m_treeView->selectionModel()->blockSignals(false);
    }
    if (!m_editingInEditor && !select.isEmpty())
        showRequest(select);
    else
        checkRequest();
}

const Environment* MainWindow::chosenEnvironment() const
{
    const int environment = m_environment->currentIndex() - 1; // 0 is "No environment"
    return environment >= 0 && environment < collection().environments.size() ? &collection().environments[environment]
                                                                              : nullptr;
}

// Builds the request as Send would; a problem shows under the URL and
// disables Send, so a bad URL or an undefined variable never reaches the wire.
void MainWindow::checkRequest()
{
    if (m_current.isEmpty())
        return;
    const Environment* chosen = chosenEnvironment();
    m_editor->setContext(collection(), m_current, chosen); // the URL's variables, the inherited auth
    DynamicVariables values(Random(0), [] { return QDateTime::currentDateTimeUtc(); });
    // The store's secrets count, as Send uses them; they are only checked here, never shown.
    const Expected<BuiltRequest> built
        = buildRequest(collection(), m_current, chosen, secretValuesFor(chosen), &values);
    m_editor->setProblem(built ? QString() : built.error().message);
    m_editor->setSendEnabled(static_cast<bool>(built));
}

void MainWindow::send()
{
    if (m_current.isEmpty())
        return;
    const Environment* chosen = chosenEnvironment();
    const SecretValues values = secretValuesFor(chosen);
    const BackendChoice backend = m_editor->backend();
    DynamicVariables dynamic(Random(backend.seed).fork(0x76617273), [] { return QDateTime::currentDateTimeUtc(); });
    Expected<BuiltRequest> built = buildRequest(collection(), m_current, chosen, values, &dynamic);
    if (!built) {
        m_editor->setProblem(built.error().message);
        return;
    }
    addClientDefaultHeaders(built->request);
    m_sentName = requestDisplayPath(collection(), m_current);
    m_sentSecrets = values;
    m_sentSecrets.insert(secretValuesHeld(collection()));
    m_logSecrets = m_sentSecrets;
    m_showingRun = false;
    m_chart->clear();
    m_attempts->clear();
    m_response->clear();
    if (auto sent = m_runner->send(*built, backend); !sent)
        QMessageBox::warning(this, tr("Cannot send"), sent.error().message);
}

void MainWindow::recordInHistory(const Timeline& timeline)
{
    if (auto recorded = m_history->append(m_sentName, timeline, m_sentSecrets, QDateTime::currentDateTimeUtc());
        !recorded)
        statusBar()->showMessage(tr("The history was not written: %1").arg(recorded.error().message), 10'000);
    m_historyList->refresh();
}

void MainWindow::showRecordedCall(const Timeline& timeline, const QString& request)
{
    m_chart->setTimelines({timeline});
    m_attempts->setTimeline(timeline);
    m_response->clear();
    m_status->setText(tr("%1, from the history: %2").arg(request, timeline.outcome.reason));
}

void MainWindow::explainAttempt(int attempt)
{
    const Timeline& shown = m_attempts->timeline();
    if (attempt < 0 || attempt >= shown.attempts.size())
        return;
    const AttemptRecord& record = shown.attempts[attempt];
    if (record.status)
        m_guide->showStatus(record.status);
    else if (const std::optional<int> mentioned = statusMentionedIn(record.reason))
        m_guide->showStatus(*mentioned);
    else
        m_guide->showError(errorCodeName(record.error));
    m_guideDock->show();
    m_guideDock->raise();
}

void MainWindow::cancel()
{
    m_runner->cancel();
    if (m_collectionRunner->isRunning()) {
        m_runCancelled = true;
        m_collectionRunner->cancel();
    }
}

SecretValues MainWindow::secretValuesFor(const Environment* environment) const
{
    SecretStore store;
    if (!store.load())
        return {};
    return store.valuesFor(collection().id, environment ? environment->name : QString());
}

void MainWindow::runCollection()
{
    if (m_collectionRunner->isRunning())
        return;
    RunSettings settings;
    settings.folder = m_runnerPanel->folder();
    settings.iterations = m_runnerPanel->iterations();
    settings.concurrency = m_runnerPanel->concurrency();
    settings.backend = m_editor->backend();
    m_showingRun = true;
    m_shownLane = 0;
    m_runCancelled = false;
    m_chart->clear();
    m_attempts->clear();
    m_response->clear();
    const Environment* chosen = chosenEnvironment();
    m_runnerPanel->runStarted(settings.iterations
                              * static_cast<int>(requestPaths(collection(), settings.folder).size()));
    const SecretValues secrets = secretValuesFor(chosen);
    m_logSecrets = secrets;
    m_logSecrets.insert(secretValuesHeld(collection()));
    if (auto started = m_collectionRunner->start(collection(), chosen, secrets, settings); !started) {
        m_runnerPanel->runFinished(RunSummary(), 0, false);
        QMessageBox::warning(this, tr("Cannot run the collection"), started.error().message);
    }
}

// The selected attempt's own answer, when the window still holds it.
void MainWindow::showAttemptResponse(int row)
{
    const Timeline& shown = m_attempts->timeline();
    if (row < 0 || row >= shown.attempts.size())
        return;
    if (m_showingRun) {
        showRunCallResponse(row);
        return;
    }
    if (m_runner->isRunning())
        return;
    const AttemptRecord& attempt = shown.attempts[row];
    const std::optional<Response> answer = m_runner->responseOf(attempt.attempt);
    if (answer)
        m_response->showResponse(answer, attempt.endedMs - attempt.startedMs);
    else
        m_response->showNoResponse(
            attempt.status
                ? tr("Attempt %1's answer is no longer kept.").arg(attempt.attempt)
                : tr("Attempt %1 received no answer: %2.")
                      .arg(attempt.attempt)
                      .arg(attempt.errorDetail.isEmpty() ? errorCodeName(attempt.error) : attempt.errorDetail));
}

// A collection run keeps each call's final answer only (the budget is shared by thousands of calls).
void MainWindow::showRunCallResponse(int row)
{
    const QList<CollectionRunner::FinishedCall>& calls = m_collectionRunner->calls();
    if (m_shownLane < 0 || m_shownLane >= calls.size())
        return;
    const CollectionRunner::FinishedCall& call = calls[m_shownLane];
    const bool last = row == call.timeline.attempts.size() - 1;
    if (last && call.response)
        m_response->showResponse(call.response, call.timeline.outcome.elapsedMs);
    else if (last && call.timeline.outcome.status)
        m_response->showNoResponse(tr("This call's answer is no longer kept: the run kept the first %1 of answers.")
                                       .arg(QLocale().formattedDataSize(CollectionRunner::kKeptBodyBytes)));
    else
        m_response->showNoResponse(
            tr("A collection run keeps each call's final answer; send \"%1\" alone to see every attempt's.")
                .arg(call.name));
}

// Lines quote URLs, reasons and transport errors of calls built with secret
// values: each is written with {{name}} in their place, as the history is.
void MainWindow::appendLog(const QString& line)
{
    m_pendingLog.append(QTime::currentTime().toString(QStringLiteral("HH:mm:ss.zzz  "))
                        + redactSecrets(line, m_logSecrets));
}

void MainWindow::flushLog()
{
    if (!m_pendingLog.isEmpty()) { // one append for many lines: a long call logs thousands
        m_log->appendPlainText(m_pendingLog.join(u'\n'));
        m_pendingLog.clear();
    }
}

void MainWindow::showCallSoFar()
{
    flushLog();
    m_chart->updateLane(0, m_runner->timeline());
    m_attempts->setTimeline(m_runner->timeline());
}

// One lane per finished call, placed at its start on the run's time axis.
void MainWindow::showRunLanes()
{
    flushLog();
    QList<Timeline> lanes;
    QList<double> offsets;
    for (const CollectionRunner::FinishedCall& call : m_collectionRunner->calls()) {
        lanes.append(call.timeline);
        offsets.append(call.startMs);
    }
    m_chart->setTimelines(lanes, offsets);
}

void MainWindow::selectAttempt(int attempt)
{
    m_attemptsView->selectRow(attempt);
}

void MainWindow::updateTitle()
{
    const QString name = m_file.isEmpty() ? tr("Untitled") : QFileInfo(m_file).fileName();
    setWindowTitle(name + QStringLiteral("[*] — Jitterbug"));
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (!maybeSave()) {
        event->ignore();
        return;
    }
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    m_runner->cancel();
    event->accept();
}

} // namespace jitterbug::gui
