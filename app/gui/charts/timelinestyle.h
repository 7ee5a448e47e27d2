#pragma once

#include "charts/timelinechart.h"

#include <QPalette>

#include <array>

namespace jitterbug::gui {

// Every outcome class, in the order the legend lists them.
inline constexpr std::array allOutcomeClasses{
    OutcomeClass::Success2xx, OutcomeClass::Redirect3xx,  OutcomeClass::Client4xx, OutcomeClass::Server5xx,
    OutcomeClass::Timeout,    OutcomeClass::NetworkError, OutcomeClass::Fallback};
// Every wait source that makes a segment, in the order the legend lists them.
inline constexpr std::array allWaitSources{WaitSource::Backoff, WaitSource::RetryAfter, WaitSource::RateLimit,
                                           WaitSource::CircuitOpen, WaitSource::Budget};

// A running call's last attempt has started but has no status and no error
// yet: it is drawn as in flight (a dashed outline), not as a network error.
bool isInFlight(const AttemptRecord& attempt);

// Dark palettes get lighter variants of the same hues, so marks stay readable.
bool isDarkPalette(const QPalette& palette);
QColor outcomeColor(OutcomeClass kind, bool dark);
QColor waitColor(WaitSource source, bool dark);

// "backoff wait", "Retry-After wait", ...: as the legend and tooltips say it.
QString waitDisplayName(WaitSource source);

} // namespace jitterbug::gui
