#include "occmodel.h"

#include "loadhistogram.h"
#include "policy/backoff.h"
#include "util/random.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <vector>

namespace jitterbug {

namespace {

// Message delays of one client: |Normal(mean, sd)| drawn in pairs by
// Marsaglia's polar method, which needs no trigonometry; the model draws four
// per attempt, so pairs never go to waste.
class NetworkDelays
{
public:
    NetworkDelays(Random random, double mean, double sd)
        : m_random(random)
        , m_mean(mean)
        , m_sd(sd)
    {
    }

    double next()
    {
        if (m_hasSpare) {
            m_hasSpare = false;
            return std::abs(m_mean + m_sd * m_spare);
        }
        double u = 0;
        double v = 0;
        double s = 0;
        do {
            u = 2 * m_random.uniform01() - 1;
            v = 2 * m_random.uniform01() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        const double scale = std::sqrt(-2 * std::log(s) / s);
        m_spare = v * scale;
        m_hasSpare = true;
        return std::abs(m_mean + m_sd * u * scale);
    }

private:
    Random m_random;
    double m_mean;
    double m_sd;
    double m_spare = 0;
    bool m_hasSpare = false;
};

struct Client {
    Client(NetworkDelays delays, Random jitterStream)
        : net(delays)
        , jitter(jitterStream)
    {
    }

    NetworkDelays net;
    Random jitter;
    int attempt = 1;
    double lastWaitMs = 0;
    double readArrivedMs = 0; // when its current read reached the server
    qint64 readOrder = 0; // and its place among events at that same instant
    double writeReplyMs = 0; // the current write reply's delay, drawn with the others
    OccAttemptTrace trace; // the current attempt, when tracing
};

// A write on its way to the server: when it arrives, and whose it is.
struct Write {
    double arrivesMs;
    int client;
    qint64 order; // ties at one instant go first come, first served

    bool before(const Write& other) const
    {
        return arrivesMs < other.arrivesMs || (arrivesMs == other.arrivesMs && order < other.order);
    }
};

// A binary min-heap of writes. Each arrival schedules at most one write, so
// the common step replaces the top and sifts once instead of pop + push.
class WriteQueue
{
public:
    void reserve(int n) { m_heap.reserve(static_cast<size_t>(n)); }
    bool empty() const { return m_heap.empty(); }
    const Write& top() const { return m_heap.front(); }
    void push(Write w)
    {
        m_heap.push_back(w);
        siftUp(m_heap.size() - 1);
    }
    void replaceTop(Write w)
    {
        m_heap.front() = w;
        siftDown(0);
    }
    void popTop()
    {
        m_heap.front() = m_heap.back();
        m_heap.pop_back();
        if (!m_heap.empty())
            siftDown(0);
    }

private:
    void siftUp(size_t i)
    {
        const Write moving = m_heap[i];
        while (i > 0) {
            const size_t parent = (i - 1) / 2;
            if (!moving.before(m_heap[parent]))
                break;
            m_heap[i] = m_heap[parent];
            i = parent;
        }
        m_heap[i] = moving;
    }
    void siftDown(size_t i)
    {
        const Write moving = m_heap[i];
        const size_t n = m_heap.size();
        for (;;) {
            size_t child = 2 * i + 1;
            if (child >= n)
                break;
            if (child + 1 < n && m_heap[child + 1].before(m_heap[child]))
                ++child;
            if (!m_heap[child].before(moving))
                break;
            m_heap[i] = m_heap[child];
            i = child;
        }
        m_heap[i] = moving;
    }

