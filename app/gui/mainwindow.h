#pragma once

#include "collection/collection.h"
#include "collection/variables.h"
#include "document/recentfiles.h"
#include "engine/timeline.h"
#include "util/error.h"

#include <QMainWindow>

#include <functional>
#include <memory>

class QComboBox;
class QDockWidget;
class QMenu;
class QLabel;
class QPlainTextEdit;
class QTableView;
class QTimer;
class QTreeView;
class QUndoStack;

namespace jitterbug {
class History;
}

namespace jitterbug::gui {

class AttemptsTableModel;
class HerdLab;
class HistoryList;
class StatusGuide;
class CallRunner;
class CollectionRunner;
class RunnerPanel;
class CollectionTreeModel;
class RecoveryFile;
class RequestEditor;
class ResponseViewer;
class TimelineChart;

// The workbench: the collection tree on the left, the request editor and
// the run view (timeline chart, attempts table, response) in the middle, a
// log of attempts and decisions at the bottom. Every request goes through
// the core's builder and engine; nothing here decides how a call retries.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Loads a collection (ours, Postman, or curl commands); on failure the
    // window keeps what it had and the error says which file and where.
    Expected<void> openCollection(const QString& path);
    bool selectRequest(const QString& name);
    // Starts an empty collection with one request (asks first about unsaved edits).
    bool newCollection();
    // Saves to the file it came from when that is a Jitterbug collection, else asks where.
    bool save();
    bool saveAs(const QString& path = {});
    bool selectEnvironment(const QString& name);
    // Adds a request after the selected item (at the end when none), as one undo step, and selects it.
    void addRequest(RequestItem request);
    void addFolder();
    void duplicateSelected();
    void deleteSelected();
    bool moveItem(const ItemPath& from, const ItemPath& parent, int row);

    const Collection& collection() const;
    ItemPath currentPath() const { return m_current; }

    CallRunner& runner() const { return *m_runner; }
    RequestEditor* editor() const { return m_editor; }
    TimelineChart* chart() const { return m_chart; }
    AttemptsTableModel* attemptsModel() const { return m_attempts; }
    QTableView* attemptsView() const { return m_attemptsView; }
    ResponseViewer* responseViewer() const { return m_response; }
    CollectionTreeModel* treeModel() const { return m_tree; }
    QTreeView* treeView() const { return m_treeView; }
    QPlainTextEdit* logView() const { return m_log; }
    StatusGuide* statusGuide() const { return m_guide; }
    HistoryList* historyList() const { return m_historyList; }
    // The "Herd lab" tab beside the request view.
    HerdLab* herdLab() const { return m_herdLab; }
    // Shows a recorded call in the run view, as the history list re-opens it.
    void showRecordedCall(const Timeline& timeline, const QString& request);
    // Opens the status guide on what an attempt's reason or error is about.
    void explainAttempt(int attempt);
    QUndoStack* undoStack() const { return m_undo; }
    QString filePath() const { return m_file; }

    // What the window asks the user; tests answer instead of a dialog.
    enum class UnsavedChoice { Save, Discard, Cancel };
    void setUnsavedQuestion(std::function<UnsavedChoice()> ask) { m_askUnsaved = std::move(ask); }
    void setRecoveryQuestion(std::function<bool(const QString& message)> ask) { m_askRecover = std::move(ask); }
    void setRecoveryFile(std::unique_ptr<RecoveryFile> recovery);
    // How a problem the user must read is shown (a warning dialog unless a test listens instead).
    void setProblemReport(std::function<void(const QString& title, const QString& message)> tell)
    {
        m_tellProblem = std::move(tell);
    }
    QMenu* recentMenu() const { return m_recentMenu; }
    // Opens a file of File ▸ Open Recent; one that is gone leaves the list with a message.
    void openRecent(const QString& path);
    // Writes unsaved edits to the recovery file now (the timer does it every 30 s).
    void autosave();

    CollectionRunner& collectionRunner() const { return *m_collectionRunner; }
    RunnerPanel* runnerPanel() const { return m_runnerPanel; }

public Q_SLOTS:
    void send();
    // Runs the folder or collection the runner panel names, one lane per call on the chart.
    void runCollection();
    void cancel();

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void createActions();
    void createDocks();
    void createImportExport(QMenu* file);
    void createRecentMenu(QMenu* file);
    void fillRecentMenu();
    // Asks about unsaved edits, then opens; a failure is told with this title and keeps the current document.
    bool openDocument(const QString& path, const QString& failureTitle);
    void exportTo(const QString& title, const QString& suggested, const QString& filter,
                  const Expected<QByteArray>& bytes);
    void createTreeActions();
    ItemPath selectedPath() const;
    void importCurl();
    void recordInHistory(const Timeline& timeline);
    void showRunLanes();
    void showCallSoFar();
    // Log lines wait in m_pendingLog until the next redraw shows them all at once.
    void appendLog(const QString& line);
    void flushLog();
    void showAttemptResponse(int row);
    void showRunCallResponse(int row);
    SecretValues secretValuesFor(const Environment* environment) const;
    void showRequest(const ItemPath& path);
    void applyEdits();
    void checkRequest();
    const Environment* chosenEnvironment() const;
    void selectAttempt(int attempt);
    void updateTitle();
    void pushEdit(const QString& text, Collection after, int mergeKey);
    void applyCollection(const Collection& collection, const ItemPath& select);
    void setDocument(Collection collection, const QString& path);
    void offerRecovery(const QString& path);
    bool maybeSave();

    CollectionTreeModel* m_tree;
    QTreeView* m_treeView;
    QComboBox* m_environment;
    RequestEditor* m_editor;
    TimelineChart* m_chart;
    AttemptsTableModel* m_attempts;
    QTableView* m_attemptsView;
    ResponseViewer* m_response;
    QPlainTextEdit* m_log;
    QLabel* m_status;
    CallRunner* m_runner;
    std::unique_ptr<History> m_history;
    StatusGuide* m_guide;
    HistoryList* m_historyList;
    QDockWidget* m_guideDock = nullptr;
    HerdLab* m_herdLab = nullptr;
    CollectionRunner* m_collectionRunner;
    RunnerPanel* m_runnerPanel;
    QTimer* m_runRedraw; // a long run redraws its lanes a few times a second, not per call
    QTimer* m_callRedraw; // the same for the attempts of one call
    QStringList m_pendingLog; // log lines not yet shown
    bool m_showingRun = false; // the chart shows a collection run's lanes
    int m_shownLane = 0; // the run's call the attempts table shows
    bool m_runCancelled = false;
    QUndoStack* m_undo;
    QTimer* m_autosave;
    std::unique_ptr<RecoveryFile> m_recovery;
    std::function<UnsavedChoice()> m_askUnsaved;
    std::function<bool(const QString&)> m_askRecover;
    std::function<void(const QString&, const QString&)> m_tellProblem;
    RecentFiles m_recentFiles;
    QMenu* m_recentMenu = nullptr;
    Collection m_committed; // the collection as the last undo step left it
    bool m_editingInEditor = false; // an edit comes from the editor: do not refill it
    QString m_file;
    ItemPath m_current;
    QString m_sentName; // the request of the last call, "Folder/Request"
    SecretValues m_sentSecrets; // the values it used that no file may show
    SecretValues m_logSecrets; // those of the last call or run, which no log line may show
};

} // namespace jitterbug::gui
