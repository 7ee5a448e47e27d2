#include "herdresult.h"

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

void finishHerdResult(HerdResult& result)
{
    std::sort(result.completionTimesMs.begin(), result.completionTimesMs.end());
    result.p50CompletionMs = percentile(result.completionTimesMs, 50);
    result.p99CompletionMs = percentile(result.completionTimesMs, 99);
    double peak = 0;
    for (const HerdLoadBucket& bucket : std::as_const(result.load))
        peak = std::max(peak, bucket.offered);
    result.peakLoadPerSecond = result.bucketMs > 0 ? peak * 1000.0 / result.bucketMs : 0;
}

} // namespace jitterbug
