// The workbench as a user drives it: open the sample collection, pick a
// request, send it on the simulated backend, and read the timeline.
#include "charts/timelinechart.h"
#include "collection/collectionjson.h"
#include "collection/curlinterop.h"
#include "collection/history.h"
#include "collection/requestbuilder.h"
#include "document/interop.h"
#include "document/recentfiles.h"
#include "document/recoveryfile.h"
#include "editor/policyeditor.h"
#include "editor/requesteditor.h"
#include "guide/statusguide.h"
#include "history/historylist.h"
#include "mainwindow.h"
#include "models/attemptstablemodel.h"
#include "models/collectiontreemodel.h"
#include "run/callrunner.h"
#include "run/collectionrunner.h"
#include "run/responseviewer.h"
#include "run/runnerpanel.h"

#include "modeltestsupport.h"

#include <QApplication>
#include <QComboBox>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QMenu>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>
#include <QUndoStack>

#include <gtest/gtest.h>

using namespace jitterbug;
using namespace jitterbug::gui;

namespace {

QByteArray readFileBytes(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

const QString sample = QStringLiteral(JITTERBUG_SOURCE_DIR "/resources/collections/sample.jitterbug.json");

// Screenshots of the main states land in the build folder, for the docs.
void saveScreenshot(QWidget& window, const char* name)
{
    const QString dir = QCoreApplication::applicationDirPath() + QStringLiteral("/screenshots");
    QDir().mkpath(dir);
    QTest::qWait(50); // the chart lays out its legend on the event loop, as on screen
    EXPECT_TRUE(window.grab().save(dir + u'/' + QLatin1StringView(name) + QStringLiteral(".png")));
}

class MainWindowTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        window.resize(1280, 820);
        window.runner().setInstant(true); // virtual time: the whole call at once, exactly
        ASSERT_TRUE(window.openCollection(sample));
        ASSERT_TRUE(window.selectEnvironment(QStringLiteral("sim")));
    }
    MainWindow window;
};

} // namespace

TEST_F(MainWindowTest, TheFlakyOrdersApiShowsTwo503sTwoGrowingWaitsAndA201)
{
    ASSERT_TRUE(window.selectRequest(QStringLiteral("Flaky orders API")));
    window.show();
    EXPECT_TRUE(window.editor()->problem().isEmpty()) << window.editor()->problem().toStdString();
    window.activateWindow();
    ASSERT_TRUE(QTest::qWaitForWindowActive(&window));
    window.editor()->urlEdit()->setFocus();
    QSignalSpy finished(&window.runner(), &CallRunner::finished);
    // Ctrl+Enter from wherever the focus is, as a user sends.
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return, Qt::ControlModifier);
    ASSERT_EQ(finished.size(), 1);

    const Timeline t = window.runner().timeline();
    ASSERT_EQ(t.attempts.size(), 3);
    EXPECT_EQ(t.attempts[0].status, 503);
    EXPECT_EQ(t.attempts[1].status, 503);
    EXPECT_EQ(t.attempts[2].status, 201);
    EXPECT_GT(t.attempts[1].waitMs, t.attempts[0].waitMs) << "equal jitter: the second wait is the longer";
    EXPECT_EQ(window.attemptsModel()->rowCount(), 3);
    EXPECT_EQ(window.chart()->attemptBarCount(), 3);
    EXPECT_EQ(window.chart()->waitSegmentCount(), 2);
    EXPECT_TRUE(window.responseViewer()->statusText().contains(QStringLiteral("201")))
        << window.responseViewer()->statusText().toStdString();
    EXPECT_TRUE(window.responseViewer()->bodyText().contains(QStringLiteral("A-1002")));
    saveScreenshot(window, "flaky-orders-sent");
}

TEST_F(MainWindowTest, ClickingABarSelectsItsRowAndARowSelectsItsBar)
{
    ASSERT_TRUE(window.selectRequest(QStringLiteral("Flaky orders API")));
    window.show();
    window.send();
    ASSERT_EQ(window.chart()->attemptBarCount(), 3);
    QApplication::processEvents();
    const QRectF bar = window.chart()->barRect(0, 1);
    ASSERT_FALSE(bar.isEmpty());
    QTest::mouseClick(window.chart()->viewport(), Qt::LeftButton, {}, bar.center().toPoint());
    EXPECT_EQ(window.attemptsView()->currentIndex().row(), 1);
    window.attemptsView()->selectRow(2);
    EXPECT_EQ(window.attemptsView()->currentIndex().row(), 2);
}

