#include "charts/timelinelegend.h"

#include "charts/timelinestyle.h"

#include <QChart>
#include <QScatterSeries>

namespace jitterbug::gui {

namespace {

quint32 bitOf(OutcomeClass kind)
{
    return 1u << unsigned(kind);
}

quint32 bitOf(WaitSource source)
{
    return 1u << unsigned(source);
}

// The legend entry for hatched bars.
QString refusedEntryName()
{
    return QStringLiteral("refused (nothing sent)");
}

} // namespace

void TimelineKinds::add(const TimelineLane& lane)
{
    for (const AttemptRecord& attempt : lane.timeline.attempts) {
        if (isInFlight(attempt))
            continue;
        outcomes |= bitOf(outcomeClassOf(attempt));
        refused = refused || !attempt.onWire;
    }
    forEachWait(lane, [this](const LaneWait& wait) { waits |= bitOf(wait.source); });
}

bool TimelineKinds::has(OutcomeClass kind) const
{
    return outcomes & bitOf(kind);
}

bool TimelineKinds::has(WaitSource source) const
{
    return waits & bitOf(source);
}

TimelineLegend::TimelineLegend(QChart* chart, QList<QAbstractAxis*> axes)
    : m_chart(chart)
    , m_axes(std::move(axes))
{
}

bool TimelineLegend::show(const TimelineKinds& kinds, const QPalette& palette)
{
    if (m_shown == kinds)
        return false;
    m_shown = kinds;
    for (QAbstractSeries* entry : std::as_const(m_entries)) {
        m_chart->removeSeries(entry);
        delete entry;
    }
    m_entries.clear();
    const bool dark = isDarkPalette(palette);
    for (OutcomeClass kind : allOutcomeClasses) {
        if (kinds.has(kind))
            addEntry(outcomeClassName(kind), outcomeColor(kind, dark));
    }
    if (kinds.refused)
        addEntry(refusedEntryName(), palette.color(QPalette::Text), Qt::BDiagPattern);
    for (WaitSource source : allWaitSources) {
        if (kinds.has(source))
            addEntry(waitDisplayName(source), waitColor(source, dark));
    }
    return true;
}

void TimelineLegend::recolor(const QPalette& palette)
{
    if (!m_shown)
        return;
    const TimelineKinds kinds = *m_shown;
    m_shown.reset();
    show(kinds, palette);
}

void TimelineLegend::addEntry(const QString& name, const QColor& color, Qt::BrushStyle style)
{
    auto* entry = new QScatterSeries;
    entry->setName(name);
    m_chart->addSeries(entry);
    for (QAbstractAxis* axis : std::as_const(m_axes))
        entry->attachAxis(axis);
    // After addSeries: adding applies the chart theme's colours.
    entry->setBrush(QBrush(color, style));
    entry->setBorderColor(color);
    m_entries.append(entry);
}

} // namespace jitterbug::gui
