#pragma once

#include "engine/timeline.h"
#include "http/request.h"
#include "policy/retrypolicy.h"

#include <QHash>
#include <QList>
#include <QObject>

#include <functional>
#include <optional>

namespace jitterbug {

class Call;
class Engine;

// One request of a batch, with its policy.
struct BatchJob {
    Request request;
    RetryPolicy policy;
};

// Sends `count` calls, at most `concurrency` at once, on one engine (so they
// share its rate limiters, breakers and budget): the same request `count`
// times (`send --repeat`), or a list of jobs in turn, round after round
// (`run` of a collection, iterations × requests). Calls start in job order.
// Each call is released as soon as it has reported, so a long batch holds
// only the calls in flight.
class BatchRun : public QObject
{
    Q_OBJECT
public:
    BatchRun(Engine& engine, Request request, RetryPolicy policy, int count, int concurrency,
             QObject* parent = nullptr);
    // Call i sends jobs[i % jobs.size()].
    BatchRun(Engine& engine, QList<BatchJob> jobs, int count, int concurrency, QObject* parent = nullptr);

    // Asked for each call just before it starts; a job it returns is sent in
    // place of the list's (a collection request with fresh {{$guid}} values).
    using JobPreparer = std::function<std::optional<BatchJob>(int index)>;
    void setJobPreparer(JobPreparer preparer) { m_prepare = std::move(preparer); }

    // Starts the first calls on the engine's clock.
    void start();
    // Cancels the calls in flight (they report as cancelled) and starts no more.
    void cancel();
    // Starts no more calls; those in flight finish and report (`--bail`).
    void stop();

    int started() const { return m_started; }
    int finishedCount() const { return m_finished; }
    bool isFinished() const { return m_finished == m_count || (m_cancelled && m_inFlight == 0); }

Q_SIGNALS:
    void callStarted(jitterbug::Call* call);
    // `index` is the call's place in the batch: its job is index % jobs.
    void callFinished(const jitterbug::Timeline& timeline, jitterbug::Call* call, int index);
    void finished();

private:
    void launchMore();
    void onCallFinished(Call* call);

    Engine& m_engine;
    QList<BatchJob> m_jobs;
    JobPreparer m_prepare;
    int m_count;
    int m_concurrency;
    int m_started = 0;
    int m_finished = 0;
    int m_inFlight = 0;
    bool m_cancelled = false;
    QHash<Call*, int> m_active; // call -> its index
};

} // namespace jitterbug
