#pragma once

#include "engine/timeline.h"
#include "util/error.h"
#include "util/jsonwriter.h"

namespace jitterbug {

// The timeline record of PRODUCT.md, in its fixed key order: request,
// policy, seed, attempts, outcome, then Jitterbug's additions (per-attempt
// wait segments, timeouts, Retry-After and RateLimit readings; breaker events).
void writeTimeline(JsonWriter& out, const Timeline& timeline);
QByteArray timelineToJson(const Timeline& timeline, JsonWriter::Style style = JsonWriter::Style::Compact);

// Reads a record written by any front end; errors name the JSON path.
Expected<Timeline> timelineFromJson(const QByteArray& json);

} // namespace jitterbug
