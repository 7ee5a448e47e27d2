#pragma once

#include "transport.h"

#include <optional>

namespace jitterbug {

// Rules every network transport applies the same way.

ExchangeResult exchangeFailure(ErrorCode error, QString detail);

// Why a request must not go out at all, if it must not: a scheme other than
// http and https, or a method or header that would split the request (a CR
// LF in a header smuggles in another header). Nothing is sent then.
std::optional<ExchangeResult> refusal(const Request& request);

// curl -L's rules for one redirect. `current` is updated to the next hop
// (303 turns anything but HEAD into a body-less GET, 301/302 do so for
// POST only, 307/308 resend as they were; credentials stay with their
// origin). Returns:
//  - Follow: `current` is the next request;
//  - Answer: the 3xx itself is the answer (not a redirect status, no
//    Location, or https to http, which is never followed);
//  - Fail: `failure` says why (unsupported scheme, too many redirects).
struct RedirectDecision {
    enum class Kind { Follow, Answer, Fail } kind = Kind::Answer;
    ExchangeResult failure;
};
RedirectDecision followRedirect(Request& current, const QUrl& from, int status, const QByteArray& location,
                                int redirectsSoFar);

} // namespace jitterbug
