#include "harexport.h"

#include "http/credentials.h"
#include "util/utf8.h"

#include "util/jsonwriter.h"

#include <QUrlQuery>

#include <algorithm>
#include <cmath>

namespace jitterbug {

namespace {

// HAR's "text" fields hold text; bytes that are not UTF-8 go as base64,
// which HAR 1.2 marks with content.encoding (postData has no such field).

// Credentials (Authorization, Cookie, Set-Cookie, API keys) are masked: a
// HAR file is shared to show what happened, not to replay a session.
void writeHeaders(JsonWriter& out, const HeaderList& headers, const QByteArrayList& credentialNames)
{
    out.key(u"headers").beginArray();
    for (const HeaderList::Field& f : headers.fields()) {
        if (f.value.isNull()) // a removal: nothing of that name went out
            continue;
        out.beginObject();
        out.key(u"name").value(f.name);
        out.key(u"value").value(maskedHeaderValue(f.name, f.value, credentialNames));
        out.endObject();
    }
    out.endArray();
}

// The request as it went out on this attempt: the engine adds the
// idempotency key per call, so it is taken from the timeline.
HeaderList sentHeaders(const HarCall& c)
{
    HeaderList headers = c.request.headers;
    const Timeline& t = c.call.timeline;
    const QByteArray keyHeader = t.policy.idempotencyHeader;
    if (!t.idempotencyKey.isEmpty() && !keyHeader.isEmpty() && !headers.contains(keyHeader))
        headers.append(keyHeader, t.idempotencyKey);
    return headers;
}

void writeRequest(JsonWriter& out, const HarCall& c)
{
    const Request& r = c.request;
    out.key(u"request").beginObject();
    out.key(u"method").value(r.method);
    out.key(u"url").value(maskCredentialsInText(urlAsSent(r), r.credentialNames));
    out.key(u"httpVersion").value("HTTP/1.1");
    out.key(u"cookies").beginArray().endArray();
    writeHeaders(out, sentHeaders(c), r.credentialNames);
    out.key(u"queryString").beginArray();
    for (const auto& [name, value] : QUrlQuery(r.url).queryItems(QUrl::FullyDecoded)) {
        out.beginObject();
        out.key(u"name").value(name);
        out.key(u"value").value(isCredentialName(name.toUtf8(), r.credentialNames) ? kMasked.toString() : value);
        out.endObject();
    }
    out.endArray();
    if (!r.body.isEmpty()) {
        out.key(u"postData").beginObject();
        const QByteArray type = r.headers.value("Content-Type");
        out.key(u"mimeType").value(type.isNull() ? QByteArray("") : type);
        if (isValidUtf8(r.body)) {
            out.key(u"text").value(r.body);
        } else {
            out.key(u"text").value(QByteArray(""));
            out.key(u"comment").value(QStringLiteral("%1 bytes that are not UTF-8 text, left out").arg(r.body.size()));
        }
        out.endObject();
    }
    out.key(u"headersSize").value(-1);
    out.key(u"bodySize").value(static_cast<qint64>(r.body.size()));
    out.endObject();
}

// The full response, for the attempt it belongs to.
void writeFullResponse(JsonWriter& out, const Response& r, const QByteArrayList& credentialNames)
{
    out.key(u"response").beginObject();
    out.key(u"status").value(r.status);
    out.key(u"statusText").value(r.reasonPhrase);
    out.key(u"httpVersion").value("HTTP/" + r.httpVersion);
    out.key(u"cookies").beginArray().endArray();
    writeHeaders(out, r.headers, credentialNames);
    out.key(u"content").beginObject();
    out.key(u"size").value(static_cast<qint64>(r.body.size()));
    const QByteArray type = r.headers.value("Content-Type");
    out.key(u"mimeType").value(type.isNull() ? QByteArray("") : type);
    if (isValidUtf8(r.body)) {
        out.key(u"text").value(r.body);
    } else {
        out.key(u"text").value(r.body.toBase64());
        out.key(u"encoding").value("base64");
    }
    out.endObject();
    const QByteArray location = r.headers.value("Location");
    out.key(u"redirectURL").value(location.isNull() ? QByteArray("") : location);
    out.key(u"headersSize").value(-1);
    out.key(u"bodySize").value(static_cast<qint64>(r.body.size()));
    out.endObject();
}

// What the timeline keeps of an attempt's response: its status and size.
// Status 0 is what browsers' HAR files show for a request that got no response.
void writeRecordedResponse(JsonWriter& out, const AttemptRecord& a)
{
    out.key(u"response").beginObject();
    out.key(u"status").value(a.status);
    out.key(u"statusText").value("");
    out.key(u"httpVersion").value(a.status > 0 ? "HTTP/1.1" : "");
    out.key(u"cookies").beginArray().endArray();
    out.key(u"headers").beginArray().endArray();
    out.key(u"content").beginObject();
    out.key(u"size").value(a.responseBytes);
    out.key(u"mimeType").value("");
    out.endObject();
    out.key(u"redirectURL").value("");
    out.key(u"headersSize").value(-1);
    out.key(u"bodySize").value(a.status > 0 ? a.responseBytes : qint64{-1});
    out.endObject();
}

// HAR asks for non-negative send, wait and receive, and -1 for phases that
// were not measured. Jitterbug times an attempt as a whole, so all of it is
// "wait"; `time` is the sum of the phases, as HAR defines it.
void writeTimings(JsonWriter& out, double durationMs)
{
    out.key(u"timings").beginObject();
    out.key(u"blocked").value(-1);
    out.key(u"dns").value(-1);
    out.key(u"connect").value(-1);
    out.key(u"send").value(0);
    out.key(u"wait").value(durationMs);
    out.key(u"receive").value(0);
    out.key(u"ssl").value(-1);
    out.endObject();
}

void writeJitterbug(JsonWriter& out, const HarCall& c, const AttemptRecord& a)
{
    const Timeline& t = c.call.timeline;
    out.key(u"_jitterbug").beginObject();
    out.key(u"request").value(c.call.request);
    out.key(u"iteration").value(c.call.iteration);
    out.key(u"call").value(t.callIndex);
    out.key(u"attempt").value(a.attempt);
    out.key(u"attempts").value(static_cast<qint64>(t.attempts.size()));
    out.key(u"decision").value(decisionName(a.decision));
    out.key(u"reason").value(a.reason);
    out.key(u"wait_ms").value(a.waitMs);
    out.key(u"wait_source");
    if (a.waitSource == WaitSource::None)
        out.null();
    else
        out.value(waitSourceName(a.waitSource));
    out.key(u"error");
    if (a.error == ErrorCode::None)
        out.null();
    else
        out.value(errorCodeName(a.error));
    out.key(u"error_detail");
    if (a.errorDetail.isEmpty())
        out.null();
    else
        out.value(a.errorDetail);
    out.key(u"timeout_ms").value(a.timeoutMs);
    out.key(u"retry_after_ms");
    if (a.retryAfterMs)
        out.value(*a.retryAfterMs);
    else
        out.null();
    out.key(u"on_wire").value(a.onWire);
    out.endObject();
}

void writeEntry(JsonWriter& out, const HarCall& c, qsizetype index, const QDateTime& runStart)
{
    const Timeline& t = c.call.timeline;
    const AttemptRecord& a = t.attempts[index];
    const bool last = index == t.attempts.size() - 1;
    // The final response belongs to the last attempt only when that attempt
    // is where it came from: not after a fallback, which makes its own.
    const bool full = last && c.response && !t.outcome.fallback && a.status > 0 && c.response->status == a.status;
    const double durationMs = std::max(0.0, a.endedMs - a.startedMs);
    const qint64 startMs = std::llround(c.callStartMs + a.startedMs);

    out.beginObject();
    out.key(u"startedDateTime").value(runStart.toUTC().addMSecs(startMs).toString(Qt::ISODateWithMs));
    out.key(u"time").value(durationMs);
    writeRequest(out, c);
    if (full)
        writeFullResponse(out, *c.response, c.request.credentialNames);
    else
        writeRecordedResponse(out, a);
    out.key(u"cache").beginObject().endObject();
    writeTimings(out, durationMs);
    if (!full) {
        const QString what = a.status > 0 ? QStringLiteral("status and size only; Jitterbug keeps the headers and "
                                                           "body of a call's final response")
                                          : QStringLiteral("no response");
        out.key(u"comment")
            .value(QStringLiteral("attempt %1 of %2: %3").arg(a.attempt).arg(t.attempts.size()).arg(what));
    }
    writeJitterbug(out, c, a);
    out.endObject();
}

} // namespace

QByteArray harFromRun(const QList<HarCall>& calls, const QDateTime& runStart, const QString& creatorVersion)
{
    JsonWriter out(JsonWriter::Style::Indented);
    out.beginObject();
    out.key(u"log").beginObject();
    out.key(u"version").value("1.2");
    out.key(u"creator").beginObject();
    out.key(u"name").value("Jitterbug");
    out.key(u"version").value(creatorVersion);
    out.endObject();
    out.key(u"entries").beginArray();
    for (const HarCall& c : calls) {
        for (qsizetype i = 0; i < c.call.timeline.attempts.size(); ++i)
            writeEntry(out, c, i, runStart);
    }
    out.endArray();
    out.endObject();
    out.endObject();
    QByteArray json = out.take();
    json += '\n';
    return json;
}

} // namespace jitterbug
