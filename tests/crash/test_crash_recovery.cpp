// The desktop app's recovery copy under SIGKILL: unsaved edits autosaved by
// a window in another process survive that process being killed, and a new
// window offers them back; and the recovery copy's own write, killed at
// random points, leaves the old copy or the new one whole.
#include "bigcollection.h"
#include "collection/collectionjson.h"
#include "document/recoveryfile.h"
#include "editor/requesteditor.h"
#include "killharness.h"
#include "mainwindow.h"
#include "util/random.h"

#include <QFile>
#include <QLineEdit>
#include <QProcess>
#include <QTemporaryDir>
#include <QUndoStack>

#include <gtest/gtest.h>

#include <csignal>
#include <cstdio>

using namespace jitterbug;
using namespace jitterbug::gui;
using namespace jitterbug::test;

namespace {

const QString sample = QStringLiteral(JITTERBUG_SOURCE_DIR "/resources/collections/sample.jitterbug.json");

} // namespace

TEST(CrashRecovery, EditsAutosavedBeforeASigkillAreOfferedBackByANewWindow)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("demo.jitterbug.json"));
    ASSERT_TRUE(QFile::copy(sample, path));
    QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
    const QByteArray onDisk = fileBytes(path);
    const QString recoveryDir = dir.filePath(QStringLiteral("recovery"));
    const QString editedUrl = QStringLiteral("{{base_url}}/typed-before-the-crash");

    QProcess helper;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    // The helper's settings and history go to the test's directory, not the user's.
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.filePath(QStringLiteral("config")));
    environment.insert(QStringLiteral("XDG_DATA_HOME"), dir.filePath(QStringLiteral("data")));
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    helper.setProcessEnvironment(environment);
    helper.start(QStringLiteral(JITTERBUG_CRASH_HELPER_PATH),
                 {QStringLiteral("autosave"), path, recoveryDir, QStringLiteral("OK"), editedUrl});
    while (!helper.canReadLine() && helper.state() != QProcess::NotRunning)
        helper.waitForReadyRead(30000);
    ASSERT_EQ(helper.readLine(), "autosaved\n") << helper.readAllStandardError().toStdString();
    ::kill(static_cast<pid_t>(helper.processId()), SIGKILL);
    ASSERT_TRUE(helper.waitForFinished(30000));
    ASSERT_EQ(helper.exitStatus(), QProcess::CrashExit) << "killed, not closed";
    EXPECT_EQ(fileBytes(path), onDisk) << "the collection file itself was never written";

    MainWindow window;
    window.setRecoveryFile(std::make_unique<RecoveryFile>(recoveryDir));
    QString offered;
    window.setRecoveryQuestion([&offered](const QString& message) {
        offered = message;
        return true;
    });
    ASSERT_TRUE(window.openCollection(path));
    EXPECT_TRUE(offered.contains(QStringLiteral("demo.jitterbug.json"))) << offered.toStdString();
    ASSERT_TRUE(window.selectRequest(QStringLiteral("OK (edited)"))) << "the rename came back";
    EXPECT_EQ(window.editor()->urlEdit()->text(), editedUrl) << "and the typed URL";
    EXPECT_TRUE(window.isWindowModified()) << "recovered edits are not saved yet";
    window.undoStack()->undo(); // the recovery is one undo step
    ASSERT_TRUE(window.selectRequest(QStringLiteral("OK")));
    EXPECT_EQ(window.editor()->urlEdit()->text(), QStringLiteral("{{base_url}}/ok"));
    window.setUnsavedQuestion([] { return MainWindow::UnsavedChoice::Discard; });
}

TEST(CrashRecovery, RecoveryWritesKilledAtRandomPointsLeaveTheOldOrTheNewCopyWhole)
{
    const qint64 kills = countFromEnvironment("JITTERBUG_RECOVERY_KILLS", 50);
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const RecoveryFile recovery(dir.path());
    const Collection revisions[2] = {bigCollection(0), bigCollection(1)};
    const QList<QByteArray> versions{collectionToJson(revisions[0]), collectionToJson(revisions[1])};
    const QString copy = recovery.pathFor(revisions[0].id);
    const QString name = copy.mid(dir.path().size() + 1);
    const QStringList expected{name, name + QStringLiteral(".origin")};
    const QByteArray origin = "/home/user/big.jitterbug.json"; // what the helper names as the edits' file

    QList<SaveTiming> calibration;
    for (int run = 0; run < 6; ++run) {
        const int revision = run % 2;
        calibration.append(runToEnd({QStringLiteral("recovery"), dir.path(), QString::number(revision)},
                                    run < 3 ? QString() : dir.path()));
        ASSERT_GT(calibration.back().saveMs, 0);
        ASSERT_EQ(versionOf(fileBytes(copy), versions), revision);
    }
    const KillSpread spread(calibration);

    Random random(2);
    int onDisk = 1;
    int midWrite = 0;
    int stray = 0;
    for (qint64 kill = 0; kill < kills; ++kill) {
        const int next = 1 - onDisk;
        const KillSpread::Kill planned = spread.plan(kill, random.uniform01());
        const KillResult run = killAfter({QStringLiteral("recovery"), dir.path(), QString::number(next)}, planned.from,
                                         planned.delayMs, dir.path(), planned.quietMs);
        ASSERT_TRUE(run.started) << run.errors.toStdString();
        onDisk = versionOf(fileBytes(copy), versions);
        ASSERT_NE(onDisk, -1) << "kill " << kill << " (" << planned.delayMs << " ms) left a torn recovery copy";
        EXPECT_EQ(fileBytes(copy + QStringLiteral(".origin")), origin);
        midWrite += run.midWrite ? 1 : 0;
        // A kill between linking a finished temporary file and renaming it
        // leaves it whole beside the copy (or beside the .origin file).
        for (const QString& file : strayFiles(dir.path(), expected)) {
            ++stray;
            const QByteArray bytes = fileBytes(dir.filePath(file));
            if (file.startsWith(expected[1]))
                EXPECT_EQ(bytes, origin) << file.toStdString();
            else
                EXPECT_NE(versionOf(bytes, versions), -1) << file.toStdString();
            QFile::remove(dir.filePath(file)); // counted once
        }
    }
    const std::optional<RecoveryFile::Found> found = recovery.find(revisions[0].id);
    ASSERT_TRUE(found.has_value()) << "the copy left by the last kill loads";
    EXPECT_TRUE(found->collection == revisions[onDisk]);
    std::printf("recovery kill summary: %lld kills (%s), %d mid-write, %d stray files, 0 torn\n", kills,
                qPrintable(spread.describe()), midWrite, stray);
}
