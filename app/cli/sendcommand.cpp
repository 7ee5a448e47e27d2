#include "sendcommand.h"

#include "backend.h"
#include "clioutput.h"
#include "sendoptions.h"
#include "writeout.h"

#include "engine/batchrun.h"
#include "engine/call.h"
#include "engine/engine.h"
#include "report/runsummary.h"
#include "report/timelinejson.h"
#include "report/timelinetable.h"
#include "sim/simtransport.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QSaveFile>

#include <memory>

namespace jitterbug::cli {

namespace {

int exitStatusOf(const Timeline& t, bool fallbackOk)
{
    if (t.outcome.succeeded || (t.outcome.fallback && fallbackOk))
        return 0;
    return 1;
}

int sendOnce(const SendOptions& options, RunBackend& backend, Engine& engine, CliOutput& out)
{
    Call* call = engine.send(options.curl.request, options.policy);
    if (options.curl.output.verbose) {
        QObject::connect(call, &Call::attemptStarted, call,
                         [call, &out](int attempt, double) { out.verboseRequest(attempt, call->request()); });
    }
    QObject::connect(call, &Call::finished, call, [&backend] {
        if (!backend.virtualClock)
            QCoreApplication::exit(0);
    });
    runUntil(backend, [call] { return call->isFinished(); });

    const Timeline& t = call->timeline();
    const int status = exitStatusOf(t, options.fallbackOk);
    if (options.curl.output.verbose && call->response())
        out.verboseResponse(*call->response());
    if (!out.writeBody(call->response(), status))
        return 2;
    out.writeTimeline(t);
    if (!options.curl.output.writeOut.isEmpty())
        out.stdoutWrite(expandWriteOut(options.curl.output.writeOut, t, call->response(), status, call->request().url));
    if (status != 0)
        out.failureLine(t);
    return status;
}

int sendRepeated(const SendOptions& options, RunBackend& backend, Engine& engine, CliOutput& out)
{
    BatchRun batch(engine, options.curl.request, options.policy, options.repeat, options.concurrency);
    RunSummary summary;
    bool allOk = true;
    QObject::connect(&batch, &BatchRun::callFinished, &batch, [&](const Timeline& t, Call*) {
        summary.add(t);
        allOk = allOk && exitStatusOf(t, options.fallbackOk) == 0;
        out.writeTimeline(t);
    });
    QObject::connect(&batch, &BatchRun::finished, &batch, [&backend] {
        if (!backend.virtualClock)
            QCoreApplication::exit(0);
    });
    QElapsedTimer wall;
    wall.start();
    const double startMs = backend.clock->nowMs();
    batch.start();
    runUntil(backend, [&batch] { return batch.isFinished(); });
    const double elapsed
        = backend.virtualClock ? backend.clock->nowMs() - startMs : static_cast<double>(wall.nsecsElapsed()) / 1e6;
    out.summary(summary, elapsed);
    if (backend.simulated)
        out.serverStats(backend.simulated->backend());
    return allOk ? 0 : 1;
}

} // namespace

int runSend(const QStringList& arguments)
{
    if (arguments.contains(QStringLiteral("--help")) || arguments.contains(QStringLiteral("-h"))) {
        CliOutput::printUsage(sendUsage());
        return 0;
    }
    auto options = parseSendOptions(arguments);
    if (!options) {
        CliOutput::usageError(options.error().message);
        return 2;
    }
    auto backend = makeBackend(options->backend, options->scenarioFile, options->seed);
    if (!backend) {
        CliOutput::usageError(backend.error().message);
        return 2;
    }
    Engine engine(*backend->clock, *backend->transport, options->seed);
    if (options->curl.maxFileSize)
        engine.setMaxResponseBytes(*options->curl.maxFileSize);

    CliOutput out(*options);
    if (options->repeat > 1)
        return sendRepeated(*options, *backend, engine, out);
    return sendOnce(*options, *backend, engine, out);
}

} // namespace jitterbug::cli
