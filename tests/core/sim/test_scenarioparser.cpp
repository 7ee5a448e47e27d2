#include "sim/scenarioparser.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace jitterbug;

namespace {

Expected<SimScenario> parse(const char* json)
{
    return parseScenario(json, QStringLiteral("flaky.json"));
}

// Parses a document that must be valid, failing the test with its message.
SimScenario valid(const char* json)
{
    auto s = parse(json);
    EXPECT_TRUE(s) << s.error().message.toStdString();
    return s.value_or(SimScenario{});
}

// The model of a one-route document whose route is {"path": "/m", "model": MODEL}.
SimModel modelOf(const QByteArray& model)
{
    const QByteArray json = R"({"routes": [{"path": "/m", "model": )" + model + "}]}";
    const SimScenario s = valid(json.constData());
    if (s.routes.isEmpty() || !s.routes[0].model)
        return {};
    return *s.routes[0].model;
}

} // namespace

TEST(ScenarioParser, ReadsTheTopLevelAndRouteDefaults)
{
    const SimScenario s = valid(R"({"name": "n", "description": "d", "routes": [{"path": "/a", "script": [{}]}]})");
    EXPECT_EQ(s.name, u"n");
    EXPECT_EQ(s.description, u"d");
    EXPECT_EQ(s.idempotencyHeader, "Idempotency-Key");
    ASSERT_EQ(s.routes.size(), 1);
    const SimRoute& r = s.routes[0];
    EXPECT_EQ(r.method, "*");
    EXPECT_EQ(r.path, u"/a");
    EXPECT_FALSE(r.cycle);
    EXPECT_FALSE(r.model);
    EXPECT_TRUE(r.countByHeader.isEmpty());
    EXPECT_FALSE(r.rateLimit);
    EXPECT_FALSE(r.capacity);
    EXPECT_TRUE(r.outages.isEmpty());
    EXPECT_EQ(r.loseResponseRate, 0);
    EXPECT_TRUE(r.idempotencyStore);
    ASSERT_EQ(r.script.size(), 1);
    EXPECT_EQ(r.script[0].status, 200);
    EXPECT_EQ(r.script[0].fault, SimFault::None);

    const SimScenario keyed = valid(R"({"idempotency_header": "X-Request-Key",
        "routes": [{"method": "post", "path": "/a", "script": [{}]}]})");
    EXPECT_EQ(keyed.idempotencyHeader, "X-Request-Key");
    EXPECT_EQ(keyed.routes[0].method, "POST");
}

TEST(ScenarioParser, ReadsScriptStepsWithEveryFault)
{
    const SimScenario s = valid(R"({"routes": [
        {"method": "GET", "path": "/a", "then": "cycle", "script": [
            {"status": 503, "latency_ms": 12.5, "headers": {"Retry-After": "1", "X-Count": 3}, "body": "x"},
            {"fault": "timeout"}, {"fault": "reset", "latency_ms": 5}, {"fault": "refused"},
            {"fault": "malformed"}, {"fault": "truncated", "body": "0123456789"},
            {"fault": "drip", "body": "abcdef", "drip": {"chunk_bytes": 2, "interval_ms": 100}},
            {"fault": "drip", "body": "abcdef"},
            {"status": 201, "lose_response": true}]}]})");
    ASSERT_EQ(s.routes.size(), 1);
    const SimRoute& r = s.routes[0];
    EXPECT_EQ(r.method, "GET");
    EXPECT_TRUE(r.cycle);
    ASSERT_EQ(r.script.size(), 9);
    EXPECT_EQ(r.script[0].status, 503);
    EXPECT_EQ(r.script[0].latencyMs, 12.5);
    EXPECT_EQ(r.script[0].headers.value("retry-after"), "1");
    EXPECT_EQ(r.script[0].headers.value("X-Count"), "3");
    EXPECT_EQ(r.script[0].body, "x");
    EXPECT_EQ(r.script[0].fault, SimFault::None);
    EXPECT_EQ(r.script[1].fault, SimFault::Timeout);
    EXPECT_EQ(r.script[2].fault, SimFault::Reset);
    EXPECT_EQ(r.script[2].latencyMs, 5);
    EXPECT_EQ(r.script[3].fault, SimFault::Refused);
    EXPECT_EQ(r.script[4].fault, SimFault::Malformed);
    EXPECT_EQ(r.script[5].fault, SimFault::Truncated);
    EXPECT_EQ(r.script[6].fault, SimFault::Drip);
    EXPECT_EQ(r.script[6].drip, (SimDrip{2, 100}));
    EXPECT_EQ(r.script[7].drip, SimDrip{});
    EXPECT_EQ(r.script[7].drip.chunkBytes, 8);
    EXPECT_EQ(r.script[7].drip.intervalMs, 250);
    EXPECT_FALSE(r.script[7].loseResponse);
    EXPECT_EQ(r.script[8].status, 201);
    EXPECT_TRUE(r.script[8].loseResponse);
}

