// The capacity model: a sliding-window server with 503s, Retry-After and an
// outage, met by herds of clients running the engine's own policies.
#include "herd/capacitymodel.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

using namespace jitterbug;

namespace {

HerdStrategy strategy(const char* name, double baseMs = 10, double capMs = 1000)
{
    auto named = namedHerdStrategy(QString::fromLatin1(name), baseMs, capMs);
    EXPECT_TRUE(named.has_value());
    return named.value_or(HerdStrategy{});
}

CapacitySettings settings(int clients, int calls, int capacity)
{
    CapacitySettings s;
    s.clients = clients;
    s.callsPerClient = calls;
    s.capacityPerSecond = capacity;
    s.trials = 1;
    return s;
}

// The most acceptances any window (t − 1 s, t] holds; `times` are in arrival order.
qsizetype mostInOneSecond(const QList<double>& times)
{
    qsizetype most = 0;
    qsizetype first = 0;
    for (qsizetype last = 0; last < times.size(); ++last) {
        while (times[first] <= times[last] - 1000)
            ++first;
        most = std::max(most, last - first + 1);
    }
    return most;
}

double sum(const QList<HerdLoadBucket>& load, double HerdLoadBucket::*field)
{
    double total = 0;
    for (const HerdLoadBucket& bucket : load)
        total += bucket.*field;
    return total;
}

void expectSameResult(const HerdResult& a, const HerdResult& b)
{
    EXPECT_EQ(a.model, b.model);
    EXPECT_EQ(a.strategy, b.strategy);
    EXPECT_EQ(a.clients, b.clients);
    EXPECT_EQ(a.trials, b.trials);
    EXPECT_EQ(a.meanTimeMs, b.meanTimeMs);
    EXPECT_EQ(a.meanCalls, b.meanCalls);
    EXPECT_EQ(a.meanRejected, b.meanRejected);
    EXPECT_EQ(a.meanFailedCalls, b.meanFailedCalls);
    EXPECT_EQ(a.completionTimesMs, b.completionTimesMs);
    EXPECT_EQ(a.p50CompletionMs, b.p50CompletionMs);
    EXPECT_EQ(a.p99CompletionMs, b.p99CompletionMs);
    EXPECT_EQ(a.bucketMs, b.bucketMs);
    ASSERT_EQ(a.load.size(), b.load.size());
    for (qsizetype i = 0; i < a.load.size(); ++i) {
        EXPECT_EQ(a.load[i].offered, b.load[i].offered) << "bucket " << i;
        EXPECT_EQ(a.load[i].accepted, b.load[i].accepted) << "bucket " << i;
        EXPECT_EQ(a.load[i].rejected, b.load[i].rejected) << "bucket " << i;
    }
    EXPECT_EQ(a.peakLoadPerSecond, b.peakLoadPerSecond);
    EXPECT_EQ(a.events, b.events);
}

} // namespace

TEST(CapacityModel, NeverAcceptsMoreThanTheCapacityInAnySecond)
{
    struct Case {
        int capacity;
        int clients;
        qsizetype mostAllowed;
    };
    const QList<Case> cases{{1, 6, 1}, {2, 10, 2}, {7, 30, 7}, {25, 100, 25}};
    for (const Case& c : cases) {
        for (const char* name : {"none", "exponential", "full", "decorrelated"}) {
            CapacitySettings s = settings(c.clients, 2, c.capacity);
            s.netDelayMeanMs = 50; // "none" retries once per round trip
            s.netDelaySdMs = 10;
            s.serviceMs = 5;
            QList<double> accepted;
            const HerdResult result = runCapacity(s, strategy(name), {}, &accepted);
            const std::string label
                = std::to_string(c.clients) + " clients, capacity " + std::to_string(c.capacity) + ", " + name;
            EXPECT_TRUE(std::is_sorted(accepted.begin(), accepted.end())) << label;
            // Every call gets through in the end, and the herd keeps the server full.
            EXPECT_EQ(accepted.size(), c.clients * 2) << label;
            EXPECT_EQ(mostInOneSecond(accepted), c.mostAllowed) << label;
            EXPECT_GT(result.meanRejected, 0) << label;
            EXPECT_EQ(result.meanFailedCalls, 0) << label;
        }
    }
}

