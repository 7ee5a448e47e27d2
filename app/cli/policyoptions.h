#pragma once

#include "policy/retrypolicy.h"
#include "util/error.h"

#include <QList>
#include <QString>

class QCommandLineParser;

namespace jitterbug::cli {

// Jitterbug's own policy flags, shared by `send` and `plan`: one table says
// each flag's name, whether it takes a value, and its help text.
struct PolicyFlag {
    const char* name; // without dashes: "attempts"
    const char* valueName; // nullptr: a flag without a value
    const char* help;
    bool optionalValue = false; // "--name" or "--name=value"
};

const QList<PolicyFlag>& policyFlags();

// Applies one flag (name without dashes) to the policy; errors name the flag
// and the value ("--jitter: expected none, full, equal or decorrelated, got \"x\"").
Expected<void> applyPolicyFlag(RetryPolicy& policy, const QString& name, const QString& value);

// Reads a policy file (the policy JSON of the timeline record).
Expected<RetryPolicy> loadPolicyFile(const QString& fileName);

// Parses "N/s", "N/m", "N/h", "N/d" and multiples such as "5/15s", curl's
// --rate syntax, into a number of requests per period.
Expected<RateLimitSettings> parseRate(const QString& text);

} // namespace jitterbug::cli
