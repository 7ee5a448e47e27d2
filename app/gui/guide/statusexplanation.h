#pragma once

#include "statuscodes.h"

#include <QString>

namespace jitterbug::gui {

// The guide's text panel, as rich text: what the answer means, what
// Jitterbug's default policy does with it (in the engine's own words), and
// what the client should do: retry, honour Retry-After, fix the request,
// mind idempotency.
QString explanationHtml(const StatusCodeInfo& info);

// For a status the guide does not list: what its class means.
QString unlistedStatusHtml(int status);
// For an error name the timeline does not use.
QString unknownErrorHtml(const QString& errorName);

} // namespace jitterbug::gui
