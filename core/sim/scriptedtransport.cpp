#include "scriptedtransport.h"

#include "engine/clock.h"

namespace jitterbug {

ScriptedTransport::ScriptedTransport(Clock& clock, SimScript script)
    : m_clock(clock)
    , m_script(std::move(script))
{
}

ScriptedTransport::~ScriptedTransport()
{
    for (quint64 timer : std::as_const(m_timers))
        m_clock.cancel(timer);
}

Transport::ExchangeId ScriptedTransport::start(const Request& request, const ExchangeOptions& options, Done done)
{
    const ExchangeId id = m_nextId++;
    if (m_recording)
        m_received.append({m_clock.nowMs(), request});

    const QString path = request.url.path().isEmpty() ? QStringLiteral("/") : request.url.path();
    const SimRoute* route = m_script.find(request.method, path);
    SimStep step;
    if (!route || route->script.isEmpty()) {
        step.status = 404;
        step.headers.append("Content-Type", "text/plain");
        step.body = "no route for " + request.method + ' ' + path.toUtf8() + " in the scenario\n";
    } else {
        const int hit = m_hits[route]++;
        const qsizetype n = route->script.size();
        step = route->script[route->cycle ? hit % n : std::min<qsizetype>(hit, n - 1)];
    }

    if (step.fault == SimStep::Fault::Timeout)
        return id; // never answers; the engine aborts it at its timeout

    ExchangeResult result;
    if (step.fault == SimStep::Fault::Reset) {
        result.error = ErrorCode::ConnectionReset;
        result.errorDetail = QStringLiteral("the simulated server reset the connection");
    } else if (step.fault == SimStep::Fault::Refused) {
        result.error = ErrorCode::ConnectionRefused;
        result.errorDetail = QStringLiteral("the simulated server refused the connection");
    } else if (step.body.size() > options.maxResponseBytes) {
        result.error = ErrorCode::ResponseTooLarge;
        result.errorDetail = QStringLiteral("the body is %1 bytes, over the %2-byte cap")
                                 .arg(step.body.size())
                                 .arg(options.maxResponseBytes);
    } else {
        Response response;
        response.status = step.status;
        response.headers = step.headers;
        response.body = step.body;
        response.finalUrl = request.url;
        if (request.method == "HEAD")
            response.body.clear();
        result.response = std::move(response);
    }

    const double latency = step.fault == SimStep::Fault::Refused ? 0 : step.latencyMs;
    const quint64 timer = m_clock.callAfter(latency, [this, id, result = std::move(result), done = std::move(done)]() {
        m_timers.remove(id);
        done(result);
    });
    m_timers.insert(id, timer);
    return id;
}

void ScriptedTransport::abort(ExchangeId id)
{
    const auto it = m_timers.find(id);
    if (it == m_timers.end())
        return;
    m_clock.cancel(*it);
    m_timers.erase(it);
}

} // namespace jitterbug
