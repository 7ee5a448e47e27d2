// The simulated server on a virtual clock: what each request gets, when,
// and what the server counts — exact, because time is virtual.
#include "engine/virtualclock.h"
#include "http/ratelimitheaders.h"
#include "sim/scenarioparser.h"
#include "sim/simbackend.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <gtest/gtest.h>

#include <algorithm>

using namespace jitterbug;

namespace {

SimScenario scenario(const char* json)
{
    auto parsed = parseScenario(json, QStringLiteral("test.json"));
    EXPECT_TRUE(parsed.has_value()) << parsed.error().message.toStdString();
    return parsed.value_or(SimScenario{});
}

struct Delivered {
    double atMs = -1;
    SimAnswer answer;
};

// One backend on its own virtual clock, and a way to send requests to it.
struct Server {
    explicit Server(const char* json, quint64 seed = 7)
        : backend(clock, scenario(json), seed)
    {
    }

    SimBackend::Ticket send(Delivered& into, const QByteArray& method, const QString& path,
                            const HeaderList& headers = {}, const QByteArray& body = {})
    {
        return backend.handle(SimRequest{method, path, headers, body}, [this, &into](const SimAnswer& answer) {
            into = Delivered{clock.nowMs(), answer};
        });
    }

    // Sends and runs the clock until the answer is out.
    Delivered request(const QByteArray& method, const QString& path, const HeaderList& headers = {},
                      const QByteArray& body = {})
    {
        Delivered d;
        send(d, method, path, headers, body);
        clock.run();
        return d;
    }

    VirtualClock clock;
    SimBackend backend;
};

HeaderList keyed(const QByteArray& key)
{
    HeaderList h;
    h.append("Idempotency-Key", key);
    return h;
}

} // namespace

TEST(SimBackend, ScriptStepsGoInTurnAfterTheirLatencyThenTheLastRepeats)
{
    Server s(R"({"routes": [{"method": "GET", "path": "/a", "script": [
        {"status": 503, "latency_ms": 30}, {"status": 200, "latency_ms": 5, "body": "ok"}]}]})");
    const Delivered first = s.request("GET", QStringLiteral("/a"));
    EXPECT_EQ(first.answer.status, 503);
    EXPECT_EQ(first.atMs, 30);
    const Delivered second = s.request("GET", QStringLiteral("/a"));
    EXPECT_EQ(second.answer.status, 200);
    EXPECT_EQ(second.answer.body, "ok");
    EXPECT_EQ(second.atMs, 35);
    EXPECT_EQ(s.request("GET", QStringLiteral("/a")).answer.status, 200);
    EXPECT_EQ(s.backend.stats().routes[0].hits, 3);
    EXPECT_EQ(s.backend.stats().routes[0].statuses.value(503), 1);
    EXPECT_EQ(s.backend.stats().routes[0].statuses.value(200), 2);
}

TEST(SimBackend, AnAnswerWithoutLatencyIsDeliveredInsideHandle)
{
    Server s(R"({"routes": [{"path": "/a", "script": [{"status": 204}]}]})");
    Delivered d;
    s.send(d, "GET", QStringLiteral("/a"));
    EXPECT_EQ(d.answer.status, 204);
}

TEST(SimBackend, CountersCanBePerClientKey)
{
    Server s(R"({"routes": [{"path": "/a", "count_by": {"header": "X-Client"},
        "script": [{"status": 503}, {"status": 200}]}]})");
    HeaderList alice;
    alice.append("X-Client", "alice");
    HeaderList bob;
    bob.append("X-Client", "bob");
    EXPECT_EQ(s.request("GET", QStringLiteral("/a"), alice).answer.status, 503);
    EXPECT_EQ(s.request("GET", QStringLiteral("/a"), bob).answer.status, 503);
    EXPECT_EQ(s.request("GET", QStringLiteral("/a"), alice).answer.status, 200);
    EXPECT_EQ(s.request("GET", QStringLiteral("/a"), bob).answer.status, 200);
}

