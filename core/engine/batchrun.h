#pragma once

#include "engine/timeline.h"
#include "http/request.h"
#include "policy/retrypolicy.h"

#include <QObject>
#include <QSet>

namespace jitterbug {

class Call;
class Engine;

// Sends the same request `count` times, at most `concurrency` calls at once,
// on one engine (so they share its rate limiters, breakers and budget). Each
// call is released as soon as it has reported, so a long batch holds only
// the calls in flight.
class BatchRun : public QObject
{
    Q_OBJECT
public:
    BatchRun(Engine& engine, Request request, RetryPolicy policy, int count, int concurrency,
             QObject* parent = nullptr);

    // Starts the first calls on the engine's clock.
    void start();
    void cancel();

    int started() const { return m_started; }
    int finishedCount() const { return m_finished; }
    bool isFinished() const { return m_finished == m_count || (m_cancelled && m_inFlight == 0); }

Q_SIGNALS:
    void callStarted(jitterbug::Call* call);
    void callFinished(const jitterbug::Timeline& timeline, jitterbug::Call* call);
    void finished();

private:
    void launchMore();
    void onCallFinished(Call* call);

    Engine& m_engine;
    Request m_request;
    RetryPolicy m_policy;
    int m_count;
    int m_concurrency;
    int m_started = 0;
    int m_finished = 0;
    int m_inFlight = 0;
    bool m_cancelled = false;
    QSet<Call*> m_active;
};

} // namespace jitterbug
