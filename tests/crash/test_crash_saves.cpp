// Crash safety of a save: a process saving a large collection with
// saveCollection() (what the window's Save and `convert` use) is killed with
// SIGKILL at random points of the save, again and again. Each time the file
// must be the whole old version or the whole new one, never a mix or a
// stump, and what a kill leaves behind must not stop the next save.
//
// tests/crash/kill_saves.sh runs the same test with more kills and a seed.
#include "bigcollection.h"
#include "collection/collectionjson.h"
#include "killharness.h"
#include "util/random.h"

#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <cstdio>

using namespace jitterbug;
using namespace jitterbug::test;

TEST(CrashSafety, SavesKilledAtRandomPointsLeaveTheOldOrTheNewFileWhole)
{
    const qint64 kills = countFromEnvironment("JITTERBUG_KILLS", 200);
    const auto seed = static_cast<quint64>(countFromEnvironment("JITTERBUG_KILL_SEED", 1));
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString name = QStringLiteral("big.jitterbug.json");
    const QString out = dir.filePath(name);
    const QList<QByteArray> versions{collectionToJson(bigCollection(0)), collectionToJson(bigCollection(1))};
    for (const QByteArray& version : versions)
        ASSERT_TRUE(collectionFromJson(version, name).has_value()) << "each version loads";

    // Complete saves first: they put revision 1 on disk and show how long a
    // save takes here (three runs) and how long it holds the file open
    // (three more, watched), so the kills can be aimed.
    QList<SaveTiming> calibration;
    for (int run = 0; run < 6; ++run) {
        const int revision = run % 2;
        calibration.append(
            runToEnd({QStringLiteral("save"), out, QString::number(revision)}, run < 3 ? QString() : dir.path()));
        ASSERT_GT(calibration.back().saveMs, 0) << "a complete save";
        ASSERT_EQ(versionOf(fileBytes(out), versions), revision);
    }
    const KillSpread spread(calibration);

    Random random(seed);
    int onDisk = 1;
    int keptOld = 0;
    int gotNew = 0;
    int midWrite = 0;
    int finishedFirst = 0;
    QStringList strays;
    for (qint64 kill = 0; kill < kills; ++kill) {
        const int next = 1 - onDisk;
        const KillSpread::Kill planned = spread.plan(kill, random.uniform01());
        const KillResult run = killAfter({QStringLiteral("save"), out, QString::number(next)}, planned.from,
                                         planned.delayMs, dir.path(), planned.quietMs);
        ASSERT_TRUE(run.started) << run.errors.toStdString();
        const int found = versionOf(fileBytes(out), versions);
        ASSERT_NE(found, -1) << "kill " << kill << " (" << planned.delayMs << " ms) left a torn file";
        if (!run.killed) {
            ++finishedFirst;
            ASSERT_EQ(found, next) << "a save that finished wrote the new version";
        } else {
            (found == next ? gotNew : keptOld) += 1;
            midWrite += run.midWrite ? 1 : 0;
        }
        onDisk = found;
        // A kill between linking the finished temporary file and renaming it
        // leaves that file (whole) beside the collection; later saves use
        // fresh names, so it never gets in their way.
        for (const QString& stray : strayFiles(dir.path(), {name})) {
            if (strays.contains(stray))
                continue;
            strays.append(stray);
            EXPECT_TRUE(stray.startsWith(name + u'.')) << stray.toStdString();
            EXPECT_NE(versionOf(fileBytes(dir.filePath(stray)), versions), -1) << stray.toStdString();
        }
    }

    // After all of that, a save still works and loads.
    ASSERT_GT(runToEnd({QStringLiteral("save"), out, QString::number(1 - onDisk)}).saveMs, 0);
    EXPECT_EQ(versionOf(fileBytes(out), versions), 1 - onDisk);
    EXPECT_TRUE(loadCollection(out).has_value());

    std::printf("kill summary: seed %llu, %lld kills (%s; %.2f MB): %d kept the old version, %d found the new "
                "one, %d finished first; %d landed mid-write; %lld stray files; 0 torn\n",
                static_cast<unsigned long long>(seed), kills, qPrintable(spread.describe()),
                static_cast<double>(versions[1].size()) / 1e6, keptOld, gotNew, finishedFirst, midWrite,
                static_cast<long long>(strays.size()));
}
