#include "capacitymodel.h"

#include "capacitytransport.h"
#include "engine/call.h"
#include "engine/engine.h"
#include "engine/virtualclock.h"
#include "loadhistogram.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <optional>
#include <vector>

namespace jitterbug {

namespace {

// The run's seed splits into two families of streams: the network's, which
// every strategy shares, and the engines' (backoff jitter and the like).
constexpr quint64 kNetworkStreams = 0;
constexpr quint64 kEngineStreams = 1;

constexpr qint64 kMaxCallsPerTrial = 10'000'000;
constexpr double kMaxRetryAfterSeconds = 1'000'000'000; // where Retry-After parsing clamps

// One client of a trial: its own engine, so its breaker, budget and rate
// limiter see only its own calls, as they would in a separate process; its
// calls go one after another.
class HerdClient
{
public:
    HerdClient(VirtualClock& clock, CapacityServer& server, const CapacitySettings& settings,
               const HerdStrategy& strategy, const Request& request, Random networkStreams, quint64 engineSeed,
               qint64& finishedAttempts)
        : m_clock(clock)
        , m_settings(settings)
        , m_strategy(strategy)
        , m_request(request)
        , m_transport(clock, server, settings, networkStreams)
        , m_engine(clock, m_transport, engineSeed)
        , m_finishedAttempts(finishedAttempts)
    {
    }

    void startNextCall()
    {
        m_transport.beginCall(m_callsDone);
        Call* call = m_engine.send(m_request, m_strategy.policy);
        QObject::connect(call, &Call::finished, call,
                         [this, call](const Timeline& timeline) { onFinished(call, timeline); });
    }

    double completionMs() const { return m_completionMs; }
    int failedCalls() const { return m_failedCalls; }

private:
    void onFinished(Call* call, const Timeline& timeline)
    {
        const int status = timeline.attempts.isEmpty() ? 0 : timeline.attempts.back().status;
        if (status < 200 || status >= 300)
            ++m_failedCalls;
        ++m_callsDone;
        m_finishedAttempts += timeline.attempts.size();
        m_completionMs = m_clock.nowMs();
        // The call is still inside its own signal: it goes, and the next call
        // starts, on the clock's next turn at this same instant.
        m_clock.callAfter(0, [this, call] {
            delete call;
            if (m_callsDone < m_settings.callsPerClient)
                startNextCall();
        });
    }

