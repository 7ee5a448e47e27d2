#include "timelinetable.h"

#include "util/duration.h"

#include <QStringList>

namespace jitterbug {

namespace {

QString resultText(int status, ErrorCode error)
{
    if (status > 0)
        return QString::number(status);
    return errorCodeName(error);
}

QString waitText(const AttemptRecord& a)
{
    if (a.decision != Decision::Retry)
        return {};
    return formatDuration(a.waitMs) + QLatin1Char(' ') + waitSourceName(a.waitSource);
}

} // namespace

QString timelineSummaryLine(const Timeline& t)
{
    const CallOutcome& o = t.outcome;
    QString result = o.status > 0 ? QString::number(o.status) : errorCodeName(o.error);
    if (o.fallback)
        result += QStringLiteral(" (fallback)");
    else if (o.error != ErrorCode::None && o.status > 0)
        result += QStringLiteral(" (") + errorCodeName(o.error) + QLatin1Char(')');
    return QStringLiteral("%1 %2 → %3 after %4 attempt%5 in %6 (seed %7)")
        .arg(QString::fromLatin1(t.method), t.url, result)
        .arg(o.attempts)
        .arg(o.attempts == 1 ? QString() : QStringLiteral("s"))
        .arg(formatDuration(o.elapsedMs))
        .arg(t.seed);
}

QString timelineTable(const Timeline& t)
{
    const QStringList header{QStringLiteral("#"),      QStringLiteral("start"),    QStringLiteral("end"),
                             QStringLiteral("result"), QStringLiteral("decision"), QStringLiteral("wait"),
                             QStringLiteral("reason")};
    QList<QStringList> rows;
    for (const AttemptRecord& a : t.attempts) {
        rows.append({QString::number(a.attempt), formatDuration(a.startedMs), formatDuration(a.endedMs),
                     resultText(a.status, a.error), decisionName(a.decision), waitText(a), a.reason});
    }
    QList<qsizetype> widths(header.size(), 0);
    for (qsizetype c = 0; c < header.size(); ++c) {
        widths[c] = header[c].size();
        for (const QStringList& row : rows)
            widths[c] = std::max(widths[c], row[c].size());
    }
    auto line = [&widths](const QStringList& cells) -> QString {
        QString out;
        for (qsizetype c = 0; c < cells.size(); ++c) {
            if (c == cells.size() - 1)
                out += cells[c];
            else if (c == 0)
                out += cells[c].rightJustified(widths[c]) + QStringLiteral("  ");
            else
                out += cells[c].leftJustified(widths[c]) + QStringLiteral("  ");
        }
        while (out.endsWith(QLatin1Char(' ')))
            out.chop(1);
        return out + QLatin1Char('\n');
    };

    QString out;
    if (t.queuedMs > 0)
        out += QStringLiteral("waited %1 for a rate-limit token before attempt 1\n").arg(formatDuration(t.queuedMs));
    out += line(header);
    for (const QStringList& row : rows)
        out += line(row);
    for (const BreakerEvent& e : t.breakerEvents)
        out += QStringLiteral("breaker %1: %2 → %3 at %4 (%5)\n")
                   .arg(e.host, e.from, e.to, formatDuration(e.atMs), e.reason);
    out += timelineSummaryLine(t) + QLatin1Char('\n');
    if (t.insecureTls)
        out += QStringLiteral("insecure TLS allowed: certificates were not verified\n");
    if (!t.outcome.succeeded)
        out += QStringLiteral("gave up: ") + t.outcome.reason + QLatin1Char('\n');
    return out;
}

} // namespace jitterbug
