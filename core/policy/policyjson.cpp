#include "policyjson.h"

#include "util/jsonfields.h"
#include "util/jsonwriter.h"

#include <cmath>

namespace jitterbug {

namespace {

void writeOptionalNumber(JsonWriter& out, QStringView key, const std::optional<double>& v)
{
    out.key(key);
    if (v)
        out.value(*v);
    else
        out.null();
}

// Reads an optional field into `target`, keeping the default when absent.
template<typename T, typename Reader>
Expected<void> readInto(JsonFields& f, QStringView key, T& target, Reader read)
{
    auto v = (f.*read)(key);
    if (!v)
        return std::unexpected(v.error());
    if (*v)
        target = static_cast<T>(**v);
    return {};
}

Expected<void> readMs(JsonFields& f, QStringView key, double& target, bool allowZero)
{
    auto v = f.number(key);
    if (!v)
        return std::unexpected(v.error());
    if (!*v)
        return {};
    const double ms = **v;
    if (!std::isfinite(ms) || ms < 0 || (!allowZero && ms == 0))
        return invalidInput(
            f.pathOf(key) + (allowZero ? QStringLiteral(": must be ≥ 0, got ") : QStringLiteral(": must be > 0, got "))
            + QString::number(ms, 'g', 15));
    target = ms;
    return {};
}

template<typename Enum>
Expected<void> readEnum(JsonFields& f, QStringView key, Enum& target, std::optional<Enum> (*fromName)(QStringView),
                        const char* choices)
{
    auto v = f.string(key);
    if (!v)
        return std::unexpected(v.error());
    if (!*v)
        return {};
    const auto parsed = fromName(**v);
    if (!parsed)
        return invalidInput(f.pathOf(key) + QStringLiteral(": expected one of ") + QLatin1StringView(choices)
                            + QStringLiteral(", got \"") + **v + QLatin1Char('"'));
    target = *parsed;
    return {};
}

Expected<RateLimitSettings> readRateLimit(const QJsonObject& o, const QString& path)
{
    RateLimitSettings s;
    JsonFields f(o, path);
    JB_TRY(readInto(f, u"requests", s.requests, &JsonFields::integer));
    JB_TRY(readMs(f, u"period_ms", s.periodMs, false));
    JB_TRY(readInto(f, u"burst", s.burst, &JsonFields::integer));
    JB_TRY(readEnum(f, u"scope", s.scope, &rateLimitScopeFromName, "call, run, host"));
    JB_TRY(f.finish());
    return s;
}

Expected<CircuitBreakerSettings> readBreaker(const QJsonObject& o, const QString& path)
{
    CircuitBreakerSettings s;
    JsonFields f(o, path);
    JB_TRY(readInto(f, u"window", s.window, &JsonFields::integer));
    JB_TRY(readInto(f, u"minimum_calls", s.minimumCalls, &JsonFields::integer));
    JB_TRY(readInto(f, u"failure_ratio", s.failureRatio, &JsonFields::number));
    JB_TRY(readMs(f, u"break_ms", s.breakMs, false));
    JB_TRY(readInto(f, u"half_open_probes", s.halfOpenProbes, &JsonFields::integer));
    JB_TRY(readEnum(f, u"scope", s.scope, &breakerScopeFromName, "run, host"));
    JB_TRY(f.finish());
    return s;
}

Expected<RetryBudgetSettings> readBudget(const QJsonObject& o, const QString& path)
{
    RetryBudgetSettings s;
    JsonFields f(o, path);
    JB_TRY(readInto(f, u"ratio", s.ratio, &JsonFields::number));
    JB_TRY(readMs(f, u"window_ms", s.windowMs, false));
    JB_TRY(readInto(f, u"min_per_second", s.minPerSecond, &JsonFields::number));
    JB_TRY(f.finish());
    return s;
}

Expected<FallbackSettings> readFallback(const QJsonObject& o, const QString& path)
{
    FallbackSettings s;
    JsonFields f(o, path);
    auto mode = f.string(u"mode");
    if (!mode)
        return std::unexpected(mode.error());
    if (*mode && **mode == u"last_good")
        s.mode = FallbackMode::LastGood;
    else if (*mode && **mode != u"static")
        return invalidInput(f.pathOf(u"mode") + QStringLiteral(": expected static or last_good, got \"") + **mode
                            + QLatin1Char('"'));
    JB_TRY(readInto(f, u"status", s.status, &JsonFields::integer));
    auto body = f.string(u"body");
    if (!body)
        return std::unexpected(body.error());
    if (*body)
        s.body = (*body)->toUtf8();
    auto type = f.string(u"content_type");
    if (!type)
        return std::unexpected(type.error());
    if (*type)
        s.contentType = (*type)->toUtf8();
    JB_TRY(f.finish());
    return s;
}

// A nested settings object: absent or null means off; present means on with
// defaults for whatever it does not say.
template<typename T>
Expected<void> readSection(JsonFields& f, QStringView key, std::optional<T>& target,
                           Expected<T> (*read)(const QJsonObject&, const QString&))
{
    auto o = f.object(key);
    if (!o)
        return std::unexpected(o.error());
    if (!*o) {
        target.reset();
        return {};
    }
    auto s = read(**o, f.pathOf(key));
    if (!s)
        return std::unexpected(s.error());
    target = *s;
    return {};
}

} // namespace

void writePolicy(JsonWriter& out, const RetryPolicy& p)
{
    out.beginObject();
    out.key(u"max_attempts").value(p.maxAttempts);
    out.key(u"backoff").value(backoffKindName(p.backoff));
    out.key(u"base_delay_ms").value(p.baseDelayMs);
    out.key(u"multiplier").value(p.multiplier);
    out.key(u"max_delay_ms").value(p.maxDelayMs);
    out.key(u"jitter").value(jitterName(p.jitter));
    out.key(u"attempt_timeout_ms").value(p.attemptTimeoutMs);
    writeOptionalNumber(out, u"connect_timeout_ms", p.connectTimeoutMs);
    writeOptionalNumber(out, u"deadline_ms", p.deadlineMs);
    writeOptionalNumber(out, u"retry_window_ms", p.retryWindowMs);
    out.key(u"retry_on").beginArray();
    for (int s : p.retryOnStatus)
        out.value(s);
    out.endArray();
    out.key(u"retry_on_errors").beginArray();
    for (ErrorCode e : p.retryOnErrors)
        out.value(errorCodeName(e));
    out.endArray();
    out.key(u"respect_retry_after").value(p.respectRetryAfter);
    out.key(u"max_retry_after_ms").value(p.maxRetryAfterMs);
    out.key(u"idempotency_key").beginObject();
    out.key(u"header").value(p.idempotencyHeader);
    out.key(u"value");
    if (p.idempotencyKey.isEmpty())
        out.null();
    else
        out.value(p.idempotencyKey);
    out.endObject();
    out.key(u"retry_unsafe").value(p.retryUnsafe);

    out.key(u"rate_limit");
    if (const auto& r = p.rateLimit) {
        out.beginObject();
        out.key(u"requests").value(r->requests);
        out.key(u"period_ms").value(r->periodMs);
        out.key(u"burst").value(r->effectiveBurst());
        out.key(u"scope").value(rateLimitScopeName(r->scope));
        out.endObject();
    } else {
        out.null();
    }
    out.key(u"circuit_breaker");
    if (const auto& b = p.circuitBreaker) {
        out.beginObject();
        out.key(u"window").value(b->window);
        out.key(u"minimum_calls").value(b->minimumCalls);
        out.key(u"failure_ratio").value(b->failureRatio);
        out.key(u"break_ms").value(b->breakMs);
        out.key(u"half_open_probes").value(b->halfOpenProbes);
        out.key(u"scope").value(breakerScopeName(b->scope));
        out.endObject();
    } else {
        out.null();
    }
    out.key(u"retry_budget");
    if (const auto& b = p.retryBudget) {
        out.beginObject();
        out.key(u"ratio").value(b->ratio);
        out.key(u"window_ms").value(b->windowMs);
        out.key(u"min_per_second").value(b->minPerSecond);
        out.endObject();
    } else {
        out.null();
    }
    out.key(u"fallback");
    if (const auto& fb = p.fallback) {
        out.beginObject();
        out.key(u"mode").value(fb->mode == FallbackMode::Static ? "static" : "last_good");
        if (fb->mode == FallbackMode::Static) {
            out.key(u"status").value(fb->status);
            out.key(u"body").value(fb->body);
            out.key(u"content_type").value(fb->contentType);
        }
        out.endObject();
    } else {
        out.null();
    }
    out.endObject();
}

QByteArray policyToJson(const RetryPolicy& policy)
{
    JsonWriter out;
    writePolicy(out, policy);
    return out.take();
}

Expected<RetryPolicy> policyFromJson(const QJsonObject& object, const QString& path)
{
    RetryPolicy p;
    JsonFields f(object, path);
    JB_TRY(readInto(f, u"max_attempts", p.maxAttempts, &JsonFields::integer));
    JB_TRY(readEnum(f, u"backoff", p.backoff, &backoffKindFromName, "constant, linear, exponential"));
    JB_TRY(readMs(f, u"base_delay_ms", p.baseDelayMs, true));
    JB_TRY(readInto(f, u"multiplier", p.multiplier, &JsonFields::number));
    JB_TRY(readMs(f, u"max_delay_ms", p.maxDelayMs, true));
    JB_TRY(readEnum(f, u"jitter", p.jitter, &jitterFromName, "none, full, equal, decorrelated"));
    JB_TRY(readMs(f, u"attempt_timeout_ms", p.attemptTimeoutMs, false));
    if (f.has(u"connect_timeout_ms")) {
        double ms = 0;
        JB_TRY(readMs(f, u"connect_timeout_ms", ms, false));
        p.connectTimeoutMs = ms;
    } else {
        JB_TRY(f.number(u"connect_timeout_ms"));
    }
    if (f.has(u"deadline_ms")) {
        double ms = 0;
        JB_TRY(readMs(f, u"deadline_ms", ms, false));
        p.deadlineMs = ms;
    } else {
        JB_TRY(f.number(u"deadline_ms"));
    }

    if (f.has(u"retry_window_ms")) {
        double ms = 0;
        JB_TRY(readMs(f, u"retry_window_ms", ms, false));
        p.retryWindowMs = ms;
    } else {
        JB_TRY(f.number(u"retry_window_ms"));
    }

    auto statuses = f.array(u"retry_on");
    if (!statuses)
        return std::unexpected(statuses.error());
    if (*statuses) {
        p.retryOnStatus.clear();
        for (qsizetype i = 0; i < (*statuses)->size(); ++i) {
            const QJsonValue v = (*statuses)->at(i);
            const double d = v.toDouble();
            if (!v.isDouble() || d != std::floor(d) || d < 100 || d > 599)
                return invalidInput(QStringLiteral("%1[%2]: expected an HTTP status 100–599, got %3")
                                        .arg(f.pathOf(u"retry_on"))
                                        .arg(i)
                                        .arg(describeJson(v)));
            p.retryOnStatus.append(static_cast<int>(d));
        }
    }
    auto errors = f.array(u"retry_on_errors");
    if (!errors)
        return std::unexpected(errors.error());
    if (*errors) {
        p.retryOnErrors.clear();
        for (qsizetype i = 0; i < (*errors)->size(); ++i) {
            const QJsonValue v = (*errors)->at(i);
            const auto code = errorCodeFromName(v.toString());
            if (!v.isString() || !code || !isNetworkError(*code))
                return invalidInput(QStringLiteral("%1[%2]: expected a network error code such as timeout or "
                                                   "connection_refused, got %3")
                                        .arg(f.pathOf(u"retry_on_errors"))
                                        .arg(i)
                                        .arg(describeJson(v)));
            p.retryOnErrors.append(*code);
        }
    }
    JB_TRY(readInto(f, u"respect_retry_after", p.respectRetryAfter, &JsonFields::boolean));
    JB_TRY(readMs(f, u"max_retry_after_ms", p.maxRetryAfterMs, true));

    auto key = f.object(u"idempotency_key");
    if (!key)
        return std::unexpected(key.error());
    if (*key) {
        JsonFields k(**key, f.pathOf(u"idempotency_key"));
        auto header = k.string(u"header");
        if (!header)
            return std::unexpected(header.error());
        if (*header)
            p.idempotencyHeader = (*header)->toUtf8();
        auto value = k.string(u"value");
        if (!value)
            return std::unexpected(value.error());
        if (*value)
            p.idempotencyKey = (*value)->toUtf8();
        JB_TRY(k.finish());
    }
    JB_TRY(readInto(f, u"retry_unsafe", p.retryUnsafe, &JsonFields::boolean));
    JB_TRY(readSection(f, u"rate_limit", p.rateLimit, &readRateLimit));
    JB_TRY(readSection(f, u"circuit_breaker", p.circuitBreaker, &readBreaker));
    JB_TRY(readSection(f, u"retry_budget", p.retryBudget, &readBudget));
    JB_TRY(readSection(f, u"fallback", p.fallback, &readFallback));
    JB_TRY(f.finish());

    if (auto valid = p.validate(); !valid) {
        Error e = valid.error();
        // validate() names fields from "policy."; re-root them at `path`.
        if (path != u"policy" && e.message.startsWith(u"policy."))
            e.message = path + e.message.mid(6);
        return std::unexpected(e);
    }
    return p;
}

} // namespace jitterbug
