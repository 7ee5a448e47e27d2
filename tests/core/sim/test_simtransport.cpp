// The simulated backend behind the transport seam, and the engine over it:
// faults become the error codes the network transport reports for them.
#include "support/simharness.h"

#include "report/timelinejson.h"
#include "sim/scenarioparser.h"

#include <gtest/gtest.h>

using namespace jitterbug;
using namespace jitterbug::test;

namespace {

SimScenario scenario(const char* json)
{
    auto parsed = parseScenario(json, QStringLiteral("test.json"));
    EXPECT_TRUE(parsed.has_value()) << parsed.error().message.toStdString();
    return parsed.value_or(SimScenario{});
}

Request request(const char* method, const char* url, QByteArray body = {})
{
    Request r;
    r.method = method;
    r.url = QUrl(QString::fromLatin1(url));
    r.body = std::move(body);
    return r;
}

struct Exchange {
    ExchangeResult result;
    double atMs = -1;
};

Exchange exchange(VirtualClock& clock, SimTransport& transport, const Request& r, ExchangeOptions options = {})
{
    Exchange e;
    transport.start(r, options, [&](ExchangeResult result) {
        e.result = std::move(result);
        e.atMs = clock.nowMs();
    });
    clock.run();
    return e;
}

} // namespace

TEST(SimTransport, ServesStepsInTurnThenRepeatsTheLast)
{
    VirtualClock clock;
    SimTransport transport(
        clock, scenario(R"({"routes": [{"path": "/a", "script": [{"status": 503}, {"status": 200}]}]})"), 1);
    QList<int> statuses;
    for (int i = 0; i < 4; ++i) {
        const Exchange e = exchange(clock, transport, request("GET", "http://x/a"));
        statuses.append(e.result.response ? e.result.response->status : -1);
    }
    EXPECT_EQ(statuses, (QList<int>{503, 200, 200, 200}));
}

TEST(SimTransport, AnswersAfterTheLatencyAndNeverSynchronously)
{
    VirtualClock clock;
    SimTransport transport(clock, scenario(R"({"routes": [{"path": "/a", "script": [{"latency_ms": 0}]}]})"), 1);
    bool answered = false;
    transport.start(request("GET", "http://x/a"), {}, [&](ExchangeResult) { answered = true; });
    EXPECT_FALSE(answered);
    clock.run();
    EXPECT_TRUE(answered);
}

TEST(SimTransport, AbortSilencesAnExchangeAndOversizedBodiesFail)
{
    VirtualClock clock;
    SimTransport transport(
        clock, scenario(R"({"routes": [{"path": "/a", "script": [{"latency_ms": 40, "body": "0123456789"}]}]})"), 1);
    bool called = false;
    const auto id = transport.start(request("GET", "http://x/a"), {}, [&](ExchangeResult) { called = true; });
    transport.abort(id);
    clock.run();
    EXPECT_FALSE(called);

    ExchangeOptions small;
    small.maxResponseBytes = 5;
    EXPECT_EQ(exchange(clock, transport, request("GET", "http://x/a"), small).result.error,
              ErrorCode::ResponseTooLarge);
}

TEST(SimTransport, EachFaultEndsWithTheNetworkTransportsErrorCode)
{
    VirtualClock clock;
    SimTransport transport(clock, scenario(R"({"routes": [
        {"path": "/reset", "script": [{"fault": "reset", "latency_ms": 5}]},
        {"path": "/refused", "script": [{"fault": "refused"}]},
        {"path": "/malformed", "script": [{"fault": "malformed"}]},
        {"path": "/truncated", "script": [{"fault": "truncated", "body": "0123456789"}]},
        {"path": "/timeout", "script": [{"fault": "timeout"}]}]})"),
                           1);
    EXPECT_EQ(exchange(clock, transport, request("GET", "http://x/reset")).result.error, ErrorCode::ConnectionReset);
    EXPECT_EQ(exchange(clock, transport, request("GET", "http://x/refused")).result.error,
              ErrorCode::ConnectionRefused);
    EXPECT_EQ(exchange(clock, transport, request("GET", "http://x/malformed")).result.error, ErrorCode::ProtocolError);
    EXPECT_EQ(exchange(clock, transport, request("GET", "http://x/truncated")).result.error,
              ErrorCode::ConnectionReset);
    EXPECT_EQ(exchange(clock, transport, request("GET", "http://x/timeout")).atMs, -1); // never answered
}