TEST(ScenarioParser, WritesJsonBodiesCompactWithTheirContentType)
{
    const SimScenario s = valid(R"({"routes": [{"path": "/a", "script": [
        {"json": {"ok": true, "items": [1, 2.5, "x"]}},
        {"json": "hi"}, {"json": 42}, {"json": [null, false]},
        {"json": {"error": "gone"}, "headers": {"content-type": "application/problem+json"}}]}]})");
    ASSERT_EQ(s.routes.size(), 1);
    const QList<SimStep>& steps = s.routes[0].script;
    ASSERT_EQ(steps.size(), 5);
    EXPECT_EQ(steps[0].body, R"({"items":[1,2.5,"x"],"ok":true})");
    EXPECT_EQ(steps[0].headers.value("Content-Type"), "application/json");
    EXPECT_EQ(steps[1].body, R"("hi")");
    EXPECT_EQ(steps[2].body, "42");
    EXPECT_EQ(steps[3].body, "[null,false]");
    EXPECT_EQ(steps[4].headers.values("Content-Type"), (QList<QByteArray>{"application/problem+json"}));
}

TEST(ScenarioParser, ReadsEveryLatencyDistribution)
{
    using Kind = SimLatency::Kind;
    const auto latency = [](const char* json) {
        return modelOf(QByteArray(R"({"latency": )") + json + "}").latency;
    };
    const auto expect = [](const SimLatency& l, Kind kind, double a, double b, double cap) {
        EXPECT_EQ(l.kind, kind);
        EXPECT_EQ(l.a, a);
        EXPECT_EQ(l.b, b);
        EXPECT_EQ(l.capMs, cap);
    };
    expect(modelOf("{}").latency, Kind::Fixed, 0, 0, 0);
    expect(latency("35"), Kind::Fixed, 35, 0, 0);
    expect(latency(R"({"distribution": "fixed", "ms": 7})"), Kind::Fixed, 7, 0, 0);
    expect(latency(R"({"distribution": "uniform", "min_ms": 10, "max_ms": 30})"), Kind::Uniform, 10, 30, 0);
    expect(latency(R"({"distribution": "normal", "mean_ms": 50, "stddev_ms": 5, "cap_ms": 80})"), Kind::Normal, 50, 5,
           80);
    expect(latency(R"({"distribution": "lognormal", "median_ms": 20, "p99_ms": 120})"), Kind::LogNormal, 20, 120, 0);
    expect(latency(R"({"distribution": "exponential", "mean_ms": 40, "cap_ms": 1000})"), Kind::Exponential, 40, 0,
           1000);
}

TEST(ScenarioParser, ReadsModelRatesStatusesAndRetryAfter)
{
    const SimModel defaults = modelOf("{}");
    EXPECT_EQ(defaults.status, 200);
    EXPECT_EQ(defaults.failureRate, 0);
    ASSERT_EQ(defaults.failureStatuses.size(), 1);
    EXPECT_EQ(defaults.failureStatuses[0].status, 503);
    EXPECT_EQ(defaults.failureStatuses[0].weight, 1);
    EXPECT_FALSE(defaults.retryAfter);

    const SimModel m = modelOf(R"({"status": 201, "json": {"id": 1}, "headers": {"Location": "/o/1"},
        "failure_rate": 0.2, "timeout_rate": 0.05, "reset_rate": 0.75,
        "failure_statuses": {"503": 3, "500": 1.5}, "failure_body": "busy",
        "retry_after": {"seconds": [1, 30], "format": "http_date"}})");
    EXPECT_EQ(m.status, 201);
    EXPECT_EQ(m.body, R"({"id":1})");
    EXPECT_EQ(m.headers.value("Location"), "/o/1");
    EXPECT_EQ(m.headers.value("Content-Type"), "application/json");
    EXPECT_EQ(m.failureRate, 0.2);
    EXPECT_EQ(m.timeoutRate, 0.05);
    EXPECT_EQ(m.resetRate, 0.75);
    ASSERT_EQ(m.failureStatuses.size(), 2);
    EXPECT_EQ(m.failureStatuses[0].status, 500);
    EXPECT_EQ(m.failureStatuses[0].weight, 1.5);
    EXPECT_EQ(m.failureStatuses[1].status, 503);
    EXPECT_EQ(m.failureStatuses[1].weight, 3);
    EXPECT_EQ(m.failureBody, "busy");
    ASSERT_TRUE(m.retryAfter);
    EXPECT_EQ(m.retryAfter->minSeconds, 1);
    EXPECT_EQ(m.retryAfter->maxSeconds, 30);
    EXPECT_TRUE(m.retryAfter->httpDate);

    const SimModel fixed = modelOf(R"({"failure_rate": 0.1, "retry_after": {"seconds": 0}})");
    ASSERT_TRUE(fixed.retryAfter);
    EXPECT_EQ(fixed.retryAfter->minSeconds, 0);
    EXPECT_EQ(fixed.retryAfter->maxSeconds, 0);
    EXPECT_FALSE(fixed.retryAfter->httpDate);
}

