#include "policyoptions.h"

#include "flagvalues.h"

#include "http/headerlist.h"
#include "policy/policyjson.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <cmath>

namespace jitterbug::cli {

namespace {

QString flagName(const QString& name)
{
    return QStringLiteral("--") + name;
}

std::unexpected<Error> badValue(const QString& name, const char* expected, const QString& value)
{
    return badFlagValue(flagName(name), QString::fromUtf8(expected), value);
}

Expected<double> nonNegativeNumber(const QString& name, const QString& value, bool allowZero = true)
{
    bool ok = false;
    const double v = value.toDouble(&ok);
    if (!ok || !std::isfinite(v) || v < 0 || (!allowZero && v == 0))
        return badValue(name, allowZero ? "a number ≥ 0" : "a number > 0", value);
    return v;
}

Expected<int> wholeNumber(const QString& name, const QString& value, int minimum)
{
    return parseWholeNumber(flagName(name), value, minimum);
}

template<typename T>
Expected<void> assign(T& target, const Expected<T>& parsed)
{
    if (!parsed)
        return std::unexpected(parsed.error());
    target = *parsed;
    return {};
}

CircuitBreakerSettings& breaker(RetryPolicy& p)
{
    if (!p.circuitBreaker)
        p.circuitBreaker = CircuitBreakerSettings{};
    return *p.circuitBreaker;
}

RetryBudgetSettings& budget(RetryPolicy& p)
{
    if (!p.retryBudget)
        p.retryBudget = RetryBudgetSettings{};
    return *p.retryBudget;
}

RateLimitSettings& rate(RetryPolicy& p)
{
    if (!p.rateLimit)
        p.rateLimit = RateLimitSettings{};
    return *p.rateLimit;
}

FallbackSettings& staticFallback(RetryPolicy& p)
{
    if (!p.fallback || p.fallback->mode != FallbackMode::Static)
        p.fallback = FallbackSettings{};
    return *p.fallback;
}

} // namespace

const QList<PolicyFlag>& policyFlags()
{
    static const QList<PolicyFlag> flags{
        {"policy", "FILE", "Start from a policy file (JSON); other flags override it."},
        {"attempts", "N", "Attempts in all, the first included [4]."},
        {"backoff", "KIND", "constant, linear or exponential [exponential]."},
        {"base-delay", "MS", "Base of the backoff [100]."},
        {"multiplier", "X", "Growth per retry for exponential backoff [2]."},
        {"max-delay", "MS", "Cap on any one backoff wait [20000]."},
        {"jitter", "KIND", "none, full, equal or decorrelated [full]."},
        {"deadline", "MS", "Total time for the whole call [none]."},
        {"attempt-timeout", "MS", "Timeout of each attempt [30000]."},
        {"retry-on", "LIST", "Retryable statuses, comma-separated [408,425,429,500,502,503,504]."},
        {"respect-retry-after", "MAXMS", "Honour Retry-After, capped at MAXMS [on, 60000].", true},
        {"ignore-retry-after", nullptr, "Use the backoff even when the server sends Retry-After."},
        {"idempotency-key", "auto|VALUE", "Send this Idempotency-Key; auto = one UUID per call."},
        {"idempotency-header", "NAME", "Header name for the key [Idempotency-Key]."},
        {"retry-unsafe", nullptr, "Retry POST and PATCH even without an idempotency key."},
        {"rate", "N/PERIOD", "Client-side rate limit, e.g. 10/s, 100/m, 5/15s [off]."},
        {"burst", "N", "Token bucket size for --rate [N of --rate]."},
        {"rate-scope", "SCOPE", "call, run or host [call]."},
        {"breaker-window", "N", "Circuit breaker: attempts in the sliding window [20]; any breaker flag turns it on."},
        {"breaker-min-calls", "N", "Circuit breaker: attempts before it may open [10]."},
        {"breaker-ratio", "X", "Circuit breaker: failure ratio that opens it [0.5]."},
        {"breaker-break", "MS", "Circuit breaker: how long it stays open [30000]."},
        {"breaker-probes", "N", "Circuit breaker: half-open probes that must succeed [3]."},
        {"breaker-scope", "SCOPE", "Circuit breaker: one per host, or one for the whole run [host]."},
        {"budget-ratio", "X", "Retry budget: retries per first attempt [0.2]; any budget flag turns it on."},
        {"budget-window", "MS", "Retry budget: sliding window [10000]."},
        {"budget-min-per-second", "N", "Retry budget: retries always allowed per second [10]."},
        {"fallback-body", "TEXT", "When the call gives up, answer with this body."},
        {"fallback-status", "N", "Status of the static fallback [200]."},
        {"fallback-last-good", nullptr, "When the call gives up, answer with the last good response."},
    };
    return flags;
}

Expected<RateLimitSettings> parseRate(const QString& text)
{
    static const QRegularExpression pattern(QStringLiteral("^(\\d+)/(\\d*)([smhd])$"));
    const QRegularExpressionMatch m = pattern.match(text);
    if (!m.hasMatch())
        return badValue(QStringLiteral("rate"), "N/s, N/m, N/h, N/d or a multiple such as 5/15s", text);
    bool ok = false;
    const int requests = m.captured(1).toInt(&ok);
    if (!ok || requests < 1)
        return badValue(QStringLiteral("rate"), "at least 1 request per period", text);
    const int multiple = m.captured(2).isEmpty() ? 1 : m.captured(2).toInt(&ok);
    if (!ok || multiple < 1)
        return badValue(QStringLiteral("rate"), "a period of at least 1 unit", text);
    const QChar unit = m.captured(3).at(0);
    const double unitMs = unit == u's' ? 1000 : unit == u'm' ? 60000 : unit == u'h' ? 3600000 : 86400000;
    RateLimitSettings s;
    s.requests = requests;
    s.periodMs = unitMs * multiple;
    return s;
}

Expected<RetryPolicy> loadPolicyFile(const QString& fileName)
{
    QFile file(fileName);
    if (!file.open(QIODevice::ReadOnly))
        return ioError(QStringLiteral("--policy: cannot read %1: %2").arg(fileName, file.errorString()));
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject())
        return invalidInput(QStringLiteral("%1: not a JSON object (%2)").arg(fileName, parseError.errorString()));
    auto policy = policyFromJson(doc.object());
    if (!policy)
        return invalidInput(QFileInfo(fileName).fileName() + QStringLiteral(": ") + policy.error().message);
    return policy;
}

