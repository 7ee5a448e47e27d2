#include "statuscodes.h"

#include "http/statusreason.h"
#include "policy/retrypolicy.h"

#include <algorithm>

namespace jitterbug::gui {

using namespace Qt::StringLiterals;

namespace {

// The caveat every retryable answer shares (RFC 9110 §9.2.2 and
// PRODUCT.md): only idempotent methods, or a request carrying a key.
// Rows whose answer makes the caveat sharper say so themselves.

QList<StatusCodeInfo> successes()
{
    return {
        {.status = 200,
         .action = u"Done: use the body"_s,
         .meaning = u"The request succeeded; the body is the result."_s,
         .retry = u"Nothing to retry."_s},
        {.status = 201,
         .action = u"Done: the new resource is at Location"_s,
         .meaning = u"The request created a resource; the Location header names it."_s,
         .retry = u"Nothing to retry."_s,
         .idempotency = u"After a retried POST, one 201 means one new resource only if the attempts shared an "
                        "Idempotency-Key: an earlier attempt that timed out may have created one too, and without a "
                        "key the server cannot tell them apart."_s},
        {.status = 202,
         .action = u"Accepted, not done: poll for the result"_s,
         .meaning = u"The server queued the request to process later; nothing is done yet."_s,
         .retry = u"Do not send it again: poll the status resource that the body or Location names until the work "
                  "finishes."_s,
         .idempotency = u"Sending a POST again after a 202 queues the work twice unless it carries the same "
                        "idempotency key."_s},
        {.status = 204,
         .action = u"Done: there is no body"_s,
         .meaning = u"The request succeeded and the answer has no body (typical of PUT and DELETE)."_s,
         .retry = u"Nothing to retry."_s},
    };
}

QList<StatusCodeInfo> redirects()
{
    const QString notAFailure = u"Not a failure. Jitterbug follows redirects only when the request asks it to "
                                "(curl's -L); otherwise the redirect is the answer."_s;
    return {
        {.status = 301,
         .action = u"Follow; update the saved URL"_s,
         .meaning = u"The resource has moved for good to the URL in Location."_s,
         .retry = notAFailure,
         .fix = u"Save the new URL. Followed, a POST becomes a GET without its body (as browsers and curl do), so "
                "send it to the new URL directly."_s},
        {.status = 302,
         .action = u"Follow (a POST becomes GET)"_s,
         .meaning = u"The resource is at another URL (Location) for now."_s,
         .retry = notAFailure,
         .fix = u"Keep the saved URL. Followed, a POST becomes a GET without its body; a server that means \"same "
                "method\" should answer 307."_s},
        {.status = 303,
         .action = u"GET the Location"_s,
         .meaning = u"The result is at another URL: fetch it with GET (the usual answer to a POST that worked)."_s,
         .retry = notAFailure + u" Followed, the request becomes a GET without a body, as the server asks."_s},
        {.status = 304,
         .action = u"Use your cached copy"_s,
         .meaning = u"The copy you have is still current: the answer to a conditional request (If-None-Match, "
                    "If-Modified-Since). It has no body."_s,
         .retry = u"Not a failure: use the body you cached with its ETag."_s},
        {.status = 307,
         .action = u"Follow with the same method and body"_s,
         .meaning = u"Send the same request, method and body unchanged, to the URL in Location this time."_s,
         .retry = notAFailure,
         .idempotency = u"Following a 307 sends a POST again, to the new URL; the first URL did not process it."_s},
        {.status = 308,
         .action = u"Follow with the same method; update the URL"_s,
         .meaning = u"Like 301, the resource has moved for good, but the method and body must stay the same."_s,
         .retry = notAFailure,
         .fix = u"Save the new URL."_s},
    };
}

QList<StatusCodeInfo> clientErrors()
{
    return {
        {.status = 400,
         .action = u"Fix the request"_s,
         .meaning = u"The server could not accept the request as sent: malformed JSON, a missing or invalid "
                    "parameter, a bad header."_s,
         .retry = u"Not retried: the same bytes fail the same way."_s,
         .fix = u"Read the error in the body; check the JSON, the query, the headers, and variables that did not "
                "resolve."_s,
         .idempotency = u"Some APIs answer 400 to a POST without the Idempotency-Key header they require."_s},
        {.status = 401,
         .action = u"Send valid credentials"_s,
         .meaning = u"The request has no valid credentials: missing, expired or wrong. WWW-Authenticate names the "
                    "scheme the server expects."_s,
         .retry = u"Not retried: a blind retry sends the same credentials again. Refresh the token or fix the "
                  "credentials, then send once more."_s,
         .fix = u"Check the Authorization header, the request's auth settings and the environment's secrets."_s},
        {.status = 403,
         .action = u"Get access; do not retry"_s,
         .meaning = u"The server knows who is asking and refuses: the identity lacks the permission or scope, or a "
                    "rule (an address, a plan) forbids it."_s,
         .retry = u"Not retried: asking again does not grant access."_s,
         .fix = u"Use credentials with the right role or scope; signing in again as the same identity will not "
                "help."_s},
        {.status = 404,
         .action = u"Check the URL"_s,
         .meaning = u"Nothing is at this URL (or the server hides that something is)."_s,
         .retry = u"Not retried. One exception: reading what was just created on an eventually consistent store can "
                  "404 for a moment; add 404 to that request's retry_on, not everyone's."_s,
         .fix = u"Check the path, its variables and the environment's base URL."_s},
        {.status = 405,
         .action = u"Use a method from Allow"_s,
         .meaning = u"The resource exists but does not take this method; the Allow header lists the ones it "
                    "takes."_s,
         .retry = u"Not retried: same method, same answer."_s,
         .fix = u"Use a method the Allow header lists."_s},
        {.status = 406,
         .action = u"Widen the Accept header"_s,
         .meaning = u"The server cannot produce anything the Accept headers allow."_s,
         .retry = u"Not retried: same headers, same answer."_s,
         .fix = u"Ask for what the API serves (Accept: application/json, or */*); check Accept-Language and "
                "Accept-Encoding too."_s},
        {.status = 408,
         .action = u"Retry on a new connection"_s,
         .meaning = u"The server stopped waiting for the request and closed the connection, often a kept-alive "
                    "connection it thought was idle."_s,
         .retry = u"Retried by default: the server did not process the request, and a fresh connection usually "
                  "goes through."_s,
         .retryAfter = RetryAfterUse::IfSent,
         .fix = u"If it keeps happening, the body is too slow to send: a large upload on a slow link."_s,
         .idempotency = u"The server did not process it, so even a POST would be safe to send again; Jitterbug "
                        "still asks POST and PATCH for an idempotency key, as for every retry."_s},
        {.status = 409,
         .action = u"Read the current state, then decide"_s,
         .meaning = u"The request conflicts with the resource's current state: a change against a stale version, a "
                    "duplicate of a unique value, or a request whose idempotency key is still being processed."_s,
         .retry = u"Not retried by default: the same change meets the same conflict. Read the resource again and "
                  "decide what to send."_s,
         .idempotency = u"With an Idempotency-Key, a 409 usually means an attempt with the same key is still in "
                        "flight (the IETF Idempotency-Key draft; Stripe). Wait and retry with the same key, never a "
                        "new one, or the work may be done twice. For such an API, add 409 to retry_on."_s},
        {.status = 410,
         .action = u"Remove the reference"_s,
         .meaning = u"The resource was removed on purpose and is not coming back."_s,
         .retry = u"Not retried: it will stay gone."_s,
         .fix = u"Stop calling it; the API's changelog names any replacement."_s},
        {.status = 412,
         .action = u"Read again, send with the new ETag"_s,
         .meaning = u"A precondition (If-Match, If-Unmodified-Since) was false: the resource changed since you "
                    "read it."_s,
         .retry = u"Not retried: the same ETag fails again."_s,
         .fix = u"Fetch the resource again, apply the change to the new version and send it with the new ETag "
                "(optimistic concurrency)."_s,
         .idempotency = u"This is the lost-update protection working: the conditional write did not happen."_s},
        {.status = 413,
         .action = u"Send a smaller body"_s,
         .meaning = u"The body is larger than the server takes."_s,
         .retry = u"Not retried: the same body has the same size. A server whose limit is temporary sends "
                  "Retry-After with it; add 413 to retry_on only for such a server."_s,
         .fix = u"Send less: paginate, compress, or upload in parts."_s},
        {.status = 415,
         .action = u"Fix Content-Type or Content-Encoding"_s,
         .meaning = u"The server does not take the body's format or encoding."_s,
         .retry = u"Not retried: same body, same answer."_s,
         .fix = u"Set Content-Type to what the API expects (application/json, say) and check "
                "Content-Encoding."_s},
        {.status = 422,
         .action = u"Fix the body's fields"_s,
         .meaning = u"The body is well formed but its content fails validation: a missing field, a value out of "
                    "range."_s,
         .retry = u"Not retried: the same body fails the same checks."_s,
         .fix = u"Read the error details in the body and fix the fields they name."_s,
         .idempotency = u"With an Idempotency-Key, a 422 can mean the key was used before with a different body (the "
                        "IETF draft): a new operation needs a new key."_s},
        {.status = 425,
         .action = u"Retry after the handshake"_s,
         .meaning = u"The server will not process a request sent in TLS early data (0-RTT), which could be "
                    "replayed."_s,
         .retry = u"Retried by default: the next attempt goes after the handshake has finished, and the server "
                  "processes it then."_s,
         .retryAfter = RetryAfterUse::IfSent,
         .idempotency = u"The server did not process the early request."_s},
        {.status = 429,
         .action = u"Slow down: wait for Retry-After"_s,
         .meaning = u"The client is over the server's rate limit."_s,
         .retry = u"Retried by default, but slower: retrying at once only spends more of the limit. If it keeps "
                  "coming, turn on the policy's rate limit so calls queue instead of failing."_s,
         .retryAfter = RetryAfterUse::Expected,
         .fix = u"Not the request's content but its rate. RateLimit headers, when sent, show the quota and when it "
                "resets."_s},
    };
}

QList<StatusCodeInfo> serverErrors()
{
    return {
        {.status = 500,
         .action = u"Retry with backoff"_s,
         .meaning = u"The server failed while handling the request: a bug, or something it depends on broke."_s,
         .retry = u"Retried by default: many 500s pass. One that repeats for the same request is a bug in the "
                  "server, and more attempts will not fix it."_s,
         .retryAfter = RetryAfterUse::IfSent,
         .idempotency = u"The server may have done part of the work before failing: retry a POST only with an "
                        "idempotency key."_s},
        {.status = 501,
         .action = u"Use another method or endpoint"_s,
         .meaning = u"The server does not support the method, or a feature the request needs, at all."_s,
         .retry = u"Not retried: the server will not learn it between attempts."_s,
         .fix = u"Use another method or endpoint."_s},
        {.status = 502,
         .action = u"Retry with backoff"_s,
         .meaning = u"A proxy or gateway got no valid answer from the server behind it: it crashed, restarted or "
                    "dropped the connection."_s,
         .retry = u"Retried by default: usually a restart or a deploy in progress."_s,
         .retryAfter = RetryAfterUse::IfSent,
         .idempotency = u"The server behind the gateway may have processed the request before its answer was lost: "
                        "a POST needs an idempotency key."_s},
        {.status = 503,
         .action = u"Wait for Retry-After, then retry"_s,
         .meaning = u"The server is overloaded or down for maintenance, usually for a while."_s,
         .retry = u"Retried by default, with backoff, so a struggling server gets room. A circuit breaker or a "
                  "retry budget keeps retries from adding to an overload."_s,
         .retryAfter = RetryAfterUse::Expected,
         .idempotency = u"Retry a POST only with an idempotency key: a 503 from a proxy can come after the server "
                        "behind it began the work."_s},
        {.status = 504,
         .action = u"Retry; a POST only with a key"_s,
         .meaning = u"A proxy or gateway gave up waiting for the server behind it."_s,
         .retry = u"Retried by default."_s,
         .retryAfter = RetryAfterUse::IfSent,
         .idempotency = u"The riskiest answer for a POST: the server may still finish the work after the gateway "
                        "gave up, and a retry without an idempotency key can do it twice. Jitterbug does not retry "
                        "POST or PATCH without one."_s},
    };
}

QList<StatusCodeInfo> transportErrors()
{
    return {
        {.error = ErrorCode::Timeout,
         .action = u"Retry; it may have been processed"_s,
         .meaning = u"No complete answer arrived within the attempt's timeout."_s,
         .retry = u"Retried by default. If the server is only slow, a longer attempt timeout helps more than more "
                  "attempts; a deadline bounds the whole call."_s,
         .idempotency = u"The request may have arrived and been processed; only the answer is missing. POST and "
                        "PATCH are retried only with an idempotency key."_s},
        {.error = ErrorCode::ConnectionRefused,
         .action = u"Retry; check the host and port"_s,
         .meaning = u"Nothing accepted the connection at that host and port: the service is down or restarting, or "
                    "the port is wrong."_s,
         .retry = u"Retried by default: a restarting service comes back. If it never does, check the port and the "
                  "scheme."_s,
         .fix = u"If every attempt is refused: the port, the scheme, and whether the service runs at all."_s,
         .idempotency = u"Nothing was sent, so nothing was done; Jitterbug still applies the method rule, so POST "
                        "and PATCH need a key to be retried."_s},
        {.error = ErrorCode::ConnectionReset,
         .action = u"Retry with care: the outcome is unknown"_s,
         .meaning = u"The connection was closed or reset in the middle of the exchange."_s,
         .retry = u"Retried by default: often a server restart, a load balancer's idle timeout, or a kept-alive "
                  "connection the server had already closed."_s,
         .idempotency = u"The request may have been processed before the reset: a POST needs an idempotency "
                        "key."_s},
        {.error = ErrorCode::HostNotFound,
         .action = u"Check the host name"_s,
         .meaning = u"DNS did not resolve the host name."_s,
         .retry = u"Retried by default, for a passing DNS failure; a misspelt host fails every attempt."_s,
         .fix = u"Check the host and the environment variable that holds the base URL."_s},
        {.error = ErrorCode::NetworkUnreachable,
         .action = u"Check the network"_s,
         .meaning = u"There is no route to the host: the machine is offline, or a VPN is down."_s,
         .retry = u"Retried by default: networks come back."_s,
         .fix = u"Check the connection and any VPN the host needs."_s},
        {.error = ErrorCode::ProtocolError,
         .action = u"Check the scheme and port"_s,
         .meaning = u"The peer answered with something that is not HTTP."_s,
         .retry = u"Retried by default, for a server that died mid-answer. If every attempt fails this way, the "
                  "port or the scheme is wrong."_s,
         .fix = u"Check http against https and the port."_s},
        {.error = ErrorCode::Tls,
         .action = u"Fix the certificate; not retried"_s,
         .meaning = u"The TLS handshake failed: an untrusted, expired or mismatched certificate, or no protocol "
                    "version in common."_s,
         .retry = u"Not retried: the same handshake fails the same way."_s,
         .fix = u"Fix the certificate or the trust store, the host name, or the machine's clock. For a local test "
                "server the request can allow insecure TLS (curl's -k)."_s},
        {.error = ErrorCode::NetworkError,
         .action = u"Retry; read the error detail"_s,
         .meaning = u"Another transport failure; the attempt's error detail names it."_s,
         .retry = u"Retried by default, like the other network errors."_s,
         .idempotency = u"Whether the server saw the request is unknown: a POST needs an idempotency key."_s},
        {.error = ErrorCode::ResponseTooLarge,
         .action = u"Ask for less"_s,
         .meaning = u"The response body passed the size cap (100 MiB), so the transport stopped reading."_s,
         .retry = u"Not retried: the same answer is as large."_s,
         .fix = u"Ask for less: paginate, filter, or request a range."_s},
        {.error = ErrorCode::TooManyRedirects,
         .action = u"Find the redirect loop"_s,
         .meaning = u"Following redirects went past the limit (50, as curl's --max-redirs)."_s,
         .retry = u"Not retried: a loop stays a loop."_s,
         .fix = u"Check where the Location chain goes; a login page, or http and https sending to each other, is "
                "the usual loop."_s},
        {.error = ErrorCode::UnsupportedScheme,
         .action = u"Use http:// or https://"_s,
         .meaning = u"The URL's scheme is neither http nor https, so nothing was sent."_s,
         .retry = u"Not retried: the URL will not change between attempts."_s,
         .fix = u"Start the URL with http:// or https://, and check the variable it begins with."_s},
        {.error = ErrorCode::InvalidRequest,
         .action = u"Fix the method or headers"_s,
         .meaning = u"Refused before sending: a method or header the wire cannot carry, such as a line break in a "
                    "header value."_s,
         .retry = u"Not retried: the request would be refused again."_s,
         .fix = u"Check the method and headers, and the variables inside them, for line breaks and spaces."_s},
        {.error = ErrorCode::CircuitOpen,
         .action = u"Wait for the breaker to close"_s,
         .meaning = u"Refused locally: the circuit breaker for this host is open after too many failures. Nothing "
                    "was sent."_s,
         .retry = u"Not retried: the breaker is there to stop traffic to a failing host. After its break, a few "
                  "probe calls decide whether it closes."_s,
         .fix = u"Nothing in the request; the host is failing. The timeline's breaker events show when and why it "
                "opened."_s},
        {.error = ErrorCode::BudgetExhausted,
         .action = u"Wait: the retry budget is spent"_s,
         .meaning = u"Refused locally: recent retries used up the retry budget. Nothing was sent."_s,
         .retry = u"Not retried: the budget keeps an outage from multiplying the load on the server."_s},
        {.error = ErrorCode::DeadlineExceeded,
         .action = u"Raise the deadline or wait less"_s,
         .meaning = u"No time was left before the call's deadline."_s,
         .retry = u"Not retried: the deadline bounds the whole call."_s,
         .fix = u"Raise the policy's deadline, or shorten the attempt timeout and the waits."_s},
        {.error = ErrorCode::Cancelled,
         .action = u"Nothing: you stopped it"_s,
         .meaning = u"The call was cancelled before it finished."_s,
         .retry = u"Not retried: a cancelled call stays stopped, and no fallback answers for it."_s},
    };
}

} // namespace

const QList<StatusCodeInfo>& statusCodeTable()
{
    static const QList<StatusCodeInfo> table
        = successes() + redirects() + clientErrors() + serverErrors() + transportErrors();
    return table;
}

const StatusCodeInfo* findStatusCode(int status)
{
    for (const StatusCodeInfo& info : statusCodeTable()) {
        if (!info.isError() && info.status == status)
            return &info;
    }
    return nullptr;
}

const StatusCodeInfo* findErrorCode(QStringView errorName)
{
    const std::optional<ErrorCode> error = errorCodeFromName(errorName.trimmed());
    if (!error)
        return nullptr;
    for (const StatusCodeInfo& info : statusCodeTable()) {
        if (info.isError() && info.error == *error)
            return &info;
    }
    return nullptr;
}

QString codeText(const StatusCodeInfo& info)
{
    return info.isError() ? errorCodeName(info.error) : QString::number(info.status);
}

QString codeTitle(const StatusCodeInfo& info)
{
    if (!info.isError())
        return QString::fromLatin1(reasonPhrase(info.status));
    if (info.error == ErrorCode::Tls)
        return u"TLS failure"_s;
    // The timeline's snake_case name, as a phrase: "connection_refused" → "Connection refused".
    QString title = errorCodeName(info.error).replace(u'_', u' ');
    if (!title.isEmpty())
        title[0] = title[0].toUpper();
    return title;
}

QString statusClass(int status)
{
    switch (status / 100) {
    case 1:
        return u"informational"_s;
    case 2:
        return u"success"_s;
    case 3:
        return u"redirect"_s;
    case 4:
        return u"client error"_s;
    case 5:
        return u"server error"_s;
    default:
        return u"unknown"_s;
    }
}

QString codeClass(const StatusCodeInfo& info)
{
    if (!info.isError())
        return statusClass(info.status);
    if (isNetworkError(info.error))
        return u"network"_s;
    switch (info.error) {
    case ErrorCode::Tls:
        return u"TLS"_s;
    case ErrorCode::ResponseTooLarge:
    case ErrorCode::TooManyRedirects:
    case ErrorCode::DeadlineExceeded:
        return u"limit reached"_s;
    case ErrorCode::Cancelled:
        return u"cancelled"_s;
    default: // nothing was sent: a bad URL or request, an open breaker, a spent budget
        return u"refused locally"_s;
    }
}

namespace {

bool isAllDigits(QStringView word)
{
    return std::all_of(word.begin(), word.end(), [](QChar c) { return c.isDigit(); });
}

bool matchesWord(const StatusCodeInfo& info, QStringView word)
{
    if (isAllDigits(word))
        return !info.isError() && QString::number(info.status).startsWith(word);
    if (word.size() == 3 && word[0].isDigit() && word.sliced(1).compare(u"xx", Qt::CaseInsensitive) == 0)
        return !info.isError() && info.status / 100 == word[0].digitValue();
    for (const QString& text : {codeText(info), codeTitle(info), codeClass(info), info.action, info.meaning, info.retry,
                                info.fix, info.idempotency}) {
        if (text.contains(word, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

} // namespace

bool matchesFilter(const StatusCodeInfo& info, QStringView filter)
{
    const auto words = filter.split(u' ', Qt::SkipEmptyParts);
    return std::all_of(words.begin(), words.end(), [&info](QStringView word) { return matchesWord(info, word); });
}

Classification defaultClassification(int status, ErrorCode error)
{
    return classifyOutcome(status, error, RetryPolicy{});
}

Classification defaultClassification(const StatusCodeInfo& info)
{
    return defaultClassification(info.status, info.error);
}

} // namespace jitterbug::gui