TEST_F(MainWindowTest, AnUndefinedVariableShowsInlineAndDisablesSend)
{
    ASSERT_TRUE(window.selectRequest(QStringLiteral("OK")));
    window.show();
    EXPECT_TRUE(window.editor()->sendButton()->isEnabled());
    window.editor()->urlEdit()->setText(QStringLiteral("{{nowhere}}/ok"));
    EXPECT_EQ(window.editor()->problem(), QStringLiteral("request \"OK\": url: undefined variable {{nowhere}}"));
    EXPECT_FALSE(window.editor()->sendButton()->isEnabled());
    QSignalSpy started(&window.runner(), &CallRunner::started);
    window.send();
    EXPECT_EQ(started.size(), 0) << "nothing is sent";
    window.editor()->urlEdit()->setText(QStringLiteral("{{base_url}}/ok"));
    EXPECT_TRUE(window.editor()->problem().isEmpty());
    EXPECT_TRUE(window.editor()->sendButton()->isEnabled());
    saveScreenshot(window, "inline-problem-fixed");
}

TEST_F(MainWindowTest, EditsReachTheCollectionAndTheSentRequest)
{
    ASSERT_TRUE(window.selectRequest(QStringLiteral("OK")));
    window.editor()->urlEdit()->setText(QStringLiteral("{{base_url}}/not-found"));
    const ItemPath path = window.currentPath();
    const ItemLocation location = locateItem(window.collection(), path);
    ASSERT_TRUE(location.item && location.item->request());
    EXPECT_EQ(location.item->request()->url, QStringLiteral("{{base_url}}/not-found"));
    EXPECT_TRUE(window.isWindowModified());
    window.send();
    const Timeline t = window.runner().timeline();
    ASSERT_EQ(t.attempts.size(), 1) << "404 is not retried";
    EXPECT_EQ(t.attempts[0].status, 404);
    EXPECT_EQ(t.url, QStringLiteral("http://sim.local/not-found"));
}

TEST_F(MainWindowTest, ItsModelsPassTheModelTester)
{
    test::ModelTesterGuard tree(window.treeModel());
    test::ModelTesterGuard attempts(window.attemptsModel());
    ASSERT_TRUE(window.selectRequest(QStringLiteral("Flaky orders API")));
    window.send();
    window.editor()->urlEdit()->setText(QStringLiteral("{{base_url}}/flaky/orders?x=1")); // an edit resets the tree
    window.send();
    EXPECT_EQ(window.attemptsModel()->rowCount(), 3);
    EXPECT_EQ(tree.failures(), "");
    EXPECT_EQ(attempts.failures(), "");
}

namespace {

// A window whose recovery copies go to `dir`, not the user's data directory.
std::unique_ptr<MainWindow> windowWithRecoveryIn(const QString& dir)
{
    auto window = std::make_unique<MainWindow>();
    window->setRecoveryFile(std::make_unique<RecoveryFile>(dir));
    window->runner().setInstant(true);
    return window;
}

QString copyOfSample(const QTemporaryDir& dir)
{
    const QString path = dir.filePath(QStringLiteral("demo.jitterbug.json"));
    EXPECT_TRUE(QFile::copy(sample, path));
    QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
    return path;
}

} // namespace

