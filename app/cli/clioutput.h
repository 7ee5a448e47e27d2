#pragma once

#include "sendoptions.h"

#include "engine/timeline.h"
#include "http/request.h"
#include "http/response.h"

#include <optional>

namespace jitterbug {
class RunSummary;
class SimBackend;
} // namespace jitterbug

namespace jitterbug::cli {

// Where `send` writes what: the body on stdout (or -o), the timeline, the
// verbose trace and messages on stderr, each as the flags ask.
class CliOutput
{
public:
    explicit CliOutput(const SendOptions& options);

    static void printUsage(const QString& text);
    // "jitterbug-cli: MESSAGE" on stderr, for exit status 2.
    static void usageError(const QString& message);

    // Writes the body (with -i the status line and headers first; with -I
    // only those) to stdout or the -o file. False when -o cannot be written.
    bool writeBody(const std::optional<Response>& response, int exitStatus);
    void writeTimeline(const Timeline& timeline);
    void failureLine(const Timeline& timeline);
    void verboseRequest(int attempt, const Request& request);
    void verboseResponse(const Response& response);
    void summary(const RunSummary& summary, double wallMs);
    // What the simulated server counted (side effects, replays, answers).
    void serverStats(const SimBackend& backend);
    void stdoutWrite(const QByteArray& bytes);

private:
    static QByteArray headerBlock(const Response& response);
    void stderrWrite(const QString& text);

    const SendOptions& m_options;
};

} // namespace jitterbug::cli
