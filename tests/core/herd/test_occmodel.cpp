// The OCC herd experiment: what the model must show whatever the seed, and
// the AWS post's conclusions at its own settings.
#include "herd/occmodel.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

using namespace jitterbug;

namespace {

HerdStrategy strategy(const char* name, double baseMs = 5, double capMs = 2000)
{
    Expected<HerdStrategy> s = namedHerdStrategy(QString::fromLatin1(name), baseMs, capMs);
    EXPECT_TRUE(s.has_value()) << name;
    return s.value_or(HerdStrategy{});
}

OccSettings settings(int clients, int trials, quint64 seed = 7)
{
    OccSettings s;
    s.clients = clients;
    s.trials = trials;
    s.seed = seed;
    return s;
}

} // namespace

TEST(OccModel, OneClientWritesOnceWhateverTheStrategy)
{
    double time = -1;
    for (const QString& name : herdStrategyNames()) {
        const HerdResult r = runOcc(settings(1, 50), strategy(name.toLatin1().constData()));
        EXPECT_EQ(r.meanCalls, 1) << name.toStdString();
        EXPECT_EQ(r.meanRejected, 0) << name.toStdString();
        EXPECT_EQ(r.completionTimesMs.size(), 50);
        // Four messages of mean 10 ms each.
        EXPECT_NEAR(r.meanTimeMs, 40, 2) << name.toStdString();
        if (time >= 0) {
            EXPECT_EQ(r.meanTimeMs, time) << "the same network for every strategy";
        }
        time = r.meanTimeMs;
    }
}

// With exact delays every round starts together: all N write, one wins, the
// N − 1 others retry at once. So N + (N − 1) + … + 1 writes, 40 ms a round.
TEST(OccModel, WithoutBackoffOrJitterTheRoundsAreExact)
{
    for (int n : {1, 2, 5, 20, 64}) {
        OccSettings s = settings(n, 3);
        s.netDelaySdMs = 0;
        const HerdResult r = runOcc(s, strategy("none"));
        EXPECT_EQ(r.meanCalls, n * (n + 1) / 2.0) << n;
        EXPECT_DOUBLE_EQ(r.meanTimeMs, 40.0 * n) << n;
        EXPECT_DOUBLE_EQ(r.p50CompletionMs, 40.0 * std::ceil(n / 2.0)) << n;
    }
}

// With no delay and no wait at all every event of a round happens at one
// instant: events are ordered as they were caused, and the run still ends.
TEST(OccModel, WithZeroDelaysEveryRoundHappensAtOneInstant)
{
    for (const char* name : {"none", "decorrelated"}) {
        OccSettings s = settings(10, 2);
        s.netDelayMeanMs = 0;
        s.netDelaySdMs = 0;
        const HerdResult r = runOcc(s, strategy(name, 0, 0));
        EXPECT_EQ(r.meanCalls, 55) << name;
        EXPECT_EQ(r.meanTimeMs, 0) << name;
    }
}

// With noisy delays several clients can win in one "round", but the work
// still grows with the square of the herd: about ×3–4 per doubling.
TEST(OccModel, WithoutBackoffTheCallsGrowQuadratically)
{
    const double at25 = runOcc(settings(25, 40), strategy("none")).meanCalls;
    const double at50 = runOcc(settings(50, 40), strategy("none")).meanCalls;
    const double at100 = runOcc(settings(100, 40), strategy("none")).meanCalls;
    for (auto [small, large] : {std::pair{at25, at50}, {at50, at100}}) {
        EXPECT_GT(large / small, 2.8) << small << " → " << large;
        EXPECT_LT(large / small, 4.2) << small << " → " << large;
    }
    EXPECT_LT(at100, 100 * 101 / 2.0) << "never more than the lock-step rounds";
}

