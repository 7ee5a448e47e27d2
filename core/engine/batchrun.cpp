#include "batchrun.h"

#include "call.h"
#include "clock.h"
#include "engine.h"

#include <QPointer>

namespace jitterbug {

BatchRun::BatchRun(Engine& engine, Request request, RetryPolicy policy, int count, int concurrency, QObject* parent)
    : QObject(parent)
    , m_engine(engine)
    , m_request(std::move(request))
    , m_policy(std::move(policy))
    , m_count(count)
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
    const QSet<Call*> active = m_active; // cancel() reports, which edits m_active
    for (Call* call : active)
        call->cancel();
}

void BatchRun::launchMore()
{
    while (!m_cancelled && m_inFlight < m_concurrency && m_started < m_count) {
        Call* call = m_engine.send(m_request, m_policy);
        m_active.insert(call);
        ++m_started;
        ++m_inFlight;
        connect(call, &Call::finished, this, [this, call] { onCallFinished(call); });
        Q_EMIT callStarted(call);
    }
}

void BatchRun::onCallFinished(Call* call)
{
    m_active.remove(call);
    --m_inFlight;
    ++m_finished;
    Q_EMIT callFinished(call->timeline(), call);
    // Not deleted here: we are inside the call's own signal. The clock runs
    // the deletion next, which works on the virtual clock too (no event loop).
    m_engine.clock().callAfter(0, [call = QPointer<Call>(call)] { delete call.data(); });
    launchMore();
    if (isFinished())
        Q_EMIT finished();
}

} // namespace jitterbug
