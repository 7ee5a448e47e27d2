#pragma once

#include "util/error.h"

#include <QList>
#include <QString>

#include <functional>

namespace jitterbug {

class LoadHistogram;

// Requests reaching the server in one time bucket, means over the trials.
struct HerdLoadBucket {
    double offered = 0; // every request that arrived
    double accepted = 0; // those the server took (occ: writes that won)
    double rejected = 0; // those it refused (occ: writes that lost; capacity: 503s)
};

// What one strategy did with one number of clients, over all trials.
struct HerdResult {
    QString model; // "occ" or "capacity"
    QString strategy;
    int clients = 0;
    int trials = 0;
    double meanTimeMs = 0; // when the last client finished, mean over trials
    double meanCalls = 0; // requests that reached the server per trial (occ: writes)
    double meanRejected = 0; // of those, refused per trial
    double meanFailedCalls = 0; // calls that gave up per trial (the policy ran out; occ: never)
    // Every client of every trial: when it finished, sorted (the CDF's points).
    QList<double> completionTimesMs;
    double p50CompletionMs = 0;
    double p99CompletionMs = 0;
    double bucketMs = 0;
    QList<HerdLoadBucket> load; // bucket i covers [i · bucketMs, (i + 1) · bucketMs)
    double peakLoadPerSecond = 0; // the highest offered load of any bucket, per second
    qint64 events = 0; // messages modelled (occ: four per write)
    // Why the run stopped before its trials were done, for people; empty
    // when it finished or was cancelled. The figures cover the trials done.
    QString stopped;
};

// Lets a long run report progress and stop early; both may be left empty.
struct HerdRunControl {
    std::function<void(int doneTrials, int totalTrials)> progress;
    std::function<bool()> cancelled; // checked between trials
};

// Every client of every trial keeps its completion time: at most this many
// (clients × trials) per run, 80 MB of them.
inline constexpr qint64 kHerdMaxClientRuns = 10'000'000;

// What a model adds up over the trials it finished.
struct HerdTotals {
    double timeMs = 0; // when the last client finished, summed over trials
    qint64 requests = 0;
    qint64 rejected = 0;
    qint64 failedCalls = 0;
};

// Turns the totals over result.trials into means, takes the load (per bucket,
// a mean over trials), and fills p50/p99 (sorting the completion times) and
// the peak.
void finishHerdResult(HerdResult& result, const HerdTotals& totals, LoadHistogram& load);

// The settings every model shares, each error naming its flag.
Expected<void> validateHerdBasics(int clients, int trials, double netDelayMeanMs, double netDelaySdMs, double bucketMs);

} // namespace jitterbug