TEST(CapacityModel, AmpleCapacityServesEveryCallAtTheFirstAttempt)
{
    CapacitySettings s = settings(30, 4, 1'000'000);
    s.trials = 2;
    const HerdResult result = runCapacity(s, strategy("full"));
    EXPECT_EQ(result.model, QStringLiteral("capacity"));
    EXPECT_EQ(result.strategy, QStringLiteral("full"));
    EXPECT_EQ(result.clients, 30);
    EXPECT_EQ(result.trials, 2);
    EXPECT_EQ(result.meanCalls, 120);
    EXPECT_EQ(result.meanRejected, 0);
    EXPECT_EQ(result.meanFailedCalls, 0);
    EXPECT_EQ(result.completionTimesMs.size(), 60);
    EXPECT_EQ(sum(result.load, &HerdLoadBucket::accepted), 120);
    EXPECT_EQ(sum(result.load, &HerdLoadBucket::offered), 120);
    EXPECT_EQ(result.events, 2 * 120 * 2);
}

TEST(CapacityModel, ACallTakesTheTwoNetworkDelaysAndTheServiceTime)
{
    CapacitySettings s = settings(1, 3, 10);
    s.netDelayMeanMs = 10;
    s.netDelaySdMs = 0;
    s.serviceMs = 5;
    const HerdResult result = runCapacity(s, strategy("full"));
    EXPECT_EQ(result.completionTimesMs, QList<double>{75});
    EXPECT_EQ(result.meanTimeMs, 75);
    EXPECT_EQ(result.p50CompletionMs, 75);
}

TEST(CapacityModel, RetryAfterHoldsRejectedClientsBackASecond)
{
    CapacitySettings s = settings(20, 1, 5);
    s.netDelayMeanMs = 10;
    s.netDelaySdMs = 1;
    s.bucketMs = 100;
    s.retryAfterSeconds = 1;
    const HerdResult result = runCapacity(s, strategy("none"));
    // 20 arrive together and 5 get in; each second after, the rest try again.
    ASSERT_EQ(result.load.size(), 31); // the last round arrives just after 3 s
    EXPECT_EQ(result.load[0].offered, 20);
    EXPECT_EQ(result.load[0].accepted, 5);
    for (int i = 1; i < 10; ++i)
        EXPECT_EQ(result.load[i].offered, 0) << "bucket " << i;
    EXPECT_EQ(result.load[10].offered, 15);
    EXPECT_EQ(result.load[10].accepted, 5);
    EXPECT_EQ(result.meanCalls, 20 + 15 + 10 + 5);
    EXPECT_EQ(result.meanRejected, 15 + 10 + 5);
    EXPECT_GT(result.meanTimeMs, 3000);

    // Without the header the same herd comes straight back.
    s.retryAfterSeconds.reset();
    const HerdResult hammering = runCapacity(s, strategy("none"));
    EXPECT_GT(hammering.load[1].offered, 0);
}

TEST(CapacityModel, AcceptsNothingDuringTheOutage)
{
    CapacitySettings s = settings(20, 5, 1000);
    // The clients are mid-way through their calls when it starts.
    s.outageFromMs = 50;
    s.outageToMs = 1250;
    s.bucketMs = 100;
    QList<double> accepted;
    const HerdResult result = runCapacity(s, strategy("full", 50, 500), {}, &accepted);
    EXPECT_EQ(accepted.size(), 100);
    for (double t : accepted)
        EXPECT_TRUE(t < 50 || t >= 1250) << t;
    ASSERT_GE(result.load.size(), 13);
    for (int i = 1; i < 12; ++i)
        EXPECT_EQ(result.load[i].accepted, 0) << "bucket " << i;
    EXPECT_GT(sum(result.load, &HerdLoadBucket::rejected), 0);
    EXPECT_EQ(result.meanRejected, result.meanCalls - 100);
    EXPECT_EQ(result.meanFailedCalls, 0);
    EXPECT_GT(result.meanTimeMs, 1250);
}

