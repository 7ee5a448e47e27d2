#include "collectionrunner.h"

#include "engine/batchrun.h"
#include "engine/call.h"
#include "engine/engine.h"
#include "engine/realclock.h"
#include "engine/virtualclock.h"
#include "sim/scenarioparser.h"
#include "sim/simtransport.h"
#include "transport/networktransport.h"

namespace jitterbug::gui {

namespace {

// Past this many calls a run would hold too much to show; the CLI has the same bound.
constexpr qint64 kMaxCalls = 1'000'000;

} // namespace

CollectionRunner::CollectionRunner(QObject* parent)
    : QObject(parent)
{
}

CollectionRunner::~CollectionRunner()
{
    teardown();
}

void CollectionRunner::teardown()
{
    m_batch.reset(); // before the engine its calls live on
    m_engine.reset();
    m_transport.reset();
    m_clock.reset();
    m_virtualClock = nullptr;
    m_jobs.reset();
}

bool CollectionRunner::isRunning() const
{
    return m_batch && !m_batch->isFinished();
}

void CollectionRunner::cancel()
{
    if (isRunning())
        m_batch->cancel();
}

Expected<void> CollectionRunner::start(Collection collection, const Environment* environment,
                                       const SecretValues& secrets, const RunSettings& settings)
{
    cancel();
    teardown();
    m_collection = std::move(collection);
    m_environment = environment ? std::optional(*environment) : std::nullopt;
    const QList<ItemPath> paths = requestPaths(m_collection, settings.folder);
    if (paths.isEmpty())
        return invalidInput(settings.folder.isEmpty() ? tr("The collection has no requests.")
                                                      : tr("The folder \"%1\" has no requests.").arg(settings.folder));
    if (static_cast<qint64>(paths.size()) * settings.iterations > kMaxCalls)
        return invalidInput(tr("%1 iterations × %2 requests is over %3 calls.")
                                .arg(settings.iterations)
                                .arg(paths.size())
                                .arg(kMaxCalls));

    if (settings.backend.kind == BackendChoice::Kind::Simulated) {
        Expected<SimScenario> scenario = resolveScenario(settings.backend.scenario);
        if (!scenario)
            return std::unexpected(scenario.error());
        if (m_instant) {
            auto clock = std::make_unique<VirtualClock>();
            m_virtualClock = clock.get();
            m_clock = std::move(clock);
        } else {
            m_clock = std::make_unique<RealClock>();
        }
        m_transport = std::make_unique<SimTransport>(*m_clock, std::move(*scenario), settings.backend.seed);
    } else {
        m_clock = std::make_unique<RealClock>();
        m_transport = std::make_unique<NetworkTransport>();
    }
    Expected<RunJobs> jobs
        = RunJobs::build(m_collection, paths, m_environment ? &*m_environment : nullptr, secrets, settings.backend.seed,
                         [clock = m_clock.get()] { return clock->wallTime(); });
    if (!jobs) {
        teardown();
        return std::unexpected(jobs.error());
    }
    m_jobs = std::make_unique<RunJobs>(std::move(*jobs));
    m_engine = std::make_unique<Engine>(*m_clock, *m_transport, settings.backend.seed);
    m_total = static_cast<int>(paths.size() * settings.iterations);
    m_summary = RunSummary();
    m_calls.clear();
    m_batch = std::make_unique<BatchRun>(*m_engine, m_jobs->jobs(), m_total, settings.concurrency);
    m_batch->setJobPreparer([jobs = m_jobs.get()](int index) { return jobs->prepare(index); });
    m_startMs = m_clock->nowMs();
    const qsizetype perIteration = m_jobs->size();
    m_keptBodyBytes = 0;
    connect(m_batch.get(), &BatchRun::callFinished, this,
            [this, perIteration](const Timeline& t, Call* call, int index) {
                const double now = m_clock->nowMs() - m_startMs;
                // The first answers are kept, up to the budget: a long run of large bodies must not hold them all.
                std::optional<Response> answer = call->response();
                if (answer && (m_keptBodyBytes += answer->body.size()) > kKeptBodyBytes)
                    answer.reset();
                m_calls.append(FinishedCall{t, m_jobs->names()[index % perIteration],
                                            static_cast<int>(index / perIteration) + 1, now - t.outcome.elapsedMs,
                                            std::move(answer)});
                m_summary.add(t);
                m_wallMs = now;
                Q_EMIT callFinished(static_cast<int>(m_calls.size()), m_total);
            });
    connect(m_batch.get(), &BatchRun::finished, this, &CollectionRunner::finished);
    m_batch->start();
    if (m_virtualClock) {
        while (!m_batch->isFinished() && m_virtualClock->runNext()) { }
    }
    return {};
}

} // namespace jitterbug::gui
