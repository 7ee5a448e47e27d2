#include "simharness.h"

namespace jitterbug::test {

SimHarness::SimHarness(SimScenario scenario, quint64 seed)
    : transport(clock, std::move(scenario), seed)
    , engine(std::make_unique<Engine>(clock, transport, seed))
{
}

Timeline SimHarness::run(const Request& request, const RetryPolicy& policy)
{
    Call* call = start(request, policy);
    clock.run();
    Q_ASSERT(call->isFinished());
    return call->timeline();
}

Call* SimHarness::start(const Request& request, const RetryPolicy& policy)
{
    return engine->send(request, policy);
}

SimScenario scriptOf(const QString& path, QList<SimStep> steps, bool cycle)
{
    SimRoute route;
    route.method = "*";
    route.path = path;
    route.script = std::move(steps);
    route.cycle = cycle;
    SimScenario scenario;
    scenario.routes = {route};
    return scenario;
}

SimStep reply(int status, double latencyMs, HeaderList headers)
{
    SimStep step;
    step.status = status;
    step.latencyMs = latencyMs;
    step.headers = std::move(headers);
    step.body = "body " + QByteArray::number(status);
    return step;
}

SimStep fault(SimFault kind, double latencyMs)
{
    SimStep step;
    step.fault = kind;
    step.latencyMs = latencyMs;
    return step;
}

RetryPolicy noJitter()
{
    RetryPolicy p;
    p.jitter = Jitter::None;
    return p;
}

Request get(const QString& url)
{
    Request r;
    r.url = QUrl(url);
    return r;
}

Request post(const QString& url, QByteArray body)
{
    Request r;
    r.method = "POST";
    r.url = QUrl(url);
    r.body = std::move(body);
    return r;
}

} // namespace jitterbug::test
