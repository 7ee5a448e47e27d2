#pragma once

#include "engine/clock.h"
#include "scenario.h"
#include "simstats.h"
#include "util/random.h"

#include <deque>
#include <functional>
#include <memory>
#include <memory_resource>
#include <optional>
#include <unordered_map>

namespace jitterbug {

class TokenBucket;

// One request as the simulated server sees it.
struct SimRequest {
    QByteArray method;
    QString path; // without the query; "/" when empty
    HeaderList headers;
    QByteArray body;
};

// What the server does, once the latency has passed: answer, or fail in
// one of the ways SimFault names. Front ends carry it out: the simulated
// transport in virtual time, `serve` on a real socket.
struct SimAnswer {
    SimFault fault = SimFault::None;
    int status = 200;
    HeaderList headers;
    QByteArray body;
    SimDrip drip;
};

// The simulated server: routes each request through the scenario (outage
// window, rate limit, capacity, idempotency store, then the route's script
// or model) and delivers the answer after its latency on the given clock.
// All randomness comes from `seed`, one stream per route, so one route's
// traffic never changes another's draws and the same requests in the same
// order get the same answers.
class SimBackend
{
public:
    using Ticket = quint64;
    using Deliver = std::function<void(const SimAnswer&)>;

    // Where `serve` and the simulation answer with the statistics as JSON.
    static constexpr QStringView statsPath = u"/__jitterbug/stats";

    SimBackend(Clock& clock, SimScenario scenario, quint64 seed);
    ~SimBackend();
    SimBackend(const SimBackend&) = delete;
    SimBackend& operator=(const SimBackend&) = delete;

    // Decides one request's fate. `deliver` runs once, after the latency:
    // inside this call when there is none, so callers that must not answer
    // synchronously defer it themselves. A Timeout answer is delivered too
    // (the front end then stays silent); its request keeps its capacity
    // slot until cancel().
    Ticket handle(const SimRequest& request, Deliver deliver);
    // The client went away: nothing more is delivered for this ticket and
    // its capacity slot is freed. Work already committed stays committed.
    void cancel(Ticket ticket);

    const SimScenario& scenario() const { return m_scenario; }
    const SimStats& stats() const { return m_stats; }
    QByteArray statsJson(JsonWriter::Style style = JsonWriter::Style::Indented) const
    {
        return simStatsJson(m_scenario, m_stats, style);
    }

private:
    struct Stored;
    struct RouteState;
    struct Pending {
        Deliver deliver;
        qsizetype route = -1;
        std::shared_ptr<SimRequest> waiting; // the request, while it queues for capacity (rare: kept out of line)
        bool holdsSlot = false;
        Clock::TimerId timer = 0;
        QByteArray storedKey; // completes this store entry when the answer goes out
        SimAnswer answer; // while it waits for its latency
    };

    void admit(Ticket ticket);
    void answerFromRoute(Ticket ticket, Pending& pending, const SimRequest& request);
    void finish(Ticket ticket, SimAnswer answer, double latencyMs);
    void deliverNow(Ticket ticket, const SimAnswer& answer);
    void admitWaiting(qsizetype route);
    void count(qsizetype route, const SimAnswer& answer);
    SimAnswer retryAfterAnswer(int status, QByteArray message, qint64 seconds) const;
    void addRateLimitHeaders(SimAnswer& answer, qsizetype route) const;

    Clock& m_clock;
    SimScenario m_scenario;
    double m_startMs = 0;
    std::vector<std::unique_ptr<RouteState>> m_routes;
    // Node-based (tickets only grow, which QHash's erase handles slowly),
    // with nodes from a pool: one request in, one out, no malloc each time.
    std::pmr::unsynchronized_pool_resource m_nodes;
    std::pmr::unordered_map<Ticket, Pending> m_pending{&m_nodes};
    SimStats m_stats;
    Ticket m_nextTicket = 1;
};

} // namespace jitterbug