TEST(MainWindowDocument, UndoAndRedoWalkBackAndForthThroughEdits)
{
    QTemporaryDir dir;
    auto window = windowWithRecoveryIn(dir.path());
    ASSERT_TRUE(window->openCollection(copyOfSample(dir)));
    ASSERT_TRUE(window->selectRequest(QStringLiteral("OK")));
    const Collection original = window->collection();
    EXPECT_FALSE(window->isWindowModified());

    // Typing merges into one step per request.
    window->editor()->urlEdit()->setText(QStringLiteral("{{base_url}}/o"));
    window->editor()->urlEdit()->setText(QStringLiteral("{{base_url}}/ok2"));
    EXPECT_EQ(window->undoStack()->count(), 1);
    EXPECT_TRUE(window->isWindowModified());
    const QModelIndex ok = window->treeModel()->findRequest(QStringLiteral("OK"));
    ASSERT_TRUE(window->treeModel()->setData(ok, QStringLiteral("OK, renamed")));
    EXPECT_EQ(window->undoStack()->count(), 2);

    window->undoStack()->undo(); // the rename
    EXPECT_TRUE(window->treeModel()->findRequest(QStringLiteral("OK")).isValid());
    EXPECT_EQ(window->editor()->urlEdit()->text(), QStringLiteral("{{base_url}}/ok2"));
    window->undoStack()->undo(); // the URL
    EXPECT_EQ(window->editor()->urlEdit()->text(), QStringLiteral("{{base_url}}/ok"));
    EXPECT_TRUE(window->collection() == original);
    EXPECT_FALSE(window->isWindowModified()) << "back where the file is";
    window->undoStack()->redo();
    window->undoStack()->redo();
    EXPECT_TRUE(window->treeModel()->findRequest(QStringLiteral("OK, renamed")).isValid());
    EXPECT_EQ(window->editor()->urlEdit()->text(), QStringLiteral("{{base_url}}/ok2"));
    window->setUnsavedQuestion([] { return MainWindow::UnsavedChoice::Discard; });
}

TEST(MainWindowDocument, SaveThenReopenGivesTheSameCollection)
{
    QTemporaryDir dir;
    auto window = windowWithRecoveryIn(dir.path());
    const QString path = copyOfSample(dir);
    ASSERT_TRUE(window->openCollection(path));
    ASSERT_TRUE(window->selectRequest(QStringLiteral("OK")));
    window->editor()->urlEdit()->setText(QStringLiteral("{{base_url}}/ok?saved=1"));
    ASSERT_TRUE(window->save());
    EXPECT_FALSE(window->isWindowModified());
    const Collection saved = window->collection();

    auto reopened = windowWithRecoveryIn(dir.path());
    ASSERT_TRUE(reopened->openCollection(path));
    EXPECT_TRUE(reopened->collection() == saved);
    EXPECT_EQ(collectionToJson(reopened->collection()), readFileBytes(path)) << "saved in the file's own layout";
    EXPECT_TRUE(window->saveAs(dir.filePath(QStringLiteral("copy.jitterbug.json"))));
    EXPECT_EQ(window->filePath(), dir.filePath(QStringLiteral("copy.jitterbug.json")));
}

TEST(MainWindowDocument, UnsavedEditsAreOfferedBackAfterACrash)
{
    QTemporaryDir dir;
    const QString path = copyOfSample(dir);
    {
        auto crashed = windowWithRecoveryIn(dir.path() + QStringLiteral("/recovery"));
        ASSERT_TRUE(crashed->openCollection(path));
        ASSERT_TRUE(crashed->selectRequest(QStringLiteral("OK")));
        crashed->editor()->urlEdit()->setText(QStringLiteral("{{base_url}}/recovered"));
        crashed->autosave(); // what the timer does every 30 s
        crashed->setUnsavedQuestion([] { return MainWindow::UnsavedChoice::Cancel; });
        // No close: the process "crashes" here and the recovery copy stays.
        crashed->undoStack()->setClean(); // so the destructor asks nothing
    }
    auto window = windowWithRecoveryIn(dir.path() + QStringLiteral("/recovery"));
    QString offered;
    window->setRecoveryQuestion([&offered](const QString& message) {
        offered = message;
        return true;
    });
    ASSERT_TRUE(window->openCollection(path));
    EXPECT_TRUE(offered.contains(QStringLiteral("demo.jitterbug.json"))) << offered.toStdString();
    ASSERT_TRUE(window->selectRequest(QStringLiteral("OK")));
    EXPECT_EQ(window->editor()->urlEdit()->text(), QStringLiteral("{{base_url}}/recovered"));
    EXPECT_TRUE(window->isWindowModified()) << "recovered edits are not saved yet";
    window->undoStack()->undo(); // the recovery is one undo step
    ASSERT_TRUE(window->selectRequest(QStringLiteral("OK")));
    EXPECT_EQ(window->editor()->urlEdit()->text(), QStringLiteral("{{base_url}}/ok"));

    // Declined, the copy is gone: it is not offered again.
    auto declined = windowWithRecoveryIn(dir.path() + QStringLiteral("/recovery"));
    int asked = 0;
    declined->setRecoveryQuestion([&asked](const QString&) { return ++asked, false; });
    window->setUnsavedQuestion([] { return MainWindow::UnsavedChoice::Discard; });
    window->undoStack()->redo();
    window->autosave();
    ASSERT_TRUE(declined->openCollection(path));
    EXPECT_EQ(asked, 1);
    auto again = windowWithRecoveryIn(dir.path() + QStringLiteral("/recovery"));
    again->setRecoveryQuestion([&asked](const QString&) { return ++asked, false; });
    ASSERT_TRUE(again->openCollection(path));
    EXPECT_EQ(asked, 1);
}

