#include "charts/timelinelane.h"

#include <algorithm>

namespace jitterbug::gui {

double TimelineLane::endMs() const
{
    double end = offsetMs + std::max(timeline.queuedMs, timeline.outcome.elapsedMs);
    for (const AttemptRecord& attempt : timeline.attempts)
        end = std::max(end, offsetMs + attempt.endedMs);
    forEachWait(*this, [&end](const LaneWait& wait) { end = std::max(end, wait.endMs); });
    return end;
}

int TimelineLane::waitCount() const
{
    int count = 0;
    forEachWait(*this, [&count](const LaneWait&) { ++count; });
    return count;
}

} // namespace jitterbug::gui
