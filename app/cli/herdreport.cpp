#include "herdreport.h"

#include "util/duration.h"
#include "util/jsonwriter.h"

#include <QJsonDocument>

#include <algorithm>
#include <cmath>

namespace jitterbug::cli {

namespace {

QString number(double value)
{
    return QString::number(value, 'f', 3);
}

// The completion time below which `fraction` of the clients finished.
double completionAt(const QList<double>& sorted, double fraction)
{
    if (sorted.isEmpty())
        return 0;
    const auto rank = static_cast<qsizetype>(std::ceil(fraction * static_cast<double>(sorted.size())));
    return sorted[std::clamp<qsizetype>(rank - 1, 0, sorted.size() - 1)];
}

} // namespace

QByteArray herdCsv(const QList<HerdResult>& results)
{
    QString out = QStringLiteral("clients,strategy,mean_time_ms,mean_calls,p50_completion_ms,p99_completion_ms,"
                                 "peak_load_per_s,mean_rejected,mean_failed_calls\n");
    for (const HerdResult& r : results) {
        QString strategy = r.strategy;
        if (strategy.contains(u',') || strategy.contains(u'"'))
            strategy = u'"' + strategy.replace(u'"', QStringLiteral("\"\"")) + u'"';
        out += QStringList{QString::number(r.clients),  strategy,
                           number(r.meanTimeMs),        number(r.meanCalls),
                           number(r.p50CompletionMs),   number(r.p99CompletionMs),
                           number(r.peakLoadPerSecond), number(r.meanRejected),
                           number(r.meanFailedCalls)}
                   .join(u',')
            + u'\n';
    }
    return out.toUtf8();
}

QByteArray herdJson(const QList<HerdResult>& results, const HerdRunDescription& run)
{
    JsonWriter out;
    out.beginObject();
    out.key(u"model").value(run.model);
    out.key(u"trials").value(run.trials);
    out.key(u"seed").value(run.seed);
    out.key(u"settings").raw(QJsonDocument(run.settings).toJson(QJsonDocument::Compact));
    out.key(u"results").beginArray();
    for (const HerdResult& r : results) {
        out.beginObject();
        out.key(u"clients").value(r.clients);
        out.key(u"strategy").value(r.strategy);
        out.key(u"trials").value(r.trials);
        out.key(u"mean_time_ms").value(r.meanTimeMs);
        out.key(u"mean_calls").value(r.meanCalls);
        out.key(u"p50_completion_ms").value(r.p50CompletionMs);
        out.key(u"p99_completion_ms").value(r.p99CompletionMs);
        out.key(u"peak_load_per_s").value(r.peakLoadPerSecond);
        out.key(u"mean_rejected").value(r.meanRejected);
        out.key(u"mean_failed_calls").value(r.meanFailedCalls);
        out.key(u"events").value(r.events);
        out.key(u"load").beginObject();
        out.key(u"bucket_ms").value(r.bucketMs);
        const auto series = [&out, &r](QStringView name, double HerdLoadBucket::*field) {
            out.key(name).beginArray();
            for (const HerdLoadBucket& b : r.load)
                out.value(b.*field);
            out.endArray();
        };
        series(u"offered", &HerdLoadBucket::offered);
        series(u"accepted", &HerdLoadBucket::accepted);
        series(u"rejected", &HerdLoadBucket::rejected);
        out.endObject();
        out.key(u"completion_percentiles_ms").beginArray();
        for (int p = 0; p <= 100; ++p)
            out.value(p == 0 ? r.completionTimesMs.value(0) : completionAt(r.completionTimesMs, p / 100.0));
        out.endArray();
        out.endObject();
    }
    out.endArray();
    out.endObject();
    return out.take() + '\n';
}

QString herdTable(const QList<HerdResult>& results, const HerdRunDescription& run)
{
    const bool capacity = run.model == u"capacity";
    // A strategy named after a policy file or a request can be long.
    qsizetype nameWidth = 13;
    for (const HerdResult& r : results)
        nameWidth = std::max(nameWidth, r.strategy.size());
    const int strategyColumn = -static_cast<int>(nameWidth + 1);
    QString out = QStringLiteral("%1 %2 %3 %4 %5 %6 %7")
                      .arg(QStringLiteral("clients"), 7)
                      .arg(QStringLiteral("strategy"), strategyColumn)
                      .arg(QStringLiteral("mean time"), 11)
                      .arg(capacity ? QStringLiteral("requests") : QStringLiteral("mean calls"), 11)
                      .arg(QStringLiteral("p50 done"), 10)
                      .arg(QStringLiteral("p99 done"), 10)
                      .arg(QStringLiteral("peak load/s"), 12);
    out += capacity ? QStringLiteral(" %1 %2\n").arg(QStringLiteral("503s"), 9).arg(QStringLiteral("gave up"), 9)
                    : QStringLiteral("\n");
    for (const HerdResult& r : results) {
        out += QStringLiteral("%1 %2 %3 %4 %5 %6 %7")
                   .arg(r.clients, 7)
                   .arg(r.strategy, strategyColumn)
                   .arg(formatDuration(r.meanTimeMs), 11)
                   .arg(QString::number(r.meanCalls, 'f', 1), 11)
                   .arg(formatDuration(r.p50CompletionMs), 10)
                   .arg(formatDuration(r.p99CompletionMs), 10)
                   .arg(QString::number(r.peakLoadPerSecond, 'f', 0), 12);
        out += capacity ? QStringLiteral(" %1 %2\n")
                              .arg(QString::number(r.meanRejected, 'f', 1), 9)
                              .arg(QString::number(r.meanFailedCalls, 'f', 1), 9)
                        : QStringLiteral("\n");
    }
    out += QStringLiteral("(%1 model, means over %2 trials, seed %3)\n").arg(run.model).arg(run.trials).arg(run.seed);
    return out;
}

} // namespace jitterbug::cli
