#pragma once

#include "engine/timeline.h"

#include <QString>

namespace jitterbug {

// The timeline as a table for a terminal: one row per attempt with its
// timing, result, decision, the wait after it and why, then a summary line.
QString timelineTable(const Timeline& timeline);

// One line: "GET http://… → 200 after 3 attempts in 218.7 ms (seed 42)".
QString timelineSummaryLine(const Timeline& timeline);

} // namespace jitterbug
