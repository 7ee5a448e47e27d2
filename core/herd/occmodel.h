#pragma once

#include "herdresult.h"
#include "herdstrategy.h"

#include <QList>

namespace jitterbug {

// The optimistic-concurrency experiment of AWS's "Exponential Backoff And
// Jitter": N clients start together and each wants one successful
// conditional write to one shared row. A client reads the row's version,
// then writes "if the version is still v"; the server takes the first write
// for a version and rejects the others; a rejected client waits its backoff,
// then reads again. Every message (read request, read reply, write request,
// write reply) takes |Normal(mean, sd)| ms. A trial ends when every client
// has written; its time is that of the last event (the last write reply),
// its calls the number of writes.
struct OccSettings {
    int clients = 100;
    int trials = 100;
    double netDelayMeanMs = 10;
    double netDelaySdMs = 2;
    double bucketMs = 100; // the load-over-time histogram's bucket
    quint64 seed = 1;
};

// One attempt of one client, for tests and for people checking the model:
// the four message delays it drew and the wait after it (0 for the last).
struct OccAttemptTrace {
    int client = 0;
    int attempt = 1;
    double readRequestMs = 0;
    double readReplyMs = 0;
    double writeRequestMs = 0;
    double writeReplyMs = 0;
    double writeArrivedMs = 0; // when the write reached the server
    bool accepted = false;
    double waitMs = 0;
};

// Runs the trials for one strategy. Each trial draws its network delays from
// streams of (seed, clients, trial, client) alone, so every strategy run with
// the same settings sees the same delays: the comparison is paired. Only the
// strategy's backoff fields are used (its base, cap, multiplier, kind and
// jitter); OCC clients never give up.
HerdResult runOcc(const OccSettings& settings, const HerdStrategy& strategy, const HerdRunControl& control = {},
                  QList<OccAttemptTrace>* traceOfFirstTrial = nullptr);

Expected<void> validateOccSettings(const OccSettings& settings);

} // namespace jitterbug
