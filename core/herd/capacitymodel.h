#pragma once

#include "herdresult.h"
#include "herdstrategy.h"

#include <QList>

#include <optional>

namespace jitterbug {

// A server that completes at most `capacityPerSecond` requests in any second
// (a sliding window: excess requests get 503, with Retry-After when set),
// optionally down for an outage window (every request gets 503), and N
// clients that each make M calls one after another with the strategy's full
// policy, through the engine itself on a virtual clock: max attempts,
// Retry-After, rate limits, budgets and breakers all act as in `send`.
struct CapacitySettings {
    int clients = 100;
    int callsPerClient = 10;
    int trials = 10;
    int capacityPerSecond = 100;
    std::optional<double> retryAfterSeconds; // sent with every 503 when set
    std::optional<double> outageFromMs;
    std::optional<double> outageToMs;
    double serviceMs = 0; // time the server takes for an accepted request
    double netDelayMeanMs = 10;
    double netDelaySdMs = 2;
    double bucketMs = 1000; // the load-over-time histogram's bucket
    quint64 seed = 1;
};

// Runs the trials for one strategy. Network delays come from streams of
// (seed, trial, client, call) alone, so strategies run with the same settings
// are paired. `acceptedTimesOfFirstTrial`, when given, receives the time of
// every request the server accepted in the first trial (tests check the
// capacity with it).
HerdResult runCapacity(const CapacitySettings& settings, const HerdStrategy& strategy,
                       const HerdRunControl& control = {}, QList<double>* acceptedTimesOfFirstTrial = nullptr);

Expected<void> validateCapacitySettings(const CapacitySettings& settings);

} // namespace jitterbug
