#pragma once

#include "herdstrategy.h"

#include <QList>
#include <QString>

namespace jitterbug {

// A strategy as people write it on the command line or in the herd lab:
//   a name      none, exponential, equal, full, decorrelated (base and cap
//               from the run's settings)
//   FILE        a policy file (the policy JSON of the timeline record),
//               named after the file without its .json
//   FILE#NAME   the policy in force for a request of a collection (ours or
//               Postman), by name or "Folder/Request", named after it
// Errors are one line naming the strategy and the file.
Expected<HerdStrategy> herdStrategyFromSpec(const QString& spec, double baseDelayMs, double maxDelayMs);

// A comma-separated list of specs ("none,full,slow.json"); at least one,
// names unique.
Expected<QList<HerdStrategy>> herdStrategiesFromList(const QString& list, double baseDelayMs, double maxDelayMs);

} // namespace jitterbug
