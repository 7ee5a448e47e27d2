#pragma once

#include "engine/timeline.h"

namespace jitterbug::gui {

// One row of the chart: a call's timeline, placed on the run's time axis.
struct TimelineLane {
    Timeline timeline;
    double offsetMs = 0; // where the call started on the run's axis

    // The last moment the lane shows, on the run's axis.
    double endMs() const;
    // Wait segments with a length, including the wait for a rate-limit token
    // before attempt 1.
    int waitCount() const;
};

// A wait segment of a lane, on the run's axis. `afterAttempt` is the 0-based
// attempt it follows, or -1 for the queue before attempt 1; `index` is its
// place in that attempt's waits.
struct LaneWait {
    WaitSource source = WaitSource::None;
    double startMs = 0;
    double endMs = 0;
    int afterAttempt = -1;
    int index = 0;
};

// Calls `visit(const LaneWait&)` for each wait with a length, in time order.
// A template, not a list: painting walks thousands of waits per frame.
template<typename Visit>
void forEachWait(const TimelineLane& lane, Visit&& visit)
{
    const double offset = lane.offsetMs;
    if (lane.timeline.queuedMs > 0)
        visit(LaneWait{WaitSource::RateLimit, offset, offset + lane.timeline.queuedMs, -1, 0});
    const QList<AttemptRecord>& attempts = lane.timeline.attempts;
    for (qsizetype a = 0; a < attempts.size(); ++a) {
        const QList<WaitSegment>& waits = attempts[a].waits;
        for (qsizetype w = 0; w < waits.size(); ++w) {
            const WaitSegment& wait = waits[w];
            if (wait.durationMs <= 0)
                continue;
            const double start = offset + wait.startedMs;
            visit(LaneWait{wait.source, start, start + wait.durationMs, int(a), int(w)});
        }
    }
}

} // namespace jitterbug::gui