TEST(MainWindowDocument, OpenRecentListsFilesNewestFirstAndForgetsOnesThatAreGone)
{
    QTemporaryDir dir;
    RecentFiles().clear();
    auto window = windowWithRecoveryIn(dir.path());
    QStringList problems;
    window->setProblemReport([&problems](const QString&, const QString& message) { problems << message; });
    const QString first = QFileInfo(copyOfSample(dir)).canonicalFilePath(); // the list keeps canonical paths
    ASSERT_TRUE(window->openCollection(first));
    const QString second = first.section(u'/', 0, -2) + QStringLiteral("/second.jitterbug.json");
    ASSERT_TRUE(window->saveAs(second));
    EXPECT_EQ(RecentFiles().paths(), QStringList({second, first}));

    Q_EMIT window->recentMenu()->aboutToShow(); // as when the user opens File ▸ Open Recent
    const QList<QAction*> entries = window->recentMenu()->actions();
    ASSERT_GE(entries.size(), 2);
    EXPECT_TRUE(entries[0]->text().startsWith(QStringLiteral("&1 second.jitterbug.json")))
        << entries[0]->text().toStdString();
    EXPECT_EQ(entries[1]->data().toString(), first);
    entries[1]->trigger();
    EXPECT_EQ(window->filePath(), first);
    EXPECT_EQ(RecentFiles().paths().front(), first) << "opening moves a file to the front";

    ASSERT_TRUE(QFile::remove(second));
    window->openRecent(second);
    ASSERT_EQ(problems.size(), 1);
    EXPECT_TRUE(problems[0].contains(second)) << problems[0].toStdString();
    EXPECT_EQ(RecentFiles().paths(), QStringList({first})) << "a file that is gone leaves the list";
    EXPECT_EQ(window->filePath(), first) << "and the open document stays";

    for (int i = 0; i < RecentFiles::Limit + 2; ++i)
        RecentFiles().add(dir.filePath(QStringLiteral("c%1.jitterbug.json").arg(i)));
    EXPECT_EQ(RecentFiles().paths().size(), RecentFiles::Limit);
    EXPECT_TRUE(RecentFiles().paths().front().endsWith(QStringLiteral("c11.jitterbug.json")));
    RecentFiles().clear();
    Q_EMIT window->recentMenu()->aboutToShow();
    EXPECT_FALSE(window->recentMenu()->isEnabled()) << "nothing to offer";
}

TEST(MainWindowDocument, ClosingWithUnsavedChangesAsks)
{
    QTemporaryDir dir;
    auto window = windowWithRecoveryIn(dir.path());
    ASSERT_TRUE(window->openCollection(copyOfSample(dir)));
    window->show();
    ASSERT_TRUE(window->selectRequest(QStringLiteral("OK")));
    window->editor()->urlEdit()->setText(QStringLiteral("{{base_url}}/changed"));
    int asked = 0;
    window->setUnsavedQuestion([&asked] { return ++asked, MainWindow::UnsavedChoice::Cancel; });
    EXPECT_FALSE(window->close()) << "Cancel keeps the window open";
    EXPECT_EQ(asked, 1);
    window->setUnsavedQuestion([&asked] { return ++asked, MainWindow::UnsavedChoice::Discard; });
    EXPECT_TRUE(window->close());
    EXPECT_EQ(asked, 2);
}

