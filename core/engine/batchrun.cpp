#include "batchrun.h"

#include "call.h"
#include "clock.h"
#include "engine.h"

#include <QPointer>

namespace jitterbug {

BatchRun::BatchRun(Engine& engine, Request request, RetryPolicy policy, int count, int concurrency, QObject* parent)
    : BatchRun(engine, QList<BatchJob>{BatchJob{std::move(request), std::move(policy)}}, count, concurrency, parent)
{
}

BatchRun::BatchRun(Engine& engine, QList<BatchJob> jobs, int count, int concurrency, QObject* parent)
    : QObject(parent)
    , m_engine(engine)
    , m_jobs(std::move(jobs))
    , m_count(m_jobs.isEmpty() ? 0 : count)
    , m_concurrency(std::max(1, concurrency))
{
}

void BatchRun::start()
{
    launchMore();
    if (m_count == 0)
        m_engine.clock().callAfter(0, [this] { Q_EMIT finished(); });
}

void BatchRun::cancel()
{
    m_cancelled = true;
    const QList<Call*> active = m_active.keys(); // cancel() reports, which edits m_active
    for (Call* call : active)
        call->cancel();
}

void BatchRun::stop()
{
    m_cancelled = true;
}

void BatchRun::launchMore()
{
    while (!m_cancelled && m_inFlight < m_concurrency && m_started < m_count) {
        const std::optional<BatchJob> prepared = m_prepare ? m_prepare(m_started) : std::nullopt;
        const BatchJob& job = prepared ? *prepared : m_jobs[m_started % m_jobs.size()];
        Call* call = m_engine.send(job.request, job.policy);
        m_active.insert(call, m_started);
        ++m_started;
        ++m_inFlight;
        connect(call, &Call::finished, this, [this, call] { onCallFinished(call); });
        Q_EMIT callStarted(call);
    }
}

void BatchRun::onCallFinished(Call* call)
{
    const int index = m_active.take(call);
    --m_inFlight;
    ++m_finished;
    Q_EMIT callFinished(call->timeline(), call, index);
    // Not deleted here: we are inside the call's own signal. The clock runs
    // the deletion next, which works on the virtual clock too (no event loop).
    m_engine.clock().callAfter(0, [call = QPointer<Call>(call)] { delete call.data(); });
    launchMore();
    if (isFinished())
        Q_EMIT finished();
}

} // namespace jitterbug
