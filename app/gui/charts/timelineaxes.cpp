#include "charts/timelineaxes.h"

#include <QCategoryAxis>
#include <QChart>
#include <QFontMetricsF>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace jitterbug::gui {

namespace {

constexpr double pixelsPerTick = 100; // room for a label like "12500" and a gap
constexpr double pixelsPerLaneLabel = 1.4; // in label heights

// 1, 2 or 5 times a power of ten: tick labels people can add up.
double roundStep(double rough)
{
    const double magnitude = std::pow(10.0, std::floor(std::log10(rough)));
    const double scaled = rough / magnitude;
    const double nice = scaled <= 1 ? 1 : scaled <= 2 ? 2 : scaled <= 5 ? 5 : 10;
    return nice * magnitude;
}

} // namespace

TimelineAxes::TimelineAxes(QChart* chart)
    : m_time(new QValueAxis)
    , m_lanes(new QCategoryAxis)
{
    m_time->setTitleText(QStringLiteral("ms from start"));
    m_time->setTickType(QValueAxis::TicksDynamic);
    m_time->setTickAnchor(0);
    m_time->setMinorTickCount(0);
    chart->addAxis(m_time, Qt::AlignBottom);

    // Labels sit on the lane's middle; lane separators are drawn by the bars
    // item, so the axis's own grid lines (through the labels) stay off.
    m_lanes->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    m_lanes->setGridLineVisible(false);
    m_lanes->setStartValue(0);
    chart->addAxis(m_lanes, Qt::AlignLeft);
    setLaneCount(0, 0);
}

void TimelineAxes::setTimeRange(double minMs, double maxMs, double plotWidth)
{
    const double span = maxMs - minMs;
    const double ticks = std::clamp(plotWidth / pixelsPerTick, 2.0, 12.0);
    const double step = roundStep(span / ticks);
    const int decimals = std::clamp(int(-std::floor(std::log10(step))), 0, 6);
    m_time->setTickInterval(step);
    m_time->setLabelFormat(QStringLiteral("%.") + QString::number(decimals) + QStringLiteral("f"));
    m_time->setRange(minMs, maxMs);
}

void TimelineAxes::setLaneCount(int count, double plotHeight)
{
    const double labelHeight = QFontMetricsF(m_lanes->labelsFont()).height() * pixelsPerLaneLabel;
    const int fitting = std::max(1, int(plotHeight / labelHeight));
    const int step = std::max(1, (count + fitting - 1) / fitting);
    if (count == m_laneCount && step == m_labelStep)
        return;
    m_laneCount = count;
    m_labelStep = step;

    const QStringList old = m_lanes->categoriesLabels();
    for (const QString& label : old)
        m_lanes->remove(label);
    m_lanes->setRange(0, std::max(count, 1));
    m_lanes->setLabelsVisible(count > 1);
    if (count < 2)
        return;
    // The axis counts upwards and wants labels in rising order, so the last
    // labelled lane (lowest on screen) comes first. Lane i spans
    // [count - i - 1, count - i]; its label sits on the middle.
    const int lastLabelled = (count - 1) / step * step;
    for (int lane = lastLabelled; lane >= 0; lane -= step)
        m_lanes->append(QStringLiteral("call %1").arg(lane + 1), count - lane - 0.5);
}

void TimelineAxes::applyPalette(const QPalette& palette)
{
    const QColor text = palette.color(QPalette::Text);
    QColor grid = text;
    grid.setAlpha(40);
    QColor line = text;
    line.setAlpha(120);
    for (QAbstractAxis* axis : {static_cast<QAbstractAxis*>(m_time), static_cast<QAbstractAxis*>(m_lanes)}) {
        axis->setLabelsBrush(text);
        axis->setTitleBrush(text);
        axis->setLinePenColor(line);
        axis->setGridLineColor(grid);
    }
}

} // namespace jitterbug::gui
