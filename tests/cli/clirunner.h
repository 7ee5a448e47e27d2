#pragma once

#include <QByteArray>
#include <QStringList>

namespace jitterbug::test {

struct CliResult {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    qint64 elapsedMs = 0;
};

// Runs jitterbug-cli (or another program) as a child process while this
// process's event loop keeps spinning, so a LoopbackServer in the test can
// answer it.
CliResult runProgram(const QString& program, const QStringList& arguments, int timeoutMs = 30000,
                     const QByteArray& input = {});
CliResult runCli(const QStringList& arguments, int timeoutMs = 30000, const QByteArray& input = {});

// A file's bytes (empty when it cannot be read), and a file written in
// `directory` for a test, returning its path.
QByteArray readFileBytes(const QString& path);
QString writeTestFile(const QString& directory, const QString& name, const QByteArray& bytes);

} // namespace jitterbug::test
