#pragma once

#include "engine/realclock.h"
#include "server/httpserver.h"
#include "sim/simbackend.h"

#include <QHash>

namespace jitterbug {

// The simulated backend on real sockets (`jitterbug-cli serve`): each
// request the HTTP server parses goes to a SimBackend on the real clock, and
// its answer, fault included, is carried out on the connection.
class SimServer final : public QObject
{
    Q_OBJECT
public:
    SimServer(SimScenario scenario, quint64 seed, ServerLimits limits = {}, QObject* parent = nullptr);
    ~SimServer() override;

    bool listen(const QHostAddress& address, quint16 port);
    QString errorString() const { return m_http.errorString(); }
    quint16 port() const { return m_http.port(); }
    void close() { m_http.close(); }
    void setLogger(std::function<void(const ServerLogEntry&)> logger) { m_http.setLogger(std::move(logger)); }

    const SimBackend& backend() const { return m_backend; }

private:
    void onRequest(const ServerRequest& request, HttpServer::Reply reply);
    void onAbandoned(quint64 requestId);

    RealClock m_clock;
    SimBackend m_backend;
    HttpServer m_http;
    QHash<quint64, SimBackend::Ticket> m_waiting; // request id -> its ticket, until answered
};

// How a simulated answer goes out on a socket. `refused` cannot be a real
// refusal once the kernel has accepted the connection: it is a reset
// before any byte.
ServerAnswer serverAnswerOf(const SimAnswer& answer);

} // namespace jitterbug
