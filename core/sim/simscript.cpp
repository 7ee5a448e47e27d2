#include "simscript.h"

#include "util/jsonfields.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>

// Outside the namespace: Q_INIT_RESOURCE declares a global function.
static void initScenarioResources()
{
    Q_INIT_RESOURCE(scenarios);
}

namespace jitterbug {

namespace {

std::unexpected<Error> at(const QString& file, const QString& message)
{
    return invalidInput(file + QStringLiteral(": ") + message);
}

Expected<SimStep> parseStep(const QJsonValue& value, const QString& path)
{
    if (!value.isObject())
        return invalidInput(path + QStringLiteral(": expected an object, got ") + describeJson(value));
    JsonFields f(value.toObject(), path);
    SimStep step;

    auto fault = f.string(u"fault");
    if (!fault)
        return std::unexpected(fault.error());
    if (*fault) {
        if (**fault == u"timeout")
            step.fault = SimStep::Fault::Timeout;
        else if (**fault == u"reset")
            step.fault = SimStep::Fault::Reset;
        else if (**fault == u"refused")
            step.fault = SimStep::Fault::Refused;
        else
            return invalidInput(f.pathOf(u"fault") + QStringLiteral(": expected timeout, reset or refused, got \"")
                                + **fault + QLatin1Char('"'));
    }

    auto status = f.integer(u"status");
    if (!status)
        return std::unexpected(status.error());
    if (*status) {
        if (**status < 100 || **status > 599)
            return invalidInput(f.pathOf(u"status")
                                + QStringLiteral(": expected an integer 100–599, got %1").arg(**status));
        step.status = static_cast<int>(**status);
    }

    auto latency = f.number(u"latency_ms");
    if (!latency)
        return std::unexpected(latency.error());
    if (*latency) {
        if (!std::isfinite(**latency) || **latency < 0)
            return invalidInput(f.pathOf(u"latency_ms") + QStringLiteral(": must be ≥ 0"));
        step.latencyMs = **latency;
    }

    auto body = f.string(u"body");
    if (!body)
        return std::unexpected(body.error());
    if (*body)
        step.body = (*body)->toUtf8();

    auto headers = f.object(u"headers");
    if (!headers)
        return std::unexpected(headers.error());
    if (*headers) {
        for (auto it = (*headers)->constBegin(); it != (*headers)->constEnd(); ++it) {
            const QString where = f.pathOf(u"headers") + QLatin1Char('.') + it.key();
            if (!isValidHeaderName(it.key().toLatin1()))
                return invalidInput(where + QStringLiteral(": not a valid header name"));
            if (!it->isString() && !it->isDouble())
                return invalidInput(where + QStringLiteral(": expected a string, got ") + describeJson(*it));
            const QByteArray v = it->isString() ? it->toString().toUtf8() : QByteArray::number(it->toDouble(), 'g', 15);
            if (!isValidHeaderValue(v))
                return invalidInput(where + QStringLiteral(": a header value must not contain CR, LF or NUL"));
            step.headers.append(it.key().toLatin1(), v);
        }
    }
    if (auto done = f.finish(); !done)
        return std::unexpected(done.error());
    return step;
}

Expected<SimRoute> parseRoute(const QJsonValue& value, const QString& path)
{
    if (!value.isObject())
        return invalidInput(path + QStringLiteral(": expected an object, got ") + describeJson(value));
    JsonFields f(value.toObject(), path);
    SimRoute route;

    auto method = f.string(u"method");
    if (!method)
        return std::unexpected(method.error());
    route.method = method->value_or(QStringLiteral("*")).toUpper().toLatin1();

    auto routePath = f.string(u"path");
    if (!routePath)
        return std::unexpected(routePath.error());
    if (!*routePath || !(*routePath)->startsWith(QLatin1Char('/')))
        return invalidInput(f.pathOf(u"path") + QStringLiteral(": expected a path starting with /"));
    route.path = **routePath;

    auto then = f.string(u"then");
    if (!then)
        return std::unexpected(then.error());
    if (*then && **then != u"repeat_last" && **then != u"cycle")
        return invalidInput(f.pathOf(u"then") + QStringLiteral(": expected repeat_last or cycle, got \"") + **then
                            + QLatin1Char('"'));
    route.cycle = *then && **then == u"cycle";

    auto script = f.array(u"script");
    if (!script)
        return std::unexpected(script.error());
    if (!*script || (*script)->isEmpty())
        return invalidInput(f.pathOf(u"script") + QStringLiteral(": expected a non-empty list of steps"));
    for (qsizetype i = 0; i < (*script)->size(); ++i) {
        auto step = parseStep((*script)->at(i), f.pathOf(u"script") + QStringLiteral("[%1]").arg(i));
        if (!step)
            return std::unexpected(step.error());
        route.script.append(*step);
    }
    if (auto done = f.finish(); !done)
        return std::unexpected(done.error());
    return route;
}

} // namespace

bool SimRoute::matches(QByteArrayView requestMethod, QStringView requestPath) const
{
    if (!method.isEmpty() && method != "*" && method != requestMethod)
        return false;
    // Walks both paths segment by segment without allocating: every
    // simulated attempt goes through here.
    auto want = QStringView(path).tokenize(u'/');
    auto got = requestPath.tokenize(u'/');
    auto w = want.begin();
    auto g = got.begin();
    for (; w != want.end(); ++w, ++g) {
        const QStringView segment = *w;
        auto next = w;
        if (segment == u"*" && ++next == want.end())
            return true;
        if (g == got.end())
            return false;
        if (segment.startsWith(u':') && !(*g).isEmpty())
            continue;
        if (segment != *g)
            return false;
    }
    return g == got.end();
}

const SimRoute* SimScript::find(QByteArrayView method, QStringView path) const
{
    for (const SimRoute& route : routes) {
        if (route.matches(method, path))
            return &route;
    }
    return nullptr;
}

Expected<SimScript> parseSimScript(const QByteArray& json, const QString& fileName)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        const int line = static_cast<int>(json.left(parseError.offset).count('\n')) + 1;
        return at(fileName, QStringLiteral("line %1: %2").arg(line).arg(parseError.errorString()));
    }
    if (!doc.isObject())
        return at(fileName, QStringLiteral("expected a JSON object at the top"));

    JsonFields f(doc.object(), QString());
    SimScript script;
    auto name = f.string(u"name");
    auto description = f.string(u"description");
    if (!name || !description)
        return at(fileName, (!name ? name.error() : description.error()).message);
    auto routes = f.array(u"routes");
    if (!routes)
        return at(fileName, routes.error().message);
    if (!*routes || (*routes)->isEmpty())
        return at(fileName, QStringLiteral("routes: expected a non-empty list"));
    for (qsizetype i = 0; i < (*routes)->size(); ++i) {
        auto route = parseRoute((*routes)->at(i), QStringLiteral("routes[%1]").arg(i));
        if (!route)
            return at(fileName, route.error().message);
        script.routes.append(*route);
    }
    if (auto done = f.finish(); !done)
        return at(fileName, done.error().message);
    return script;
}

Expected<SimScript> loadSimScript(const QString& fileName)
{
    QFile file(fileName);
    if (!file.open(QIODevice::ReadOnly))
        return ioError(fileName + QStringLiteral(": cannot read: ") + file.errorString());
    return parseSimScript(file.readAll(), QFileInfo(fileName).fileName());
}

SimScript builtinDemoScript()
{
    initScenarioResources();
    QFile file(QStringLiteral(":/jitterbug/scenarios/demo.json"));
    file.open(QIODevice::ReadOnly);
    auto script = parseSimScript(file.readAll(), QStringLiteral("demo.json"));
    Q_ASSERT_X(script.has_value(), "builtinDemoScript", "the compiled-in demo scenario must parse");
    return script.value_or(SimScript{});
}

} // namespace jitterbug
