#pragma once

#include "transport.h"

#include <QObject>

#include <memory>
#include <unordered_map>

namespace jitterbug {

class Http1Transport;
class QnamTransport;

// The real network as the front ends use it. Requests go over Jitterbug's
// own HTTP/1.1 client (Http1Transport), which puts on the wire exactly one
// request per attempt; a request that asks for a decoded body (curl's
// --compressed) goes through QNetworkAccessManager (QnamTransport), which
// knows gzip and deflate.
class NetworkTransport final : public QObject, public Transport
{
    Q_OBJECT
public:
    explicit NetworkTransport(QObject* parent = nullptr);
    ~NetworkTransport() override;

    ExchangeId start(const Request& request, const ExchangeOptions& options, Done done) override;
    void abort(ExchangeId id) override;

private:
    struct Route {
        Transport* transport;
        ExchangeId id;
    };

    std::unique_ptr<Http1Transport> m_http1;
    std::unique_ptr<QnamTransport> m_qnam; // made on first use
    std::unordered_map<ExchangeId, Route> m_routes;
    ExchangeId m_nextId = 1;
};

} // namespace jitterbug
