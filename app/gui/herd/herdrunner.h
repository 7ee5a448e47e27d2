#pragma once

#include "herd/capacitymodel.h"
#include "herd/herdresult.h"
#include "herd/herdstrategy.h"
#include "herd/occmodel.h"
#include "util/error.h"

#include <QList>
#include <QObject>

#include <atomic>
#include <memory>

class QThread;

namespace jitterbug::gui {

enum class HerdModel { Occ, Capacity };

// One herd lab run: every client count with every strategy, each cell run by
// the engine's model with the same settings (and so the same seed) apart from
// its number of clients.
struct HerdRunSettings {
    HerdModel model = HerdModel::Occ;
    QList<int> clients;
    QList<HerdStrategy> strategies;
    OccSettings occ; // its clients field is set per cell
    CapacitySettings capacity; // likewise

    int trials() const { return model == HerdModel::Occ ? occ.trials : capacity.trials; }
};

// Checks every cell's settings as the engine will see them.
Expected<void> validateHerdRun(const HerdRunSettings& settings);

// Runs the grid of clients × strategies on a worker thread, so the window
// never waits for the engine. Cells run one after another, clients in the
// order given and strategies within them; each finished cell arrives as
// cellFinished. Progress counts trials over the whole grid and is sent at
// most about twenty times a second: a run of 100,000 short trials must not
// queue 100,000 events. Cancel stops at the next trial; the cell it
// interrupts is dropped, the finished ones stay. A cell the model stops
// (a herd that would run away: see HerdResult::stopped) ends the run, as it
// ends `jitterbug-cli simulate herd`, and problem() says why.
class HerdRunner : public QObject
{
    Q_OBJECT
public:
    explicit HerdRunner(QObject* parent = nullptr);
    ~HerdRunner() override; // cancels and waits for the worker

    Expected<void> start(const HerdRunSettings& settings);
    void cancel();
    bool isRunning() const { return m_thread != nullptr; }
    HerdModel model() const { return m_model; }
    const QList<HerdResult>& results() const { return m_results; }
    // Why the last run stopped before its end; empty when it finished or was cancelled.
    QString problem() const { return m_problem; }

Q_SIGNALS:
    void progress(qint64 doneTrials, qint64 totalTrials);
    void cellFinished(const jitterbug::HerdResult& result);
    void finished(bool cancelled); // false also when the model stopped it: see problem()

private:
    void work(const HerdRunSettings& settings);
    void onThreadFinished();

    QThread* m_thread = nullptr;
    std::atomic<bool> m_cancelled{false};
    HerdModel m_model = HerdModel::Occ;
    QList<HerdResult> m_results;
    QString m_problem;
    qsizetype m_expectedCells = 0;
};

} // namespace jitterbug::gui
