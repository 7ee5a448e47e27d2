#include "simserver.h"

namespace jitterbug {

ServerAnswer serverAnswerOf(const SimAnswer& answer)
{
    ServerAnswer out;
    out.status = answer.status;
    out.headers = answer.headers;
    out.body = answer.body;
    out.dripChunkBytes = answer.drip.chunkBytes;
    out.dripIntervalMs = answer.drip.intervalMs;
    switch (answer.fault) {
    case SimFault::None:
        out.kind = ServerAnswer::Kind::Respond;
        break;
    case SimFault::Timeout:
        out.kind = ServerAnswer::Kind::Hold;
        break;
    case SimFault::Reset:
    case SimFault::Refused:
        out.kind = ServerAnswer::Kind::Reset;
        break;
    case SimFault::Malformed:
        out.kind = ServerAnswer::Kind::Malformed;
        break;
    case SimFault::Truncated:
        out.kind = ServerAnswer::Kind::Truncated;
        break;
    case SimFault::Drip:
        out.kind = ServerAnswer::Kind::Drip;
        break;
    }
    return out;
}

SimServer::SimServer(SimScenario scenario, quint64 seed, ServerLimits limits, QObject* parent)
    : QObject(parent)
    , m_backend(m_clock, std::move(scenario), seed)
    , m_http([this](const ServerRequest& request, HttpServer::Reply reply) { onRequest(request, std::move(reply)); },
             limits)
{
    m_http.setAbandonedHandler([this](quint64 requestId) { onAbandoned(requestId); });
}

SimServer::~SimServer()
{
    // Connections first: their abandoned requests call back into the backend.
    m_http.close();
}

bool SimServer::listen(const QHostAddress& address, quint16 port)
{
    return m_http.listen(address, port);
}

void SimServer::onRequest(const ServerRequest& request, HttpServer::Reply reply)
{
    const quint64 id = request.id;
    m_waiting.insert(id, 0);
    const SimBackend::Ticket ticket
        = m_backend.handle(SimRequest{request.method, request.path, request.headers, request.body},
                           [this, id, reply = std::move(reply)](const SimAnswer& answer) {
                               // A held request keeps its ticket: when the client gives up,
                               // the backend frees its capacity slot.
                               if (answer.fault != SimFault::Timeout)
                                   m_waiting.remove(id);
                               reply(serverAnswerOf(answer));
                           });
    if (const auto it = m_waiting.find(id); it != m_waiting.end())
        *it = ticket;
}

void SimServer::onAbandoned(quint64 requestId)
{
    const auto it = m_waiting.find(requestId);
    if (it == m_waiting.end())
        return;
    const SimBackend::Ticket ticket = *it;
    m_waiting.erase(it);
    m_backend.cancel(ticket);
}

} // namespace jitterbug