TEST_F(MainWindowTest, APastedCurlCommandBecomesARequestInOneUndoStep)
{
    ASSERT_TRUE(window.selectRequest(QStringLiteral("OK")));
    const Expected<RequestItem> pasted = requestFromCurl(
        u"curl 'http://sim.local/flaky' -H 'Accept: application/json' \\\n  --retry 2", QStringLiteral("Pasted"));
    ASSERT_TRUE(pasted);
    window.addRequest(*pasted);
    const QModelIndex added = window.treeModel()->findRequest(QStringLiteral("Pasted"));
    ASSERT_TRUE(added.isValid());
    EXPECT_EQ(window.treeModel()->pathOf(added), window.currentPath());
    EXPECT_EQ(window.editor()->urlEdit()->text(), QStringLiteral("http://sim.local/flaky"));
    window.send();
    EXPECT_EQ(window.runner().timeline().outcome.status, 200);
    window.undoStack()->undo();
    EXPECT_FALSE(window.treeModel()->findRequest(QStringLiteral("Pasted")).isValid());
}

TEST_F(MainWindowTest, ExportsAndTheHistoryCarryTheCallWithoutSecrets)
{
    ASSERT_TRUE(window.selectRequest(QStringLiteral("Flaky orders API")));
    window.send();
    const QByteArray har
        = harOfCall(QStringLiteral("Flaky orders API"), window.runner().timeline(), window.runner().sentRequest(),
                    window.runner().response(), window.runner().startedAt(), {});
    const QJsonArray entries = QJsonDocument::fromJson(har).object()[u"log"][u"entries"].toArray();
    EXPECT_EQ(entries.size(), 3) << "one entry per attempt";
    EXPECT_TRUE(har.contains(window.runner().timeline().idempotencyKey)) << "the key that was sent";

    Collection withSecret = window.collection();
    withSecret.variables.append(Variable{QStringLiteral("token"), QStringLiteral("s3cret-value"), true, true});
    EXPECT_FALSE(postmanExportOf(withSecret).contains("s3cret-value"));

    History history;
    const Expected<QList<HistoryEntry>> recorded = history.list(10);
    ASSERT_TRUE(recorded);
    ASSERT_FALSE(recorded->isEmpty());
    EXPECT_EQ(recorded->front().request, QStringLiteral("Flaky orders API"));
}

TEST_F(MainWindowTest, AnAttemptOpensTheStatusGuideAndTheHistoryReopensACall)
{
    ASSERT_TRUE(window.selectRequest(QStringLiteral("Flaky orders API")));
    window.send();
    const Timeline sent = window.runner().timeline();
    window.explainAttempt(0);
    EXPECT_EQ(window.statusGuide()->currentStatus(), 503);
    window.explainAttempt(2);
    EXPECT_EQ(window.statusGuide()->currentStatus(), 201);

    ASSERT_GE(window.historyList()->count(), 1) << "the call was recorded and the list refreshed";
    ASSERT_TRUE(window.selectRequest(QStringLiteral("OK")));
    window.send();
    EXPECT_EQ(window.attemptsModel()->rowCount(), 1);
    window.showRecordedCall(sent, QStringLiteral("Flaky orders API"));
    EXPECT_EQ(window.attemptsModel()->rowCount(), 3);
    EXPECT_EQ(window.chart()->attemptBarCount(), 3);
}