    std::vector<Write> m_heap;
};

// One attempt's messages up to the write reaching the server. A read is
// answered with the version as it is when the read arrives, so a write wins
// exactly when no other write won after its read arrived: only the writes'
// arrivals need to be ordered, and each attempt costs one queue step.
Write startAttempt(Client& client, int index, double readSentMs, qint64 order, bool tracing)
{
    client.readOrder = order;
    const double readRequest = client.net.next();
    const double readReply = client.net.next();
    const double writeRequest = client.net.next();
    client.writeReplyMs = client.net.next();
    client.readArrivedMs = readSentMs + readRequest;
    const double writeArrives = client.readArrivedMs + readReply + writeRequest;
    if (tracing)
        client.trace = OccAttemptTrace{
            index, client.attempt, readRequest, readReply, writeRequest, client.writeReplyMs, writeArrives, false, 0};
    return Write{writeArrives, index, order};
}

struct TrialOutcome {
    double endMs = 0;
    qint64 writes = 0;
    QList<double> completionsMs;
    LoadHistogram load;
};

// One trial to its end, or nothing when it is cancelled on the way (a big
// herd without backoff makes writes by the square of its size).
std::optional<TrialOutcome> runTrial(const OccSettings& settings, const RetryPolicy& policy, const Random& trialStreams,
                                     const HerdRunControl& control, QList<OccAttemptTrace>* trace)
{
    std::vector<Client> clients;
    clients.reserve(static_cast<size_t>(settings.clients));
    WriteQueue queue;
    queue.reserve(settings.clients);
    const bool tracing = trace != nullptr;
    // Orders events of one instant causally (with zero delays a read can
    // arrive at the very instant of a win): a read started after a win was
    // decided sees it.
    qint64 order = 0;
    for (int c = 0; c < settings.clients; ++c) {
        const auto stream = static_cast<quint64>(c) * 2;
        clients.emplace_back(NetworkDelays(trialStreams.fork(stream), settings.netDelayMeanMs, settings.netDelaySdMs),
                             trialStreams.fork(stream + 1));
        queue.push(startAttempt(clients.back(), c, 0, ++order, tracing));
    }

    TrialOutcome outcome{0, 0, {}, LoadHistogram(settings.bucketMs)};
    outcome.completionsMs.reserve(settings.clients);
    double lastWinMs = -std::numeric_limits<double>::infinity();
    qint64 lastWinOrder = 0;
    while (!queue.empty()) {
        if (++outcome.writes % 16'384 == 0 && control.cancelled && control.cancelled())
            return std::nullopt;
        const Write write = queue.top();
        Client& client = clients[static_cast<size_t>(write.client)];
        HerdLoadBucket& load = outcome.load.at(write.arrivesMs);
        load.offered += 1;
        const double replyArrivesMs = write.arrivesMs + client.writeReplyMs;
        const bool readSawLastWin = lastWinMs < client.readArrivedMs
            || (lastWinMs == client.readArrivedMs && lastWinOrder < client.readOrder);
        if (readSawLastWin) { // the version it read is still current
            lastWinMs = write.arrivesMs;
            lastWinOrder = ++order;
            load.accepted += 1;
            outcome.completionsMs.append(replyArrivesMs);
            outcome.endMs = std::max(outcome.endMs, replyArrivesMs);
            if (tracing) {
                client.trace.accepted = true;
                trace->append(client.trace);
            }
            queue.popTop();
            continue;
        }
        load.rejected += 1;
        const double wait = backoffDelayMs(policy, client.attempt + 1, client.lastWaitMs, client.jitter);
        client.lastWaitMs = wait;
        if (tracing) {
            client.trace.waitMs = wait;
            trace->append(client.trace);
        }
        ++client.attempt;
        queue.replaceTop(startAttempt(client, write.client, replyArrivesMs + wait, ++order, tracing));
    }
    return outcome;
}

} // namespace

Expected<void> validateOccSettings(const OccSettings& s)
{
    return validateHerdBasics(s.clients, s.trials, s.netDelayMeanMs, s.netDelaySdMs, s.bucketMs);
}

HerdResult runOcc(const OccSettings& settings, const HerdStrategy& strategy, const HerdRunControl& control,
                  QList<OccAttemptTrace>* traceOfFirstTrial)
{
    HerdResult result;
    result.model = QStringLiteral("occ");
    result.strategy = strategy.name;
    result.clients = settings.clients;
    result.completionTimesMs.reserve(static_cast<qsizetype>(settings.clients) * settings.trials);
    // Streams depend on the seed, the number of clients and the trial only:
    // every strategy replays the same network.
    const Random runStreams = Random(settings.seed).fork(static_cast<quint64>(settings.clients));
    LoadHistogram load(settings.bucketMs);
    HerdTotals totals;
    for (int trial = 0; trial < settings.trials; ++trial) {
        if (control.cancelled && control.cancelled())
            break;
        std::optional<TrialOutcome> outcome
            = runTrial(settings, strategy.policy, runStreams.fork(static_cast<quint64>(trial)), control,
                       trial == 0 ? traceOfFirstTrial : nullptr);
        if (!outcome)
            break;
        totals.timeMs += outcome->endMs;
        totals.requests += outcome->writes;
        totals.rejected += outcome->writes - settings.clients; // one write per client wins
        result.completionTimesMs.append(outcome->completionsMs);
        outcome->load.addTo(load);
        ++result.trials;
        if (control.progress)
            control.progress(trial + 1, settings.trials);
    }
    result.events = 4 * totals.requests; // read request, read reply, write request, write reply
    finishHerdResult(result, totals, load);
    return result;
}

} // namespace jitterbug
