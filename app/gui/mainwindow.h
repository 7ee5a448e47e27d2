#pragma once

#include "collection/collection.h"
#include "collection/variables.h"
#include "util/error.h"

#include <QMainWindow>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QTableView;
class QTreeView;

namespace jitterbug::gui {

class AttemptsTableModel;
class CallRunner;
class CollectionTreeModel;
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
    bool selectEnvironment(const QString& name);

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

public Q_SLOTS:
    void send();
    void cancel();

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void createActions();
    void createDocks();
    void showRequest(const ItemPath& path);
    void applyEdits();
    void checkRequest();
    const Environment* chosenEnvironment() const;
    void selectAttempt(int attempt);
    void updateTitle();

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
    QString m_file;
    ItemPath m_current;
};

} // namespace jitterbug::gui
