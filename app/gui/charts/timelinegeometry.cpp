#include "charts/timelinegeometry.h"

#include <algorithm>
#include <cmath>

namespace jitterbug::gui {

namespace {

constexpr double minimumBarWidth = 4; // px: an instant still shows and takes a click
constexpr double maximumBarHeight = 28; // px: one lane does not become a wall of colour
constexpr double barShareOfLane = 0.6; // the rest of the lane separates it from the next
constexpr double waitShareOfBar = 0.35; // waits are thinner: time passing, not traffic

} // namespace

TimelineGeometry::TimelineGeometry(const QRectF& plotArea, double minMs, double maxMs, int laneCount)
    : m_plot(plotArea)
    , m_minMs(minMs)
    , m_maxMs(maxMs)
    , m_laneCount(laneCount)
{
}

bool TimelineGeometry::isValid() const
{
    return m_plot.width() > 0 && m_plot.height() > 0 && m_maxMs > m_minMs && m_laneCount > 0;
}

double TimelineGeometry::xOf(double ms) const
{
    return m_plot.left() + (ms - m_minMs) / (m_maxMs - m_minMs) * m_plot.width();
}

double TimelineGeometry::msAt(double x) const
{
    return m_minMs + (x - m_plot.left()) / m_plot.width() * (m_maxMs - m_minMs);
}

QRectF TimelineGeometry::laneBand(int lane) const
{
    const double height = m_plot.height() / m_laneCount;
    return {m_plot.left(), m_plot.top() + lane * height, m_plot.width(), height};
}

int TimelineGeometry::laneAt(double y) const
{
    if (!isValid() || y < m_plot.top() || y >= m_plot.bottom())
        return -1;
    const int lane = int(std::floor((y - m_plot.top()) / (m_plot.height() / m_laneCount)));
    return std::clamp(lane, 0, m_laneCount - 1);
}

double TimelineGeometry::barHeight(const QRectF& band) const
{
    return std::min(band.height() * barShareOfLane, maximumBarHeight);
}

QRectF TimelineGeometry::attemptRect(int lane, double startMs, double endMs) const
{
    const QRectF band = laneBand(lane);
    const double height = std::max(barHeight(band), 1.0);
    const double left = xOf(startMs);
    const double width = std::max(xOf(endMs) - left, minimumBarWidth);
    return {left, band.center().y() - height / 2, width, height};
}

QRectF TimelineGeometry::waitRect(int lane, double startMs, double endMs) const
{
    const QRectF band = laneBand(lane);
    const double height = std::max(barHeight(band) * waitShareOfBar, 1.0);
    const double left = xOf(startMs);
    const double width = std::max(xOf(endMs) - left, 1.0);
    return {left, band.center().y() - height / 2, width, height};
}

} // namespace jitterbug::gui
