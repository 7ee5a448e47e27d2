#include "simstats.h"

namespace jitterbug {

qint64 SimStats::total(qint64 SimRouteStats::*field) const
{
    qint64 sum = 0;
    for (const SimRouteStats& route : routes)
        sum += route.*field;
    return sum;
}

QByteArray simStatsJson(const SimScenario& scenario, const SimStats& stats, JsonWriter::Style style)
{
    JsonWriter json(style);
    json.beginObject();
    json.key(u"scenario").value(scenario.name);
    json.key(u"requests").value(stats.requests);
    json.key(u"unmatched").value(stats.unmatched);
    json.key(u"side_effects").value(stats.total(&SimRouteStats::sideEffects));
    json.key(u"replays").value(stats.total(&SimRouteStats::replays));
    json.key(u"lost_responses").value(stats.total(&SimRouteStats::lostResponses));
    json.key(u"routes").beginArray();
    for (qsizetype i = 0; i < scenario.routes.size(); ++i) {
        const SimRoute& route = scenario.routes[i];
        const SimRouteStats& r = stats.routes[i];
        json.beginObject();
        json.key(u"method").value(route.method);
        json.key(u"path").value(route.path);
        json.key(u"hits").value(r.hits);
        json.key(u"side_effects").value(r.sideEffects);
        json.key(u"replays").value(r.replays);
        json.key(u"lost_responses").value(r.lostResponses);
        json.key(u"rate_limited").value(r.rateLimited);
        json.key(u"over_capacity").value(r.overCapacity);
        json.key(u"in_outage").value(r.inOutage);
        json.key(u"statuses").beginObject();
        for (auto it = r.statuses.cbegin(); it != r.statuses.cend(); ++it)
            json.key(QString::number(it.key())).value(it.value());
        json.endObject();
        json.key(u"faults").beginObject();
        for (auto it = r.faults.cbegin(); it != r.faults.cend(); ++it)
            json.key(it.key()).value(it.value());
        json.endObject();
        json.endObject();
    }
    json.endArray();
    json.endObject();
    return json.take() + '\n';
}

QString simStatsText(const SimScenario& scenario, const SimStats& stats)
{
    QString text
        = QStringLiteral("server: %1 requests, %2 unmatched; %3 side effects, %4 replayed, %5 lost responses\n")
              .arg(stats.requests)
              .arg(stats.unmatched)
              .arg(stats.total(&SimRouteStats::sideEffects))
              .arg(stats.total(&SimRouteStats::replays))
              .arg(stats.total(&SimRouteStats::lostResponses));
    for (qsizetype i = 0; i < scenario.routes.size(); ++i) {
        const SimRouteStats& r = stats.routes[i];
        if (r.hits == 0)
            continue;
        QStringList answers;
        for (auto it = r.statuses.cbegin(); it != r.statuses.cend(); ++it)
            answers.append(QStringLiteral("%1×%2").arg(it.value()).arg(it.key()));
        for (auto it = r.faults.cbegin(); it != r.faults.cend(); ++it)
            answers.append(QStringLiteral("%1×%2").arg(it.value()).arg(it.key()));
        text += QStringLiteral("  %1 %2: %3 hits (%4)")
                    .arg(QString::fromLatin1(scenario.routes[i].method), scenario.routes[i].path)
                    .arg(r.hits)
                    .arg(answers.join(QStringLiteral(", ")));
        if (r.sideEffects > 0)
            text += QStringLiteral("; %1 side effects, %2 replayed, %3 lost responses")
                        .arg(r.sideEffects)
                        .arg(r.replays)
                        .arg(r.lostResponses);
        text += QLatin1Char('\n');
    }
    return text;
}

} // namespace jitterbug
