#pragma once

#include <QString>

namespace jitterbug {

// A duration for people: "183.2 ms", "1.25 s", "12.0 s", "2 min 5 s".
QString formatDuration(double ms);

} // namespace jitterbug
