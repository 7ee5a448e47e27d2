// The simulated backend on real sockets (what `serve` runs), met by the
// engine over its network transport: each fault is done for real on the
// connection and comes back as the error code the engine reports for it.
#include "engine/batchrun.h"
#include "engine/call.h"
#include "engine/engine.h"
#include "engine/realclock.h"
#include "server/simserver.h"
#include "sim/scenarioparser.h"
#include "transport/networktransport.h"

#include <QHostAddress>
#include <QSignalSpy>

#include <gtest/gtest.h>

using namespace jitterbug;

namespace {

SimScenario scenario(const char* json)
{
    auto parsed = parseScenario(json, QStringLiteral("test.json"));
    EXPECT_TRUE(parsed.has_value()) << parsed.error().message.toStdString();
    return parsed.value_or(SimScenario{});
}

// A SimServer on 127.0.0.1 and an engine on the real network transport.
struct Loopback {
    explicit Loopback(const char* json, quint64 seed = 1)
        : server(scenario(json), seed)
        , engine(clock, transport, seed)
    {
        EXPECT_TRUE(server.listen(QHostAddress::LocalHost, 0)) << server.errorString().toStdString();
    }

    Request request(const char* method, const char* path, QByteArray body = {}) const
    {
        Request r;
        r.method = method;
        r.url = QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(server.port()).arg(QLatin1StringView(path)));
        r.body = std::move(body);
        return r;
    }

    Timeline run(const Request& r, const RetryPolicy& policy)
    {
        // A signal spy runs a real event loop; QTest::qWaitFor would sleep
        // between rounds of events and slow every exchange down.
        Call* call = engine.send(r, policy);
        QSignalSpy finished(call, &Call::finished);
        EXPECT_TRUE(call->isFinished() || finished.wait(20000));
        return call->timeline();
    }

    SimServer server;
    RealClock clock;
    NetworkTransport transport;
    Engine engine;
};

RetryPolicy oneAttempt(double timeoutMs = 2000)
{
    RetryPolicy p;
    p.maxAttempts = 1;
    p.attemptTimeoutMs = timeoutMs;
    return p;
}

} // namespace

TEST(SimServer, EachFaultOnTheSocketIsReportedWithItsErrorCode)
{
    Loopback net(R"({"routes": [
        {"path": "/timeout", "script": [{"fault": "timeout"}]},
        {"path": "/reset", "script": [{"fault": "reset", "latency_ms": 5}]},
        {"path": "/refused", "script": [{"fault": "refused"}]},
        {"path": "/malformed", "script": [{"fault": "malformed"}]},
        {"path": "/truncated", "script": [{"fault": "truncated", "body": "0123456789"}]},
        {"path": "/drip", "script": [{"fault": "drip", "body": "0123456789", "drip": {"chunk_bytes": 1, "interval_ms": 100}}]},
        {"path": "/slow-drip", "script": [{"fault": "drip", "body": "0123456789", "drip": {"chunk_bytes": 1, "interval_ms": 200}}]}]})");
    struct Case {
        const char* path;
        ErrorCode error;
        double timeoutMs;
    };
    const Case cases[] = {
        {"/timeout", ErrorCode::Timeout, 300},
        {"/reset", ErrorCode::ConnectionReset, 2000},
        // The kernel accepted the connection before the server saw a request:
        // a refusal on a real socket can only be a reset before any byte.
        {"/refused", ErrorCode::ConnectionReset, 2000},
        {"/malformed", ErrorCode::ProtocolError, 2000},
        {"/truncated", ErrorCode::ConnectionReset, 2000},
        {"/slow-drip", ErrorCode::Timeout, 600},
    };
    for (const Case& c : cases) {
        const Timeline t = net.run(net.request("GET", c.path), oneAttempt(c.timeoutMs));
        ASSERT_EQ(t.attempts.size(), 1) << c.path;
        EXPECT_EQ(t.attempts[0].error, c.error) << c.path << ": " << t.attempts[0].errorDetail.toStdString();
    }
    // A drip that finishes within the timeout is a whole, slow response.
    const Timeline drip = net.run(net.request("GET", "/drip"), oneAttempt(5000));
    EXPECT_EQ(drip.outcome.status, 200);
    EXPECT_GE(drip.attempts[0].endedMs - drip.attempts[0].startedMs, 800); // ten 1-byte chunks 100 ms apart
}

TEST(SimServer, RetriesWithoutAKeyDuplicateOrdersOnTheWireAndAKeyPreventsIt)
{
    const char* orders = R"({"routes": [{"method": "POST", "path": "/orders",
        "script": [{"status": 201, "json": {"order": 1}, "lose_response": true}, {"status": 201, "json": {"order": 2}}]}]})";
    RetryPolicy policy;
    policy.baseDelayMs = 5;
    policy.retryUnsafe = true;

    Loopback unkeyed(orders);
    const Timeline duplicated = unkeyed.run(unkeyed.request("POST", "/orders", "{\"item\":1}"), policy);
    EXPECT_EQ(duplicated.outcome.status, 201);
    EXPECT_EQ(duplicated.attempts.size(), 2);
    EXPECT_EQ(unkeyed.server.backend().stats().routes[0].sideEffects, 2); // the customer is charged twice

    policy.retryUnsafe = false;
    policy.idempotencyKey = "auto";
    Loopback keyed(orders);
    const Timeline once = keyed.run(keyed.request("POST", "/orders", "{\"item\":1}"), policy);
    EXPECT_EQ(once.outcome.status, 201);
    EXPECT_EQ(once.attempts.size(), 2);
    const SimRouteStats& stats = keyed.server.backend().stats().routes[0];
    EXPECT_EQ(stats.sideEffects, 1);
    EXPECT_EQ(stats.replays, 1);
}

TEST(SimServer, ASoakOfTenThousandRequestsWithMixedFaultsDecidesEveryCall)
{
    Loopback net(R"({"routes": [{"path": "/mixed", "model": {
        "failure_rate": 0.15, "failure_statuses": {"503": 2, "500": 1, "429": 1},
        "timeout_rate": 0.005, "reset_rate": 0.03,
        "retry_after": {"seconds": 0},
        "latency": {"distribution": "exponential", "mean_ms": 0.2, "cap_ms": 5}}}]})",
                 99);
    RetryPolicy policy;
    policy.maxAttempts = 3;
    policy.baseDelayMs = 1;
    policy.maxDelayMs = 5;
    policy.attemptTimeoutMs = 250;
    constexpr int calls = 10000;
    BatchRun batch(net.engine, net.request("GET", "/mixed"), policy, calls, 32);
    int reported = 0;
    int attempts = 0;
    QObject::connect(&batch, &BatchRun::callFinished, &batch, [&](const Timeline& t, Call*) {
        ++reported;
        attempts += t.outcome.attempts;
    });
    QSignalSpy finished(&batch, &BatchRun::finished);
    batch.start();
    ASSERT_TRUE(finished.wait(120000));
    EXPECT_EQ(reported, calls); // every call came to an end and said so
    EXPECT_EQ(net.server.backend().stats().requests, attempts);
}
