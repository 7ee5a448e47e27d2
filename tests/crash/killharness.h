#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace jitterbug::test {

// What one kill met.
struct KillResult {
    bool started = false; // the helper said "ready"
    bool killed = false; // false: it had finished before the signal
    // The helper held a file open in the watched directory when it was
    // killed: the kill landed while the new version was being written.
    bool midWrite = false;
    QByteArray errors; // the helper's standard error
};

// When a kill is sent: `delayMs` after the helper's "ready", or after the
// test first sees it hold a file open in the watched directory (it polls
// /proc/PID/fd), which aims the kill at the write itself.
enum class KillFrom { Ready, WriteStart };

// Starts the crash helper with `arguments`, waits for its "ready", then
// for `delayMs` from `from`, and sends SIGKILL; `watchedDirectory` is where
// it writes. Polling for the write starts `quietMs` after "ready", so it
// does not take a core from the helper while it serializes.
KillResult killAfter(const QStringList& arguments, KillFrom from, double delayMs, const QString& watchedDirectory,
                     double quietMs = 0);

// A complete save as the crash helper did it, in milliseconds from its
// "ready": how long it took by its own clock, and from when to when the test
// saw it hold a file open in the watched directory (the write itself).
struct SaveTiming {
    bool watched = false;
    double saveMs = -1; // negative: the save failed
    double writeFromMs = -1;
    double writeToMs = -1;
};

// Runs the crash helper to its end, watching its open files in
// `watchedDirectory` unless that is empty.
SaveTiming runToEnd(const QStringList& arguments, const QString& watchedDirectory = {});

// How long the calibration's unwatched saves took (median) and how long the
// watched ones held the new file open; the kills are spread over these.
struct KillSpread {
    explicit KillSpread(const QList<SaveTiming>& calibration);
    double saveMs = 0;
    double writeMs = 0;

    // Kill number `kill`, with `uniform01` drawn from the run's seed: even
    // ones anywhere from "ready" to a little past the save's end, odd ones
    // within the write.
    struct Kill {
        KillFrom from;
        double delayMs;
        double quietMs;
    };
    Kill plan(qint64 kill, double uniform01) const;
    QString describe() const;
};

// Which of `versions` `bytes` is, or -1 for none: a torn or mixed file.
int versionOf(const QByteArray& bytes, const QList<QByteArray>& versions);

QByteArray fileBytes(const QString& path);

// Files in `directory` other than `expected`: what a killed save left behind.
QStringList strayFiles(const QString& directory, const QStringList& expected);

// A count from the environment (the long kill script sets them), else `fallback`.
qint64 countFromEnvironment(const char* name, qint64 fallback);

double median(QList<double> values);

} // namespace jitterbug::test