TEST(SimTransport, ADripTakesOneIntervalPerChunkAfterTheLatency)
{
    VirtualClock clock;
    SimTransport transport(clock, scenario(R"({"routes": [{"path": "/d", "script": [{"fault": "drip",
        "latency_ms": 50, "body": "0123456789", "drip": {"chunk_bytes": 4, "interval_ms": 100}}]}]})"),
                           1);
    const Exchange e = exchange(clock, transport, request("GET", "http://x/d"));
    ASSERT_TRUE(e.result.response.has_value());
    EXPECT_EQ(e.result.response->body, "0123456789");
    EXPECT_EQ(e.atMs, 350); // 50 ms, then 3 chunks of 4, 4 and 2 bytes 100 ms apart
}

TEST(SimTransport, ADripSlowerThanTheAttemptTimeoutIsATimeout)
{
    SimHarness sim(scenario(R"({"routes": [{"path": "/d", "script": [{"fault": "drip", "body": "0123456789",
        "drip": {"chunk_bytes": 1, "interval_ms": 100}}]}]})"));
    RetryPolicy policy = noJitter();
    policy.maxAttempts = 1;
    policy.attemptTimeoutMs = 500;
    const Timeline t = sim.run(get(QStringLiteral("http://x/d")), policy);
    ASSERT_EQ(t.attempts.size(), 1);
    EXPECT_EQ(t.attempts[0].error, ErrorCode::Timeout);
    EXPECT_EQ(t.attempts[0].endedMs, 500);
}

TEST(SimTransport, RetriesWithoutAKeyDuplicateOrdersAndAnAutoKeyMakesEachOrderOnce)
{
    const char* orders = R"({"routes": [{"method": "POST", "path": "/orders", "lose_response_rate": 0.3,
        "model": {"status": 201, "json": {"order": "A-1"}, "failure_rate": 0.1}}]})";
    RetryPolicy policy = noJitter();
    policy.maxAttempts = 6;
    policy.retryUnsafe = true; // the mistake: retrying a POST with nothing to make it safe

    SimHarness unkeyed(scenario(orders), 3);
    int succeeded = 0;
    for (int i = 0; i < 200; ++i)
        succeeded += unkeyed.run(post(QStringLiteral("http://shop.test/orders")), policy).outcome.succeeded;
    const SimRouteStats& duplicated = unkeyed.transport.backend().stats().routes[0];
    EXPECT_GT(duplicated.sideEffects, succeeded); // more orders than customers who ordered
    EXPECT_EQ(duplicated.sideEffects, duplicated.statuses.value(201) + duplicated.lostResponses);

    policy.retryUnsafe = false;
    policy.idempotencyKey = "auto"; // a fresh key per call, the same on each of its attempts
    SimHarness keyed(scenario(orders), 3);
    int keyedSucceeded = 0;
    int calls = 200;
    for (int i = 0; i < calls; ++i)
        keyedSucceeded += keyed.run(post(QStringLiteral("http://shop.test/orders")), policy).outcome.succeeded;
    const SimRouteStats& once = keyed.transport.backend().stats().routes[0];
    EXPECT_LE(once.sideEffects, calls); // never more than one order per call
    EXPECT_EQ(once.sideEffects - once.lostResponses + once.replays, keyedSucceeded);
    EXPECT_GT(once.replays, 0);
}

TEST(SimTransport, TheSameSeedGivesTheSameTimelineBytesAndAnotherSeedDoesNot)
{
    const char* flaky = R"({"routes": [{"path": "/f", "model": {"failure_rate": 0.4, "reset_rate": 0.1,
        "latency": {"distribution": "exponential", "mean_ms": 40}}}]})";
    auto timelines = [flaky](quint64 seed) {
        SimHarness sim(scenario(flaky), seed);
        QByteArray all;
        for (int i = 0; i < 50; ++i)
            all += timelineToJson(sim.run(get(QStringLiteral("http://x/f")), RetryPolicy{}));
        return all;
    };
    EXPECT_EQ(timelines(11), timelines(11));
    EXPECT_NE(timelines(11), timelines(12));
}