TEST(CapacityModel, TheSameSeedGivesTheSameResult)
{
    CapacitySettings s = settings(40, 3, 10);
    s.trials = 2;
    s.retryAfterSeconds = 1;
    s.seed = 7;
    const HerdResult first = runCapacity(s, strategy("decorrelated"));
    const HerdResult second = runCapacity(s, strategy("decorrelated"));
    expectSameResult(first, second);

    s.seed = 8;
    EXPECT_NE(runCapacity(s, strategy("decorrelated")).completionTimesMs, first.completionTimesMs);
}

TEST(CapacityModel, StrategiesMeetTheSameNetwork)
{
    // Without contention nobody retries, so only the network sets the times.
    CapacitySettings s = settings(10, 5, 1'000'000);
    s.trials = 2;
    s.netDelaySdMs = 5;
    const HerdResult reference = runCapacity(s, strategy("none"));
    for (const char* name : {"exponential", "equal", "full", "decorrelated"}) {
        const HerdResult other = runCapacity(s, strategy(name));
        EXPECT_EQ(other.completionTimesMs, reference.completionTimesMs) << name;
        EXPECT_EQ(other.meanTimeMs, reference.meanTimeMs) << name;
    }
}

// With Retry-After: 1 and backoffs far below a second every strategy waits
// exactly the server's second, so with the same network every retry lands at
// the same instant whatever the strategy: the whole trial must match.
TEST(CapacityModel, RetriesMeetTheSameNetworkToo)
{
    CapacitySettings s = settings(30, 2, 5);
    s.retryAfterSeconds = 1;
    s.netDelaySdMs = 4;
    QList<double> reference;
    const HerdResult none = runCapacity(s, strategy("none"), {}, &reference);
    ASSERT_GT(none.meanRejected, 30) << "the herd must retry for this to say anything";
    for (const char* name : {"exponential", "equal", "full", "decorrelated"}) {
        QList<double> accepted;
        const HerdResult other = runCapacity(s, strategy(name, 1, 1), {}, &accepted);
        EXPECT_EQ(accepted, reference) << name;
        EXPECT_EQ(other.meanRejected, none.meanRejected) << name;
    }
}

// Calls that retry without end keep their attempts until they end: a herd
// that would run the memory out is stopped, with the reason.
TEST(CapacityModel, AHerdThatWouldExhaustMemoryIsStoppedWithAReason)
{
    const HerdResult result = runCapacity(settings(600, 1, 1), strategy("none"));
    EXPECT_EQ(result.trials, 0);
    EXPECT_TRUE(result.stopped.startsWith(QStringLiteral("stopped in trial 1 after "))) << result.stopped.toStdString();
    EXPECT_TRUE(result.completionTimesMs.isEmpty());
}

TEST(CapacityModel, APolicyWithTwoAttemptsGivesUpUnderOverload)
{
    HerdStrategy twoAttempts = strategy("full", 10, 100);
    twoAttempts.policy.maxAttempts = 2;
    const HerdResult result = runCapacity(settings(100, 1, 5), twoAttempts);
    EXPECT_GT(result.meanFailedCalls, 0);
    EXPECT_LE(result.meanCalls, 200);
    // A call that failed had no request accepted; every other call had one.
    EXPECT_EQ(sum(result.load, &HerdLoadBucket::accepted), 100 - result.meanFailedCalls);
    EXPECT_EQ(result.meanRejected, result.meanCalls - (100 - result.meanFailedCalls));
}

TEST(CapacityModel, CancelStopsBetweenTrials)
{
    CapacitySettings s = settings(5, 2, 100);
    s.trials = 10;
    QList<int> progress;
    HerdRunControl control;
    control.progress = [&](int done, int total) {
        EXPECT_EQ(total, 10);
        progress.append(done);
    };
    control.cancelled = [&] {
        return progress.size() >= 2;
    };
    const HerdResult result = runCapacity(s, strategy("full"), control);
    EXPECT_EQ(progress, (QList<int>{1, 2}));
    EXPECT_EQ(result.trials, 2);
    EXPECT_EQ(result.completionTimesMs.size(), 10);
    EXPECT_EQ(result.meanCalls, 10);
}

