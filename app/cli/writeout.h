#pragma once

#include "engine/timeline.h"
#include "http/response.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace jitterbug::cli {

// curl's -w/--write-out: %{variable} replaced from the finished call,
// \n \r \t escapes, %% for a percent sign. Supported variables:
// http_code, response_code, time_total, size_download, url_effective,
// content_type, method, num_retries, num_attempts, exitcode, errormsg,
// and %header{NAME} for a response header. An unknown variable is left empty, as curl does.
// `sentUrl` is url_effective without a response: output, so not the record's masked URL.
QByteArray expandWriteOut(const QString& format, const Timeline& timeline, const std::optional<Response>& response,
                          int exitCode, const QUrl& sentUrl);

} // namespace jitterbug::cli
