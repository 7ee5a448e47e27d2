#pragma once

#include "collection/collection.h"
#include "collection/variables.h"
#include "engine/timeline.h"
#include "http/request.h"
#include "http/response.h"
#include "util/error.h"

#include <QDateTime>

#include <optional>

namespace jitterbug::gui {

// What the File menu's exports write, from the core's own writers. Secret
// values never reach these files: a Postman export names secrets without
// values, a request that needs one does not export as curl, and a call's HAR
// has each of `secrets` (the values the call used) as {{name}}, its
// credentials masked by the HAR writer.
QByteArray postmanExportOf(Collection collection);
Expected<QByteArray> curlExportOf(const Collection& collection, const ItemPath& request,
                                  const Environment* environment);
QByteArray harOfCall(const QString& name, const Timeline& timeline, const Request& sent,
                     const std::optional<Response>& response, const QDateTime& started, const SecretValues& secrets);

// The whole file or nothing, as every save.
Expected<void> writeFileAtomically(const QString& path, const QByteArray& bytes);

} // namespace jitterbug::gui
