#pragma once

#include "clirunner.h"

#include <QProcess>
#include <QSignalSpy>

#include <csignal>
#include <sys/types.h>

namespace jitterbug::test {

// A running `serve`; its first line of output is the port.
class ServeProcess final
{
public:
    explicit ServeProcess(QStringList arguments)
    {
        m_process.start(QStringLiteral(JITTERBUG_CLI_PATH),
                        QStringList{QStringLiteral("serve"), QStringLiteral("--port"), QStringLiteral("0")}
                            + arguments);
        QSignalSpy ready(&m_process, &QProcess::readyReadStandardOutput);
        while (!m_process.canReadLine() && m_process.state() != QProcess::NotRunning && ready.wait(10000)) { }
        m_port = m_process.readLine().trimmed().toInt();
    }
    ~ServeProcess()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished();
        }
    }

    int port() const { return m_port; }
    QString url(const char* path) const
    {
        return QStringLiteral("http://127.0.0.1:%1%2").arg(m_port).arg(QLatin1StringView(path));
    }
    // Sends `signal`, then waits for the exit; -1 when it did not exit normally.
    int stop(int signal = SIGTERM)
    {
        ::kill(static_cast<pid_t>(m_process.processId()), signal);
        QSignalSpy finished(&m_process, &QProcess::finished);
        if (m_process.state() != QProcess::NotRunning && !finished.wait(10000))
            return -1;
        return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
    }
    // What the server counted (GET /__jitterbug/stats), fetched with curl.
    QByteArray stats() const
    {
        return runProgram(QStringLiteral("curl"), {QStringLiteral("-s"), url("/__jitterbug/stats")}).out;
    }
    QByteArray output() { return m_process.readAllStandardOutput(); }
    QByteArray errors() { return m_process.readAllStandardError(); }

private:
    QProcess m_process;
    int m_port = 0;
};

} // namespace jitterbug::test
