#include "runsummary.h"

#include "util/duration.h"
#include "util/jsonwriter.h"

#include <algorithm>
#include <cmath>

namespace jitterbug {

void RunSummary::add(const Timeline& t)
{
    ++m_calls;
    m_succeeded += t.outcome.succeeded ? 1 : 0;
    m_fallbacks += t.outcome.fallback ? 1 : 0;
    m_attempts += t.outcome.attempts;
    m_totalWaitMs += t.queuedMs;
    for (const AttemptRecord& a : t.attempts) {
        if (a.decision == Decision::Retry)
            m_totalWaitMs += a.waitMs;
    }
    m_elapsed.push_back(t.outcome.elapsedMs);
    m_sorted = false;
}

double RunSummary::elapsedPercentileMs(double q) const
{
    if (m_elapsed.empty())
        return 0;
    if (!m_sorted) {
        std::sort(m_elapsed.begin(), m_elapsed.end());
        m_sorted = true;
    }
    const auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(m_elapsed.size())));
    return m_elapsed[std::clamp<std::size_t>(rank, 1, m_elapsed.size()) - 1];
}

QString RunSummary::text(double wallMs) const
{
    QString out = QStringLiteral("calls %1  succeeded %2  failed %3").arg(m_calls).arg(m_succeeded).arg(failed());
    if (m_fallbacks > 0)
        out += QStringLiteral(" (%1 answered by fallback)").arg(m_fallbacks);
    out += QStringLiteral("\nattempts %1  retries %2  total wait %3\n")
               .arg(m_attempts)
               .arg(retries())
               .arg(formatDuration(m_totalWaitMs));
    out += QStringLiteral("call time p50 %1  p95 %2  max %3  wall %4\n")
               .arg(formatDuration(elapsedPercentileMs(0.5)), formatDuration(elapsedPercentileMs(0.95)),
                    formatDuration(elapsedPercentileMs(1.0)), formatDuration(wallMs));
    return out;
}

QByteArray RunSummary::json(double wallMs) const
{
    JsonWriter out;
    out.beginObject();
    out.key(u"calls").value(m_calls);
    out.key(u"succeeded").value(m_succeeded);
    out.key(u"failed").value(failed());
    out.key(u"fallbacks").value(m_fallbacks);
    out.key(u"attempts").value(m_attempts);
    out.key(u"retries").value(retries());
    out.key(u"total_wait_ms").value(m_totalWaitMs);
    out.key(u"p50_ms").value(elapsedPercentileMs(0.5));
    out.key(u"p95_ms").value(elapsedPercentileMs(0.95));
    out.key(u"max_ms").value(elapsedPercentileMs(1.0));
    out.key(u"wall_ms").value(wallMs);
    out.endObject();
    return out.take();
}

} // namespace jitterbug
