#pragma once

#include <QRectF>

namespace jitterbug::gui {

// Where marks go in the chart's plot area: x is linear in milliseconds over
// the visible range, the height is split into equal lanes, lane 0 on top.
// Computed from the axes' range and the plot area, which is what QtCharts
// maps with too, and cheap enough to use once per bar.
class TimelineGeometry
{
public:
    TimelineGeometry() = default;
    TimelineGeometry(const QRectF& plotArea, double minMs, double maxMs, int laneCount);

    const QRectF& plotArea() const { return m_plot; }
    bool isValid() const;

    double xOf(double ms) const;
    double msAt(double x) const;
    // The lane's horizontal band; -1 from laneAt() outside the lanes.
    QRectF laneBand(int lane) const;
    int laneAt(double y) const;

    // A bar across [startMs, endMs] in a lane, never narrower than a few
    // pixels so an instant (a refused attempt) can still be seen and clicked.
    QRectF attemptRect(int lane, double startMs, double endMs) const;
    // A wait segment: thinner than a bar, centred on the same line.
    QRectF waitRect(int lane, double startMs, double endMs) const;

private:
    double barHeight(const QRectF& band) const;

    QRectF m_plot;
    double m_minMs = 0;
    double m_maxMs = 1;
    int m_laneCount = 0;
};

} // namespace jitterbug::gui