TEST(ScenarioParser, ReadsRouteGuards)
{
    const SimScenario s = valid(R"({"routes": [
        {"method": "POST", "path": "/orders", "model": {"status": 201},
         "rate_limit": {"requests": 5, "period_ms": 2000, "burst": 10},
         "capacity": {"concurrent": 2, "overflow": "queue"},
         "outages": [{"from_ms": 5000, "to_ms": 20000},
                     {"from_ms": 30000, "to_ms": 31000.5, "answer": {"fault": "refused"}},
                     {"from_ms": 40000, "to_ms": 41000, "answer": {"body": "down", "latency_ms": 3}}],
         "lose_response_rate": 0.15, "idempotency": false},
        {"path": "/s", "script": [{}], "count_by": {"header": "X-Client"}, "rate_limit": {"requests": 1},
         "capacity": {"concurrent": 1}},
        {"path": "/r", "script": [{}], "count_by": "route"}]})");
    ASSERT_EQ(s.routes.size(), 3);
    const SimRoute& r = s.routes[0];
    ASSERT_TRUE(r.model);
    EXPECT_EQ(r.model->status, 201);
    ASSERT_TRUE(r.rateLimit);
    EXPECT_EQ(r.rateLimit->requests, 5);
    EXPECT_EQ(r.rateLimit->periodMs, 2000);
    EXPECT_EQ(r.rateLimit->burst, 10);
    ASSERT_TRUE(r.capacity);
    EXPECT_EQ(r.capacity->concurrent, 2);
    EXPECT_EQ(r.capacity->overflow, SimCapacity::Overflow::Queue);
    ASSERT_EQ(r.outages.size(), 3);
    EXPECT_EQ(r.outages[0].fromMs, 5000);
    EXPECT_EQ(r.outages[0].toMs, 20000);
    EXPECT_EQ(r.outages[0].answer.status, 503);
    EXPECT_EQ(r.outages[0].answer.fault, SimFault::None);
    EXPECT_EQ(r.outages[1].toMs, 31000.5);
    EXPECT_EQ(r.outages[1].answer.fault, SimFault::Refused);
    EXPECT_EQ(r.outages[2].answer.status, 503); // an answer without a status is still a 503
    EXPECT_EQ(r.outages[2].answer.body, "down");
    EXPECT_EQ(r.outages[2].answer.latencyMs, 3);
    EXPECT_EQ(r.loseResponseRate, 0.15);
    EXPECT_FALSE(r.idempotencyStore);

    const SimRoute& script = s.routes[1];
    EXPECT_EQ(script.countByHeader, "X-Client");
    ASSERT_TRUE(script.rateLimit);
    EXPECT_EQ(script.rateLimit->requests, 1);
    EXPECT_EQ(script.rateLimit->periodMs, 1000);
    EXPECT_EQ(script.rateLimit->burst, 0);
    ASSERT_TRUE(script.capacity);
    EXPECT_EQ(script.capacity->overflow, SimCapacity::Overflow::Reject);
    EXPECT_TRUE(s.routes[2].countByHeader.isEmpty());
}

struct BadScenario {
    const char* json;
    const char* message;
};

class ScenarioParserErrors : public ::testing::TestWithParam<BadScenario>
{
};

TEST_P(ScenarioParserErrors, NameTheFileThePlaceAndWhatWasExpected)
{
    auto s = parse(GetParam().json);
    ASSERT_FALSE(s) << GetParam().json;
    EXPECT_EQ(s.error().code, Error::Code::InvalidInput);
    EXPECT_EQ(s.error().message.toStdString(), GetParam().message);
}

// Each document breaks one rule; the routes around it are valid.
INSTANTIATE_TEST_SUITE_P(
    TopLevel, ScenarioParserErrors,
    ::testing::Values(BadScenario{"[]", "flaky.json: expected a JSON object at the top"},
                      BadScenario{"{\n\"routes\": [\n}", "flaky.json: line 3: object is missing after a comma"},
                      BadScenario{"{}", "flaky.json: routes: expected a non-empty list"},
                      BadScenario{R"({"routes": []})", "flaky.json: routes: expected a non-empty list"},
                      BadScenario{R"({"routes": {}})", "flaky.json: routes: expected an array, got an object"},
                      BadScenario{R"({"routes": [5]})", "flaky.json: routes[0]: expected an object, got 5"},
                      BadScenario{R"({"name": 1, "routes": [{"path": "/a", "script": [{}]}]})",
                                  "flaky.json: name: expected a string, got 1"},
                      BadScenario{R"({"nmae": "x", "routes": [{"path": "/a", "script": [{}]}]})",
                                  "flaky.json: nmae: unknown field"},
                      BadScenario{R"({"idempotency_header": "Bad Key", "routes": [{"path": "/a", "script": [{}]}]})",
                                  "flaky.json: idempotency_header: expected a header name, got \"Bad Key\""}));