TEST(SimBackend, UnknownRoutesGet404AndTheStatsPathAnswersJson)
{
    Server s(R"({"name": "one", "routes": [{"path": "/a", "script": [{"status": 200}]}]})");
    const Delivered missing = s.request("DELETE", QStringLiteral("/nowhere"));
    EXPECT_EQ(missing.answer.status, 404);
    EXPECT_TRUE(missing.answer.body.contains("no route for DELETE /nowhere"));
    s.request("GET", QStringLiteral("/a"));

    const Delivered stats = s.request("GET", QStringLiteral("/__jitterbug/stats"));
    EXPECT_EQ(stats.answer.status, 200);
    const QJsonObject json = QJsonDocument::fromJson(stats.answer.body).object();
    EXPECT_EQ(json.value(u"scenario").toString(), QStringLiteral("one"));
    EXPECT_EQ(json.value(u"requests").toInteger(), 2);
    EXPECT_EQ(json.value(u"unmatched").toInteger(), 1);
    const QJsonObject route = json.value(u"routes").toArray().at(0).toObject();
    EXPECT_EQ(route.value(u"path").toString(), QStringLiteral("/a"));
    EXPECT_EQ(route.value(u"hits").toInteger(), 1);
    EXPECT_EQ(route.value(u"statuses").toObject().value(u"200").toInteger(), 1);
}

TEST(SimBackend, ModelRatesAndLatencyMatchTheirSettingsOverManyRequests)
{
    Server s(R"({"routes": [{"path": "/m", "model": {
        "failure_rate": 0.2, "failure_statuses": {"503": 3, "500": 1},
        "timeout_rate": 0.05, "reset_rate": 0.05,
        "latency": {"distribution": "lognormal", "median_ms": 50, "p99_ms": 500}}}]})");
    constexpr int n = 20000;
    QList<double> latencies;
    int timeouts = 0;
    for (int i = 0; i < n; ++i) {
        const double sent = s.clock.nowMs();
        const Delivered d = s.request("GET", QStringLiteral("/m"));
        latencies.append(d.atMs - sent);
        timeouts += d.answer.fault == SimFault::Timeout;
    }
    const SimRouteStats& stats = s.backend.stats().routes[0];
    EXPECT_NEAR(timeouts / double(n), 0.05, 0.01);
    EXPECT_NEAR(stats.faults.value(QStringLiteral("reset")) / double(n), 0.05, 0.01);
    EXPECT_NEAR(stats.statuses.value(503) / double(n), 0.15, 0.015);
    EXPECT_NEAR(stats.statuses.value(500) / double(n), 0.05, 0.01);
    EXPECT_NEAR(stats.statuses.value(200) / double(n), 0.70, 0.015);
    std::sort(latencies.begin(), latencies.end());
    EXPECT_NEAR(latencies[n / 2], 50, 3);
    EXPECT_NEAR(latencies[n * 99 / 100], 500, 60);
}

TEST(SimBackend, TheSameSeedGivesTheSameAnswersAndAnotherSeedOthers)
{
    const char* json = R"({"routes": [{"path": "/m", "model": {"failure_rate": 0.5,
        "latency": {"distribution": "uniform", "min_ms": 1, "max_ms": 100}}}]})";
    auto run = [json](quint64 seed) {
        Server s(json, seed);
        QList<std::pair<int, double>> seen;
        for (int i = 0; i < 200; ++i) {
            const double sent = s.clock.nowMs();
            const Delivered d = s.request("GET", QStringLiteral("/m"));
            seen.append({d.answer.status, d.atMs - sent});
        }
        return seen;
    };
    EXPECT_EQ(run(1), run(1));
    EXPECT_NE(run(1), run(2));
}

TEST(SimBackend, FailureAnswersCarryRetryAfterInEitherForm)
{
    Server seconds(R"({"routes": [{"path": "/m", "model": {"failure_rate": 1, "failure_statuses": {"429": 1},
        "retry_after": {"seconds": [2, 4]}}}]})");
    QSet<QByteArray> values;
    for (int i = 0; i < 100; ++i)
        values.insert(seconds.request("GET", QStringLiteral("/m")).answer.headers.value("Retry-After"));
    EXPECT_EQ(values, (QSet<QByteArray>{"2", "3", "4"}));

    Server date(R"({"routes": [{"path": "/m", "model": {"failure_rate": 1,
        "retry_after": {"seconds": 30, "format": "http_date"}}}]})");
    // The virtual clock's wall time starts at 2026-01-01 00:00:00 UTC.
    EXPECT_EQ(date.request("GET", QStringLiteral("/m")).answer.headers.value("Retry-After"),
              "Thu, 01 Jan 2026 00:00:30 GMT");
}