    VirtualClock& m_clock;
    const CapacitySettings& m_settings;
    const HerdStrategy& m_strategy;
    const Request& m_request;
    CapacityClientTransport m_transport; // before the engine, which uses it until it is gone
    Engine m_engine;
    qint64& m_finishedAttempts; // of every client's finished calls
    int m_callsDone = 0;
    int m_failedCalls = 0;
    double m_completionMs = 0;
};

struct TrialOutcome {
    double endMs = 0;
    qint64 requests = 0;
    qint64 rejected = 0;
    qint64 failedCalls = 0;
};

// Every attempt of a call stays in its timeline until the call ends (about
// 400 bytes each): past this many attempts of unfinished calls the memory
// would run away, and past this many requests the time, so the run stops.
constexpr qint64 kMaxLiveAttempts = 250'000;
constexpr qint64 kMaxRequestsPerTrial = 20'000'000;

// Runs one trial to its end; nothing when it is cancelled on the way (a big
// herd retrying at once can take seconds, too long to wait for a Cancel) or
// stopped, with `stopped` saying why.
std::optional<TrialOutcome> runTrial(const CapacitySettings& settings, const HerdStrategy& strategy, int trial,
                                     HerdResult& result, LoadHistogram& load, QList<double>* acceptedTimes,
                                     const HerdRunControl& control)
{
    Request request;
    request.url = QUrl(QStringLiteral("http://herd.local/"));
    const auto trialStream = static_cast<quint64>(trial);
    const Random network = Random(settings.seed).fork(kNetworkStreams).fork(trialStream);
    const Random engines = Random(settings.seed).fork(kEngineStreams).fork(trialStream);

    VirtualClock clock;
    CapacityServer server(settings, acceptedTimes);
    std::vector<std::unique_ptr<HerdClient>> clients;
    clients.reserve(static_cast<size_t>(settings.clients));
    qint64 finishedAttempts = 0;
    for (int c = 0; c < settings.clients; ++c) {
        const auto stream = static_cast<quint64>(c);
        clients.push_back(std::make_unique<HerdClient>(clock, server, settings, strategy, request, network.fork(stream),
                                                       engines.fork(stream).nextU64(), finishedAttempts));
        clients.back()->startNextCall();
    }
    for (qint64 step = 1; clock.runNext(); ++step) {
        if (server.offered() > kMaxRequestsPerTrial || server.offered() - finishedAttempts > kMaxLiveAttempts) {
            result.stopped = QStringLiteral("stopped in trial %1 after %2 requests, %3 of them attempts of calls "
                                            "still retrying; give the server more capacity, or the herd fewer "
                                            "clients or attempts")
                                 .arg(trial + 1)
                                 .arg(server.offered())
                                 .arg(server.offered() - finishedAttempts);
            return std::nullopt;
        }
        if (step % 16'384 == 0 && control.cancelled && control.cancelled())
            return std::nullopt;
    }

    TrialOutcome outcome;
    for (const auto& client : clients) {
        result.completionTimesMs.append(client->completionMs());
        outcome.endMs = std::max(outcome.endMs, client->completionMs());
        outcome.failedCalls += client->failedCalls();
    }
    outcome.requests = server.offered();
    outcome.rejected = server.rejected();
    server.load().addTo(load);
    return outcome;
}

} // namespace

Expected<void> validateCapacitySettings(const CapacitySettings& s)
{
    if (auto basics = validateHerdBasics(s.clients, s.trials, s.netDelayMeanMs, s.netDelaySdMs, s.bucketMs); !basics)
        return basics;
    const auto fail = [](const char* flag, const QString& problem) {
        return invalidInput(QStringLiteral("--%1: %2").arg(QLatin1StringView(flag), problem));
    };
    const auto isMs = [](double ms) {
        return ms >= 0 && std::isfinite(ms);
    };
    if (s.callsPerClient < 1)
        return fail("calls", QStringLiteral("must be at least 1, got %1").arg(s.callsPerClient));
    if (const qint64 calls = qint64{s.clients} * s.callsPerClient; calls > kMaxCallsPerTrial)
        return fail("calls",
                    QStringLiteral("%1 clients × %2 calls is %3 calls per trial, over the limit of %4")
                        .arg(s.clients)
                        .arg(s.callsPerClient)
                        .arg(calls)
                        .arg(kMaxCallsPerTrial));
    if (s.capacityPerSecond < 1)
        return fail("capacity", QStringLiteral("must be at least 1, got %1").arg(s.capacityPerSecond));
    // Retry-After carries delay-seconds: a whole number (RFC 9110 §10.2.3).
    if (const auto seconds = s.retryAfterSeconds;
        seconds && !(*seconds >= 0 && *seconds <= kMaxRetryAfterSeconds && std::floor(*seconds) == *seconds))
        return fail("retry-after",
                    QStringLiteral("must be a whole number of seconds from 0 to 1000000000, got %1").arg(*seconds));
    if (s.outageFromMs.has_value() != s.outageToMs.has_value())
        return fail("outage", QStringLiteral("needs both a start and an end"));
    if (s.outageFromMs && !(isMs(*s.outageFromMs) && isMs(*s.outageToMs) && *s.outageFromMs < *s.outageToMs))
        return fail(
            "outage",
            QStringLiteral("must be from < to, both ms ≥ 0, got %1 to %2").arg(*s.outageFromMs).arg(*s.outageToMs));
    if (!isMs(s.serviceMs))
        return fail("service", QStringLiteral("must be a number of ms ≥ 0, got %1").arg(s.serviceMs));
    return {};
}

HerdResult runCapacity(const CapacitySettings& settings, const HerdStrategy& strategy, const HerdRunControl& control,
                       QList<double>* acceptedTimesOfFirstTrial)
{
    HerdResult result;
    result.model = QStringLiteral("capacity");
    result.strategy = strategy.name;
    result.clients = settings.clients;
    result.completionTimesMs.reserve(static_cast<qsizetype>(settings.clients) * settings.trials);
    if (acceptedTimesOfFirstTrial)
        acceptedTimesOfFirstTrial->clear();
    HerdTotals totals;
    LoadHistogram load(settings.bucketMs);
    for (int trial = 0; trial < settings.trials; ++trial) {
        if (control.cancelled && control.cancelled())
            break;
        const std::optional<TrialOutcome> finished = runTrial(
            settings, strategy, trial, result, load, trial == 0 ? acceptedTimesOfFirstTrial : nullptr, control);
        if (!finished)
            break;
        const TrialOutcome& outcome = *finished;
        totals.timeMs += outcome.endMs;
        totals.requests += outcome.requests;
        totals.rejected += outcome.rejected;
        totals.failedCalls += outcome.failedCalls;
        ++result.trials;
        if (control.progress)
            control.progress(trial + 1, settings.trials);
    }
    result.events = 2 * totals.requests; // each request and its answer
    finishHerdResult(result, totals, load);
    return result;
}

} // namespace jitterbug
