#include "networktransport.h"

#include "http1transport.h"
#include "qnamtransport.h"

namespace jitterbug {

NetworkTransport::NetworkTransport(QObject* parent)
    : QObject(parent)
    , m_http1(std::make_unique<Http1Transport>())
{
}

NetworkTransport::~NetworkTransport() = default;

Transport::ExchangeId NetworkTransport::start(const Request& request, const ExchangeOptions& options, Done done)
{
    Transport* transport = m_http1.get();
    if (request.decompress) {
        if (!m_qnam)
            m_qnam = std::make_unique<QnamTransport>();
        transport = m_qnam.get();
    }
    const ExchangeId id = m_nextId++;
    const ExchangeId inner = transport->start(request, options, [this, id, done = std::move(done)](ExchangeResult r) {
        m_routes.erase(id);
        done(std::move(r)); // may destroy this transport: touch nothing after
    });
    m_routes.emplace(id, Route{transport, inner});
    return id;
}

void NetworkTransport::abort(ExchangeId id)
{
    const auto it = m_routes.find(id);
    if (it == m_routes.end())
        return;
    it->second.transport->abort(it->second.id);
    m_routes.erase(it);
}

} // namespace jitterbug