TEST(SimBackend, ARateLimitAnswers429WithRetryAfterAndRateLimitHeaders)
{
    Server s(R"({"routes": [{"path": "/s", "rate_limit": {"requests": 2, "period_ms": 1000},
        "script": [{"status": 200}]}]})");
    const Delivered first = s.request("GET", QStringLiteral("/s"));
    EXPECT_EQ(first.answer.status, 200);
    const auto info = parseRateLimitHeaders(first.answer.headers, 0);
    ASSERT_TRUE(info.has_value());
    EXPECT_EQ(info->limit, 2);
    EXPECT_EQ(info->remaining, 1);
    EXPECT_EQ(info->windowMs, 1000);

    EXPECT_EQ(s.request("GET", QStringLiteral("/s")).answer.status, 200);
    const Delivered limited = s.request("GET", QStringLiteral("/s"));
    EXPECT_EQ(limited.answer.status, 429);
    EXPECT_EQ(limited.answer.headers.value("Retry-After"), "1");
    EXPECT_EQ(parseRateLimitHeaders(limited.answer.headers, 0)->remaining, 0);
    EXPECT_EQ(s.backend.stats().routes[0].rateLimited, 1);

    // Half a period later one token is back: 2 per second is one per 500 ms.
    s.clock.runUntil(500);
    EXPECT_EQ(s.request("GET", QStringLiteral("/s")).answer.status, 200);
    EXPECT_EQ(s.request("GET", QStringLiteral("/s")).answer.status, 429);
}

TEST(SimBackend, CapacityRejectsBeyondTheLimitAndFreesSlotsWhenAnswered)
{
    Server s(R"({"routes": [{"path": "/c", "capacity": {"concurrent": 2},
        "script": [{"status": 200, "latency_ms": 100}]}]})");
    Delivered a;
    Delivered b;
    Delivered c;
    s.send(a, "GET", QStringLiteral("/c"));
    s.send(b, "GET", QStringLiteral("/c"));
    s.send(c, "GET", QStringLiteral("/c"));
    EXPECT_EQ(c.answer.status, 503); // at once, no latency
    EXPECT_EQ(c.answer.headers.value("Retry-After"), "1");
    s.clock.run();
    EXPECT_EQ(a.answer.status, 200);
    EXPECT_EQ(b.answer.status, 200);
    EXPECT_EQ(s.request("GET", QStringLiteral("/c")).answer.status, 200);
    EXPECT_EQ(s.backend.stats().routes[0].overCapacity, 1);
}

TEST(SimBackend, CapacityCanQueueInsteadAndTheQueueWaitsItsTurn)
{
    Server s(R"({"routes": [{"path": "/q", "capacity": {"concurrent": 1, "overflow": "queue"},
        "script": [{"status": 200, "latency_ms": 100}]}]})");
    Delivered a;
    Delivered b;
    Delivered c;
    s.send(a, "GET", QStringLiteral("/q"));
    s.send(b, "GET", QStringLiteral("/q"));
    const SimBackend::Ticket third = s.send(c, "GET", QStringLiteral("/q"));
    s.clock.runUntil(150);
    s.backend.cancel(third); // the third client gives up while in line
    s.clock.run();
    EXPECT_EQ(a.atMs, 100);
    EXPECT_EQ(b.atMs, 200);
    EXPECT_EQ(c.atMs, -1);
}

TEST(SimBackend, AHeldRequestKeepsItsSlotUntilTheClientGivesUp)
{
    Server s(R"({"routes": [{"path": "/h", "capacity": {"concurrent": 1},
        "script": [{"fault": "timeout"}, {"status": 200}]}]})");
    Delivered held;
    const SimBackend::Ticket ticket = s.send(held, "GET", QStringLiteral("/h"));
    EXPECT_EQ(held.answer.fault, SimFault::Timeout);
    EXPECT_EQ(s.request("GET", QStringLiteral("/h")).answer.status, 503);
    s.backend.cancel(ticket);
    EXPECT_EQ(s.request("GET", QStringLiteral("/h")).answer.status, 200);
}

TEST(SimBackend, OutageWindowsAnswerForEveryRequestInsideThem)
{
    Server s(R"({"routes": [{"path": "/o", "outages": [{"from_ms": 1000, "to_ms": 2000}],
        "script": [{"status": 200}]}]})");
    EXPECT_EQ(s.request("GET", QStringLiteral("/o")).answer.status, 200);
    s.clock.runUntil(1000);
    EXPECT_EQ(s.request("GET", QStringLiteral("/o")).answer.status, 503);
    s.clock.runUntil(1999);
    EXPECT_EQ(s.request("GET", QStringLiteral("/o")).answer.status, 503);
    s.clock.runUntil(2000);
    EXPECT_EQ(s.request("GET", QStringLiteral("/o")).answer.status, 200);
    EXPECT_EQ(s.backend.stats().routes[0].inOutage, 2);
}

