#include "charts/policypreviewtext.h"

#include "util/duration.h"

#include <QObject>

#include <cmath>

namespace jitterbug::gui {

namespace {

// "5 min", "5 min 3 s": a zero second part says nothing.
QString twoParts(qint64 big, const char* bigUnit, qint64 small, const char* smallUnit)
{
    const QString first = QString::number(big) + u' ' + QLatin1StringView(bigUnit);
    return small == 0 ? first : first + u' ' + QString::number(small) + u' ' + QLatin1StringView(smallUnit);
}

} // namespace

QString durationInWords(double ms)
{
    if (!std::isfinite(ms) || ms < 60000)
        return formatDuration(ms);
    const qint64 seconds = std::llround(ms / 1000);
    if (seconds < 2 * 3600)
        return twoParts(seconds / 60, "min", seconds % 60, "s");
    const qint64 minutes = std::llround(ms / 60000);
    if (minutes < 2 * 24 * 60)
        return twoParts(minutes / 60, "h", minutes % 60, "min");
    const qint64 hours = std::llround(ms / 3600000);
    return twoParts(hours / 24, "d", hours % 24, "h");
}

QString worstCaseInWords(const WaitPlan& plan, const RetryPolicy& policy)
{
    const int attempts = policy.maxAttempts;
    const int waits = attempts - 1;
    QString text;
    if (waits == 0)
        text = QObject::tr("Worst case: 1 attempt takes at most %1").arg(durationInWords(plan.worstCaseMs));
    else
        text = QObject::tr("Worst case: %1 attempts and %2 %3 take at most %4")
                   .arg(attempts)
                   .arg(waits)
                   .arg(waits == 1 ? QObject::tr("wait") : QObject::tr("waits"), durationInWords(plan.worstCaseMs));
    if (policy.deadlineMs && plan.worstCaseMs >= *policy.deadlineMs)
        text += QObject::tr(" (the deadline)");
    else if (policy.respectRetryAfter && plan.worstCaseWithRetryAfterMs > plan.worstCaseMs)
        text += QObject::tr(" (%1 if the server sends Retry-After)")
                    .arg(durationInWords(plan.worstCaseWithRetryAfterMs));
    return text + u'.';
}

} // namespace jitterbug::gui
