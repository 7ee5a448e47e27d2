#include "clirunner.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QSignalSpy>

namespace jitterbug::test {

CliResult runProgram(const QString& program, const QStringList& arguments, int timeoutMs, const QByteArray& input)
{
    QProcess process;
    QSignalSpy finished(&process, &QProcess::finished);
    QElapsedTimer timer;
    timer.start();
    process.start(program, arguments);
    if (!process.waitForStarted(10000))
        return {};
    process.write(input);
    process.closeWriteChannel();
    if (finished.isEmpty() && !finished.wait(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        return {};
    }
    CliResult result;
    result.elapsedMs = timer.elapsed();
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

CliResult runCli(const QStringList& arguments, int timeoutMs, const QByteArray& input)
{
    return runProgram(QStringLiteral(JITTERBUG_CLI_PATH), arguments, timeoutMs, input);
}

} // namespace jitterbug::test
