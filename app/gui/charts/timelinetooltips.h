#pragma once

#include "engine/timeline.h"

namespace jitterbug::gui {

// What hovering a mark of the chart says, one fact a line.
// An attempt: its number, status or error, duration, decision and reason.
QString attemptToolTip(const Timeline& timeline, int lane, int attempt, bool severalLanes);
// A wait: its source and length, and which attempt it followed
// (`afterAttempt` -1: the wait for a rate-limit token before attempt 1).
QString waitToolTip(const Timeline& timeline, int afterAttempt, int wait);

} // namespace jitterbug::gui
