#include "simtransport.h"

#include "engine/clock.h"
#include "transport/wirerules.h"

#include <cmath>

namespace jitterbug {

namespace {

// How long a drip takes to deliver the whole body after the head.
double dripMs(const SimAnswer& answer)
{
    const qint64 chunks = (answer.body.size() + answer.drip.chunkBytes - 1) / answer.drip.chunkBytes;
    return static_cast<double>(chunks) * answer.drip.intervalMs;
}

} // namespace

ExchangeResult SimTransport::resultOf(const Exchange& exchange, const SimAnswer& answer)
{
    switch (answer.fault) {
    case SimFault::Reset:
        return exchangeFailure(ErrorCode::ConnectionReset, QStringLiteral("the simulated server reset the connection"));
    case SimFault::Refused:
        return exchangeFailure(ErrorCode::ConnectionRefused,
                               QStringLiteral("the simulated server refused the connection"));
    case SimFault::Malformed:
        return exchangeFailure(ErrorCode::ProtocolError,
                               QStringLiteral("the simulated server sent an invalid status line"));
    case SimFault::Truncated:
        return exchangeFailure(ErrorCode::ConnectionReset,
                               QStringLiteral("the connection closed after %1 of %2 body bytes")
                                   .arg(answer.body.size() / 2)
                                   .arg(answer.body.size()));
    case SimFault::None:
    case SimFault::Drip:
    case SimFault::Timeout:
        break;
    }
    if (answer.body.size() > exchange.maxResponseBytes)
        return exchangeFailure(ErrorCode::ResponseTooLarge,
                               QStringLiteral("the body is %1 bytes, over the %2-byte cap")
                                   .arg(answer.body.size())
                                   .arg(exchange.maxResponseBytes));
    Response response;
    response.status = answer.status;
    response.headers = answer.headers;
    if (!exchange.head)
        response.body = answer.body;
    response.finalUrl = exchange.url;
    ExchangeResult result;
    result.response = std::move(response);
    return result;
}

SimTransport::SimTransport(Clock& clock, SimScenario scenario, quint64 seed)
    : m_clock(clock)
    , m_backend(clock, std::move(scenario), seed)
{
}

SimTransport::~SimTransport()
{
    for (const auto& [id, exchange] : m_exchanges) {
        if (exchange.timer)
            m_clock.cancel(exchange.timer);
    }
}

Transport::ExchangeId SimTransport::start(const Request& request, const ExchangeOptions& options, Done done)
{
    const ExchangeId id = m_nextId++;
    if (m_recording)
        m_received.append({m_clock.nowMs(), request});

    SimRequest simRequest{request.method, request.url.path(), request.headers, request.body};
    if (simRequest.path.isEmpty())
        simRequest.path = QStringLiteral("/");
    Exchange& exchange = m_exchanges[id];
    exchange.done = std::move(done);
    exchange.url = request.url;
    exchange.head = request.method == "HEAD";
    exchange.maxResponseBytes = options.maxResponseBytes;
    m_starting = true;
    // The callback captures no more than fits in std::function's own
    // storage: the exchange's state waits here, not in the closure.
    // While m_starting, nothing erases the exchange: the reference holds.
    exchange.ticket = m_backend.handle(simRequest, [this, id](const SimAnswer& answer) { onAnswer(id, answer); });
    m_starting = false;
    return id;
}

void SimTransport::onAnswer(ExchangeId id, const SimAnswer& answer)
{
    const auto it = m_exchanges.find(id);
    if (it == m_exchanges.end() || answer.fault == SimFault::Timeout)
        return; // aborted, or never answered: the engine's timeout ends it
    const double transferMs = answer.fault == SimFault::Drip ? dripMs(answer) : 0;
    ExchangeResult result = resultOf(it->second, answer);
    if (transferMs == 0 && !m_starting) {
        const Done done = std::move(it->second.done);
        m_exchanges.erase(it);
        done(std::move(result));
        return;
    }
    // An answer with no latency still reaches the client later, never from
    // inside start(): the transport seam promises that.
    it->second.timer = m_clock.callAfter(transferMs, [this, id, result = std::move(result)]() {
        const auto finished = m_exchanges.find(id);
        const Done done = std::move(finished->second.done);
        m_exchanges.erase(finished);
        done(result);
    });
}

void SimTransport::abort(ExchangeId id)
{
    const auto it = m_exchanges.find(id);
    if (it == m_exchanges.end())
        return;
    if (it->second.timer)
        m_clock.cancel(it->second.timer);
    const SimBackend::Ticket ticket = it->second.ticket;
    m_exchanges.erase(it);
    m_backend.cancel(ticket);
}

} // namespace jitterbug