TEST(OccModel, TheSameSeedGivesTheSameResultsAndAnotherSeedOthers)
{
    const HerdResult a = runOcc(settings(30, 20, 11), strategy("full"));
    const HerdResult b = runOcc(settings(30, 20, 11), strategy("full"));
    EXPECT_EQ(a.meanTimeMs, b.meanTimeMs);
    EXPECT_EQ(a.meanCalls, b.meanCalls);
    EXPECT_EQ(a.completionTimesMs, b.completionTimesMs);
    ASSERT_EQ(a.load.size(), b.load.size());
    for (qsizetype i = 0; i < a.load.size(); ++i)
        EXPECT_EQ(a.load[i].offered, b.load[i].offered) << i;
    const HerdResult c = runOcc(settings(30, 20, 12), strategy("full"));
    EXPECT_NE(a.completionTimesMs, c.completionTimesMs);
}

TEST(OccModel, PairedStrategiesSeeTheSameNetworkDelays)
{
    QList<OccAttemptTrace> full;
    QList<OccAttemptTrace> plain;
    runOcc(settings(10, 1), strategy("full"), {}, &full);
    runOcc(settings(10, 1), strategy("exponential"), {}, &plain);
    const auto find = [](const QList<OccAttemptTrace>& trace, int client, int attempt) -> const OccAttemptTrace* {
        for (const OccAttemptTrace& t : trace) {
            if (t.client == client && t.attempt == attempt)
                return &t;
        }
        return nullptr;
    };
    int compared = 0;
    int retriesCompared = 0;
    for (const OccAttemptTrace& t : full) {
        const OccAttemptTrace* other = find(plain, t.client, t.attempt);
        if (!other)
            continue;
        ++compared;
        retriesCompared += t.attempt > 1;
        EXPECT_EQ(t.readRequestMs, other->readRequestMs);
        EXPECT_EQ(t.readReplyMs, other->readReplyMs);
        EXPECT_EQ(t.writeRequestMs, other->writeRequestMs);
        EXPECT_EQ(t.writeReplyMs, other->writeReplyMs);
    }
    EXPECT_GE(compared, 10);
    EXPECT_GT(retriesCompared, 0) << "retries too, not only first attempts";
    // The first writes are the same, so the same client wins the first round.
    const auto firstWinner = [](const QList<OccAttemptTrace>& trace) {
        const OccAttemptTrace* best = nullptr;
        for (const OccAttemptTrace& t : trace) {
            if (t.accepted && (!best || t.writeArrivedMs < best->writeArrivedMs))
                best = &t;
        }
        return best ? best->client : -1;
    };
    EXPECT_EQ(firstWinner(full), firstWinner(plain));
}

TEST(OccModel, WaitsAreTheEnginesBackoff)
{
    QList<OccAttemptTrace> trace;
    runOcc(settings(8, 1), strategy("exponential", 5, 30), {}, &trace);
    int retries = 0;
    for (const OccAttemptTrace& t : trace) {
        if (t.accepted) {
            EXPECT_EQ(t.waitMs, 0);
            continue;
        }
        // The wait after attempt k is the one before attempt k + 1: base · 2^(k−1), capped.
        EXPECT_DOUBLE_EQ(t.waitMs, std::min(30.0, 5 * std::pow(2.0, t.attempt - 1))) << t.attempt;
        ++retries;
    }
    EXPECT_GT(retries, 8);
    // A first read leaves at 0; a retry's read leaves after the write reply and the wait.
    for (const OccAttemptTrace& t : trace) {
        const double readSent = t.writeArrivedMs - t.readRequestMs - t.readReplyMs - t.writeRequestMs;
        if (t.attempt == 1) {
            EXPECT_NEAR(readSent, 0, 1e-9);
        }
        for (const OccAttemptTrace& previous : trace) {
            if (previous.client == t.client && previous.attempt == t.attempt - 1) {
                EXPECT_NEAR(readSent, previous.writeArrivedMs + previous.writeReplyMs + previous.waitMs, 1e-9);
            }
        }
    }
}

