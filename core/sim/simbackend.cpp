#include "simbackend.h"

#include "engine/clock.h"
#include "http/statusreason.h"
#include "resilience/tokenbucket.h"
#include "util/jsonwriter.h"

#include <QLocale>

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

QByteArray jsonError(QByteArrayView message)
{
    JsonWriter json;
    json.beginObject().key(u"error").value(message.toByteArray()).endObject();
    return json.take() + '\n';
}

SimAnswer errorAnswer(int status, QByteArrayView message)
{
    SimAnswer answer;
    answer.status = status;
    answer.headers.append("Content-Type", "application/json");
    answer.body = jsonError(message);
    return answer;
}

SimAnswer answerOf(const SimStep& step)
{
    return SimAnswer{step.fault, step.status, step.headers, step.body, step.drip};
}

QByteArray httpDate(const QDateTime& time)
{
    return QLocale::c().toString(time.toUTC(), u"ddd, dd MMM yyyy hh:mm:ss 'GMT'").toLatin1();
}

QString faultName(SimFault fault)
{
    switch (fault) {
    case SimFault::None:
        return {};
    case SimFault::Timeout:
        return QStringLiteral("timeout");
    case SimFault::Reset:
        return QStringLiteral("reset");
    case SimFault::Refused:
        return QStringLiteral("refused");
    case SimFault::Malformed:
        return QStringLiteral("malformed");
    case SimFault::Truncated:
        return QStringLiteral("truncated");
    case SimFault::Drip:
        return QStringLiteral("drip");
    }
    return {};
}

// Every request that reaches a route's script or model takes the same six
// draws from its route's stream, whichever branch it ends in, so a change
// to one rate does not reshuffle what every later request gets.
struct Draws {
    double fate;
    double statusPick;
    double latencyMs;
    double retryAfter;
    double lose;
};

Draws drawFor(Random& random, const SimLatency& latency)
{
    Draws d{};
    d.fate = random.uniform01();
    d.statusPick = random.uniform01();
    d.latencyMs = latency.draw(random);
    d.retryAfter = random.uniform01();
    d.lose = random.uniform01();
    return d;
}

int pickStatus(const QList<SimWeightedStatus>& statuses, double u)
{
    double total = 0;
    for (const SimWeightedStatus& s : statuses)
        total += s.weight;
    double point = u * total;
    for (const SimWeightedStatus& s : statuses) {
        if (point < s.weight)
            return s.status;
        point -= s.weight;
    }
    return statuses.isEmpty() ? 503 : statuses.constLast().status;
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
    QHash<QByteArray, qint64> counters; // script position per client key ("" per route)
    QHash<QByteArray, Stored> store; // idempotency key -> answer
};

struct SimBackend::Pending {
    Deliver deliver;
    qsizetype route = -1;
    std::optional<SimRequest> waiting; // the request, while it queues for capacity
    bool holdsSlot = false;
    Clock::TimerId timer = 0;
    QByteArray storedKey; // completes this store entry when the answer goes out
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
    for (const Pending& pending : std::as_const(m_pending)) {
        if (pending.timer)
            m_clock.cancel(pending.timer);
    }
}

SimBackend::Ticket SimBackend::handle(const SimRequest& request, Deliver deliver)
{
    const Ticket ticket = m_nextTicket++;
    Pending& pending = m_pending[ticket];
    pending.deliver = std::move(deliver);

    if (request.method == "GET" && request.path == statsPath) {
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
        finish(ticket, errorAnswer(404, QByteArray("no route for " + request.method + ' ' + request.path.toUtf8())), 0);
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
            SimAnswer answer = retryAfterAnswer(429, "rate limit exceeded", std::max<qint64>(seconds, 1));
            addRateLimitHeaders(answer, index);
            finish(ticket, std::move(answer), 0);
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
        pending.waiting = request;
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
    ++m_routes[it->route]->inFlight;
    it->holdsSlot = true;
    const SimRequest request = std::move(*it->waiting);
    it->waiting.reset();
    answerFromRoute(ticket, *it, request);
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
                return finish(ticket, errorAnswer(409, "a request with this idempotency key is in progress"), 0);
            if (stored->requestBody != request.body)
                return finish(ticket, errorAnswer(422, "this idempotency key was used with a different request body"),
                              0);
            ++stats.replays;
            SimAnswer replay = stored->answer;
            replay.headers.append("Idempotent-Replayed", "true");
            addRateLimitHeaders(replay, index);
            return finish(ticket, std::move(replay), stored->latencyMs);
        }
    }

    const Draws draws = drawFor(state.random, route.model ? route.model->latency : SimLatency{});
    SimAnswer answer;
    double latencyMs = 0;
    bool loseResponse = draws.lose < route.loseResponseRate;
    if (route.model) {
        const SimModel& model = *route.model;
        latencyMs = draws.latencyMs;
        if (draws.fate < model.timeoutRate) {
            answer.fault = SimFault::Timeout;
        } else if (draws.fate < model.timeoutRate + model.resetRate) {
            answer.fault = SimFault::Reset;
        } else if (draws.fate < model.timeoutRate + model.resetRate + model.failureRate) {
            const int status = pickStatus(model.failureStatuses, draws.statusPick);
            answer = errorAnswer(status, reasonPhrase(status));
            if (!model.failureBody.isEmpty())
                answer.body = model.failureBody;
            if (const auto& retryAfter = model.retryAfter) {
                const qint64 span = retryAfter->maxSeconds - retryAfter->minSeconds + 1;
                const qint64 seconds
                    = retryAfter->minSeconds + std::min(static_cast<qint64>(draws.retryAfter * span), span - 1);
                answer.headers.append("Retry-After",
                                      retryAfter->httpDate ? httpDate(m_clock.wallTime().addSecs(seconds))
                                                           : QByteArray::number(seconds));
            }
        } else {
            answer.status = model.status;
            answer.headers = model.headers;
            answer.body = model.body;
        }
    } else {
        const QByteArray clientKey
            = route.countByHeader.isEmpty() ? QByteArray() : request.headers.value(route.countByHeader);
        const qint64 hit = state.counters[clientKey]++;
        const qint64 n = route.script.size();
        const SimStep& step = route.script[route.cycle ? hit % n : std::min(hit, n - 1)];
        answer = answerOf(step);
        latencyMs = step.latencyMs;
        loseResponse = loseResponse || step.loseResponse;
    }

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
            answer = errorAnswer(503, "service unavailable");
        }
    }
    addRateLimitHeaders(answer, index);
    finish(ticket, std::move(answer), latencyMs);
}

