#pragma once

#include "sendoptions.h"

#include "engine/clock.h"
#include "engine/virtualclock.h"
#include "sim/simtransport.h"
#include "transport/transport.h"

#include <QCoreApplication>

#include <memory>

namespace jitterbug::cli {

// The clock and the transport of one command's run (`send`, `run`): the
// network on wall time, or the simulated backend on a virtual clock that
// runs to completion at once.
struct RunBackend {
    std::unique_ptr<Clock> clock;
    std::unique_ptr<Transport> transport;
    VirtualClock* virtualClock = nullptr;
    SimTransport* simulated = nullptr; // its server's statistics end a run
};

// `scenario` is a file or a built-in scenario's name; empty: the demo.
Expected<RunBackend> makeBackend(Backend kind, const QString& scenario, quint64 seed);

// Runs the clock until `done` says so: the virtual clock by draining its
// queue, the real one through the application's event loop (the caller
// quits it when done).
template<typename Done>
void runUntil(RunBackend& backend, Done done)
{
    if (backend.virtualClock) {
        while (!done() && backend.virtualClock->runNext()) { }
        return;
    }
    if (!done())
        QCoreApplication::exec();
}

} // namespace jitterbug::cli
