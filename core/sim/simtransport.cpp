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

ExchangeResult resultOf(const Request& request, const SimAnswer& answer, qint64 maxResponseBytes)
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
    if (answer.body.size() > maxResponseBytes)
        return exchangeFailure(
            ErrorCode::ResponseTooLarge,
            QStringLiteral("the body is %1 bytes, over the %2-byte cap").arg(answer.body.size()).arg(maxResponseBytes));
    Response response;
    response.status = answer.status;
    response.headers = answer.headers;
    if (request.method != "HEAD")
        response.body = answer.body;
    response.finalUrl = request.url;
    ExchangeResult result;
    result.response = std::move(response);
    return result;
}

} // namespace

SimTransport::SimTransport(Clock& clock, SimScenario scenario, quint64 seed)
    : m_clock(clock)
    , m_backend(clock, std::move(scenario), seed)
{
}

SimTransport::~SimTransport()
{
    for (const Exchange& exchange : std::as_const(m_exchanges)) {
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
    m_exchanges.insert(id, Exchange{});
    const qint64 maxBytes = options.maxResponseBytes;
    const SimBackend::Ticket ticket
        = m_backend.handle(simRequest, [this, id, request, maxBytes, done = std::move(done)](const SimAnswer& answer) {
              onAnswer(id, request, maxBytes, done, answer);
          });
    if (const auto it = m_exchanges.find(id); it != m_exchanges.end())
        it->ticket = ticket;
    return id;
}

void SimTransport::onAnswer(ExchangeId id, const Request& request, qint64 maxResponseBytes, const Done& done,
                            const SimAnswer& answer)
{
    const auto it = m_exchanges.find(id);
    if (it == m_exchanges.end() || answer.fault == SimFault::Timeout)
        return; // aborted, or never answered: the engine's timeout ends it
    // Even an answer with no latency reaches the client later, never from
    // inside start(): the transport seam promises that.
    const double transferMs = answer.fault == SimFault::Drip ? dripMs(answer) : 0;
    it->timer = m_clock.callAfter(transferMs, [this, id, done, result = resultOf(request, answer, maxResponseBytes)]() {
        m_exchanges.remove(id);
        done(result);
    });
}

void SimTransport::abort(ExchangeId id)
{
    const auto it = m_exchanges.find(id);
    if (it == m_exchanges.end())
        return;
    if (it->timer)
        m_clock.cancel(it->timer);
    const SimBackend::Ticket ticket = it->ticket;
    m_exchanges.erase(it);
    m_backend.cancel(ticket);
}

} // namespace jitterbug
