#pragma once

#include <QPalette>

class QCategoryAxis;
class QChart;
class QValueAxis;

namespace jitterbug::gui {

// The chart's two axes: milliseconds along x, one band per lane down y
// (lane 0 on top, labelled "call 1", "call 2", ...; a single lane has no
// label). The bars are not series, so the axes are set by hand.
class TimelineAxes
{
public:
    explicit TimelineAxes(QChart* chart);

    QValueAxis* time() const { return m_time; }
    QCategoryAxis* lanes() const { return m_lanes; }

    // Sets the visible time range, with round tick steps for `plotWidth` px.
    void setTimeRange(double minMs, double maxMs, double plotWidth);
    // Labels the lanes, skipping some when `plotHeight` px cannot fit them all.
    void setLaneCount(int count, double plotHeight);
    void applyPalette(const QPalette& palette);

private:
    QValueAxis* m_time;
    QCategoryAxis* m_lanes;
    int m_laneCount = -1;
    int m_labelStep = 0;
};

} // namespace jitterbug::gui
