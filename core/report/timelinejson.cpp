#include "timelinejson.h"

#include "policy/policyjson.h"
#include "util/jsonfields.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace jitterbug {

namespace {

void writeNullableString(JsonWriter& out, QStringView key, const QString& s)
{
    out.key(key);
    if (s.isEmpty())
        out.null();
    else
        out.value(s);
}

void writeError(JsonWriter& out, QStringView key, ErrorCode error)
{
    writeNullableString(out, key, error == ErrorCode::None ? QString() : errorCodeName(error));
}

void writeRateLimit(JsonWriter& out, const RateLimitInfo& r)
{
    auto optional = [&out](QStringView key, const auto& v) {
        out.key(key);
        if (v)
            out.value(*v);
        else
            out.null();
    };
    out.beginObject();
    optional(u"limit", r.limit);
    optional(u"remaining", r.remaining);
    optional(u"reset_ms", r.resetMs);
    optional(u"window_ms", r.windowMs);
    writeNullableString(out, u"policy", r.policyName);
    out.key(u"source").value(r.source);
    out.endObject();
}

void writeAttempt(JsonWriter& out, const AttemptRecord& a)
{
    out.beginObject();
    out.key(u"attempt").value(a.attempt);
    out.key(u"started_ms").value(a.startedMs);
    out.key(u"ended_ms").value(a.endedMs);
    out.key(u"status");
    if (a.status > 0)
        out.value(a.status);
    else
        out.null();
    writeError(out, u"error", a.error);
    out.key(u"decision").value(decisionName(a.decision));
    out.key(u"reason").value(a.reason);
    out.key(u"wait_ms").value(a.waitMs);
    writeNullableString(out, u"wait_source", waitSourceName(a.waitSource));
    out.key(u"waits").beginArray();
    for (const WaitSegment& w : a.waits) {
        out.beginObject();
        out.key(u"source").value(waitSourceName(w.source));
        out.key(u"started_ms").value(w.startedMs);
        out.key(u"ms").value(w.durationMs);
        out.endObject();
    }
    out.endArray();
    writeNullableString(out, u"error_detail", a.errorDetail);
    out.key(u"timeout_ms").value(a.timeoutMs);
    out.key(u"retry_after_ms");
    if (a.retryAfterMs)
        out.value(*a.retryAfterMs);
    else
        out.null();
    out.key(u"rate_limit");
    if (a.rateLimit)
        writeRateLimit(out, *a.rateLimit);
    else
        out.null();
    out.key(u"response_bytes").value(a.responseBytes);
    out.key(u"on_wire").value(a.onWire);
    out.endObject();
}

} // namespace

void writeTimeline(JsonWriter& out, const Timeline& t)
{
    out.beginObject();
    out.key(u"request").beginObject();
    out.key(u"method").value(t.method);
    out.key(u"url").value(t.url);
    out.key(u"idempotency_key");
    if (t.idempotencyKey.isEmpty())
        out.null();
    else
        out.value(t.idempotencyKey);
    out.key(u"insecure_tls").value(t.insecureTls);
    out.endObject();
    out.key(u"policy");
    writePolicy(out, t.policy);
    out.key(u"seed").value(t.seed);
    out.key(u"attempts").beginArray();
    for (const AttemptRecord& a : t.attempts)
        writeAttempt(out, a);
    out.endArray();
    out.key(u"outcome").beginObject();
    out.key(u"status");
    if (t.outcome.status > 0)
        out.value(t.outcome.status);
    else
        out.null();
    writeError(out, u"error", t.outcome.error);
    out.key(u"attempts").value(t.outcome.attempts);
    out.key(u"elapsed_ms").value(t.outcome.elapsedMs);
    out.key(u"fallback").value(t.outcome.fallback);
    out.key(u"succeeded").value(t.outcome.succeeded);
    out.key(u"reason").value(t.outcome.reason);
    out.endObject();
    out.key(u"call").value(t.callIndex);
    out.key(u"queued_ms").value(t.queuedMs);
    out.key(u"breaker_events").beginArray();
    for (const BreakerEvent& e : t.breakerEvents) {
        out.beginObject();
        out.key(u"at_ms").value(e.atMs);
        out.key(u"host").value(e.host);
        out.key(u"from").value(e.from);
        out.key(u"to").value(e.to);
        out.key(u"reason").value(e.reason);
        out.endObject();
    }
    out.endArray();
    out.endObject();
}

QByteArray timelineToJson(const Timeline& timeline, JsonWriter::Style style)
{
    JsonWriter out(style);
    writeTimeline(out, timeline);
    return out.take();
}

namespace {

// Reading is lenient about Jitterbug's additions (a record from another tool
// may lack them) and strict about the contract's fields.
QString str(const QJsonObject& o, const char* key)
{
    return o.value(QLatin1StringView(key)).toString();
}

double num(const QJsonObject& o, const char* key)
{
    return o.value(QLatin1StringView(key)).toDouble();
}

Expected<ErrorCode> errorAt(const QJsonObject& o, const QString& path)
{
    const QJsonValue v = o.value(QStringLiteral("error"));
    if (v.isNull() || v.isUndefined())
        return ErrorCode::None;
    const auto code = errorCodeFromName(v.toString());
    if (!code)
        return invalidInput(path + QStringLiteral(".error: unknown error code ") + describeJson(v));
    return *code;
}

} // namespace