// A herd hammering a small server can take seconds per trial: Cancel does not wait for the trial to end.
TEST(CapacityModel, CancelStopsInsideALongTrial)
{
    CapacitySettings s = settings(2000, 5, 10);
    s.trials = 3;
    int asked = 0;
    HerdRunControl control;
    control.cancelled = [&asked] {
        return ++asked > 1;
    }; // let the first check pass, then cancel
    const HerdResult result = runCapacity(s, strategy("none"), control);
    EXPECT_GT(asked, 1) << "checked inside the trial, not only before it";
    EXPECT_EQ(result.trials, 0) << "a trial cut short is not counted";
    EXPECT_TRUE(result.completionTimesMs.isEmpty());
}

TEST(CapacityModel, InvalidSettingsNameTheirFlag)
{
    EXPECT_TRUE(validateCapacitySettings(CapacitySettings{}).has_value());

    const auto errorOf = [](auto change) {
        CapacitySettings s;
        change(s);
        const auto checked = validateCapacitySettings(s);
        return checked ? QString() : checked.error().message;
    };
    EXPECT_EQ(errorOf([](CapacitySettings& s) { s.capacityPerSecond = 0; }),
              QStringLiteral("--capacity: must be at least 1, got 0"));
    EXPECT_EQ(errorOf([](CapacitySettings& s) { s.clients = 0; }),
              QStringLiteral("--clients: must be 1 to 1000000, got 0"));
    EXPECT_EQ(errorOf([](CapacitySettings& s) { s.callsPerClient = 0; }),
              QStringLiteral("--calls: must be at least 1, got 0"));
    EXPECT_EQ(errorOf([](CapacitySettings& s) {
                  s.clients = 100'000;
                  s.callsPerClient = 101;
              }),
              QStringLiteral("--calls: 100000 clients × 101 calls is 10100000 calls per trial, over the limit of "
                             "10000000"));
    EXPECT_EQ(errorOf([](CapacitySettings& s) { s.trials = 0; }),
              QStringLiteral("--trials: must be 1 to 1000000, got 0"));
    EXPECT_EQ(errorOf([](CapacitySettings& s) { s.retryAfterSeconds = 1.5; }),
              QStringLiteral("--retry-after: must be a whole number of seconds from 0 to 1000000000, got 1.5"));
    EXPECT_EQ(errorOf([](CapacitySettings& s) { s.outageFromMs = 100; }),
              QStringLiteral("--outage: needs both a start and an end"));
    EXPECT_EQ(errorOf([](CapacitySettings& s) {
                  s.outageFromMs = 500;
                  s.outageToMs = 500;
              }),
              QStringLiteral("--outage: must be from < to, both ms ≥ 0, got 500 to 500"));
    EXPECT_EQ(errorOf([](CapacitySettings& s) {
                  s.outageFromMs = -1;
                  s.outageToMs = 500;
              }),
              QStringLiteral("--outage: must be from < to, both ms ≥ 0, got -1 to 500"));
    EXPECT_EQ(errorOf([](CapacitySettings& s) { s.netDelayMeanMs = -1; }),
              QStringLiteral("--net-delay-mean: must be a number of ms ≥ 0, got -1"));
    EXPECT_EQ(errorOf([](CapacitySettings& s) { s.netDelaySdMs = -2; }),
              QStringLiteral("--net-delay-sd: must be a number of ms ≥ 0, got -2"));
    EXPECT_EQ(errorOf([](CapacitySettings& s) { s.bucketMs = 0; }),
              QStringLiteral("--bucket: must be a number of ms ≥ 1, got 0"));
    EXPECT_EQ(errorOf([](CapacitySettings& s) { s.serviceMs = -3; }),
              QStringLiteral("--service: must be a number of ms ≥ 0, got -3"));
}
