#include "sim/scriptedtransport.h"
#include "sim/simscript.h"

#include "engine/virtualclock.h"

#include <gtest/gtest.h>

using namespace jitterbug;

namespace {

Expected<SimScript> parse(const char* json)
{
    return parseSimScript(json, QStringLiteral("flaky.json"));
}

} // namespace

TEST(SimScript, ParsesRoutesStepsAndFaults)
{
    auto s = parse(R"({"routes": [
        {"method": "get", "path": "/a", "then": "cycle", "script": [
            {"status": 503, "latency_ms": 12.5, "headers": {"Retry-After": "1"}, "body": "x"},
            {"fault": "timeout"}, {"fault": "reset"}, {"fault": "refused"}]}]})");
    ASSERT_TRUE(s) << s.error().message.toStdString();
    const SimRoute& r = s->routes.at(0);
    EXPECT_EQ(r.method, "GET");
    EXPECT_TRUE(r.cycle);
    ASSERT_EQ(r.script.size(), 4);
    EXPECT_EQ(r.script[0].status, 503);
    EXPECT_EQ(r.script[0].latencyMs, 12.5);
    EXPECT_EQ(r.script[0].headers.value("retry-after"), "1");
    EXPECT_EQ(r.script[1].fault, SimStep::Fault::Timeout);
    EXPECT_EQ(r.script[2].fault, SimStep::Fault::Reset);
    EXPECT_EQ(r.script[3].fault, SimStep::Fault::Refused);
}

struct BadScript {
    const char* json;
    const char* message;
};

class SimScriptErrors : public ::testing::TestWithParam<BadScript>
{
};

TEST_P(SimScriptErrors, NameTheFileAndThePlace)
{
    auto s = parse(GetParam().json);
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().message.toStdString(), GetParam().message);
}

INSTANTIATE_TEST_SUITE_P(
    Places, SimScriptErrors,
    ::testing::Values(BadScript{R"({"routes": [{"path": "/a", "script": [{"status": "abc"}]}]})",
                                "flaky.json: routes[0].script[0].status: expected an integer, got \"abc\""},
                      BadScript{R"({"routes": [{"path": "/a", "script": [{"status": 99}]}]})",
                                "flaky.json: routes[0].script[0].status: expected an integer 100–599, got 99"},
                      BadScript{
                          R"({"routes": [{"path": "/a", "script": [{"fault": "explode"}]}]})",
                          "flaky.json: routes[0].script[0].fault: expected timeout, reset or refused, got \"explode\""},
                      BadScript{R"({"routes": [{"path": "a", "script": [{}]}]})",
                                "flaky.json: routes[0].path: expected a path starting with /"},
                      BadScript{R"({"routes": [{"path": "/a", "script": []}]})",
                                "flaky.json: routes[0].script: expected a non-empty list of steps"},
                      BadScript{R"({"routes": [{"path": "/a", "script": [{"stauts": 200}]}]})",
                                "flaky.json: routes[0].script[0].stauts: unknown field"},
                      BadScript{R"({"routes": [{"path": "/a", "script": [{"headers": {"Bad Name": "x"}}]}]})",
                                "flaky.json: routes[0].script[0].headers.Bad Name: not a valid header name"},
                      BadScript{R"({"routes": []})", "flaky.json: routes: expected a non-empty list"},
                      BadScript{"{\n\"routes\": [\n}", "flaky.json: line 3: object is missing after a comma"}));

TEST(SimScript, RoutesMatchLiteralParameterAndWildcardPaths)
{
    SimRoute r;
    r.method = "GET";
    r.path = QStringLiteral("/users/:id/orders");
    EXPECT_TRUE(r.matches("GET", u"/users/42/orders"));
    EXPECT_FALSE(r.matches("GET", u"/users//orders"));
    EXPECT_FALSE(r.matches("POST", u"/users/42/orders"));
    EXPECT_FALSE(r.matches("GET", u"/users/42"));
    r.path = QStringLiteral("/static/*");
    EXPECT_TRUE(r.matches("GET", u"/static/a/b/c.css"));
    EXPECT_FALSE(r.matches("GET", u"/other"));
    r.method = "*";
    EXPECT_TRUE(r.matches("DELETE", u"/static/x"));
}

TEST(ScriptedTransport, ServesStepsInTurnThenRepeatsTheLast)
{
    VirtualClock clock;
    SimScript script = *parse(R"({"routes": [{"path": "/a", "script": [{"status": 503}, {"status": 200}]}]})");
    ScriptedTransport transport(clock, script);
    QList<int> statuses;
    for (int i = 0; i < 4; ++i) {
        transport.start(Request{"GET", QUrl(QStringLiteral("http://x/a")), {}, {}}, {},
                        [&](const ExchangeResult& r) { statuses.append(r.response ? r.response->status : -1); });
        clock.run();
    }
    EXPECT_EQ(statuses, (QList<int>{503, 200, 200, 200}));
}

TEST(ScriptedTransport, AnswersAfterTheLatencyAndNeverSynchronously)
{
    VirtualClock clock;
    ScriptedTransport transport(clock, *parse(R"({"routes": [{"path": "/a", "script": [{"latency_ms": 40}]}]})"));
    double answeredAt = -1;
    transport.start(Request{"GET", QUrl(QStringLiteral("http://x/a")), {}, {}}, {},
                    [&](ExchangeResult) { answeredAt = clock.nowMs(); });
    EXPECT_EQ(answeredAt, -1);
    clock.run();
    EXPECT_EQ(answeredAt, 40);
}

TEST(ScriptedTransport, UnknownRoutesGet404AndAbortSilences)
{
    VirtualClock clock;
    ScriptedTransport transport(clock, *parse(R"({"routes": [{"path": "/a", "script": [{"latency_ms": 40}]}]})"));
    int status = 0;
    transport.start(Request{"GET", QUrl(QStringLiteral("http://x/nowhere")), {}, {}}, {},
                    [&](const ExchangeResult& r) { status = r.response ? r.response->status : -1; });
    bool called = false;
    const auto id = transport.start(Request{"GET", QUrl(QStringLiteral("http://x/a")), {}, {}}, {},
                                    [&](ExchangeResult) { called = true; });
    transport.abort(id);
    clock.run();
    EXPECT_EQ(status, 404);
    EXPECT_FALSE(called);
}

TEST(ScriptedTransport, EnforcesTheResponseSizeCap)
{
    VirtualClock clock;
    ScriptedTransport transport(clock, *parse(R"({"routes": [{"path": "/a", "script": [{"body": "0123456789"}]}]})"));
    ExchangeOptions options;
    options.maxResponseBytes = 5;
    ErrorCode error = ErrorCode::None;
    transport.start(Request{"GET", QUrl(QStringLiteral("http://x/a")), {}, {}}, options,
                    [&](ExchangeResult r) { error = r.error; });
    clock.run();
    EXPECT_EQ(error, ErrorCode::ResponseTooLarge);
}

TEST(SimScript, TheBuiltInDemoParses)
{
    const SimScript demo = builtinDemoScript();
    EXPECT_NE(demo.find("GET", u"/flaky"), nullptr);
    EXPECT_NE(demo.find("POST", u"/orders"), nullptr);
    EXPECT_NE(demo.find("GET", u"/rate-limited"), nullptr);
}