TEST_F(MainWindowTest, TheCollectionRunnerShowsOneLanePerCallAndASummary)
{
    window.collectionRunner().setInstant(true);
    const int requests = static_cast<int>(requestPaths(window.collection()).size());
    window.runnerPanel()->setIterations(2);
    window.runnerPanel()->setConcurrency(3);
    window.runCollection();
    EXPECT_FALSE(window.collectionRunner().isRunning());
    EXPECT_EQ(window.collectionRunner().summary().calls(), 2 * requests);
    EXPECT_EQ(window.chart()->laneCount(), 2 * requests);
    EXPECT_TRUE(
        window.runnerPanel()->summaryText().startsWith(QString::number(2 * requests) + QStringLiteral(" calls: ")))
        << window.runnerPanel()->summaryText().toStdString();
    EXPECT_TRUE(window.runnerPanel()->summaryText().contains(QStringLiteral("p95"))) << "latency percentiles";
    const QStringList logged = window.logView()->toPlainText().split(u'\n');
    EXPECT_EQ(logged.filter(QStringLiteral("  call ")).size(), 2 * requests) << "one log line per call";
    EXPECT_EQ(logged
                  .filter(QRegularExpression(
                      QStringLiteral("call \\d+: Flaky orders API \\(iteration 2\\) — 201 after 3 attempt")))
                  .size(),
              1)
        << window.logView()->toPlainText().toStdString();

    // Clicking a lane's bar shows that call's attempts.
    window.show();
    QTest::qWait(50);
    const auto& calls = window.collectionRunner().calls();
    int flaky = -1;
    for (int i = 0; i < calls.size() && flaky < 0; ++i) {
        if (calls[i].name == QStringLiteral("Flaky orders API"))
            flaky = i;
    }
    ASSERT_GE(flaky, 0);
    const QRectF bar = window.chart()->barRect(flaky, 0);
    ASSERT_FALSE(bar.isEmpty());
    QTest::mouseClick(window.chart()->viewport(), Qt::LeftButton, {}, bar.center().toPoint());
    EXPECT_EQ(window.attemptsModel()->timeline(), calls[flaky].timeline);
    EXPECT_TRUE(window.responseViewer()->statusText().contains(QStringLiteral("final answer")))
        << "an earlier attempt's answer is not kept in a run: " << window.responseViewer()->statusText().toStdString();
    // Its last attempt shows the answer the call ended with.
    const Timeline& flakyCall = calls[flaky].timeline;
    ASSERT_GT(flakyCall.attempts.size(), 1);
    window.attemptsView()->selectRow(static_cast<int>(flakyCall.attempts.size()) - 1);
    ASSERT_TRUE(calls[flaky].response);
    EXPECT_TRUE(window.responseViewer()->statusText().contains(QString::number(flakyCall.outcome.status)))
        << window.responseViewer()->statusText().toStdString();
    EXPECT_EQ(QJsonDocument::fromJson(window.responseViewer()->bodyText().toUtf8()),
              QJsonDocument::fromJson(calls[flaky].response->body));
    EXPECT_EQ(window.chart()->selectedAttempt(), std::pair(flaky, static_cast<int>(flakyCall.attempts.size()) - 1))
        << "the bar of that lane is the selected one";
    saveScreenshot(window, "collection-run");
}

TEST_F(MainWindowTest, TheRunnerRunsOneFolder)
{
    window.collectionRunner().setInstant(true);
    window.runnerPanel()->setFolders(folderPaths(window.collection()));
    const QString folder = folderPaths(window.collection()).value(0);
    ASSERT_EQ(folder, QStringLiteral("Orders"));
    window.runCollection(); // the whole collection first: the folder choice is the panel's
    const int all = window.collectionRunner().summary().calls();
    QComboBox* choice = window.runnerPanel()->findChild<QComboBox*>();
    ASSERT_NE(choice, nullptr);
    choice->setCurrentIndex(1);
    EXPECT_EQ(window.runnerPanel()->folder(), folder);
    window.runCollection();
    EXPECT_EQ(window.collectionRunner().summary().calls(),
              static_cast<int>(requestPaths(window.collection(), folder).size()));
    EXPECT_LT(window.collectionRunner().summary().calls(), all);
}

TEST_F(MainWindowTest, APresetInTheResilienceTabChangesWhatSendDoes)
{
    ASSERT_TRUE(window.selectRequest(QStringLiteral("Flaky orders API")));
    window.editor()->tabs()->setCurrentWidget(window.editor()->policyEditor());
    window.editor()->policyEditor()->applyPreset(QStringLiteral("No retries"));
    const ItemLocation location = locateItem(window.collection(), window.currentPath());
    ASSERT_TRUE(location.item && location.item->request() && location.item->request()->policy);
    EXPECT_EQ(location.item->request()->policy->fields.value(u"max_attempts").toInt(), 1);
    window.send();
    ASSERT_EQ(window.runner().timeline().attempts.size(), 1) << "no retries";
    EXPECT_EQ(window.runner().timeline().attempts[0].status, 503);
    window.show();
    saveScreenshot(window, "resilience-tab");

    window.undoStack()->undo();
    window.send();
    EXPECT_EQ(window.runner().timeline().attempts.size(), 3) << "the request's own policy again";
}

