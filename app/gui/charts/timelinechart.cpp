#include "charts/timelinechart.h"

#include "charts/timelineaxes.h"
#include "charts/timelinebarsitem.h"
#include "charts/timelinelegend.h"
#include "charts/timelinestyle.h"
#include "charts/timelinetooltips.h"

#include <QApplication>
#include <QCategoryAxis> // complete axis types: the legend takes them as QAbstractAxis
#include <QChart>
#include <QLegend>
#include <QMouseEvent>
#include <QToolTip>
#include <QValueAxis>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>
#include <functional>

namespace jitterbug::gui {

namespace {

constexpr double zoomPerWheelNotch = 0.8; // each notch in shows 80% of the span
constexpr double minimumSpanMs = 0.01; // deeper zoom shows nothing the data has
constexpr double endPadding = 0.02; // of the span: the last bar does not touch the frame
constexpr double barsZValue = 5; // above the chart's grid and axes, below its legend

// The chart paints its own colours, so it must hear about light/dark switches.
class PaletteWatcher : public QObject
{
public:
    explicit PaletteWatcher(std::function<void()> changed)
        : m_changed(std::move(changed))
    {
    }
    bool eventFilter(QObject*, QEvent* event) override
    {
        if (event->type() == QEvent::PaletteChange)
            m_changed();
        return false;
    }

private:
    std::function<void()> m_changed;
};

} // namespace

struct TimelineChart::Private {
    TimelineChart* view;
    QChart* chart;
    TimelineAxes axes;
    TimelineLegend legend;
    TimelineBarsItem* bars;
    TimelineKinds kinds;
    std::unique_ptr<PaletteWatcher> paletteWatcher;

    // The data's extent, and what the time axis shows of it.
    double dataStartMs = 0;
    double dataEndMs = 0;
    double viewMinMs = 0;
    double viewMaxMs = 1;
    bool zoomed = false;

    // A press becomes a pan once it moves; otherwise its release is a click.
    bool pressed = false;
    bool panning = false;
    QPointF pressPos;
    double pressMinMs = 0;

    std::optional<TimelineMark> hovered;

    explicit Private(TimelineChart* owner)
        : view(owner)
        , chart(owner->chart())
        , axes(chart)
        , legend(chart, {axes.time(), axes.lanes()})
        , bars(new TimelineBarsItem(chart))
    {
        bars->setZValue(barsZValue);
    }

    bool hasAttempt(int lane, int attempt) const
    {
        const QList<TimelineLane>& lanes = bars->lanes();
        return lane >= 0 && lane < lanes.size() && attempt >= 0 && attempt < lanes[lane].timeline.attempts.size();
    }

    double fullMinMs() const { return dataStartMs; }
    double fullMaxMs() const
    {
        const double span = dataEndMs - dataStartMs;
        return span > 0 ? dataEndMs + span * endPadding : dataStartMs + 1;
    }

    void rebuildExtent()
    {
        const QList<TimelineLane>& lanes = bars->lanes();
        dataStartMs = 0;
        dataEndMs = 0;
        for (const TimelineLane& lane : lanes)
            dataStartMs = std::min(dataStartMs, lane.offsetMs);
        for (const TimelineLane& lane : lanes)
            dataEndMs = std::max(dataEndMs, lane.endMs());
    }

    // Live lanes only grow, so one lane's end is enough to keep up.
    void growExtent(const TimelineLane& lane)
    {
        dataStartMs = std::min(dataStartMs, lane.offsetMs);
        dataEndMs = std::max(dataEndMs, lane.endMs());
    }

    void showEverything()
    {
        zoomed = false;
        showRange(fullMinMs(), fullMaxMs());
    }

    // Shows the same again after the data or the axes changed: all of it
    // when not zoomed (a running call stays in view), else the zoomed part.
    void reapplyView()
    {
        if (zoomed)
            showRange(viewMinMs, viewMaxMs);
        else
            showEverything();
    }

    // Shows [minMs, maxMs], kept inside the data; the whole of it un-zooms.
    void showRange(double minMs, double maxMs)
    {
        const double fullMin = fullMinMs();
        const double fullMax = fullMaxMs();
        const double fullSpan = fullMax - fullMin;
        const double span = std::clamp(maxMs - minMs, std::min(minimumSpanMs, fullSpan), fullSpan);
        if (span >= fullSpan) {
            zoomed = false;
            viewMinMs = fullMin;
            viewMaxMs = fullMax;
        } else {
            zoomed = true;
            viewMinMs = std::clamp(minMs, fullMin, fullMax - span);
            viewMaxMs = viewMinMs + span;
        }
        axes.setTimeRange(viewMinMs, viewMaxMs, chart->plotArea().width());
        syncGeometry();
    }

