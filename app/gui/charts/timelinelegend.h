#pragma once

#include "charts/timelinechart.h"
#include "charts/timelinelane.h"

#include <QList>
#include <QPalette>

#include <optional>

class QAbstractAxis;
class QAbstractSeries;
class QChart;

namespace jitterbug::gui {

// Which colours the chart uses: the legend names only those.
struct TimelineKinds {
    quint32 outcomes = 0; // bit per OutcomeClass
    quint32 waits = 0; // bit per WaitSource
    bool refused = false; // some attempt never went on the wire (hatched)

    void add(const TimelineLane& lane);
    bool has(OutcomeClass kind) const;
    bool has(WaitSource source) const;
    bool operator==(const TimelineKinds&) const = default;
};

// The chart's legend, made of empty series that only lend their marker and
// name to QLegend: one per outcome class and wait source in use.
class TimelineLegend
{
public:
    TimelineLegend(QChart* chart, QList<QAbstractAxis*> axes);

    // Rebuilds the entries when the kinds in use changed; true if it did.
    bool show(const TimelineKinds& kinds, const QPalette& palette);
    // The colours again, after a palette change.
    void recolor(const QPalette& palette);

private:
    void addEntry(const QString& name, const QColor& color, Qt::BrushStyle style = Qt::SolidPattern);

    QChart* m_chart;
    QList<QAbstractAxis*> m_axes;
    std::optional<TimelineKinds> m_shown;
    QList<QAbstractSeries*> m_entries;
};

} // namespace jitterbug::gui