Expected<Timeline> timelineFromJson(const QByteArray& json)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return invalidInput(
            QStringLiteral("timeline: %1 at offset %2").arg(parseError.errorString()).arg(parseError.offset));
    if (!doc.isObject())
        return invalidInput(QStringLiteral("timeline: expected an object"));
    const QJsonObject root = doc.object();

    Timeline t;
    const QJsonObject request = root.value(QStringLiteral("request")).toObject();
    t.method = str(request, "method").toLatin1();
    t.url = str(request, "url");
    t.idempotencyKey = str(request, "idempotency_key").toUtf8();
    t.insecureTls = request.value(QStringLiteral("insecure_tls")).toBool();
    if (t.method.isEmpty() || t.url.isEmpty())
        return invalidInput(QStringLiteral("timeline.request: needs method and url"));
    auto policy = policyFromJson(root.value(QStringLiteral("policy")).toObject(), QStringLiteral("timeline.policy"));
    if (!policy)
        return std::unexpected(policy.error());
    t.policy = *policy;
    t.seed = static_cast<quint64>(root.value(QStringLiteral("seed")).toInteger());
    t.callIndex = root.value(QStringLiteral("call")).toInteger();
    t.queuedMs = num(root, "queued_ms");

    const QJsonArray attempts = root.value(QStringLiteral("attempts")).toArray();
    for (qsizetype i = 0; i < attempts.size(); ++i) {
        const QString path = QStringLiteral("timeline.attempts[%1]").arg(i);
        const QJsonObject o = attempts.at(i).toObject();
        AttemptRecord a;
        a.attempt = o.value(QStringLiteral("attempt")).toInt();
        a.startedMs = num(o, "started_ms");
        a.endedMs = num(o, "ended_ms");
        a.status = o.value(QStringLiteral("status")).toInt();
        auto error = errorAt(o, path);
        if (!error)
            return std::unexpected(error.error());
        a.error = *error;
        const auto decision = decisionFromName(str(o, "decision"));
        if (!decision)
            return invalidInput(path + QStringLiteral(".decision: expected success, retry, give_up or fallback"));
        a.decision = *decision;
        a.reason = str(o, "reason");
        a.waitMs = num(o, "wait_ms");
        const auto source = waitSourceFromName(str(o, "wait_source"));
        if (!source)
            return invalidInput(path + QStringLiteral(".wait_source: unknown source"));
        a.waitSource = *source;
        for (const QJsonValue& w : o.value(QStringLiteral("waits")).toArray()) {
            const QJsonObject wo = w.toObject();
            a.waits.append({waitSourceFromName(str(wo, "source")).value_or(WaitSource::None), num(wo, "started_ms"),
                            num(wo, "ms")});
        }
        a.errorDetail = str(o, "error_detail");
        a.timeoutMs = num(o, "timeout_ms");
        if (o.value(QStringLiteral("retry_after_ms")).isDouble())
            a.retryAfterMs = num(o, "retry_after_ms");
        const QJsonValue rl = o.value(QStringLiteral("rate_limit"));
        if (rl.isObject()) {
            const QJsonObject r = rl.toObject();
            RateLimitInfo info;
            if (r.value(QStringLiteral("limit")).isDouble())
                info.limit = r.value(QStringLiteral("limit")).toInteger();
            if (r.value(QStringLiteral("remaining")).isDouble())
                info.remaining = r.value(QStringLiteral("remaining")).toInteger();
            if (r.value(QStringLiteral("reset_ms")).isDouble())
                info.resetMs = num(r, "reset_ms");
            if (r.value(QStringLiteral("window_ms")).isDouble())
                info.windowMs = num(r, "window_ms");
            info.policyName = str(r, "policy");
            info.source = str(r, "source");
            a.rateLimit = info;
        }
        a.responseBytes = o.value(QStringLiteral("response_bytes")).toInteger();
        a.onWire = o.value(QStringLiteral("on_wire")).toBool(true);
        t.attempts.append(a);
    }
    for (const QJsonValue& v : root.value(QStringLiteral("breaker_events")).toArray()) {
        const QJsonObject e = v.toObject();
        t.breakerEvents.append({num(e, "at_ms"), str(e, "host"), str(e, "from"), str(e, "to"), str(e, "reason")});
    }

    const QJsonObject outcome = root.value(QStringLiteral("outcome")).toObject();
    t.outcome.status = outcome.value(QStringLiteral("status")).toInt();
    auto error = errorAt(outcome, QStringLiteral("timeline.outcome"));
    if (!error)
        return std::unexpected(error.error());
    t.outcome.error = *error;
    t.outcome.attempts = outcome.value(QStringLiteral("attempts")).toInt();
    t.outcome.elapsedMs = num(outcome, "elapsed_ms");
    t.outcome.fallback = outcome.value(QStringLiteral("fallback")).toBool();
    t.outcome.succeeded = outcome.value(QStringLiteral("succeeded")).toBool();
    t.outcome.reason = str(outcome, "reason");
    return t;
}

} // namespace jitterbug
