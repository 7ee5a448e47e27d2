#pragma once

#include "http/errorcode.h"
#include "policy/classifier.h"

#include <QList>
#include <QString>

namespace jitterbug::gui {

// What a Retry-After header means with an answer.
enum class RetryAfterUse {
    Expected, // the status is defined to carry one (429, 503): wait for it
    IfSent, // a retryable answer: Jitterbug honours one when the server sends it
    NotApplicable, // not retried, or no response at all
};

// One row of the status code guide: a status, or a transport error (no
// response) named as the timeline names it. Whether Jitterbug retries it is
// not written here: it is asked of the classifier with the default policy,
// so the guide cannot drift from what the engine does.
// The `{}` initializers let the table's designated initializers leave
// fields out without GCC's -Wmissing-field-initializers.
struct StatusCodeInfo {
    int status = 0; // 0 for a transport error
    ErrorCode error = ErrorCode::None;
    QString action{}; // the client's next step, a few words for the table
    QString meaning{}; // what the answer says
    QString retry{}; // why a retry helps, hurts or cannot help
    RetryAfterUse retryAfter = RetryAfterUse::NotApplicable;
    QString fix{}; // what to change in the request; empty when nothing
    QString idempotency{}; // the caveat for methods that are not idempotent; empty: the general rule

    bool isError() const { return status == 0; }
};

// Every row, statuses in order, then the transport errors.
const QList<StatusCodeInfo>& statusCodeTable();
const StatusCodeInfo* findStatusCode(int status);
const StatusCodeInfo* findErrorCode(QStringView errorName);

// "503" or "timeout".
QString codeText(const StatusCodeInfo& info);
// "Service Unavailable" (the registered phrase) or "Timeout".
QString codeTitle(const StatusCodeInfo& info);
// "success", "redirect", "client error", "server error"; for errors "network", "TLS",
// "limit reached", "refused locally", "cancelled".
QString codeClass(const StatusCodeInfo& info);
QString statusClass(int status);

// Whether a row matches the guide's filter. Each word must match: digits
// match the start of a status ("5", "50", "503"), "4xx" a status class, and
// anything else any text of the row, case aside ("timeout", "idempotency").
bool matchesFilter(const StatusCodeInfo& info, QStringView filter);

// What the engine makes of this answer under the default policy: a status
// (3xx taken as not followed) or an error. Its reason is the engine's own
// words ("503 is retryable").
Classification defaultClassification(int status, ErrorCode error);
Classification defaultClassification(const StatusCodeInfo& info);

} // namespace jitterbug::gui