INSTANTIATE_TEST_SUITE_P(
    Routes, ScenarioParserErrors,
    ::testing::Values(
        BadScenario{R"({"routes": [{"method": "GET /", "path": "/a", "script": [{}]}]})",
                    "flaky.json: routes[0].method: expected an HTTP method or \"*\", got \"GET /\""},
        BadScenario{R"({"routes": [{"method": 5, "path": "/a", "script": [{}]}]})",
                    "flaky.json: routes[0].method: expected an HTTP method or \"*\", got 5"},
        BadScenario{R"({"routes": [{"path": "a", "script": [{}]}]})",
                    "flaky.json: routes[0].path: expected a path starting with /"},
        BadScenario{R"({"routes": [{"script": [{}]}]})", "flaky.json: routes[0].path: expected a path starting with /"},
        BadScenario{R"({"routes": [{"path": "/a"}]})",
                    "flaky.json: routes[0]: expected exactly one of script or model"},
        BadScenario{R"({"routes": [{"path": "/a", "script": [{}], "model": {}}]})",
                    "flaky.json: routes[0]: expected exactly one of script or model"},
        BadScenario{R"({"routes": [{"path": "/a", "script": []}]})",
                    "flaky.json: routes[0].script: expected a non-empty list of steps"},
        BadScenario{R"({"routes": [{"path": "/a", "model": 5}]})",
                    "flaky.json: routes[0].model: expected an object, got 5"},
        BadScenario{R"({"routes": [{"path": "/a", "script": [{}], "then": "loop"}]})",
                    "flaky.json: routes[0].then: expected one of repeat_last, cycle, got \"loop\""},
        BadScenario{R"({"routes": [{"path": "/a", "model": {}, "then": "cycle"}]})",
                    "flaky.json: routes[0].then: only for script routes"},
        BadScenario{R"({"routes": [{"path": "/a", "model": {}, "count_by": {"header": "X-Client"}}]})",
                    "flaky.json: routes[0].count_by: only for script routes"},
        BadScenario{R"({"routes": [{"path": "/a", "script": [{}], "count_by": "user"}]})",
                    "flaky.json: routes[0].count_by: expected \"route\" or {\"header\": NAME}, got \"user\""},
        BadScenario{R"({"routes": [{"path": "/a", "script": [{}], "count_by": {"header": "X Client"}}]})",
                    "flaky.json: routes[0].count_by.header: expected a header name, got \"X Client\""},
        BadScenario{R"({"routes": [{"path": "/a", "script": [{}], "count_by": {"header": "X", "query": "k"}}]})",
                    "flaky.json: routes[0].count_by.query: unknown field"},
        BadScenario{R"({"routes": [{"path": "/a", "script": [{}], "lose_response_rate": 1.5}]})",
                    "flaky.json: routes[0].lose_response_rate: expected a number 0–1, got 1.5"},
        BadScenario{R"({"routes": [{"path": "/a", "script": [{}], "idempotency": "yes"}]})",
                    "flaky.json: routes[0].idempotency: expected true or false, got \"yes\""},
        BadScenario{R"({"routes": [{"path": "/a", "script": [{}], "scirpt": []}]})",
                    "flaky.json: routes[0].scirpt: unknown field"}));

