#include "statusexplanation.h"

#include "http/statusreason.h"
#include "policy/retrypolicy.h"
#include "util/duration.h"

namespace jitterbug::gui {

using namespace Qt::StringLiterals;

namespace {

QString escaped(const QString& text)
{
    return text.toHtmlEscaped();
}

QString paragraph(const QString& label, const QString& text)
{
    return u"<p><b>%1:</b> %2</p>"_s.arg(escaped(label), escaped(text));
}

QString heading(const QString& code, const QString& title, const QString& subtitle)
{
    return u"<h3 style=\"margin-bottom: 0\">%1 %2</h3><p style=\"margin-top: 2px\"><i>%3</i></p>"_s.arg(
        escaped(code), escaped(title), escaped(subtitle));
}

// The engine's verdict, quoted, so the guide and the timeline use the same
// words. A 3xx reaches the classifier only when redirects are not followed.
QString verdict(int status, const Classification& classification)
{
    const QString label = status >= 300 && status < 400 ? u"Jitterbug (default policy, redirects not followed)"_s
                                                        : u"Jitterbug (default policy)"_s;
    return paragraph(label, u"\u201c%1\u201d."_s.arg(classification.reason));
}

QString retryAfterText(const StatusCodeInfo& info, bool retried)
{
    const QString cap = formatDuration(RetryPolicy{}.maxRetryAfterMs);
    switch (info.retryAfter) {
    case RetryAfterUse::Expected:
        return u"Honour it. Servers send it with this status; Jitterbug waits for it instead of the backoff when "
               "it is longer, up to max_retry_after (%1 by default), and gives up at once when it would land past "
               "the deadline."_s.arg(cap);
    case RetryAfterUse::IfSent:
        return u"Honoured when the server sends one: Jitterbug waits for it instead of the backoff when it is "
               "longer, up to max_retry_after (%1 by default)."_s.arg(cap);
    case RetryAfterUse::NotApplicable:
        break;
    }
    if (info.isError())
        return u"Does not apply: there is no response."_s;
    return retried ? QString() : u"Does not apply: the status is not retried."_s;
}

// The rule every retry obeys (RFC 9110 §9.2.2, PRODUCT.md "Idempotency").
QString generalIdempotencyRule()
{
    return u"GET, HEAD, OPTIONS, TRACE, PUT and DELETE are retried; POST and PATCH only when the request carries "
           "an %1 header or the policy allows unsafe retries."_s.arg(
               QString::fromLatin1(RetryPolicy{}.idempotencyHeader));
}

bool isSuccessClass(const StatusCodeInfo& info)
{
    return !info.isError() && info.status < 400;
}

} // namespace

QString explanationHtml(const StatusCodeInfo& info)
{
    const Classification classification = defaultClassification(info);
    const bool retried = classification.isRetryable();
    QString html = heading(codeText(info), codeTitle(info), codeClass(info));
    html += u"<p>%1</p>"_s.arg(escaped(info.meaning));
    html += verdict(info.status, classification);
    html += paragraph(u"Retry"_s, info.retry);
    if (const QString retryAfter = retryAfterText(info, retried); !retryAfter.isEmpty() && !isSuccessClass(info))
        html += paragraph(u"Retry-After"_s, retryAfter);
    if (!info.fix.isEmpty())
        html += paragraph(u"Fix the request"_s, info.fix);
    else if (!isSuccessClass(info))
        html += paragraph(u"Fix the request"_s, u"No: the request is not what failed."_s);
    if (!info.idempotency.isEmpty())
        html += paragraph(u"Idempotency"_s, info.idempotency);
    else if (retried)
        html += paragraph(u"Idempotency"_s, generalIdempotencyRule());
    return html;
}

QString unlistedStatusHtml(int status)
{
    if (status < 100 || status > 599)
        return heading(QString::number(status), u"Not an HTTP status"_s, u"unknown"_s)
            + u"<p>HTTP statuses are three digits from 100 to 599.</p>"_s;
    const Classification classification = defaultClassification(status, ErrorCode::None);
    QString advice;
    switch (status / 100) {
    case 1:
        advice = u"An interim answer; the transport reads past it to the final one."_s;
        break;
    case 2:
        advice = u"A success: the request did what it asked."_s;
        break;
    case 3:
        advice = u"A redirect: followed only when the request asks for it (curl's -L)."_s;
        break;
    case 4:
        advice = classification.isRetryable()
            ? u"A client error the policy retries."_s
            : u"A client error: the request has to change; sending it again gets the same answer."_s;
        break;
    default:
        advice = classification.isRetryable()
            ? u"A server error the policy retries."_s
            : u"A server error outside the default retryable statuses: add it to the policy's retry_on if this "
              "server uses it for something that passes."_s;
        break;
    }
    return heading(QString::number(status), QString::fromLatin1(reasonPhrase(status)),
                   statusClass(status) + u" \u00b7 not in this guide"_s)
        + verdict(status, classification) + u"<p>%1</p>"_s.arg(escaped(advice));
}

QString unknownErrorHtml(const QString& errorName)
{
    return heading(errorName, u"Unknown error"_s, u"not in this guide"_s)
        + u"<p>The timeline names no error this way. Its errors are snake_case words such as timeout, "
          "connection_refused or tls.</p>"_s;
}

} // namespace jitterbug::gui
