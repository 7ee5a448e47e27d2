#pragma once

#include "curl/curlcommand.h"
#include "policy/retrypolicy.h"
#include "util/error.h"

#include <optional>

namespace jitterbug::cli {

enum class Backend { Network, Simulated };
enum class TimelineFormat { Table, Json, None };

// Everything `send` was asked to do, checked: the curl part, the effective
// policy, and Jitterbug's run options.
struct SendOptions {
    CurlCommand curl;
    RetryPolicy policy;
    quint64 seed = 0;
    Backend backend = Backend::Network;
    QString scenarioFile; // simulated backend only; empty = the built-in demo
    TimelineFormat timeline = TimelineFormat::Table;
    int repeat = 1;
    int concurrency = 1;
    bool fallbackOk = false;
};

Expected<SendOptions> parseSendOptions(const QStringList& arguments);

// The help text of `send`.
QString sendUsage();

} // namespace jitterbug::cli
