#pragma once

#include "simscript.h"
#include "transport/transport.h"

#include <QHash>

namespace jitterbug {

class Clock;

// The simulated backend behind the transport seam: answers from a script, in
// the clock's time, without touching the network. Keeps what it received, so
// tests can check exactly what a client sent on each attempt.
class ScriptedTransport final : public Transport
{
public:
    struct Received {
        double atMs;
        Request request;
    };

    ScriptedTransport(Clock& clock, SimScript script);
    ~ScriptedTransport() override;

    ExchangeId start(const Request& request, const ExchangeOptions& options, Done done) override;
    void abort(ExchangeId id) override;

    const QList<Received>& received() const { return m_received; }
    void setRecording(bool on) { m_recording = on; }

private:
    Clock& m_clock;
    SimScript m_script;
    QHash<const SimRoute*, int> m_hits;
    QHash<ExchangeId, quint64> m_timers; // exchange -> clock timer
    QList<Received> m_received;
    ExchangeId m_nextId = 1;
    bool m_recording = true;
};

} // namespace jitterbug
