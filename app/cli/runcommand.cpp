#include "runcommand.h"

#include "backend.h"
#include "clioutput.h"
#include "collection/collectionfiles.h"
#include "runoptions.h"

#include "collection/redaction.h"
#include "collection/requestbuilder.h"
#include "collection/runjobs.h"
#include "collection/secretstore.h"
#include "engine/batchrun.h"
#include "engine/call.h"
#include "engine/engine.h"
#include "report/harexport.h"
#include "report/runreport.h"
#include "sim/simbackend.h"
#include "util/duration.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QSaveFile>

#include <cstdio>
#include <memory>
#include <unistd.h>

namespace jitterbug::cli {

namespace {

void writeTo(FILE* stream, const QString& text)
{
    const QByteArray bytes = text.toUtf8();
    std::fwrite(bytes.constData(), 1, static_cast<std::size_t>(bytes.size()), stream);
    std::fflush(stream);
}

// One line per finished call: what a CI log shows.
QString callLine(const RunCallResult& call)
{
    const CallOutcome& o = call.timeline.outcome;
    const QString mark = o.succeeded ? QStringLiteral("ok  ") : QStringLiteral("FAIL");
    const QString result = o.status ? QString::number(o.status) : errorCodeName(o.error);
    QString line = QStringLiteral("%1 %2").arg(mark, call.request);
    if (call.iteration > 1)
        line += QStringLiteral(" #%1").arg(call.iteration);
    return line
        + QStringLiteral(" → %1 after %2 %3 in %4")
              .arg(result)
              .arg(o.attempts)
              .arg(o.attempts == 1 ? QStringLiteral("attempt") : QStringLiteral("attempts"))
              .arg(formatDuration(o.elapsedMs))
        + (o.fallback ? QStringLiteral(" (fallback)\n") : QStringLiteral("\n"));
}

QString summaryTable(const RunSummary& s, double wallMs)
{
    const QList<std::pair<QString, QString>> rows{
        {QStringLiteral("requests"), QString::number(s.calls())},
        {QStringLiteral("succeeded"), QString::number(s.succeeded())},
        {QStringLiteral("failed"), QString::number(s.failed())},
        {QStringLiteral("fallbacks"), QString::number(s.fallbacks())},
        {QStringLiteral("attempts"), QString::number(s.attempts())},
        {QStringLiteral("retries"), QString::number(s.retries())},
        {QStringLiteral("total wait"), formatDuration(s.totalWaitMs())},
        {QStringLiteral("latency p50"), formatDuration(s.elapsedPercentileMs(0.5))},
        {QStringLiteral("latency p95"), formatDuration(s.elapsedPercentileMs(0.95))},
        {QStringLiteral("run time"), formatDuration(wallMs)},
    };
    QString out = QStringLiteral("┌─────────────┬────────────┐\n");
    for (const auto& [name, value] : rows)
        out += QStringLiteral("│ %1 │ %2 │\n").arg(name, -11).arg(value, 10);
    return out + QStringLiteral("└─────────────┴────────────┘\n");
}

QString kindName(RunOptions::Report::Kind kind)
{
    switch (kind) {
    case RunOptions::Report::Kind::Json:
        return QStringLiteral("json");
    case RunOptions::Report::Kind::Junit:
        return QStringLiteral("junit");
    case RunOptions::Report::Kind::Har:
        return QStringLiteral("har");
    }
    return {};
}

// The report files are opened before the run, so one that cannot be written
// stops the run before anything is sent; they are committed at the end.
struct ReportFiles {
    std::vector<std::pair<RunOptions::Report, std::unique_ptr<QSaveFile>>> files;

