#pragma once

#include "policy/waitplan.h"

#include <QString>

namespace jitterbug::gui {

// A long duration the way people say it: "850.0 ms", "12.5 s", "1 min 33 s",
// "5 min", "2 h 30 min", "3 d". Under a minute it is formatDuration's.
QString durationInWords(double ms);

// The worst case of a plan in one sentence:
// "Worst case: 4 attempts and 3 waits take at most 2 min 1 s (5 min if the
// server sends Retry-After)." A deadline that caps it is named.
QString worstCaseInWords(const WaitPlan& plan, const RetryPolicy& policy);

} // namespace jitterbug::gui
