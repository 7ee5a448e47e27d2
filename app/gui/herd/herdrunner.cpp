#include "herdrunner.h"

#include <QThread>

#include <chrono>

namespace jitterbug::gui {

namespace {

// Progress reaches the window this often at most, and once per finished cell.
constexpr std::chrono::milliseconds kProgressInterval{50};

OccSettings occCell(const HerdRunSettings& run, int clients)
{
    OccSettings cell = run.occ;
    cell.clients = clients;
    return cell;
}

CapacitySettings capacityCell(const HerdRunSettings& run, int clients)
{
    CapacitySettings cell = run.capacity;
    cell.clients = clients;
    return cell;
}

} // namespace

Expected<void> validateHerdRun(const HerdRunSettings& settings)
{
    if (settings.clients.isEmpty())
        return invalidInput(QStringLiteral("no client count given"));
    if (settings.strategies.isEmpty())
        return invalidInput(QStringLiteral("no strategy chosen"));
    for (const int clients : settings.clients) {
        const Expected<void> valid = settings.model == HerdModel::Occ
            ? validateOccSettings(occCell(settings, clients))
            : validateCapacitySettings(capacityCell(settings, clients));
        if (!valid)
            return valid;
    }
    return {};
}

HerdRunner::HerdRunner(QObject* parent)
    : QObject(parent)
{
}

HerdRunner::~HerdRunner()
{
    if (m_thread) {
        m_cancelled = true;
        m_thread->wait();
        delete m_thread;
    }
}

Expected<void> HerdRunner::start(const HerdRunSettings& settings)
{
    if (m_thread)
        return invalidInput(QStringLiteral("a herd run is already running"));
    if (Expected<void> valid = validateHerdRun(settings); !valid)
        return valid;
    m_cancelled = false;
    m_model = settings.model;
    m_results.clear();
    m_problem.clear();
    m_expectedCells = settings.clients.size() * settings.strategies.size();
    // The worker gets its own copy of the settings; the engine objects of a
    // capacity run are made by runCapacity, on the worker.
    m_thread = QThread::create([this, settings] { work(settings); });
    m_thread->setObjectName(QStringLiteral("herd runner"));
    connect(m_thread, &QThread::finished, this, &HerdRunner::onThreadFinished);
    m_thread->start();
    return {};
}

void HerdRunner::cancel()
{
    m_cancelled = true;
}

// On the worker thread: everything it tells the window goes through queued
// calls on this object, which lives in the window's thread.
void HerdRunner::work(const HerdRunSettings& settings)
{
    using Clock = std::chrono::steady_clock;
    const qint64 trials = settings.trials();
    const qint64 total = trials * settings.clients.size() * settings.strategies.size();
    qint64 cellsDone = 0;
    Clock::time_point lastReport = Clock::now() - kProgressInterval;
    const auto report = [this, total](qint64 done) {
        QMetaObject::invokeMethod(
            this, [this, done, total] { Q_EMIT progress(done, total); }, Qt::QueuedConnection);
    };
    HerdRunControl control;
    control.cancelled = [this] {
        return m_cancelled.load();
    };
    control.progress = [&](int doneTrials, int) {
        const Clock::time_point now = Clock::now();
        if (now - lastReport < kProgressInterval)
            return;
        lastReport = now;
        report(cellsDone * trials + doneTrials);
    };
    for (const int clients : settings.clients) {
        for (const HerdStrategy& strategy : settings.strategies) {
            if (m_cancelled)
                return;
            HerdResult result = settings.model == HerdModel::Occ
                ? runOcc(occCell(settings, clients), strategy, control)
                : runCapacity(capacityCell(settings, clients), strategy, control);
            if (!result.stopped.isEmpty()) { // a limit of the model: the rest would meet it too
                QMetaObject::invokeMethod(
                    this,
                    [this, why = tr("%1 (%2 clients, %3)").arg(result.stopped).arg(clients).arg(strategy.name)] {
                        m_problem = why;
                    },
                    Qt::QueuedConnection);
                return;
            }
            if (result.trials < trials) // cancelled part way: its means would cover fewer trials
                return;
            ++cellsDone;
            report(cellsDone * trials);
            QMetaObject::invokeMethod(
                this,
                [this, cell = std::move(result)] {
                    m_results.append(cell);
                    Q_EMIT cellFinished(cell);
                },
                Qt::QueuedConnection);
        }
    }
}

// Queued after every call the worker posted, so the results are all in.
void HerdRunner::onThreadFinished()
{
    m_thread->wait();
    delete m_thread;
    m_thread = nullptr;
    Q_EMIT finished(m_problem.isEmpty() && m_results.size() < m_expectedCells);
}

} // namespace jitterbug::gui