INSTANTIATE_TEST_SUITE_P(
    Guards, ScenarioParserErrors,
    ::testing::Values(
        BadScenario{R"({"routes": [{"path": "/a", "script": [{}], "rate_limit": {}}]})",
                    "flaky.json: routes[0].rate_limit.requests: expected an integer ≥ 1, got nothing"},
        BadScenario{R"({"routes": [{"path": "/a", "script": [{}], "rate_limit": {"requests": 0}}]})",
                    "flaky.json: routes[0].rate_limit.requests: expected an integer ≥ 1, got 0"},
        BadScenario{R"({"routes": [{"path": "/a", "script": [{}], "rate_limit": {"requests": 1, "period_ms": 0}}]})",
                    "flaky.json: routes[0].rate_limit.period_ms: expected a number > 0, got 0"},
        BadScenario{R"({"routes": [{"path": "/a", "script": [{}], "rate_limit": {"requests": 1, "burst": -1}}]})",
                    "flaky.json: routes[0].rate_limit.burst: expected an integer ≥ 0, got -1"},
        BadScenario{R"({"routes": [{"path": "/a", "script": [{}], "rate_limit": {"requests": 1, "scope": "run"}}]})",
                    "flaky.json: routes[0].rate_limit.scope: unknown field"},
        BadScenario{R"({"routes": [{"path": "/a", "script": [{}], "capacity": {"concurrent": 1.5}}]})",
                    "flaky.json: routes[0].capacity.concurrent: expected an integer ≥ 1, got 1.5"},
        BadScenario{
            R"({"routes": [{"path": "/a", "script": [{}], "capacity": {"concurrent": 1, "overflow": "drop"}}]})",
            "flaky.json: routes[0].capacity.overflow: expected one of reject, queue, got \"drop\""},
        BadScenario{R"({"routes": [{"path": "/a", "script": [{}], "outages": {}}]})",
                    "flaky.json: routes[0].outages: expected an array, got an object"},
        BadScenario{R"({"routes": [{"path": "/a", "script": [{}], "outages": [{"to_ms": 10}]}]})",
                    "flaky.json: routes[0].outages[0].from_ms: expected a number ≥ 0, got nothing"},
        BadScenario{R"({"routes": [{"path": "/a", "script": [{}], "outages": [{"from_ms": 5000, "to_ms": 5000}]}]})",
                    "flaky.json: routes[0].outages[0].to_ms: expected a number > 5000, got 5000"},
        BadScenario{R"({"routes": [{"path": "/a", "script": [{}],
                        "outages": [{"from_ms": 0, "to_ms": 1, "answer": {"status": 600}}]}]})",
                    "flaky.json: routes[0].outages[0].answer.status: expected an integer 100–599, got 600"},
        BadScenario{
            R"({"routes": [{"path": "/a", "script": [{}], "outages": [{"from_ms": 0, "to_ms": 1, "until": 2}]}]})",
            "flaky.json: routes[0].outages[0].until: unknown field"}));

INSTANTIATE_TEST_SUITE_P(
    Steps, ScenarioParserErrors,
    ::testing::Values(
        BadScenario{R"({"routes": [{"path": "/a", "script": [{}]}, {"path": "/b", "script": [{}]},
                        {"path": "/c", "script": [{"status": "abc"}]}]})",
                    "flaky.json: routes[2].script[0].status: expected an integer 100–599, got \"abc\""},
        BadScenario{R"({"routes": [{"path": "/a", "script": [{"status": 99}]}]})",
                    "flaky.json: routes[0].script[0].status: expected an integer 100–599, got 99"},
        BadScenario{R"({"routes": [{"path": "/a", "script": [{"status": 200.5}]}]})",
                    "flaky.json: routes[0].script[0].status: expected an integer 100–599, got 200.5"},
        BadScenario{R"({"routes": [{"path": "/a", "script": ["ok"]}]})",
                    "flaky.json: routes[0].script[0]: expected an object, got \"ok\""},
        BadScenario{R"({"routes": [{"path": "/a", "script": [{"stauts": 200}]}]})",
                    "flaky.json: routes[0].script[0].stauts: unknown field"},
        BadScenario{R"({"routes": [{"path": "/a", "script": [{"fault": "explode"}]}]})",
                    "flaky.json: routes[0].script[0].fault: expected one of timeout, reset, refused, malformed, "
                    "truncated, drip, got \"explode\""},
        BadScenario{R"({"routes": [{"path": "/a", "script": [{"latency_ms": -1}]}]})",
                    "flaky.json: routes[0].script[0].latency_ms: expected a number ≥ 0, got -1"},
        BadScenario{R"({"routes": [{"path": "/a", "script": [{"drip": {}}]}]})",
                    "flaky.json: routes[0].script[0].drip: only with \"fault\": \"drip\""},
        BadScenario{R"({"routes": [{"path": "/a", "script": [{"fault": "drip", "drip": {"chunk_bytes": 0}}]}]})",
                    "flaky.json: routes[0].script[0].drip.chunk_bytes: expected an integer ≥ 1, got 0"},
        BadScenario{R"({"routes": [{"path": "/a", "script": [{"fault": "drip", "drip": {"interval_ms": 0}}]}]})",
                    "flaky.json: routes[0].script[0].drip.interval_ms: expected a number > 0, got 0"},
        BadScenario{R"({"routes": [{"path": "/a", "script": [{"fault": "drip", "drip": {"bytes": 1}}]}]})",
                    "flaky.json: routes[0].script[0].drip.bytes: unknown field"},
        BadScenario{R"({"routes": [{"path": "/a", "script": [{"fault": "truncated", "body": "x"}]}]})",
                    "flaky.json: routes[0].script[0]: a truncated step needs a body of at least 2 bytes"},
        BadScenario{R"({"routes": [{"path": "/a", "script": [{"body": "x", "json": {}}]}]})",
                    "flaky.json: routes[0].script[0]: expected at most one of body or json"},
        BadScenario{R"({"routes": [{"path": "/a", "script": [{"body": {}}]}]})",
                    "flaky.json: routes[0].script[0].body: expected a string, got an object"},
        BadScenario{R"({"routes": [{"path": "/a", "script": [{"lose_response": 1}]}]})",
                    "flaky.json: routes[0].script[0].lose_response: expected true or false, got 1"},
        BadScenario{R"({"routes": [{"path": "/a", "script": [{"headers": {"Bad Name": "x"}}]}]})",
                    "flaky.json: routes[0].script[0].headers.Bad Name: not a valid header name"},
        BadScenario{R"({"routes": [{"path": "/a", "script": [{"headers": {"X-A": true}}]}]})",
                    "flaky.json: routes[0].script[0].headers.X-A: expected a string, got true"}));

