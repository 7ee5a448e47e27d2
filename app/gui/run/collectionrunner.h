#pragma once

#include "collection/collection.h"
#include "collection/runjobs.h"
#include "report/runsummary.h"
#include "run/callrunner.h"

#include <QObject>

#include <memory>

namespace jitterbug {
class BatchRun;
} // namespace jitterbug

namespace jitterbug::gui {

// What a collection run covers and how: a folder ("" for the whole
// collection), iterations and concurrency, and the backend.
struct RunSettings {
    QString folder;
    int iterations = 1;
    int concurrency = 1;
    BackendChoice backend;
};

// Runs a collection or a folder for the window, as `jitterbug-cli run`
// does (the same RunJobs and BatchRun on one engine, so limiters, breakers
// and budgets are shared as the policies say), reporting each call as it
// ends. Like CallRunner it never blocks the event loop, except an instant run.
class CollectionRunner : public QObject
{
    Q_OBJECT
public:
    explicit CollectionRunner(QObject* parent = nullptr);
    ~CollectionRunner() override;

    void setInstant(bool instant) { m_instant = instant; }

    // Builds every call first: bad input is an error and nothing is sent.
    Expected<void> start(Collection collection, const Environment* environment, const SecretValues& secrets,
                         const RunSettings& settings);
    void cancel();
    bool isRunning() const;

    int total() const { return m_total; }
    const RunSummary& summary() const { return m_summary; }
    double wallMs() const { return m_wallMs; }
    // The finished calls, in the order they finished: timeline, name, start in run time,
    // and the answer the call ended with while the run keeps answers (kKeptBodyBytes in all).
    struct FinishedCall {
        Timeline timeline;
        QString name;
        int iteration = 1;
        double startMs = 0;
        std::optional<Response> response;
    };
    static constexpr qint64 kKeptBodyBytes = CallRunner::kKeptBodyBytes;
    const QList<FinishedCall>& calls() const { return m_calls; }

Q_SIGNALS:
    void callFinished(int done, int total);
    void finished();

private:
    void teardown();

    bool m_instant = false;
    qint64 m_keptBodyBytes = 0;
    Collection m_collection; // RunJobs points into it
    std::optional<Environment> m_environment;
    std::unique_ptr<Clock> m_clock;
    VirtualClock* m_virtualClock = nullptr;
    std::unique_ptr<Transport> m_transport;
    std::unique_ptr<Engine> m_engine;
    std::unique_ptr<RunJobs> m_jobs;
    std::unique_ptr<BatchRun> m_batch;
    RunSummary m_summary;
    QList<FinishedCall> m_calls;
    int m_total = 0;
    double m_startMs = 0;
    double m_wallMs = 0;
};

} // namespace jitterbug::gui
