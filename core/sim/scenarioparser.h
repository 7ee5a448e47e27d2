#pragma once

#include "scenario.h"
#include "util/error.h"

#include <QStringList>

namespace jitterbug {

// Reads the scenario format (docs/scenarios.md). Errors name the file and
// the JSON path: `flaky.json: routes[2].script[0].status: expected an
// integer 100–599, got "abc"`. Unknown keys are errors.
Expected<SimScenario> parseScenario(const QByteArray& json, const QString& fileName);
Expected<SimScenario> loadScenario(const QString& fileName);

// The scenarios compiled in from resources/scenarios/: "demo" (the default),
// "healthy", "flaky-orders", "rate-limited-search", "slow-reports", "outage".
QStringList builtinScenarioNames();
std::optional<SimScenario> builtinScenario(QStringView name);
SimScenario builtinDemoScenario();

// What `--scenario ARG` means: the file ARG when it exists, else the
// built-in scenario of that name, else an error naming both.
Expected<SimScenario> resolveScenario(const QString& fileOrBuiltinName);

} // namespace jitterbug