INSTANTIATE_TEST_SUITE_P(
    Models, ScenarioParserErrors,
    ::testing::Values(
        BadScenario{R"({"routes": [{"path": "/a", "model": {"status": 600}}]})",
                    "flaky.json: routes[0].model.status: expected an integer 100–599, got 600"},
        BadScenario{R"({"routes": [{"path": "/a", "model": {"body": "x", "json": 1}}]})",
                    "flaky.json: routes[0].model: expected at most one of body or json"},
        BadScenario{R"({"routes": [{"path": "/a", "model": {"failure_ratio": 0.5}}]})",
                    "flaky.json: routes[0].model.failure_ratio: unknown field"},
        BadScenario{R"({"routes": [{"path": "/a", "model": {"failure_rate": 1.5}}]})",
                    "flaky.json: routes[0].model.failure_rate: expected a number 0–1, got 1.5"},
        BadScenario{R"({"routes": [{"path": "/a", "model": {"timeout_rate": -0.1}}]})",
                    "flaky.json: routes[0].model.timeout_rate: expected a number 0–1, got -0.1"},
        BadScenario{
            R"({"routes": [{"path": "/a", "model": {"failure_rate": 0.5, "timeout_rate": 0.4, "reset_rate": 0.3}}]})",
            "flaky.json: routes[0].model: failure_rate + timeout_rate + reset_rate must be at most 1, got 1.2"},
        BadScenario{R"({"routes": [{"path": "/a", "model": {"failure_statuses": {}}}]})",
                    "flaky.json: routes[0].model.failure_statuses: expected at least one status and its weight"},
        BadScenario{R"({"routes": [{"path": "/a", "model": {"failure_statuses": {"abc": 1}}}]})",
                    "flaky.json: routes[0].model.failure_statuses.abc: expected a status code 100–599"},
        BadScenario{R"({"routes": [{"path": "/a", "model": {"failure_statuses": {"600": 1}}}]})",
                    "flaky.json: routes[0].model.failure_statuses.600: expected a status code 100–599"},
        BadScenario{R"({"routes": [{"path": "/a", "model": {"failure_statuses": {"503": 0}}}]})",
                    "flaky.json: routes[0].model.failure_statuses.503: expected a number > 0, got 0"},
        BadScenario{R"({"routes": [{"path": "/a", "model": {"failure_body": 5}}]})",
                    "flaky.json: routes[0].model.failure_body: expected a string, got 5"},
        BadScenario{R"({"routes": [{"path": "/a", "model": {"retry_after": {"seconds": -1}}}]})",
                    "flaky.json: routes[0].model.retry_after.seconds: expected an integer ≥ 0 or [min, max], got -1"},
        BadScenario{R"({"routes": [{"path": "/a", "model": {"retry_after": {"seconds": [5, 2]}}}]})",
                    "flaky.json: routes[0].model.retry_after.seconds: expected [min, max], two integers with 0 ≤ min "
                    "≤ max, got [5,2]"},
        BadScenario{R"({"routes": [{"path": "/a", "model": {"retry_after": {"seconds": 1, "format": "date"}}}]})",
                    "flaky.json: routes[0].model.retry_after.format: expected one of seconds, http_date, got \"date\""},
        BadScenario{R"({"routes": [{"path": "/a", "model": {"retry_after": {"seconds": 1, "jitter": true}}}]})",
                    "flaky.json: routes[0].model.retry_after.jitter: unknown field"}));