TEST_F(MainWindowTest, TreeEditsAreUndoableAndADropMovesTheItem)
{
    const int top = static_cast<int>(window.collection().items.size());
    ASSERT_TRUE(window.selectRequest(QStringLiteral("OK")));
    window.duplicateSelected();
    EXPECT_TRUE(window.treeModel()->findRequest(QStringLiteral("OK copy")).isValid());
    EXPECT_EQ(window.editor()->urlEdit()->text(), QStringLiteral("{{base_url}}/ok")) << "the copy is selected";
    window.deleteSelected();
    EXPECT_FALSE(window.treeModel()->findRequest(QStringLiteral("OK copy")).isValid());
    window.addFolder();
    EXPECT_EQ(static_cast<int>(window.collection().items.size()), top + 1);

    // A drop asks the window, which moves the item as one undo step.
    const QModelIndex ok = window.treeModel()->findRequest(QStringLiteral("OK"));
    const QModelIndex orders = window.treeModel()->indexOf(ItemPath{top}); // the Orders folder moved down by one
    ASSERT_EQ(orders.data().toString(), QStringLiteral("Orders"));
    std::unique_ptr<QMimeData> dragged(window.treeModel()->mimeData({ok}));
    EXPECT_FALSE(window.treeModel()->dropMimeData(dragged.get(), Qt::MoveAction, 0, 0, orders))
        << "the view must not remove the source row itself";
    const QModelIndex moved = window.treeModel()->findRequest(QStringLiteral("OK"));
    EXPECT_EQ(moved.parent().data().toString(), QStringLiteral("Orders"));
    EXPECT_FALSE(window.treeModel()->canDropMimeData(
        std::unique_ptr<QMimeData>(window.treeModel()->mimeData({window.treeModel()->indexOf(ItemPath{top})})).get(),
        Qt::MoveAction, 0, 0, window.treeModel()->indexOf(ItemPath{top})))
        << "not into itself";

    for (int i = 0; i < 4; ++i)
        window.undoStack()->undo();
    EXPECT_EQ(static_cast<int>(window.collection().items.size()), top);
    EXPECT_FALSE(window.isWindowModified());
}

// A dark desktop theme reaches every part of the window, the charts included.
TEST_F(MainWindowTest, TheWholeWindowFollowsADarkPalette)
{
    const QPalette light = QApplication::palette();
    QPalette dark;
    const QColor text(0xe6e6e6);
    for (auto [role, colour] : {std::pair{QPalette::Window, QColor(0x2b2b2b)},
                                {QPalette::Base, QColor(0x1e1e1e)},
                                {QPalette::AlternateBase, QColor(0x262626)},
                                {QPalette::Button, QColor(0x353535)},
                                {QPalette::Highlight, QColor(0x2f65ca)},
                                {QPalette::Text, text},
                                {QPalette::WindowText, text},
                                {QPalette::ButtonText, text},
                                {QPalette::HighlightedText, QColor(Qt::white)},
                                {QPalette::ToolTipBase, QColor(0x353535)},
                                {QPalette::ToolTipText, text}})
        dark.setColor(role, colour);
    QApplication::setPalette(dark);
    ASSERT_TRUE(window.selectRequest(QStringLiteral("Flaky orders API")));
    window.show();
    window.send();
    QTest::qWait(50);
    const QImage shot = window.grab().toImage();
    const auto lightnessAt = [&shot, this](QWidget* widget, QPoint inside) {
        return QColor(shot.pixel(widget->mapTo(&window, inside))).lightness();
    };
    EXPECT_LT(lightnessAt(window.chart(), QPoint(6, 6)), 80) << "the chart's background is dark";
    EXPECT_LT(lightnessAt(window.logView()->viewport(), QPoint(window.logView()->viewport()->width() - 4, 4)), 80);
    EXPECT_LT(lightnessAt(window.treeView()->viewport(), QPoint(4, window.treeView()->viewport()->height() - 4)), 80);
    saveScreenshot(window, "workbench-dark");
    QApplication::setPalette(light);
}

TEST_F(MainWindowTest, SelectingAnAttemptShowsItsOwnResponse)
{
    ASSERT_TRUE(window.selectRequest(QStringLiteral("Flaky orders API")));
    window.send();
    window.attemptsView()->selectRow(0);
    EXPECT_TRUE(window.responseViewer()->statusText().contains(QStringLiteral("503")))
        << window.responseViewer()->statusText().toStdString();
    EXPECT_TRUE(window.responseViewer()->bodyText().contains(QStringLiteral("busy, try again")));
    window.attemptsView()->selectRow(2);
    EXPECT_TRUE(window.responseViewer()->statusText().contains(QStringLiteral("201")));
    EXPECT_TRUE(window.responseViewer()->bodyText().contains(QStringLiteral("A-1002")));
}