void SimBackend::finish(Ticket ticket, SimAnswer answer, double latencyMs)
{
    // A refusal comes at once, whatever the latency: nothing was listening.
    if (latencyMs <= 0 || answer.fault == SimFault::Refused)
        return deliverNow(ticket, answer);
    Pending& pending = m_pending[ticket];
    pending.timer = m_clock.callAfter(latencyMs, [this, ticket, answer = std::move(answer)]() {
        const auto it = m_pending.find(ticket);
        if (it != m_pending.end()) {
            it->timer = 0;
            deliverNow(ticket, answer);
        }
    });
}

void SimBackend::deliverNow(Ticket ticket, const SimAnswer& answer)
{
    const auto it = m_pending.find(ticket);
    if (it == m_pending.end())
        return;
    const Deliver deliver = std::exchange(it->deliver, {});
    const qsizetype route = it->route;
    const QByteArray storedKey = std::exchange(it->storedKey, {});
    // A request that is never answered keeps its slot until the client
    // gives up (cancel()), as a hung handler does on a real server.
    const bool held = answer.fault == SimFault::Timeout;
    const bool releases = it->holdsSlot && !held;
    if (!held)
        m_pending.erase(it);

    if (route >= 0) {
        count(route, answer);
        if (!storedKey.isEmpty())
            m_routes[route]->store[storedKey].inProgress = false;
    }
    if (deliver)
        deliver(answer);
    if (releases)
        releaseSlot(route);
}

void SimBackend::cancel(Ticket ticket)
{
    const auto it = m_pending.find(ticket);
    if (it == m_pending.end())
        return;
    // The server finishes what it started when that can still be seen: a
    // capacity slot stays taken, and a key stays "in progress", until the
    // answer would have gone out. Nobody reads the answer.
    const bool finishesAnyway
        = it->timer && (!it->storedKey.isEmpty() || (it->route >= 0 && m_scenario.routes[it->route].capacity));
    if (finishesAnyway) {
        it->deliver = nullptr;
        return;
    }
    if (it->timer)
        m_clock.cancel(it->timer);
    const qsizetype route = it->route;
    const bool waiting = it->waiting.has_value();
    const bool holdsSlot = it->holdsSlot;
    m_pending.erase(it);
    if (route < 0)
        return;
    if (waiting)
        std::erase(m_routes[route]->queue, ticket);
    else if (holdsSlot)
        releaseSlot(route);
}

void SimBackend::releaseSlot(qsizetype route)
{
    RouteState& state = *m_routes[route];
    --state.inFlight;
    if (!state.queue.empty()) {
        const Ticket next = state.queue.front();
        state.queue.pop_front();
        admit(next);
    }
}

void SimBackend::count(qsizetype route, const SimAnswer& answer)
{
    SimRouteStats& stats = m_stats.routes[route];
    if (answer.fault == SimFault::None || answer.fault == SimFault::Drip)
        ++stats.statuses[answer.status];
    if (answer.fault != SimFault::None)
        ++stats.faults[faultName(answer.fault)];
}

SimAnswer SimBackend::retryAfterAnswer(int status, QByteArray message, qint64 seconds) const
{
    SimAnswer answer = errorAnswer(status, message);
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