INSTANTIATE_TEST_SUITE_P(
    Latency, ScenarioParserErrors,
    ::testing::Values(
        BadScenario{R"({"routes": [{"path": "/a", "model": {"latency": "fast"}}]})",
                    "flaky.json: routes[0].model.latency: expected a number ≥ 0 or an object, got \"fast\""},
        BadScenario{R"({"routes": [{"path": "/a", "model": {"latency": -5}}]})",
                    "flaky.json: routes[0].model.latency: expected a number ≥ 0 or an object, got -5"},
        BadScenario{R"({"routes": [{"path": "/a", "model": {"latency": {}}}]})",
                    "flaky.json: routes[0].model.latency.distribution: expected one of fixed, uniform, normal, "
                    "lognormal, exponential, got nothing"},
        BadScenario{R"({"routes": [{"path": "/a", "model": {"latency": {"distribution": "gamma"}}}]})",
                    "flaky.json: routes[0].model.latency.distribution: expected one of fixed, uniform, normal, "
                    "lognormal, exponential, got \"gamma\""},
        BadScenario{R"({"routes": [{"path": "/a", "model": {"latency": {"distribution": "fixed"}}}]})",
                    "flaky.json: routes[0].model.latency.ms: expected a number ≥ 0, got nothing"},
        BadScenario{
            R"({"routes": [{"path": "/a", "model": {"latency": {"distribution": "uniform", "min_ms": 50, "max_ms": 10}}}]})",
            "flaky.json: routes[0].model.latency.max_ms: expected a number ≥ 50, got 10"},
        BadScenario{
            R"({"routes": [{"path": "/a", "model": {"latency": {"distribution": "normal", "mean_ms": 5, "stddev_ms": -1}}}]})",
            "flaky.json: routes[0].model.latency.stddev_ms: expected a number ≥ 0, got -1"},
        BadScenario{
            R"({"routes": [{"path": "/a", "model": {"latency": {"distribution": "lognormal", "median_ms": 0, "p99_ms": 9}}}]})",
            "flaky.json: routes[0].model.latency.median_ms: expected a number > 0, got 0"},
        BadScenario{
            R"({"routes": [{"path": "/a", "model": {"latency": {"distribution": "lognormal", "median_ms": 100, "p99_ms": 50}}}]})",
            "flaky.json: routes[0].model.latency.p99_ms: expected a number ≥ 100, got 50"},
        BadScenario{
            R"({"routes": [{"path": "/a", "model": {"latency": {"distribution": "exponential", "mean_ms": 0}}}]})",
            "flaky.json: routes[0].model.latency.mean_ms: expected a number > 0, got 0"},
        BadScenario{
            R"({"routes": [{"path": "/a", "model": {"latency": {"distribution": "exponential", "mean_ms": 9, "ms": 5}}}]})",
            "flaky.json: routes[0].model.latency.ms: unknown field"},
        BadScenario{
            R"({"routes": [{"path": "/a", "model": {"latency": {"distribution": "fixed", "ms": 9, "cap_ms": 0}}}]})",
            "flaky.json: routes[0].model.latency.cap_ms: expected a number > 0, got 0"}));

TEST(ScenarioParser, FindsTheFirstMatchingRoute)
{
    const SimScenario s = valid(R"({"routes": [
        {"method": "GET", "path": "/users/me", "script": [{}]},
        {"method": "GET", "path": "/users/:id/orders", "script": [{}]},
        {"method": "GET", "path": "/users/:id", "script": [{}]},
        {"method": "POST", "path": "/orders", "script": [{}]},
        {"method": "GET", "path": "/static/*", "script": [{}]},
        {"path": "/any", "script": [{}]}]})");
    EXPECT_EQ(s.find("GET", u"/users/me"), 0);
    EXPECT_EQ(s.find("GET", u"/users/42"), 2);
    EXPECT_EQ(s.find("GET", u"/users/42/orders"), 1);
    EXPECT_EQ(s.find("GET", u"/users//orders"), -1);
    EXPECT_EQ(s.find("DELETE", u"/users/42"), -1);
    EXPECT_EQ(s.find("POST", u"/orders"), 3);
    EXPECT_EQ(s.find("GET", u"/orders"), -1);
    EXPECT_EQ(s.find("GET", u"/static/css/site.css"), 4);
    EXPECT_EQ(s.find("GET", u"/static"), 4); // a trailing * matches even nothing
    EXPECT_EQ(s.find("GET", u"/other"), -1);
    EXPECT_EQ(s.find("PATCH", u"/any"), 5);
    EXPECT_EQ(s.find("GET", u"/any/more"), -1);
}

TEST(ScenarioParser, EveryBuiltInScenarioParses)
{
    const QStringList names = builtinScenarioNames();
    EXPECT_EQ(
        names,
        (QStringList{QStringLiteral("demo"), QStringLiteral("healthy"), QStringLiteral("flaky-orders"),
                     QStringLiteral("rate-limited-search"), QStringLiteral("slow-reports"), QStringLiteral("outage")}));
    for (const QString& name : names) {
        SCOPED_TRACE(name.toStdString());
        const auto s = builtinScenario(name);
        ASSERT_TRUE(s);
        EXPECT_EQ(s->name, name);
        EXPECT_FALSE(s->description.isEmpty());
        EXPECT_FALSE(s->routes.isEmpty());
        for (const SimRoute& route : s->routes) {
            QList<std::pair<QByteArray, HeaderList>> answers;
            for (const SimStep& step : route.script)
                answers.append({step.body, step.headers});
            if (route.model)
                answers.append({route.model->body, route.model->headers});
            for (const auto& [body, headers] : answers) {
                if (body.startsWith('{')) {
                    EXPECT_TRUE(headers.contains("Content-Type")) << route.path.toStdString();
                }
            }
        }
    }
    EXPECT_FALSE(builtinScenario(u"no-such"));
    EXPECT_EQ(builtinDemoScenario().name, u"demo");
}