    void zoomAround(double anchorMs, double factor)
    {
        const double span = viewMaxMs - viewMinMs;
        const double newSpan = std::max(span * factor, minimumSpanMs);
        const double newMin = anchorMs - (anchorMs - viewMinMs) * (newSpan / span);
        showRange(newMin, newMin + newSpan);
    }

    void syncGeometry()
    {
        bars->setGeometry(TimelineGeometry(chart->plotArea(), viewMinMs, viewMaxMs, int(bars->lanes().size())));
    }

    // The plot area moves when labels, legend or size change.
    void onPlotAreaChanged()
    {
        const QRectF plot = chart->plotArea();
        axes.setLaneCount(int(bars->lanes().size()), plot.height());
        axes.setTimeRange(viewMinMs, viewMaxMs, plot.width());
        syncGeometry();
    }

    void restyle()
    {
        const QPalette palette = view->palette();
        chart->setBackgroundBrush(palette.color(QPalette::Base));
        chart->legend()->setLabelColor(palette.color(QPalette::Text));
        view->setBackgroundBrush(palette.color(QPalette::Base));
        axes.applyPalette(palette);
        legend.recolor(palette);
        bars->setPalette(palette);
        // New legend entries may have reset the axes' range: show ours again.
        reapplyView();
    }

    void showKinds()
    {
        if (legend.show(kinds, view->palette()))
            reapplyView();
    }

    QPointF toChart(const QPointF& viewPos) const
    {
        return chart->mapFromScene(view->viewportTransform().inverted().map(viewPos));
    }

    QRectF toView(const QRectF& chartRect) const
    {
        return view->viewportTransform().mapRect(chart->mapRectToScene(chartRect));
    }

    std::optional<TimelineMark> markAt(const QPointF& viewPos) const { return bars->markAt(toChart(viewPos)); }

    QString toolTipFor(const TimelineMark& mark) const
    {
        const Timeline& timeline = bars->lanes()[mark.lane].timeline;
        if (mark.kind == TimelineMark::Kind::Wait)
            return waitToolTip(timeline, mark.attempt, mark.wait);
        return attemptToolTip(timeline, mark.lane, mark.attempt, bars->lanes().size() > 1);
    }

    void hover(const QPointF& viewPos, const QPoint& globalPos)
    {
        const std::optional<TimelineMark> mark = markAt(viewPos);
        if (mark == hovered)
            return;
        hovered = mark;
        const bool overAttempt = mark && mark->kind == TimelineMark::Kind::Attempt;
        view->viewport()->setCursor(overAttempt ? Qt::PointingHandCursor : Qt::ArrowCursor);
        if (mark)
            QToolTip::showText(globalPos, toolTipFor(*mark), view->viewport());
        else
            QToolTip::hideText();
    }

    void pan(const QPointF& viewPos)
    {
        const double plotWidth = chart->plotArea().width();
        if (plotWidth <= 0)
            return;
        const double span = viewMaxMs - viewMinMs;
        const double shiftMs = -(viewPos.x() - pressPos.x()) / plotWidth * span;
        showRange(pressMinMs + shiftMs, pressMinMs + shiftMs + span);
    }

