#include "backend.h"

#include "engine/realclock.h"
#include "sim/scenarioparser.h"
#include "transport/networktransport.h"

namespace jitterbug::cli {

Expected<RunBackend> makeBackend(Backend kind, const QString& scenarioName, quint64 seed)
{
    RunBackend b;
    if (kind == Backend::Network) {
        b.clock = std::make_unique<RealClock>();
        b.transport = std::make_unique<NetworkTransport>();
        return b;
    }
    SimScenario scenario;
    if (scenarioName.isEmpty()) {
        scenario = builtinDemoScenario();
    } else {
        auto loaded = resolveScenario(scenarioName);
        if (!loaded)
            return std::unexpected(Error{loaded.error().code, QStringLiteral("--scenario: ") + loaded.error().message});
        scenario = *loaded;
    }
    auto clock = std::make_unique<VirtualClock>();
    b.virtualClock = clock.get();
    auto transport = std::make_unique<SimTransport>(*clock, std::move(scenario), seed);
    b.simulated = transport.get();
    b.transport = std::move(transport);
    b.clock = std::move(clock);
    return b;
}

} // namespace jitterbug::cli