Expected<void> applyPolicyFlag(RetryPolicy& p, const QString& name, const QString& value)
{
    if (name == u"policy") {
        auto loaded = loadPolicyFile(value);
        if (!loaded)
            return std::unexpected(loaded.error());
        p = *loaded;
        return {};
    }
    if (name == u"attempts")
        return assign(p.maxAttempts, wholeNumber(name, value, 1));
    if (name == u"backoff") {
        const auto kind = backoffKindFromName(value);
        if (!kind)
            return badValue(name, "constant, linear or exponential", value);
        p.backoff = *kind;
        return {};
    }
    if (name == u"base-delay")
        return assign(p.baseDelayMs, nonNegativeNumber(name, value));
    if (name == u"multiplier") {
        bool ok = false;
        const double v = value.toDouble(&ok);
        if (!ok || !std::isfinite(v) || v < 1)
            return badValue(name, "a number ≥ 1", value);
        p.multiplier = v;
        return {};
    }
    if (name == u"max-delay")
        return assign(p.maxDelayMs, nonNegativeNumber(name, value));
    if (name == u"jitter") {
        const auto jitter = jitterFromName(value);
        if (!jitter)
            return badValue(name, "none, full, equal or decorrelated", value);
        p.jitter = *jitter;
        return {};
    }
    if (name == u"deadline") {
        double v = 0;
        if (auto r = assign(v, nonNegativeNumber(name, value, false)); !r)
            return r;
        p.deadlineMs = v;
        return {};
    }
    if (name == u"attempt-timeout")
        return assign(p.attemptTimeoutMs, nonNegativeNumber(name, value, false));
    if (name == u"retry-on") {
        QList<int> statuses;
        for (const QString& part : value.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            bool ok = false;
            const int s = part.trimmed().toInt(&ok);
            if (!ok || s < 100 || s > 599)
                return badValue(name, "a comma-separated list of HTTP statuses (100–599)", value);
            statuses.append(s);
        }
        p.retryOnStatus = statuses;
        return {};
    }
    if (name == u"respect-retry-after") {
        p.respectRetryAfter = true;
        if (!value.isEmpty())
            return assign(p.maxRetryAfterMs, nonNegativeNumber(name, value));
        return {};
    }
    if (name == u"ignore-retry-after") {
        p.respectRetryAfter = false;
        return {};
    }
    if (name == u"idempotency-key") {
        if (value.isEmpty() || !isValidHeaderValue(value.toUtf8()))
            return badValue(name, "auto or a key without control characters", value);
        p.idempotencyKey = value.toUtf8();
        return {};
    }
    if (name == u"idempotency-header") {
        if (!isValidHeaderName(value.toUtf8()))
            return badValue(name, "a header name (letters, digits and !#$%&'*+-.^_`|~)", value);
        p.idempotencyHeader = value.toLatin1();
        return {};
    }
    if (name == u"retry-unsafe") {
        p.retryUnsafe = true;
        return {};
    }
    if (name == u"rate") {
        auto parsed = parseRate(value);
        if (!parsed)
            return std::unexpected(parsed.error());
        RateLimitSettings& r = rate(p);
        r.requests = parsed->requests;
        r.periodMs = parsed->periodMs;
        return {};
    }
    if ((name == u"burst" || name == u"rate-scope") && !p.rateLimit)
        return invalidInput(flagName(name) + QStringLiteral(" needs --rate, given before it"));
    if (name == u"burst")
        return assign(p.rateLimit->burst, wholeNumber(name, value, 1));
    if (name == u"rate-scope") {
        const auto scope = rateLimitScopeFromName(value);
        if (!scope)
            return badValue(name, "call, run or host", value);
        p.rateLimit->scope = *scope;
        return {};
    }
    if (name == u"breaker-window")
        return assign(breaker(p).window, wholeNumber(name, value, 1));
    if (name == u"breaker-min-calls")
        return assign(breaker(p).minimumCalls, wholeNumber(name, value, 1));
    if (name == u"breaker-ratio") {
        bool ok = false;
        const double v = value.toDouble(&ok);
        if (!ok || !(v > 0 && v <= 1))
            return badValue(name, "a ratio in (0, 1]", value);
        breaker(p).failureRatio = v;
        return {};
    }
    if (name == u"breaker-break")
        return assign(breaker(p).breakMs, nonNegativeNumber(name, value, false));
    if (name == u"breaker-probes")
        return assign(breaker(p).halfOpenProbes, wholeNumber(name, value, 1));
    if (name == u"breaker-scope") {
        const auto scope = breakerScopeFromName(value);
        if (!scope)
            return badValue(name, "run or host", value);
        breaker(p).scope = *scope;
        return {};
    }
    if (name == u"budget-ratio")
        return assign(budget(p).ratio, nonNegativeNumber(name, value));
    if (name == u"budget-window")
        return assign(budget(p).windowMs, nonNegativeNumber(name, value, false));
    if (name == u"budget-min-per-second")
        return assign(budget(p).minPerSecond, nonNegativeNumber(name, value));
    if (name == u"fallback-body") {
        staticFallback(p).body = value.toUtf8();
        return {};
    }
    if (name == u"fallback-status") {
        int status = 0;
        if (auto r = assign(status, wholeNumber(name, value, 100)); !r)
            return r;
        if (status > 599)
            return badValue(name, "an HTTP status 100–599", value);
        staticFallback(p).status = status;
        return {};
    }
    if (name == u"fallback-last-good") {
        p.fallback = FallbackSettings{FallbackMode::LastGood, 200, {}, {}};
        return {};
    }
    return invalidInput(QStringLiteral("unknown option --") + name);
}

} // namespace jitterbug::cli