    bool wants(RunOptions::Report::Kind kind) const
    {
        return std::any_of(files.begin(), files.end(), [kind](const auto& f) { return f.first.kind == kind; });
    }
    Expected<void> open(const QList<RunOptions::Report>& reports)
    {
        for (const RunOptions::Report& report : reports) {
            auto file = std::make_unique<QSaveFile>(report.path);
            if (!file->open(QIODevice::WriteOnly))
                return ioError(QStringLiteral("--report %1: cannot write %2: %3")
                                   .arg(kindName(report.kind), report.path, file->errorString()));
            files.emplace_back(report, std::move(file));
        }
        return {};
    }
    // Every value in `hidden` (secrets, --env-var values) is written as
    // {{name}}: a report is a file, and secret values never reach files.
    Expected<void> commit(const RunReport& run, const QList<HarCall>& har, const QDateTime& started,
                          const SecretValues& hidden)
    {
        for (auto& [report, file] : files) {
            switch (report.kind) {
            case RunOptions::Report::Kind::Json:
                file->write(redactJsonStrings(runReportJson(run), hidden));
                break;
            case RunOptions::Report::Kind::Junit:
                file->write(redactSecrets(QString::fromUtf8(runReportJunit(run)), hidden).toUtf8());
                break;
            case RunOptions::Report::Kind::Har:
                file->write(redactJsonStrings(harFromRun(har, started, QStringLiteral(JITTERBUG_VERSION)), hidden));
                break;
            }
            if (!file->commit())
                return ioError(QStringLiteral("--report: cannot write %1: %2").arg(report.path, file->errorString()));
        }
        return {};
    }
};

} // namespace

int runCollection(const QStringList& arguments)
{
    auto options = parseRunOptions(arguments);
    if (!options) {
        CliOutput::usageError(options.error().message);
        return 2;
    }
    if (options->help) {
        CliOutput::printUsage(runUsage());
        return 0;
    }
    // A report must not replace the collection it reports on.
    for (const RunOptions::Report& r : options->reports) {
        if (QFileInfo(r.path).absoluteFilePath() == QFileInfo(options->collectionFile).absoluteFilePath()) {
            CliOutput::usageError(QStringLiteral("--report: %1 is the collection itself").arg(r.path));
            return 2;
        }
    }
    QStringList warnings;
    auto collection = readCollectionFile(options->collectionFile, std::nullopt, warnings);
    if (!collection) {
        CliOutput::usageError(collection.error().message);
        return 2;
    }
    for (const QString& warning : std::as_const(warnings))
        CliOutput::usageError(QStringLiteral("warning: ") + warning);
    auto environment = findEnvironment(*collection, options->environment);
    if (!environment) {
        CliOutput::usageError(environment.error().message);
        return 2;
    }
    // --env-var values come last, so they win over the environment's own (a
    // later duplicate wins within a scope): how CI passes secrets in.
    if (!options->envVars.isEmpty()) {
        if (!environment->has_value())
            *environment = Environment{QStringLiteral("--env-var"), {}};
        (*environment)->variables.append(options->envVars);
    }
    const QList<ItemPath> paths = requestPaths(*collection, options->folder);
    if (paths.isEmpty()) {
        CliOutput::usageError(options->folder.isEmpty()
                                  ? QStringLiteral("%1: the collection has no requests").arg(options->collectionFile)
                                  : QStringLiteral("--folder: no folder \"%1\" with requests in %2")
                                        .arg(options->folder, options->collectionFile));
        return 2;
    }
    // Secret variables take their values from the user's store, which a
    // collection file never holds (docs/collections.md, "Secrets").
    SecretStore secretStore;
    if (auto loaded = secretStore.load(); !loaded) {
        CliOutput::usageError(loaded.error().message);
        return 2;
    }
    const SecretValues secrets
        = secretStore.valuesFor(collection->id, environment->has_value() ? (*environment)->name : QString());
    auto backend = makeBackend(options->backend, options->scenario, options->seed);
    if (!backend) {
        CliOutput::usageError(backend.error().message);
        return 2;
    }
    // Dynamic variables read the backend's clock: a simulated run gives the same values again.
    const Environment* chosenEnvironment = environment->has_value() ? &**environment : nullptr;
    auto jobs = RunJobs::build(*collection, paths, chosenEnvironment, secrets, options->seed,
                               [clock = backend->clock.get()] { return clock->wallTime(); });
    if (!jobs) {
        CliOutput::usageError(jobs.error().message);
        return 2;
    }
    constexpr qint64 maxCalls = 100'000'000;
    if (static_cast<qint64>(paths.size()) * options->iterations > maxCalls) {
        CliOutput::usageError(QStringLiteral("--iterations: %1 × %2 requests is over %3 calls")
                                  .arg(options->iterations)
                                  .arg(paths.size())
                                  .arg(maxCalls));
        return 2;
    }
    // Every value a report must not show: the store's secrets, a Postman
    // file's secret values, the environment file's secrets, --env-var values.
    SecretValues hidden = secrets;
    hidden.insert(secretValuesHeld(*collection));
    if (chosenEnvironment) {
        for (const Variable& v : chosenEnvironment->variables) {
            if (v.secret && !v.value.isEmpty())
                hidden.insert(v.name, v.value);
        }
    }
    for (const Variable& v : std::as_const(options->envVars))
        hidden.insert(v.name, v.value);
    ReportFiles reports;
    if (auto opened = reports.open(options->reports); !opened) {
        CliOutput::usageError(opened.error().message);
        return 2;
    }

    Engine engine(*backend->clock, *backend->transport, options->seed);
    const qsizetype perIteration = jobs->size();
    const QStringList& names = jobs->names();
    BatchRun batch(engine, jobs->jobs(), static_cast<int>(perIteration * options->iterations), options->concurrency);
    batch.setJobPreparer([&jobs](int index) { return jobs->prepare(index); });
    RunReport report;
    QList<HarCall> har; // kept only when a HAR report is asked for: it holds every request
    const bool keepHar = reports.wants(RunOptions::Report::Kind::Har);
    const QDateTime started = backend->clock->wallTime(); // virtual time in the simulation: the same seed, the same HAR
    report.collection = collection->name;
    report.seed = options->seed;
    const bool terminal = ::isatty(STDERR_FILENO) && !options->quiet;
    const double runStartMs = backend->clock->nowMs();
    QObject::connect(&batch, &BatchRun::callFinished, &batch, [&](const Timeline& t, Call* sent, int index) {
        RunCallResult call{names[index % perIteration], static_cast<int>(index / perIteration) + 1, t};
        if (keepHar)
            har.append(HarCall{call, sent->request(), sent->response(),
                               backend->clock->nowMs() - runStartMs - t.outcome.elapsedMs});
        report.summary.add(t);
        if (terminal)
            writeTo(stderr,
                    QStringLiteral("\r\033[K%1/%2 calls, %3 failed — %4")
                        .arg(report.summary.calls())
                        .arg(perIteration * options->iterations)
                        .arg(report.summary.failed())
                        .arg(call.request));
        else if (!options->quiet)
            writeTo(stdout, callLine(call));
        if (options->bail && !t.outcome.succeeded)
            batch.stop();
        report.calls.append(std::move(call));
    });
    QObject::connect(&batch, &BatchRun::finished, &batch, [&backend] {
        if (!backend->virtualClock)
            QCoreApplication::exit(0);
    });
    QElapsedTimer wall;
    wall.start();
    const double startMs = backend->clock->nowMs();
    batch.start();
    runUntil(*backend, [&batch] { return batch.isFinished(); });
    report.wallMs
        = backend->virtualClock ? backend->clock->nowMs() - startMs : static_cast<double>(wall.nsecsElapsed()) / 1e6;

    if (terminal)
        writeTo(stderr, QStringLiteral("\r\033[K"));
    writeTo(stdout, summaryTable(report.summary, report.wallMs));
    if (backend->simulated)
        writeTo(stdout, simStatsText(backend->simulated->backend().scenario(), backend->simulated->backend().stats()));
    if (auto written = reports.commit(report, har, started, hidden); !written) {
        CliOutput::usageError(written.error().message);
        return 2;
    }
    return report.summary.failed() == 0 ? 0 : 1;
}

} // namespace jitterbug::cli