    void click(const QPointF& viewPos)
    {
        const std::optional<TimelineMark> mark = markAt(viewPos);
        if (!mark || mark->kind != TimelineMark::Kind::Attempt)
            return;
        bars->setSelection(mark);
        Q_EMIT view->attemptClicked(mark->lane, mark->attempt);
    }
};

TimelineChart::TimelineChart(QWidget* parent)
    : QChartView(parent)
    , d(std::make_unique<Private>(this))
{
    chart()->setBackgroundRoundness(0);
    chart()->setMargins(QMargins(4, 4, 12, 4));
    chart()->legend()->setAlignment(Qt::AlignTop);
    chart()->legend()->setMarkerShape(QLegend::MarkerShapeRectangle);
    viewport()->setMouseTracking(true);
    connect(chart(), &QChart::plotAreaChanged, this, [this] { d->onPlotAreaChanged(); });
    d->paletteWatcher = std::make_unique<PaletteWatcher>([this] { d->restyle(); });
    installEventFilter(d->paletteWatcher.get());
    d->restyle();
}

TimelineChart::~TimelineChart() = default;

void TimelineChart::setTimelines(const QList<Timeline>& lanes, const QList<double>& offsetsMs)
{
    QList<TimelineLane> rows;
    rows.reserve(lanes.size());
    for (qsizetype i = 0; i < lanes.size(); ++i)
        rows.append({lanes[i], i < offsetsMs.size() ? offsetsMs[i] : 0.0});
    d->kinds = {};
    for (const TimelineLane& row : std::as_const(rows))
        d->kinds.add(row);
    d->bars->setLanes(std::move(rows));
    d->hovered.reset();
    d->rebuildExtent();
    d->showKinds();
    d->axes.setLaneCount(int(lanes.size()), chart()->plotArea().height());
    d->showEverything();
}

void TimelineChart::updateLane(int lane, const Timeline& timeline, double offsetMs)
{
    const int count = laneCount();
    if (lane < 0 || lane > count) {
        qWarning("TimelineChart::updateLane: lane %d of %d", lane, count);
        return;
    }
    TimelineLane row{timeline, offsetMs};
    d->kinds.add(row);
    d->growExtent(row);
    d->bars->setLane(lane, std::move(row));
    d->showKinds();
    if (lane == count)
        d->axes.setLaneCount(count + 1, chart()->plotArea().height());
    d->reapplyView();
}

void TimelineChart::clear()
{
    setTimelines({});
}

void TimelineChart::selectAttempt(int lane, int attempt)
{
    if (!d->hasAttempt(lane, attempt)) {
        d->bars->setSelection(std::nullopt);
        return;
    }
    d->bars->setSelection(TimelineMark{TimelineMark::Kind::Attempt, lane, attempt, 0});
}

std::optional<std::pair<int, int>> TimelineChart::selectedAttempt() const
{
    const std::optional<TimelineMark>& mark = d->bars->selection();
    if (!mark)
        return std::nullopt;
    return std::pair(mark->lane, mark->attempt);
}

void TimelineChart::resetZoom()
{
    d->rebuildExtent();
    d->showEverything();
}

int TimelineChart::laneCount() const
{
    return int(d->bars->lanes().size());
}

int TimelineChart::attemptBarCount() const
{
    int count = 0;
    for (const TimelineLane& lane : d->bars->lanes())
        count += int(lane.timeline.attempts.size());
    return count;
}

int TimelineChart::waitSegmentCount() const
{
    int count = 0;
    for (const TimelineLane& lane : d->bars->lanes())
        count += lane.waitCount();
    return count;
}

QString TimelineChart::toolTipFor(int lane, int attempt) const
{
    if (!d->hasAttempt(lane, attempt))
        return {};
    return d->toolTipFor(TimelineMark{TimelineMark::Kind::Attempt, lane, attempt, 0});
}

QRectF TimelineChart::barRect(int lane, int attempt) const
{
    const QRectF rect = d->bars->attemptRect(lane, attempt);
    return rect.isNull() ? QRectF() : d->toView(rect);
}

void TimelineChart::wheelEvent(QWheelEvent* event)
{
    const double notches = event->angleDelta().y() / 120.0;
    const QRectF plot = chart()->plotArea();
    if (notches == 0 || laneCount() == 0 || plot.isEmpty()) {
        QChartView::wheelEvent(event);
        return;
    }
    const double x = std::clamp(d->toChart(event->position()).x(), plot.left(), plot.right());
    d->zoomAround(d->bars->geometry().msAt(x), std::pow(zoomPerWheelNotch, notches));
    event->accept();
}

void TimelineChart::mousePressEvent(QMouseEvent* event)
{
    if (event->button() != Qt::LeftButton) {
        QChartView::mousePressEvent(event);
        return;
    }
    d->pressed = true;
    d->panning = false;
    d->pressPos = event->position();
    d->pressMinMs = d->viewMinMs;
    event->accept();
}

void TimelineChart::mouseMoveEvent(QMouseEvent* event)
{
    if (!d->pressed) {
        d->hover(event->position(), event->globalPosition().toPoint());
        return;
    }
    if (!d->panning && (event->position() - d->pressPos).manhattanLength() < QApplication::startDragDistance())
        return;
    if (!d->panning) {
        d->panning = true;
        viewport()->setCursor(Qt::ClosedHandCursor);
        QToolTip::hideText();
    }
    d->pan(event->position());
    event->accept();
}

void TimelineChart::mouseReleaseEvent(QMouseEvent* event)
{
    if (event->button() != Qt::LeftButton || !d->pressed) {
        QChartView::mouseReleaseEvent(event);
        return;
    }
    d->pressed = false;
    if (d->panning)
        viewport()->setCursor(Qt::ArrowCursor);
    else
        d->click(event->position());
    d->panning = false;
    d->hovered.reset();
    event->accept();
}

void TimelineChart::resizeEvent(QResizeEvent* event)
{
    QChartView::resizeEvent(event);
    d->onPlotAreaChanged();
}

} // namespace jitterbug::gui