TEST(SimBackend, RetriesWithoutAKeyAfterLostResponsesDuplicateTheWork)
{
    Server s(R"({"routes": [{"method": "POST", "path": "/orders",
        "script": [{"status": 201, "lose_response": true}, {"status": 201, "lose_response": true}, {"status": 201}]}]})");
    // One order, tried three times by a client that sends no key.
    EXPECT_EQ(s.request("POST", QStringLiteral("/orders"), {}, "{\"item\":1}").answer.status, 503);
    EXPECT_EQ(s.request("POST", QStringLiteral("/orders"), {}, "{\"item\":1}").answer.status, 503);
    EXPECT_EQ(s.request("POST", QStringLiteral("/orders"), {}, "{\"item\":1}").answer.status, 201);
    const SimRouteStats& stats = s.backend.stats().routes[0];
    EXPECT_EQ(stats.sideEffects, 3);
    EXPECT_EQ(stats.lostResponses, 2);
    EXPECT_EQ(stats.replays, 0);
}

TEST(SimBackend, WithAKeyTheRetryGetsTheStoredAnswerAndTheWorkHappensOnce)
{
    Server s(R"({"routes": [{"method": "POST", "path": "/orders",
        "script": [{"status": 201, "body": "{\"order\":1}", "latency_ms": 40, "lose_response": true}, {"status": 201}]}]})");
    const Delivered lost = s.request("POST", QStringLiteral("/orders"), keyed("k1"), "{}");
    EXPECT_EQ(lost.answer.status, 503);
    const double sent = s.clock.nowMs();
    const Delivered replay = s.request("POST", QStringLiteral("/orders"), keyed("k1"), "{}");
    EXPECT_EQ(replay.answer.status, 201);
    EXPECT_EQ(replay.answer.body, "{\"order\":1}");
    EXPECT_EQ(replay.answer.headers.value("Idempotent-Replayed"), "true");
    EXPECT_EQ(replay.atMs - sent, 40);
    const SimRouteStats& stats = s.backend.stats().routes[0];
    EXPECT_EQ(stats.sideEffects, 1);
    EXPECT_EQ(stats.replays, 1);

    // Another key is another order.
    EXPECT_EQ(s.request("POST", QStringLiteral("/orders"), keyed("k2"), "{}").answer.status, 201);
    EXPECT_EQ(s.backend.stats().routes[0].sideEffects, 2);
}

TEST(SimBackend, AKeyInProgressGets409AndAKeyWithAnotherBodyGets422)
{
    Server s(R"({"routes": [{"method": "POST", "path": "/orders", "script": [{"status": 201, "latency_ms": 100}]}]})");
    Delivered first;
    Delivered concurrent;
    s.send(first, "POST", QStringLiteral("/orders"), keyed("k"), "a");
    s.send(concurrent, "POST", QStringLiteral("/orders"), keyed("k"), "a");
    EXPECT_EQ(concurrent.answer.status, 409);
    s.clock.run();
    EXPECT_EQ(first.answer.status, 201);
    EXPECT_EQ(s.request("POST", QStringLiteral("/orders"), keyed("k"), "b").answer.status, 422);
    EXPECT_EQ(s.backend.stats().routes[0].sideEffects, 1);
}

TEST(SimBackend, ARouteCanIgnoreKeysAndSafeMethodsNeverCommit)
{
    Server s(R"({"routes": [
        {"method": "POST", "path": "/naive", "idempotency": false, "script": [{"status": 201}]},
        {"method": "GET", "path": "/read", "script": [{"status": 200}]}]})");
    s.request("POST", QStringLiteral("/naive"), keyed("k"), "{}");
    s.request("POST", QStringLiteral("/naive"), keyed("k"), "{}");
    s.request("GET", QStringLiteral("/read"), keyed("k"));
    EXPECT_EQ(s.backend.stats().routes[0].sideEffects, 2);
    EXPECT_EQ(s.backend.stats().routes[1].sideEffects, 0);
}

TEST(SimBackend, ALoseRateCommitsThenAnswers503AtThatRate)
{
    Server s(R"({"routes": [{"method": "POST", "path": "/orders", "lose_response_rate": 0.25,
        "model": {"status": 201}}]})");
    for (int i = 0; i < 4000; ++i)
        s.request("POST", QStringLiteral("/orders"), {}, "{}");
    const SimRouteStats& stats = s.backend.stats().routes[0];
    EXPECT_EQ(stats.sideEffects, 4000);
    EXPECT_NEAR(stats.lostResponses / 4000.0, 0.25, 0.03);
    EXPECT_EQ(stats.statuses.value(503), stats.lostResponses);
}

