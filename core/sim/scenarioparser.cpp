#include "scenarioparser.h"

#include "scenarioparts.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

// Outside the namespace: Q_INIT_RESOURCE declares a global function.
static void initScenarioResources()
{
    Q_INIT_RESOURCE(scenarios);
}

namespace jitterbug {

using namespace scenarioparts;

namespace {

constexpr NameTable<bool, 2> thenNames{{{false, "repeat_last"}, {true, "cycle"}}};

constexpr NameTable<SimCapacity::Overflow, 2> overflowNames{{
    {SimCapacity::Overflow::Reject, "reject"},
    {SimCapacity::Overflow::Queue, "queue"},
}};

std::unexpected<Error> at(const QString& file, const QString& message)
{
    return invalidInput(file + QStringLiteral(": ") + message);
}

bool isAbsent(const QJsonValue& v)
{
    return v.isUndefined() || v.isNull();
}

// A header name as a string field: `count_by.header`, `idempotency_header`.
Expected<void> readHeaderName(ScenarioFields& f, QStringView key, QByteArray& target, bool required)
{
    const QJsonValue v = f.value(key);
    if (!required && isAbsent(v))
        return {};
    if (!v.isString() || !isValidHeaderName(v.toString().toLatin1()))
        return f.fail(key, QStringLiteral("expected a header name, got ") + describeJson(v));
    target = v.toString().toLatin1();
    return {};
}

Expected<void> readRateLimit(const QJsonObject& object, const QString& path, SimRateLimit& limit)
{
    ScenarioFields f(object, path);
    JB_TRY(f.require(u"requests", integerAtLeast(1), limit.requests));
    JB_TRY(f.read(u"period_ms", above(0), limit.periodMs));
    JB_TRY(f.read(u"burst", integerAtLeast(0), limit.burst));
    return f.finish();
}

Expected<void> readCapacity(const QJsonObject& object, const QString& path, SimCapacity& capacity)
{
    ScenarioFields f(object, path);
    JB_TRY(f.require(u"concurrent", integerAtLeast(1), capacity.concurrent));
    JB_TRY(f.read(u"overflow", overflowNames, capacity.overflow));
    return f.finish();
}

Expected<void> readOutage(const QJsonValue& value, const QString& path, SimOutage& outage)
{
    if (!value.isObject())
        return invalidInput(path + QStringLiteral(": expected an object, got ") + describeJson(value));
    ScenarioFields f(value.toObject(), path);
    JB_TRY(f.require(u"from_ms", atLeast(0), outage.fromMs));
    JB_TRY(f.require(u"to_ms", above(outage.fromMs), outage.toMs));
    outage.answer.status = 503;
    if (const QJsonValue answer = f.value(u"answer"); !isAbsent(answer))
        JB_TRY(readStep(answer, f.pathOf(u"answer"), outage.answer));
    return f.finish();
}

Expected<void> readOutages(ScenarioFields& f, QList<SimOutage>& outages)
{
    auto list = f.array(u"outages");
    if (!list)
        return std::unexpected(list.error());
    for (qsizetype i = 0; *list && i < (*list)->size(); ++i) {
        SimOutage outage;
        JB_TRY(readOutage((*list)->at(i), f.pathOf(u"outages") + QStringLiteral("[%1]").arg(i), outage));
        outages.append(outage);
    }
    return {};
}

// "route" (the default: one script counter per route) or {"header": NAME}.
Expected<void> readCountBy(ScenarioFields& f, QByteArray& header)
{
    const QJsonValue v = f.value(u"count_by");
    if (isAbsent(v) || v == QJsonValue(QStringLiteral("route")))
        return {};
    if (!v.isObject())
        return f.fail(u"count_by", QStringLiteral("expected \"route\" or {\"header\": NAME}, got ") + describeJson(v));
    ScenarioFields by(v.toObject(), f.pathOf(u"count_by"));
    JB_TRY(readHeaderName(by, u"header", header, true));
    return by.finish();
}

Expected<void> readMethod(ScenarioFields& f, QByteArray& method)
{
    const QJsonValue v = f.value(u"method");
    if (isAbsent(v))
        return {};
    method = v.toString().toUpper().toLatin1();
    if (!v.isString() || (method != "*" && !isValidHeaderName(method)))
        return f.fail(u"method", QStringLiteral("expected an HTTP method or \"*\", got ") + describeJson(v));
    return {};
}

Expected<void> readScript(const QJsonArray& steps, const QString& path, QList<SimStep>& script)
{
    if (steps.isEmpty())
        return invalidInput(path + QStringLiteral(": expected a non-empty list of steps"));
    for (qsizetype i = 0; i < steps.size(); ++i) {
        SimStep step;
        JB_TRY(readStep(steps.at(i), path + QStringLiteral("[%1]").arg(i), step));
        script.append(step);
    }
    return {};
}

Expected<void> readRoute(const QJsonValue& value, const QString& path, SimRoute& route)
{
    if (!value.isObject())
        return invalidInput(path + QStringLiteral(": expected an object, got ") + describeJson(value));
    ScenarioFields f(value.toObject(), path);
    route.method = "*";
    JB_TRY(readMethod(f, route.method));

    const QJsonValue routePath = f.value(u"path");
    if (!routePath.isString() || !routePath.toString().startsWith(QLatin1Char('/')))
        return f.fail(u"path", QStringLiteral("expected a path starting with /"));
    route.path = routePath.toString();

    auto script = f.array(u"script");
    if (!script)
        return std::unexpected(script.error());
    auto model = f.object(u"model");
    if (!model)
        return std::unexpected(model.error());
    if (script->has_value() == model->has_value())
        return invalidInput(path + QStringLiteral(": expected exactly one of script or model"));
    if (*script) {
        JB_TRY(readScript(**script, f.pathOf(u"script"), route.script));
        JB_TRY(f.read(u"then", thenNames, route.cycle));
        JB_TRY(readCountBy(f, route.countByHeader));
    } else {
        route.model.emplace();
        JB_TRY(readModel(**model, f.pathOf(u"model"), *route.model));
        // Both only steer a script's turns; on a model they would be ignored.
        for (const auto key : {u"then", u"count_by"}) {
            if (!isAbsent(f.value(key)))
                return f.fail(key, QStringLiteral("only for script routes"));
        }
    }

    JB_TRY(readSection(f, u"rate_limit", route.rateLimit, &readRateLimit));
    JB_TRY(readSection(f, u"capacity", route.capacity, &readCapacity));
    JB_TRY(readOutages(f, route.outages));
    JB_TRY(f.read(u"lose_response_rate", between(0, 1), route.loseResponseRate));
    JB_TRY(f.read(u"idempotency", route.idempotencyStore));
    return f.finish();
}

Expected<void> readScenario(const QJsonObject& object, SimScenario& scenario)
{
    ScenarioFields f(object, QString());
    JB_TRY(f.read(u"name", scenario.name));
    JB_TRY(f.read(u"description", scenario.description));
    JB_TRY(readHeaderName(f, u"idempotency_header", scenario.idempotencyHeader, false));
    auto routes = f.array(u"routes");
    if (!routes)
        return std::unexpected(routes.error());
    if (!*routes || (*routes)->isEmpty())
        return invalidInput(QStringLiteral("routes: expected a non-empty list"));
    for (qsizetype i = 0; i < (*routes)->size(); ++i) {
        SimRoute route;
        JB_TRY(readRoute((*routes)->at(i), QStringLiteral("routes[%1]").arg(i), route));
        scenario.routes.append(route);
    }
    return f.finish();
}

} // namespace

Expected<SimScenario> parseScenario(const QByteArray& json, const QString& fileName)
{
    const Expected<QJsonObject> top = parseTopLevelObject(json, fileName);
    if (!top)
        return std::unexpected(top.error());
    SimScenario scenario;
    if (auto read = readScenario(*top, scenario); !read)
        return at(fileName, read.error().message);
    return scenario;
}

Expected<SimScenario> loadScenario(const QString& fileName)
{
    QFile file(fileName);
    if (!file.open(QIODevice::ReadOnly))
        return ioError(fileName + QStringLiteral(": cannot read: ") + file.errorString());
    return parseScenario(file.readAll(), QFileInfo(fileName).fileName());
}

QStringList builtinScenarioNames()
{
    return {QStringLiteral("demo"),         QStringLiteral("healthy"),
            QStringLiteral("flaky-orders"), QStringLiteral("rate-limited-search"),
            QStringLiteral("slow-reports"), QStringLiteral("outage")};
}

std::optional<SimScenario> builtinScenario(QStringView name)
{
    if (!builtinScenarioNames().contains(name))
        return std::nullopt;
    initScenarioResources();
    const QString fileName = name + QStringLiteral(".json");
    QFile file(QStringLiteral(":/jitterbug/scenarios/") + fileName);
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    auto scenario = parseScenario(file.readAll(), fileName);
    Q_ASSERT_X(scenario.has_value(), "builtinScenario", "a compiled-in scenario must parse");
    if (!scenario)
        return std::nullopt;
    return *scenario;
}

SimScenario builtinDemoScenario()
{
    return builtinScenario(u"demo").value_or(SimScenario{});
}

Expected<SimScenario> resolveScenario(const QString& fileOrBuiltinName)
{
    if (QFileInfo::exists(fileOrBuiltinName))
        return loadScenario(fileOrBuiltinName);
    if (auto builtin = builtinScenario(fileOrBuiltinName))
        return *builtin;
    return ioError(fileOrBuiltinName + QStringLiteral(": neither a file nor a built-in scenario (built-in: ")
                   + builtinScenarioNames().join(QStringLiteral(", ")) + QLatin1Char(')'));
}

} // namespace jitterbug
