#include "killharness.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <thread>
#include <unistd.h>

namespace jitterbug::test {

namespace {

QString helperPath()
{
    return QStringLiteral(JITTERBUG_CRASH_HELPER_PATH);
}

bool waitForLine(QProcess& process, int timeoutMs)
{
    while (!process.canReadLine()) {
        if (process.state() == QProcess::NotRunning || !process.waitForReadyRead(timeoutMs))
            return process.canReadLine();
    }
    return true;
}

// Reads the targets of /proc/PID/fd: an O_TMPFILE file shows as
// "DIR/#inode (deleted)", a named temporary file by its name.
bool holdsFileIn(qint64 pid, const QString& directory)
{
    const QString fds = QStringLiteral("/proc/%1/fd").arg(pid);
    const QByteArray prefix = QFile::encodeName(directory) + '/';
    const QStringList entries = QDir(fds).entryList(QDir::Files | QDir::System | QDir::NoDotAndDotDot);
    for (const QString& fd : entries) {
        char target[4096];
        const ssize_t length = ::readlink(QFile::encodeName(fds + u'/' + fd).constData(), target, sizeof target);
        if (length > 0 && QByteArray(target, length).startsWith(prefix))
            return true;
    }
    return false;
}

} // namespace

KillResult killAfter(const QStringList& arguments, KillFrom from, double delayMs, const QString& watchedDirectory,
                     double quietMs)
{
    KillResult result;
    QProcess process;
    process.start(helperPath(), arguments);
    if (!waitForLine(process, 30000) || process.readLine() != "ready\n") {
        process.kill();
        process.waitForFinished();
        result.errors = process.readAllStandardError();
        return result;
    }
    result.started = true;
    const qint64 pid = process.processId();
    if (from == KillFrom::WriteStart) {
        std::this_thread::sleep_for(std::chrono::duration<double, std::milli>(quietMs));
        while (!holdsFileIn(pid, watchedDirectory) && !process.waitForFinished(0))
            std::this_thread::sleep_for(std::chrono::microseconds(50));
    }
    std::this_thread::sleep_for(std::chrono::duration<double, std::milli>(delayMs));
    if (process.state() != QProcess::NotRunning) {
        result.midWrite = holdsFileIn(pid, watchedDirectory);
        ::kill(static_cast<pid_t>(pid), SIGKILL);
    }
    process.waitForFinished(30000);
    result.killed = process.exitStatus() == QProcess::CrashExit;
    result.midWrite = result.midWrite && result.killed;
    result.errors = process.readAllStandardError();
    return result;
}

SaveTiming runToEnd(const QStringList& arguments, const QString& watchedDirectory)
{
    SaveTiming timing;
    timing.watched = !watchedDirectory.isEmpty();
    QProcess process;
    process.start(helperPath(), arguments);
    if (!waitForLine(process, 30000) || process.readLine() != "ready\n") {
        process.kill();
        process.waitForFinished();
        return timing;
    }
    QElapsedTimer sinceReady;
    sinceReady.start();
    const qint64 pid = process.processId();
    while (timing.watched && !process.waitForFinished(0)) {
        if (holdsFileIn(pid, watchedDirectory)) {
            const double now = static_cast<double>(sinceReady.nsecsElapsed()) / 1e6;
            if (timing.writeFromMs < 0)
                timing.writeFromMs = now;
            timing.writeToMs = now;
        }
        std::this_thread::sleep_for(std::chrono::microseconds(100));
    }
    process.waitForFinished(120000);
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
        return timing;
    for (const QByteArray& line : process.readAllStandardOutput().split('\n')) {
        if (line.startsWith("saved "))
            timing.saveMs = line.mid(6).toDouble();
    }
    return timing;
}

KillSpread::KillSpread(const QList<SaveTiming>& calibration)
{
    QList<double> saves;
    QList<double> writes;
    for (const SaveTiming& t : calibration) {
        // Watching takes CPU from the helper and slows it down: the save's
        // length comes from the runs nobody watched.
        if (!t.watched)
            saves.append(t.saveMs);
        else if (t.writeFromMs >= 0)
            writes.append(t.writeToMs - t.writeFromMs);
    }
    saveMs = median(saves);
    // The polling sees the start and the end a fraction of a millisecond
    // late; one more millisecond covers the link and the rename after it.
    writeMs = median(writes) + 1;
}

KillSpread::Kill KillSpread::plan(qint64 kill, double uniform01) const
{
    // Past the end, kills also land between the rename and the exit.
    if (kill % 2 == 0)
        return {KillFrom::Ready, uniform01 * saveMs * 1.15, 0};
    // The write comes at the end of a save; polling for it starts half way,
    // which leaves room for a save faster than the calibration's.
    return {KillFrom::WriteStart, uniform01 * writeMs * 1.25, saveMs * 0.5};
}

QString KillSpread::describe() const
{
    return QStringLiteral("a save takes %1 ms, its file is open for %2 ms")
        .arg(saveMs, 0, 'f', 1)
        .arg(writeMs, 0, 'f', 1);
}

int versionOf(const QByteArray& bytes, const QList<QByteArray>& versions)
{
    const auto found = std::find(versions.begin(), versions.end(), bytes);
    return found == versions.end() ? -1 : static_cast<int>(found - versions.begin());
}

QByteArray fileBytes(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QStringList strayFiles(const QString& directory, const QStringList& expected)
{
    QStringList stray = QDir(directory).entryList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot);
    for (const QString& name : expected)
        stray.removeAll(name);
    return stray;
}

qint64 countFromEnvironment(const char* name, qint64 fallback)
{
    bool ok = false;
    const qint64 value = qEnvironmentVariable(name).toLongLong(&ok);
    return ok && value > 0 ? value : fallback;
}

double median(QList<double> values)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

} // namespace jitterbug::test