TEST(ScenarioParser, BuiltInScenariosSayWhatTheyPromise)
{
    const SimScenario orders = *builtinScenario(u"flaky-orders");
    const SimRoute& post = orders.routes.at(orders.find("POST", u"/orders"));
    ASSERT_TRUE(post.model);
    EXPECT_GT(post.model->failureRate, 0);
    EXPECT_GT(post.loseResponseRate, 0);
    EXPECT_TRUE(post.idempotencyStore);
    EXPECT_GE(orders.find("GET", u"/orders/A-1001"), 0);

    const SimScenario search = *builtinScenario(u"rate-limited-search");
    EXPECT_TRUE(search.routes.at(search.find("GET", u"/search")).rateLimit);
    const SimRoute& suggest = search.routes.at(search.find("GET", u"/search/suggest"));
    EXPECT_TRUE(suggest.cycle);
    ASSERT_EQ(suggest.script.size(), 3);
    EXPECT_EQ(suggest.script[0].status, 429);
    EXPECT_TRUE(suggest.script[0].headers.contains("Retry-After"));
    EXPECT_EQ(suggest.script[2].status, 200);

    const SimScenario reports = *builtinScenario(u"slow-reports");
    const SimRoute& report = reports.routes.at(reports.find("GET", u"/reports/7"));
    ASSERT_TRUE(report.model);
    EXPECT_EQ(report.model->latency.kind, SimLatency::Kind::LogNormal);
    EXPECT_GT(report.model->timeoutRate, 0);
    EXPECT_EQ(reports.routes.at(reports.find("GET", u"/reports/7/download")).script.at(0).fault, SimFault::Drip);

    const SimScenario outage = *builtinScenario(u"outage");
    for (const auto* path : {u"/status", u"/api/items", u"/api/v2/items"}) {
        const qsizetype i = outage.find("GET", path);
        ASSERT_GE(i, 0);
        ASSERT_EQ(outage.routes[i].outages.size(), 1);
        EXPECT_EQ(outage.routes[i].outages[0].fromMs, 5000);
        EXPECT_EQ(outage.routes[i].outages[0].toMs, 20000);
    }
    EXPECT_EQ(outage.routes.at(outage.find("GET", u"/api/v2/items")).outages[0].answer.fault, SimFault::Refused);
}

TEST(ScenarioParser, ResolvesFilesFirstThenBuiltInNames)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString previous = QDir::currentPath();
    ASSERT_TRUE(QDir::setCurrent(dir.path()));
    {
        // A file named like a built-in scenario wins.
        QFile file(QStringLiteral("healthy"));
        ASSERT_TRUE(file.open(QIODevice::WriteOnly));
        file.write(R"({"name": "mine", "routes": [{"path": "/mine", "script": [{}]}]})");
    }
    auto fromFile = resolveScenario(QStringLiteral("healthy"));
    auto builtin = resolveScenario(QStringLiteral("outage"));
    auto unknown = resolveScenario(QStringLiteral("no-such"));
    auto byPath = resolveScenario(dir.filePath(QStringLiteral("healthy")));
    QDir::setCurrent(previous);

    ASSERT_TRUE(fromFile) << fromFile.error().message.toStdString();
    EXPECT_EQ(fromFile->name, u"mine");
    ASSERT_TRUE(builtin) << builtin.error().message.toStdString();
    EXPECT_EQ(builtin->name, u"outage");
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().message.toStdString(),
              "no-such: neither a file nor a built-in scenario (built-in: demo, healthy, flaky-orders, "
              "rate-limited-search, slow-reports, outage)");
    ASSERT_TRUE(byPath);
    EXPECT_EQ(byPath->routes.at(0).path, u"/mine");
}

TEST(ScenarioParser, NamesTheFileOfAnError)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("broken.json"));
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write(R"({"routes": [{"path": "/a", "script": [{"status": 700}]}]})");
    file.close();
    auto s = resolveScenario(path);
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().message.toStdString(),
              "broken.json: routes[0].script[0].status: expected an integer 100–599, got 700");

    auto missing = loadScenario(dir.filePath(QStringLiteral("missing.json")));
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, Error::Code::Io);
    EXPECT_TRUE(missing.error().message.startsWith(dir.filePath(QStringLiteral("missing.json"))
                                                   + QStringLiteral(": cannot read: ")));
}
