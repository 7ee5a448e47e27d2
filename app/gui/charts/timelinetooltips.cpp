#include "charts/timelinetooltips.h"

#include "charts/timelinestyle.h"
#include "util/duration.h"

#include <QStringList>

namespace jitterbug::gui {

namespace {

QString resultText(const AttemptRecord& attempt)
{
    if (isInFlight(attempt))
        return QStringLiteral("in flight");
    if (attempt.status > 0)
        return QStringLiteral("HTTP %1").arg(attempt.status);
    QString text = errorCodeName(attempt.error);
    if (!attempt.errorDetail.isEmpty())
        text += QStringLiteral(" (") + attempt.errorDetail + QLatin1Char(')');
    return text;
}

} // namespace

QString attemptToolTip(const Timeline& timeline, int lane, int index, bool severalLanes)
{
    const AttemptRecord& attempt = timeline.attempts[index];
    QStringList lines;
    lines << (severalLanes ? QStringLiteral("Call %1, attempt %2").arg(lane + 1).arg(attempt.attempt)
                           : QStringLiteral("Attempt %1").arg(attempt.attempt))
          << QStringLiteral("result: ") + resultText(attempt)
          << QStringLiteral("duration: %1 (from %2 to %3)")
                 .arg(formatDuration(attempt.endedMs - attempt.startedMs), formatDuration(attempt.startedMs),
                      formatDuration(attempt.endedMs));
    if (!isInFlight(attempt)) {
        lines << QStringLiteral("decision: ") + decisionName(attempt.decision);
        if (!attempt.reason.isEmpty())
            lines << QStringLiteral("reason: ") + attempt.reason;
    }
    if (attempt.waitMs > 0)
        lines << QStringLiteral("then waited %1 (%2)")
                     .arg(formatDuration(attempt.waitMs), waitDisplayName(attempt.waitSource));
    return lines.join(QLatin1Char('\n'));
}

QString waitToolTip(const Timeline& timeline, int afterAttempt, int wait)
{
    if (afterAttempt < 0)
        return QStringLiteral("%1: %2\nbefore attempt 1, for a rate-limit token")
            .arg(waitDisplayName(WaitSource::RateLimit), formatDuration(timeline.queuedMs));
    const AttemptRecord& attempt = timeline.attempts[afterAttempt];
    const WaitSegment& segment = attempt.waits[wait];
    return QStringLiteral("%1: %2\nafter attempt %3, from %4 to %5")
        .arg(waitDisplayName(segment.source), formatDuration(segment.durationMs))
        .arg(attempt.attempt)
        .arg(formatDuration(segment.startedMs), formatDuration(segment.startedMs + segment.durationMs));
}

} // namespace jitterbug::gui
