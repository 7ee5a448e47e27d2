#pragma once

#include "capacitymodel.h"
#include "engine/clock.h"
#include "loadhistogram.h"
#include "transport/transport.h"
#include "util/random.h"

#include <deque>
#include <unordered_map>
#include <vector>

namespace jitterbug {

// The server of the capacity model for one trial: it decides each request
// when it arrives and counts what it saw per time bucket.
class CapacityServer
{
public:
    // `acceptedTimes`, when given, receives the arrival time of every request
    // the server accepts.
    CapacityServer(const CapacitySettings& settings, QList<double>* acceptedTimes = nullptr);

    // Decides a request arriving at `atMs`; arrivals come in time order, as
    // the clock delivers them. True when accepted.
    bool admit(double atMs);

    const LoadHistogram& load() const { return m_load; }
    qint64 offered() const { return m_offered; }
    qint64 rejected() const { return m_rejected; }

private:
    bool inOutage(double atMs) const;

    const CapacitySettings& m_settings;
    QList<double>* m_acceptedTimes;
    // Arrival times of the requests accepted in the last second, oldest first:
    // the sliding window the capacity applies to.
    std::deque<double> m_window;
    LoadHistogram m_load;
    qint64 m_offered = 0;
    qint64 m_rejected = 0;
};

// One client's path to the capacity server, behind the transport seam, in the
// clock's time: the request travels, the server decides on arrival, and the
// answer (200 after the service time, or 503 at once) travels back. Each
// attempt's two delays come from a stream of its own, fixed by the client's
// streams, the call and the attempt, so every strategy meets the same network.
class CapacityClientTransport final : public Transport
{
public:
    CapacityClientTransport(Clock& clock, CapacityServer& server, const CapacitySettings& settings,
                            Random clientStreams);
    ~CapacityClientTransport() override;

    // The exchanges that follow are the attempts of call `index` of this client.
    void beginCall(int index);

    ExchangeId start(const Request& request, const ExchangeOptions& options, Done done) override;
    void abort(ExchangeId id) override;

private:
    struct Exchange {
        Done done;
        Clock::TimerId timer = 0; // the request, then the answer, on its way
        double replyDelayMs = 0;
        bool accepted = false;
    };

    void arrive(ExchangeId id);
    void deliver(ExchangeId id);

    Clock& m_clock;
    CapacityServer& m_server;
    const CapacitySettings& m_settings;
    Random m_clientStreams;
    Random m_callStreams;
    quint64 m_attempt = 0;
    Response m_ok;
    Response m_busy;
    std::unordered_map<ExchangeId, Exchange> m_exchanges;
    ExchangeId m_nextId = 1;
};

} // namespace jitterbug
