#include "scenarioparts.h"

#include <QJsonDocument>

#include <cmath>

namespace jitterbug::scenarioparts {

namespace {

constexpr NameTable<SimLatency::Kind, 5> distributionNames{{
    {SimLatency::Kind::Fixed, "fixed"},
    {SimLatency::Kind::Uniform, "uniform"},
    {SimLatency::Kind::Normal, "normal"},
    {SimLatency::Kind::LogNormal, "lognormal"},
    {SimLatency::Kind::Exponential, "exponential"},
}};

constexpr NameTable<bool, 2> retryAfterFormats{{{false, "seconds"}, {true, "http_date"}}};

QString number(double v)
{
    return QString::number(v, 'g', 15);
}

// Any JSON value as compact JSON text; scalars too ("abc" → "\"abc\"").
QByteArray compactJson(const QJsonValue& value)
{
    const QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return wrapped.mid(1, wrapped.size() - 2);
}

Expected<void> readHeaders(ScenarioFields& f, HeaderList& headers)
{
    auto object = f.object(u"headers");
    if (!object)
        return std::unexpected(object.error());
    if (!*object)
        return {};
    for (auto it = (*object)->constBegin(); it != (*object)->constEnd(); ++it) {
        const QString where = f.pathOf(u"headers") + QLatin1Char('.') + it.key();
        if (!isValidHeaderName(it.key().toLatin1()))
            return invalidInput(where + QStringLiteral(": not a valid header name"));
        if (!it->isString() && !it->isDouble())
            return invalidInput(where + QStringLiteral(": expected a string, got ") + describeJson(*it));
        const QByteArray v = it->isString() ? it->toString().toUtf8() : QByteArray::number(it->toDouble(), 'g', 15);
        if (!isValidHeaderValue(v))
            return invalidInput(where + QStringLiteral(": a header value must not contain CR, LF or NUL"));
        headers.append(it.key().toLatin1(), v);
    }
    return {};
}

// What a step and a model's success answer share: status, headers, and a
// body given as text (`body`) or as JSON (`json`, which also sets the type).
Expected<void> readAnswer(ScenarioFields& f, int& status, HeaderList& headers, QByteArray& body)
{
    JB_TRY(f.read(u"status", integerBetween(100, 599), status));
    JB_TRY(readHeaders(f, headers));
    const bool hasBody = f.has(u"body");
    JB_TRY(f.read(u"body", body));
    const QJsonValue json = f.value(u"json");
    if (json.isUndefined() || json.isNull())
        return {};
    if (hasBody)
        return invalidInput(f.path() + QStringLiteral(": expected at most one of body or json"));
    body = compactJson(json);
    if (!headers.contains("Content-Type"))
        headers.append("Content-Type", "application/json");
    return {};
}

Expected<void> readDrip(const QJsonObject& object, const QString& path, SimDrip& drip)
{
    ScenarioFields f(object, path);
    JB_TRY(f.read(u"chunk_bytes", integerAtLeast(1), drip.chunkBytes));
    JB_TRY(f.read(u"interval_ms", above(0), drip.intervalMs));
    return f.finish();
}

// A number is a fixed latency; an object names a distribution and its
// parameters (SimLatency documents what a and b mean for each kind).
Expected<void> readLatency(const QJsonValue& value, const QString& path, SimLatency& latency)
{
    if (value.isDouble() && value.toDouble() >= 0) {
        latency.a = value.toDouble();
        return {};
    }
    if (!value.isObject())
        return invalidInput(path + QStringLiteral(": expected a number ≥ 0 or an object, got ") + describeJson(value));
    ScenarioFields f(value.toObject(), path);
    JB_TRY(f.read(u"distribution", distributionNames, latency.kind, true));
    switch (latency.kind) {
    case SimLatency::Kind::Fixed:
        JB_TRY(f.require(u"ms", atLeast(0), latency.a));
        break;
    case SimLatency::Kind::Uniform:
        JB_TRY(f.require(u"min_ms", atLeast(0), latency.a));
        JB_TRY(f.require(u"max_ms", atLeast(latency.a), latency.b));
        break;
    case SimLatency::Kind::Normal:
        JB_TRY(f.require(u"mean_ms", atLeast(0), latency.a));
        JB_TRY(f.require(u"stddev_ms", atLeast(0), latency.b));
        break;
    case SimLatency::Kind::LogNormal:
        JB_TRY(f.require(u"median_ms", above(0), latency.a));
        JB_TRY(f.require(u"p99_ms", atLeast(latency.a), latency.b));
        break;
    case SimLatency::Kind::Exponential:
        JB_TRY(f.require(u"mean_ms", above(0), latency.a));
        break;
    }
    JB_TRY(f.read(u"cap_ms", above(0), latency.capMs));
    return f.finish();
}

// {"503": 3, "500": 1}: statuses drawn by weight.
Expected<void> readFailureStatuses(ScenarioFields& f, QList<SimWeightedStatus>& statuses)
{
    auto object = f.object(u"failure_statuses");
    if (!object)
        return std::unexpected(object.error());
    if (!*object)
        return {};
    if ((*object)->isEmpty())
        return f.fail(u"failure_statuses", QStringLiteral("expected at least one status and its weight"));
    statuses.clear();
    ScenarioFields weights(**object, f.pathOf(u"failure_statuses"));
    for (const QString& key : (*object)->keys()) {
        bool ok = false;
        const int status = key.toInt(&ok);
        if (!ok || key.size() != 3 || status < 100 || status > 599)
            return weights.fail(key, QStringLiteral("expected a status code 100–599"));
        SimWeightedStatus weighted{status, 0};
        JB_TRY(weights.require(key, above(0), weighted.weight));
        statuses.append(weighted);
    }
    return {};
}

// {"seconds": 5} or {"seconds": [1, 30]}, and the format.
Expected<void> readRetryAfter(const QJsonObject& object, const QString& path, SimRetryAfter& retryAfter)
{
    ScenarioFields f(object, path);
    const QJsonValue seconds = f.value(u"seconds");
    const auto isSeconds = [](const QJsonValue& v) {
        return v.isDouble() && v.toDouble() >= 0 && v.toDouble() == std::floor(v.toDouble())
            && v.toDouble() <= std::numeric_limits<int>::max();
    };
    if (seconds.isArray()) {
        const QJsonArray range = seconds.toArray();
        if (range.size() != 2 || !isSeconds(range[0]) || !isSeconds(range[1])
            || range[0].toDouble() > range[1].toDouble())
            return f.fail(u"seconds",
                          QStringLiteral("expected [min, max], two integers with 0 ≤ min ≤ max, got ")
                              + QString::fromUtf8(compactJson(seconds)));
        retryAfter.minSeconds = range[0].toInteger();
        retryAfter.maxSeconds = range[1].toInteger();
    } else if (isSeconds(seconds)) {
        retryAfter.minSeconds = retryAfter.maxSeconds = seconds.toInteger();
    } else if (!seconds.isUndefined() && !seconds.isNull()) {
        return f.fail(u"seconds",
                      QStringLiteral("expected an integer ≥ 0 or [min, max], got ") + describeJson(seconds));
    }
    JB_TRY(f.read(u"format", retryAfterFormats, retryAfter.httpDate));
    return f.finish();
}

} // namespace

bool NumberRule::accepts(double v) const
{
    return std::isfinite(v) && (!integer || v == std::floor(v)) && (minExclusive ? v > min : v >= min) && v <= max;
}

QString NumberRule::expected() const
{
    QString words = integer ? QStringLiteral("an integer ") : QStringLiteral("a number ");
    if (max < std::numeric_limits<int>::max())
        return words + number(min) + QStringLiteral("–") + number(max);
    return words + (minExclusive ? QStringLiteral("> ") : QStringLiteral("≥ ")) + number(min);
}

ScenarioFields::ScenarioFields(const QJsonObject& object, const QString& path)
    : JsonFields(object, path)
    , m_object(object)
    , m_path(path)
{
}

QJsonValue ScenarioFields::value(QStringView key)
{
    // Any typed read marks the key as known to finish(); its verdict on the
    // type does not matter here.
    (void)string(key);
    return m_object.value(key);
}

std::unexpected<Error> ScenarioFields::fail(QStringView key, const QString& message) const
{
    return invalidInput(pathOf(key) + QStringLiteral(": ") + message);
}

Expected<std::optional<double>> ScenarioFields::checkedNumber(QStringView key, const NumberRule& rule, bool required)
{
    const QJsonValue v = value(key);
    if (!required && (v.isUndefined() || v.isNull()))
        return std::optional<double>{};
    if (!v.isDouble() || !rule.accepts(v.toDouble()))
        return fail(key, QStringLiteral("expected ") + rule.expected() + QStringLiteral(", got ") + describeJson(v));
    return std::optional<double>{v.toDouble()};
}

Expected<void> ScenarioFields::read(QStringView key, bool& target)
{
    auto v = boolean(key);
    if (!v)
        return std::unexpected(v.error());
    target = v->value_or(target);
    return {};
}

Expected<void> ScenarioFields::read(QStringView key, QString& target)
{
    auto v = string(key);
    if (!v)
        return std::unexpected(v.error());
    target = v->value_or(target);
    return {};
}

Expected<void> ScenarioFields::read(QStringView key, QByteArray& target)
{
    QString text;
    JB_TRY(read(key, text));
    if (!text.isNull())
        target = text.toUtf8();
    return {};
}

Expected<void> readStep(const QJsonValue& value, const QString& path, SimStep& step)
{
    if (!value.isObject())
        return invalidInput(path + QStringLiteral(": expected an object, got ") + describeJson(value));
    ScenarioFields f(value.toObject(), path);
    JB_TRY(readAnswer(f, step.status, step.headers, step.body));
    JB_TRY(f.read(u"latency_ms", atLeast(0), step.latencyMs));
    JB_TRY(f.read(u"fault", simFaultNames, step.fault));
    auto drip = f.object(u"drip");
    if (!drip)
        return std::unexpected(drip.error());
    if (*drip && step.fault != SimFault::Drip)
        return f.fail(u"drip", QStringLiteral("only with \"fault\": \"drip\""));
    if (*drip)
        JB_TRY(readDrip(**drip, f.pathOf(u"drip"), step.drip));
    if (step.fault == SimFault::Truncated && step.body.size() < 2)
        return invalidInput(path + QStringLiteral(": a truncated step needs a body of at least 2 bytes"));
    JB_TRY(f.read(u"lose_response", step.loseResponse));
    return f.finish();
}

Expected<void> readModel(const QJsonObject& object, const QString& path, SimModel& model)
{
    ScenarioFields f(object, path);
    JB_TRY(readAnswer(f, model.status, model.headers, model.body));
    if (const QJsonValue latency = f.value(u"latency"); !latency.isUndefined() && !latency.isNull())
        JB_TRY(readLatency(latency, f.pathOf(u"latency"), model.latency));

    JB_TRY(f.read(u"failure_rate", between(0, 1), model.failureRate));
    JB_TRY(f.read(u"timeout_rate", between(0, 1), model.timeoutRate));
    JB_TRY(f.read(u"reset_rate", between(0, 1), model.resetRate));
    // A little slack, so 0.1 + 0.2 + 0.7 is not "more than 1".
    const double sum = model.failureRate + model.timeoutRate + model.resetRate;
    if (sum > 1 + 1e-9)
        return invalidInput(path + QStringLiteral(": failure_rate + timeout_rate + reset_rate must be at most 1, got ")
                            + number(sum));

    JB_TRY(readFailureStatuses(f, model.failureStatuses));
    JB_TRY(f.read(u"failure_body", model.failureBody));
    JB_TRY(readSection(f, u"retry_after", model.retryAfter, &readRetryAfter));
    return f.finish();
}

} // namespace jitterbug::scenarioparts
