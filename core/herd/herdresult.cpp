#include "herdresult.h"

#include "loadhistogram.h"

#include <algorithm>
#include <cmath>

namespace jitterbug {

namespace {

// The nearest-rank percentile of sorted values.
double percentile(const QList<double>& sorted, double p)
{
    if (sorted.isEmpty())
        return 0;
    const auto rank = static_cast<qsizetype>(std::ceil(p / 100.0 * static_cast<double>(sorted.size())));
    return sorted[std::clamp<qsizetype>(rank - 1, 0, sorted.size() - 1)];
}

} // namespace

void finishHerdResult(HerdResult& result, const HerdTotals& totals, LoadHistogram& load)
{
    result.bucketMs = load.widthMs();
    result.load = std::move(load.buckets());
    if (result.trials > 0) {
        const double trials = result.trials;
        result.meanTimeMs = totals.timeMs / trials;
        result.meanCalls = static_cast<double>(totals.requests) / trials;
        result.meanRejected = static_cast<double>(totals.rejected) / trials;
        result.meanFailedCalls = static_cast<double>(totals.failedCalls) / trials;
        for (HerdLoadBucket& bucket : result.load) {
            bucket.offered /= trials;
            bucket.accepted /= trials;
            bucket.rejected /= trials;
        }
    }
    std::sort(result.completionTimesMs.begin(), result.completionTimesMs.end());
    result.p50CompletionMs = percentile(result.completionTimesMs, 50);
    result.p99CompletionMs = percentile(result.completionTimesMs, 99);
    double peak = 0;
    for (const HerdLoadBucket& bucket : std::as_const(result.load))
        peak = std::max(peak, bucket.offered);
    result.peakLoadPerSecond = result.bucketMs > 0 ? peak * 1000.0 / result.bucketMs : 0;
}

Expected<void> validateHerdBasics(int clients, int trials, double netDelayMeanMs, double netDelaySdMs, double bucketMs)
{
    const auto fail = [](const char* flag, const QString& problem) {
        return invalidInput(QStringLiteral("--%1: %2").arg(QLatin1StringView(flag), problem));
    };
    const auto isMs = [](double ms) {
        return ms >= 0 && std::isfinite(ms);
    };
    if (clients < 1 || clients > 1'000'000)
        return fail("clients", QStringLiteral("must be 1 to 1000000, got %1").arg(clients));
    if (trials < 1 || trials > 1'000'000)
        return fail("trials", QStringLiteral("must be 1 to 1000000, got %1").arg(trials));
    if (static_cast<qint64>(clients) * trials > kHerdMaxClientRuns)
        return invalidInput(QStringLiteral("--clients × --trials: at most %1 per strategy, got %2 × %3")
                                .arg(kHerdMaxClientRuns)
                                .arg(clients)
                                .arg(trials));
    if (!isMs(netDelayMeanMs))
        return fail("net-delay-mean", QStringLiteral("must be a number of ms ≥ 0, got %1").arg(netDelayMeanMs));
    if (!isMs(netDelaySdMs))
        return fail("net-delay-sd", QStringLiteral("must be a number of ms ≥ 0, got %1").arg(netDelaySdMs));
    if (!(bucketMs >= 1) || !std::isfinite(bucketMs)) // finer buckets would only cost memory
        return fail("bucket", QStringLiteral("must be a number of ms ≥ 1, got %1").arg(bucketMs));
    return {};
}

} // namespace jitterbug
