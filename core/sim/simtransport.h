#pragma once

#include "engine/clock.h"
#include "simbackend.h"
#include "transport/transport.h"

#include <memory_resource>
#include <unordered_map>

namespace jitterbug {

// The simulated backend behind the transport seam: a SimBackend answering
// in the clock's time, without touching the network. Each fault ends the
// exchange with the error code the network transport reports for the same
// fault on a real socket (see docs/scenarios.md). Keeps what it received,
// so tests can check exactly what a client sent on each attempt.
class SimTransport final : public Transport
{
public:
    struct Received {
        double atMs;
        Request request;
    };

    SimTransport(Clock& clock, SimScenario scenario, quint64 seed);
    ~SimTransport() override;

    ExchangeId start(const Request& request, const ExchangeOptions& options, Done done) override;
    void abort(ExchangeId id) override;

    const SimBackend& backend() const { return m_backend; }
    const QList<Received>& received() const { return m_received; }
    void setRecording(bool on) { m_recording = on; }

private:
    struct Exchange {
        SimBackend::Ticket ticket = 0;
        Clock::TimerId timer = 0; // the answer on its way to the client
        Done done;
        QUrl url;
        bool head = false;
        qint64 maxResponseBytes = 0;
    };

    void onAnswer(ExchangeId id, const SimAnswer& answer);
    static ExchangeResult resultOf(const Exchange& exchange, const SimAnswer& answer);

    Clock& m_clock;
    SimBackend m_backend;
    // Node-based from a pool, like SimBackend's pending requests.
    std::pmr::unsynchronized_pool_resource m_nodes;
    std::pmr::unordered_map<ExchangeId, Exchange> m_exchanges{&m_nodes};
    QList<Received> m_received;
    ExchangeId m_nextId = 1;
    bool m_recording = true;
    bool m_starting = false; // inside start(): answers must be deferred
};

} // namespace jitterbug
