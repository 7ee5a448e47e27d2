#include "simbackend.h"

#include "engine/clock.h"
#include "resilience/tokenbucket.h"
#include "simmodel.h"

#include <cmath>

namespace jitterbug {

namespace {

constexpr quint64 kServerStream = 0x5345'5256'4552; // "SERVER"

// RFC 9110 §9.2.1: only these promise no side effect on the server.
bool isSafeMethod(QByteArrayView method)
{
    return method == "GET" || method == "HEAD" || method == "OPTIONS" || method == "TRACE";
}

bool isSuccess(int status)
{
    return status >= 200 && status < 300;
}

SimAnswer answerOf(const SimStep& step)
{
    return SimAnswer{step.fault, step.status, step.headers, step.body, step.drip};
}

} // namespace

// An answer kept for an idempotency key, replayed to every later request
// that carries the same key and the same body.
struct SimBackend::Stored {
    SimAnswer answer;
    QByteArray requestBody;
    double latencyMs = 0;
    bool inProgress = true; // until the first request's answer goes out
};

struct SimBackend::RouteState {
    explicit RouteState(Random stream)
        : random(stream)
    {
    }
    Random random;
    std::unique_ptr<TokenBucket> bucket;
    int inFlight = 0;
    std::deque<Ticket> queue; // waiting for a capacity slot
    bool admitting = false; // admitWaiting() is on the stack
    QHash<QByteArray, qint64> counters; // script position per client key ("" per route)
    QHash<QByteArray, Stored> store; // idempotency key -> answer
};

SimBackend::SimBackend(Clock& clock, SimScenario scenario, quint64 seed)
    : m_clock(clock)
    , m_scenario(std::move(scenario))
    , m_startMs(clock.nowMs())
{
    // The server's streams are kept apart from the client's, which fork
    // the same seed per call: route 0 must not mirror call 0's jitter.
    const Random root = Random(seed).fork(kServerStream);
    for (qsizetype i = 0; i < m_scenario.routes.size(); ++i) {
        auto state = std::make_unique<RouteState>(root.fork(static_cast<quint64>(i)));
        if (const auto& limit = m_scenario.routes[i].rateLimit) {
            RateLimitSettings settings;
            settings.requests = limit->requests;
            settings.periodMs = limit->periodMs;
            settings.burst = limit->burst;
            state->bucket = std::make_unique<TokenBucket>(settings);
        }
        m_routes.push_back(std::move(state));
    }
    m_stats.routes.resize(m_scenario.routes.size());
}

SimBackend::~SimBackend()
{
    for (const auto& [ticket, pending] : m_pending) {
        if (pending.timer)
            m_clock.cancel(pending.timer);
    }
}

SimBackend::Ticket SimBackend::handle(const SimRequest& request, Deliver deliver)
{
    const Ticket ticket = m_nextTicket++;
    Pending& pending = m_pending[ticket];
    pending.deliver = std::move(deliver);

    if ((request.method == "GET" || request.method == "HEAD") && request.path == statsPath) {
        SimAnswer answer;
        answer.headers.append("Content-Type", "application/json");
        answer.body = statsJson();
        finish(ticket, std::move(answer), 0);
        return ticket;
    }
    ++m_stats.requests;
    const qsizetype index = m_scenario.find(request.method, request.path);
    if (index < 0) {
        ++m_stats.unmatched;
        finish(ticket, simErrorAnswer(404, QByteArray("no route for " + request.method + ' ' + request.path.toUtf8())),
               0);
        return ticket;
    }
    pending.route = index;
    const SimRoute& route = m_scenario.routes[index];
    RouteState& state = *m_routes[index];
    SimRouteStats& stats = m_stats.routes[index];
    ++stats.hits;

    const double sinceStart = m_clock.nowMs() - m_startMs;
    for (const SimOutage& outage : route.outages) {
        if (sinceStart >= outage.fromMs && sinceStart < outage.toMs) {
            ++stats.inOutage;
            finish(ticket, answerOf(outage.answer), outage.answer.latencyMs);
            return ticket;
        }
    }

    if (state.bucket) {
        const double now = m_clock.nowMs();
        const double grantedAt = state.bucket->peek(now);
        if (grantedAt > now) {
            ++stats.rateLimited;
            const auto seconds = static_cast<qint64>(std::ceil((grantedAt - now) / 1000.0));
            finish(ticket, retryAfterAnswer(429, "rate limit exceeded", std::max<qint64>(seconds, 1)), 0);
            return ticket;
        }
        state.bucket->reserve(now);
    }

    if (route.capacity && state.inFlight >= route.capacity->concurrent) {
        if (route.capacity->overflow == SimCapacity::Overflow::Reject) {
            ++stats.overCapacity;
            finish(ticket, retryAfterAnswer(503, "over capacity", 1), 0);
            return ticket;
        }
        pending.waiting = std::make_shared<SimRequest>(request);
        state.queue.push_back(ticket);
        return ticket;
    }
    ++state.inFlight;
    pending.holdsSlot = true;
    answerFromRoute(ticket, pending, request);
    return ticket;
}

void SimBackend::admit(Ticket ticket)
{
    const auto it = m_pending.find(ticket);
    if (it == m_pending.end())
        return;
    ++m_routes[it->second.route]->inFlight;
    it->second.holdsSlot = true;
    const std::shared_ptr<SimRequest> request = std::move(it->second.waiting);
    answerFromRoute(ticket, it->second, *request);
}

void SimBackend::answerFromRoute(Ticket ticket, Pending& pending, const SimRequest& request)
{
    const qsizetype index = pending.route;
    const SimRoute& route = m_scenario.routes[index];
    RouteState& state = *m_routes[index];
    SimRouteStats& stats = m_stats.routes[index];

    const bool unsafe = !isSafeMethod(request.method);
    const QByteArray key
        = unsafe && route.idempotencyStore ? request.headers.value(m_scenario.idempotencyHeader) : QByteArray();
    if (!key.isEmpty()) {
        const auto stored = state.store.constFind(key);
        if (stored != state.store.constEnd()) {
            if (stored->inProgress)
                return finish(ticket, simErrorAnswer(409, "a request with this idempotency key is in progress"), 0);
            if (stored->requestBody != request.body)
                return finish(ticket,
                              simErrorAnswer(422, "this idempotency key was used with a different request body"), 0);
            ++stats.replays;
            SimAnswer replay = stored->answer;
            replay.headers.append("Idempotent-Replayed", "true");
            return finish(ticket, std::move(replay), stored->latencyMs);
        }
    }

    SimAnswer answer;
    double latencyMs = 0;
    bool loseResponse = false;
    if (route.model) {
        SimModelDraw drawn = drawModelAnswer(*route.model, state.random, m_clock.wallTime());
        answer = std::move(drawn.answer);
        latencyMs = drawn.latencyMs;
    } else {
        const QByteArray clientKey
            = route.countByHeader.isEmpty() ? QByteArray() : request.headers.value(route.countByHeader);
        const qint64 hit = state.counters[clientKey]++;
        const qint64 n = route.script.size();
        const SimStep& step = route.script[route.cycle ? hit % n : std::min(hit, n - 1)];
        answer = answerOf(step);
        latencyMs = step.latencyMs;
        loseResponse = step.loseResponse;
    }
    // Drawn for every request when the route has a rate, and only then.
    if (route.loseResponseRate > 0)
        loseResponse = state.random.uniform01() < route.loseResponseRate || loseResponse;

    // Work is done when the handler would succeed; a lost response is such
    // an answer that never reaches the client.
    const bool commits = unsafe && answer.fault == SimFault::None && isSuccess(answer.status);
    if (commits) {
        ++stats.sideEffects;
        if (!key.isEmpty()) {
            state.store.insert(key, Stored{answer, request.body, latencyMs, true});
            pending.storedKey = key;
        }
        if (loseResponse) {
            ++stats.lostResponses;
            answer = simErrorAnswer(503, "service unavailable");
        }
    }
    finish(ticket, std::move(answer), latencyMs);
}

void SimBackend::finish(Ticket ticket, SimAnswer answer, double latencyMs)
{
    Pending& pending = m_pending[ticket];
    // Every answer on a rate-limited route says where the limit stands, as
    // of the moment it was decided.
    if (pending.route >= 0)
        addRateLimitHeaders(answer, pending.route);
    // A refusal comes at once, whatever the latency: nothing was listening.
    if (latencyMs <= 0 || answer.fault == SimFault::Refused)
        return deliverNow(ticket, answer);
    // The answer waits in the pending entry, so the timer's closure stays
    // small enough for std::function to hold without allocating.
    pending.answer = std::move(answer);
    pending.timer = m_clock.callAfter(latencyMs, [this, ticket]() {
        const auto it = m_pending.find(ticket);
        if (it != m_pending.end()) {
            it->second.timer = 0;
            const SimAnswer due = std::move(it->second.answer);
            deliverNow(ticket, due);
        }
    });
}

void SimBackend::deliverNow(Ticket ticket, const SimAnswer& answer)
{
    const auto it = m_pending.find(ticket);
    if (it == m_pending.end())
        return;
    const Deliver deliver = std::exchange(it->second.deliver, {});
    const qsizetype route = it->second.route;
    const QByteArray storedKey = std::exchange(it->second.storedKey, {});
    // A request that is never answered keeps its slot until its client
    // gives up (cancel()), as a hung handler does on a real server; one
    // whose client is gone already lets it go now.
    const bool held = answer.fault == SimFault::Timeout && deliver;
    const bool releases = it->second.holdsSlot && !held;
    if (!held)
        m_pending.erase(it);

    if (route >= 0) {
        if (deliver)
            count(route, answer); // answers sent, not answers nobody read
        if (!storedKey.isEmpty())
            m_routes[route]->store[storedKey].inProgress = false;
    }
    // The slot is free before the answer goes out: a client that sends its
    // next request as soon as it has the answer must find it free.
    if (releases)
        --m_routes[route]->inFlight;
    if (deliver)
        deliver(answer);
    if (releases)
        admitWaiting(route);
}

void SimBackend::cancel(Ticket ticket)
{
    const auto it = m_pending.find(ticket);
    if (it == m_pending.end())
        return;
    // The server finishes what it started when that can still be seen: a
    // capacity slot stays taken, and a key stays "in progress", until the
    // answer would have gone out. Nobody reads the answer.
    const bool finishesAnyway = it->second.timer
        && (!it->second.storedKey.isEmpty() || (it->second.route >= 0 && m_scenario.routes[it->second.route].capacity));
    if (finishesAnyway) {
        it->second.deliver = nullptr;
        return;
    }
    if (it->second.timer)
        m_clock.cancel(it->second.timer);
    const qsizetype route = it->second.route;
    const bool waiting = it->second.waiting != nullptr;
    const bool holdsSlot = it->second.holdsSlot;
    m_pending.erase(it);
    if (route < 0)
        return;
    if (waiting) {
        std::erase(m_routes[route]->queue, ticket);
    } else if (holdsSlot) {
        --m_routes[route]->inFlight;
        admitWaiting(route);
    }
}

void SimBackend::admitWaiting(qsizetype route)
{
    RouteState& state = *m_routes[route];
    // One loop admits the whole line: an admitted request answered at once
    // frees its slot again, and admitting from there would recurse once per
    // request in line.
    if (state.admitting)
        return;
    state.admitting = true;
    const int concurrent = m_scenario.routes[route].capacity ? m_scenario.routes[route].capacity->concurrent : 1;
    while (!state.queue.empty() && state.inFlight < concurrent) {
        const Ticket next = state.queue.front();
        state.queue.pop_front();
        admit(next);
    }
    state.admitting = false;
}

void SimBackend::count(qsizetype route, const SimAnswer& answer)
{
    SimRouteStats& stats = m_stats.routes[route];
    if (answer.fault == SimFault::None || answer.fault == SimFault::Drip)
        ++stats.statuses[answer.status];
    if (answer.fault != SimFault::None)
        ++stats.faults[nameIn(simFaultNames, answer.fault)];
}

SimAnswer SimBackend::retryAfterAnswer(int status, QByteArray message, qint64 seconds) const
{
    SimAnswer answer = simErrorAnswer(status, message);
    answer.headers.append("Retry-After", QByteArray::number(seconds));
    return answer;
}

void SimBackend::addRateLimitHeaders(SimAnswer& answer, qsizetype route) const
{
    const TokenBucket* bucket = m_routes[route]->bucket.get();
    if (!bucket || answer.fault != SimFault::None)
        return;
    // The IETF httpapi draft's structured fields: the policy (quota q per
    // window w seconds) and the state (r remaining, t seconds until full).
    const double now = m_clock.nowMs();
    const SimRateLimit& limit = *m_scenario.routes[route].rateLimit;
    const auto window = static_cast<qint64>(std::ceil(limit.periodMs / 1000.0));
    const auto reset = static_cast<qint64>(std::ceil(bucket->untilFullMs(now) / 1000.0));
    answer.headers.append("RateLimit-Policy",
                          "\"default\";q=" + QByteArray::number(limit.requests) + ";w=" + QByteArray::number(window));
    answer.headers.append(
        "RateLimit", "\"default\";r=" + QByteArray::number(bucket->available(now)) + ";t=" + QByteArray::number(reset));
}

} // namespace jitterbug