TEST(OccModel, TheLoadHistogramAddsUpToTheCalls)
{
    const HerdResult r = runOcc(settings(40, 10), strategy("equal"));
    double offered = 0;
    double accepted = 0;
    double rejected = 0;
    for (const HerdLoadBucket& b : r.load) {
        offered += b.offered;
        accepted += b.accepted;
        rejected += b.rejected;
    }
    EXPECT_NEAR(offered, r.meanCalls, 1e-9);
    EXPECT_NEAR(accepted, 40, 1e-9) << "one winning write per client";
    EXPECT_NEAR(rejected, r.meanRejected, 1e-9);
    EXPECT_EQ(r.completionTimesMs.size(), 40 * 10);
    EXPECT_TRUE(std::is_sorted(r.completionTimesMs.begin(), r.completionTimesMs.end()));
    EXPECT_GE(r.completionTimesMs.back(), r.p99CompletionMs);
    EXPECT_GE(r.p99CompletionMs, r.p50CompletionMs);
    double busiest = 0;
    for (const HerdLoadBucket& b : r.load)
        busiest = std::max(busiest, b.offered);
    EXPECT_DOUBLE_EQ(r.peakLoadPerSecond, busiest * 1000 / r.bucketMs);
    EXPECT_EQ(r.events, static_cast<qint64>(std::llround(4 * r.meanCalls * 10)));
}

// The post's figures (100 clients, base 5 ms, cap 2 s, network 10 ± 2 ms):
// jitter cuts the work by more than half, plain exponential backoff takes
// far longer than anything jittered, decorrelated sits between on work and
// is the quickest of the jittered ones.
TEST(OccModel, ThePostsConclusionsHold)
{
    const OccSettings s = settings(100, 100, 1);
    const HerdResult none = runOcc(s, strategy("none"));
    const HerdResult plain = runOcc(s, strategy("exponential"));
    const HerdResult equal = runOcc(s, strategy("equal"));
    const HerdResult full = runOcc(s, strategy("full"));
    const HerdResult decorrelated = runOcc(s, strategy("decorrelated"));
    EXPECT_LT(full.meanCalls, 0.5 * plain.meanCalls);
    EXPECT_LT(equal.meanCalls, 0.5 * plain.meanCalls);
    EXPECT_LT(plain.meanCalls, none.meanCalls);
    EXPECT_GT(decorrelated.meanCalls, full.meanCalls);
    EXPECT_LT(decorrelated.meanCalls, plain.meanCalls);
    EXPECT_GT(plain.meanTimeMs, 5 * full.meanTimeMs);
    EXPECT_LT(decorrelated.meanTimeMs, full.meanTimeMs);
    EXPECT_LT(full.meanTimeMs, equal.meanTimeMs);
}

TEST(OccModel, CancellingStopsBetweenTrials)
{
    int seen = 0;
    HerdRunControl control;
    control.progress = [&seen](int done, int total) {
        seen = done;
        EXPECT_EQ(total, 50);
    };
    control.cancelled = [&seen] {
        return seen >= 3;
    };
    const HerdResult r = runOcc(settings(20, 50), strategy("full"), control);
    EXPECT_EQ(r.trials, 3);
    EXPECT_EQ(r.completionTimesMs.size(), 3 * 20);
}

TEST(OccModel, BadSettingsNameTheFlag)
{
    OccSettings s = settings(0, 1);
    EXPECT_EQ(validateOccSettings(s).error().message, QStringLiteral("--clients: must be 1 to 1000000, got 0"));
    s = settings(5, 0);
    EXPECT_EQ(validateOccSettings(s).error().message, QStringLiteral("--trials: must be 1 to 1000000, got 0"));
    s = settings(5, 5);
    s.netDelaySdMs = -1;
    EXPECT_TRUE(validateOccSettings(s).error().message.startsWith(QStringLiteral("--net-delay-sd: ")));
    s.netDelaySdMs = 2;
    EXPECT_TRUE(validateOccSettings(s).has_value());
    s = settings(100'000, 101);
    EXPECT_EQ(validateOccSettings(s).error().message,
              QStringLiteral("--clients × --trials: at most 10000000 per strategy, got 100000 × 101"));
    EXPECT_EQ(namedHerdStrategy(u"jittery", 5, 2000).error().message,
              QStringLiteral("unknown strategy \"jittery\"; the strategies are none, exponential, equal, full, "
                             "decorrelated, or a policy file"));
}
