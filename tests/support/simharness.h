#pragma once

#include "engine/call.h"
#include "engine/engine.h"
#include "engine/virtualclock.h"
#include "sim/simtransport.h"

#include <memory>

namespace jitterbug::test {

// The simulated backend on a virtual clock, ready to run calls: engine tests
// get exact timelines in microseconds of real time.
struct SimHarness {
    explicit SimHarness(SimScenario scenario, quint64 seed = 42);

    // Sends one call and runs the clock until it has finished.
    Timeline run(const Request& request, const RetryPolicy& policy);
    // Starts a call without running the clock.
    Call* start(const Request& request, const RetryPolicy& policy);

    VirtualClock clock;
    SimTransport transport;
    std::unique_ptr<Engine> engine;
};

// A one-route script: `steps` served in turn on any method at `path`.
SimScenario scriptOf(const QString& path, QList<SimStep> steps, bool cycle = false);
SimStep reply(int status, double latencyMs = 10, HeaderList headers = {});
SimStep fault(SimFault kind, double latencyMs = 10);
Request get(const QString& url);
// The default policy without jitter: waits of exactly 100, 200, 400 ms.
RetryPolicy noJitter();
Request post(const QString& url, QByteArray body = "{}");

} // namespace jitterbug::test