TEST(SimBackend, AnAnswerStillPendingWhenTheClientLeavesIsCommittedAnyway)
{
    Server s(R"({"routes": [{"method": "POST", "path": "/orders", "capacity": {"concurrent": 1},
        "script": [{"status": 201, "latency_ms": 100}]}]})");
    Delivered gone;
    const SimBackend::Ticket ticket = s.send(gone, "POST", QStringLiteral("/orders"), keyed("k"), "{}");
    s.clock.runUntil(50);
    s.backend.cancel(ticket);
    // The server is still working on it: the slot is taken until 100 ms.
    EXPECT_EQ(s.request("POST", QStringLiteral("/orders"), keyed("other"), "{}").answer.status, 503);
    s.clock.run();
    EXPECT_EQ(gone.atMs, -1);
    EXPECT_EQ(
        s.request("POST", QStringLiteral("/orders"), keyed("k"), "{}").answer.headers.value("Idempotent-Replayed"),
        "true");
    EXPECT_EQ(s.backend.stats().routes[0].sideEffects, 1);
}

TEST(SimBackend, AHeldRequestWhoseClientLeftDuringItsLatencyFreesItsSlot)
{
    Server s(R"({"routes": [{"path": "/h", "capacity": {"concurrent": 1},
        "script": [{"fault": "timeout", "latency_ms": 2000}, {"status": 200}]}]})");
    Delivered held;
    const SimBackend::Ticket ticket = s.send(held, "GET", QStringLiteral("/h"));
    s.clock.runUntil(500);
    s.backend.cancel(ticket); // the client's timeout, before the server even decided to hang
    EXPECT_EQ(s.request("GET", QStringLiteral("/h")).answer.status, 503); // still working on it
    s.clock.runUntil(2500);
    EXPECT_EQ(s.request("GET", QStringLiteral("/h")).answer.status, 200);
}

TEST(SimBackend, ALongLineOfInstantAnswersDrainsWithoutRecursion)
{
    Server s(R"({"routes": [{"path": "/q", "capacity": {"concurrent": 1, "overflow": "queue"},
        "script": [{"status": 200, "latency_ms": 500}, {"status": 200}]}]})");
    constexpr int waiting = 50000;
    std::vector<Delivered> delivered(waiting + 1);
    for (Delivered& d : delivered)
        s.send(d, "GET", QStringLiteral("/q"));
    s.clock.run();
    EXPECT_TRUE(std::all_of(delivered.begin(), delivered.end(), [](const Delivered& d) { return d.atMs == 500; }));
    EXPECT_EQ(s.backend.stats().routes[0].statuses.value(200), waiting + 1);
}

TEST(SimBackend, AnswersNobodyReadIsNotCountedAsSent)
{
    Server s(
        R"({"routes": [{"path": "/c", "capacity": {"concurrent": 1}, "script": [{"status": 200, "latency_ms": 100}]}]})");
    Delivered gone;
    const SimBackend::Ticket ticket = s.send(gone, "GET", QStringLiteral("/c"));
    s.backend.cancel(ticket);
    s.clock.run();
    EXPECT_TRUE(s.backend.stats().routes[0].statuses.isEmpty());
    EXPECT_EQ(s.backend.stats().routes[0].hits, 1);
}

TEST(SimBackend, EveryAnswerOnARateLimitedRouteCarriesTheLimit)
{
    Server s(R"({"routes": [{"path": "/r", "rate_limit": {"requests": 5}, "capacity": {"concurrent": 1},
        "outages": [{"from_ms": 1000, "to_ms": 2000}], "script": [{"status": 200, "latency_ms": 10}]}]})");
    Delivered first;
    Delivered overCapacity;
    s.send(first, "GET", QStringLiteral("/r"));
    s.send(overCapacity, "GET", QStringLiteral("/r"));
    s.clock.run();
    s.clock.runUntil(1500);
    const Delivered outage = s.request("GET", QStringLiteral("/r"));
    for (const Delivered* d : std::initializer_list<const Delivered*>{&first, &overCapacity, &outage}) {
        EXPECT_TRUE(d->answer.headers.contains("RateLimit")) << d->answer.status;
        EXPECT_TRUE(d->answer.headers.contains("RateLimit-Policy")) << d->answer.status;
    }
    EXPECT_EQ(overCapacity.answer.status, 503);
    EXPECT_EQ(outage.answer.status, 503);
}

TEST(SimBackend, HeadIsAnsweredByGetRoutes)
{
    Server s(R"({"routes": [{"method": "GET", "path": "/health", "script": [{"status": 204}]}]})");
    EXPECT_EQ(s.request("HEAD", QStringLiteral("/health")).answer.status, 204);
    EXPECT_EQ(s.request("HEAD", QStringLiteral("/__jitterbug/stats")).answer.status, 200);
    EXPECT_EQ(s.request("POST", QStringLiteral("/health")).answer.status, 404);
}
