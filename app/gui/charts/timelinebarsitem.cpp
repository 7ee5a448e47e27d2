#include "charts/timelinebarsitem.h"

#include "charts/timelinestyle.h"

#include <QPainter>

#include <array>
#include <cmath>

namespace jitterbug::gui {

namespace {

constexpr double hitSlop = 2; // px either side: thin bars are still easy to point at
constexpr double minimumStripeHeight = 4; // px: thinner lanes would turn stripes into noise

// Rectangles of one look, painted with one drawRects call.
using RectBatch = QList<QRectF>;

std::size_t indexOf(OutcomeClass kind)
{
    return std::size_t(kind);
}

std::size_t indexOf(WaitSource source)
{
    return std::size_t(source);
}

} // namespace

TimelineBarsItem::TimelineBarsItem(QGraphicsItem* parent)
    : QGraphicsItem(parent)
{
    // The chart handles the mouse; hover and clicks pass through to it.
    setAcceptedMouseButtons(Qt::NoButton);
}

void TimelineBarsItem::setLanes(QList<TimelineLane> lanes)
{
    m_lanes = std::move(lanes);
    m_selection.reset();
    update();
}

void TimelineBarsItem::setLane(int index, TimelineLane lane)
{
    if (index == m_lanes.size())
        m_lanes.append(std::move(lane));
    else
        m_lanes[index] = std::move(lane);
    update();
}

void TimelineBarsItem::setGeometry(const TimelineGeometry& geometry)
{
    if (geometry.plotArea() != m_geometry.plotArea())
        prepareGeometryChange();
    m_geometry = geometry;
    update();
}

void TimelineBarsItem::setPalette(const QPalette& palette)
{
    m_palette = palette;
    update();
}

void TimelineBarsItem::setSelection(std::optional<TimelineMark> attempt)
{
    m_selection = attempt;
    update();
}

QRectF TimelineBarsItem::attemptRect(int lane, int attempt) const
{
    if (lane < 0 || lane >= m_lanes.size() || !m_geometry.isValid())
        return {};
    const TimelineLane& row = m_lanes[lane];
    if (attempt < 0 || attempt >= row.timeline.attempts.size())
        return {};
    const AttemptRecord& record = row.timeline.attempts[attempt];
    return m_geometry.attemptRect(lane, row.offsetMs + record.startedMs, row.offsetMs + record.endedMs);
}

QRectF TimelineBarsItem::waitRect(const LaneWait& wait, int lane) const
{
    return m_geometry.waitRect(lane, wait.startMs, wait.endMs);
}

std::optional<TimelineMark> TimelineBarsItem::markAt(const QPointF& pos) const
{
    if (!m_geometry.plotArea().contains(pos))
        return std::nullopt;
    const int lane = m_geometry.laneAt(pos.y());
    if (lane < 0 || lane >= m_lanes.size())
        return std::nullopt;

    // Zoomed out, several bars can share a pixel: the nearest one wins.
    std::optional<TimelineMark> best;
    double bestDistance = hitSlop + 1;
    const int attemptCount = int(m_lanes[lane].timeline.attempts.size());
    for (int a = 0; a < attemptCount; ++a) {
        const QRectF rect = attemptRect(lane, a);
        if (pos.y() < rect.top() || pos.y() > rect.bottom())
            break; // every bar of a lane has the same height
        const double distance = std::max({rect.left() - pos.x(), pos.x() - rect.right(), 0.0});
        if (distance < bestDistance) {
            bestDistance = distance;
            best = TimelineMark{TimelineMark::Kind::Attempt, lane, a, 0};
        }
    }
    if (best)
        return best;

    // A wait is hit across the bar's height, not only its own thin stripe.
    const QRectF barBand = m_geometry.attemptRect(lane, 0, 0);
    if (pos.y() < barBand.top() || pos.y() > barBand.bottom())
        return std::nullopt;
    forEachWait(m_lanes[lane], [&](const LaneWait& wait) {
        const QRectF rect = waitRect(wait, lane);
        if (!best && pos.x() >= rect.left() && pos.x() <= rect.right())
            best = TimelineMark{TimelineMark::Kind::Wait, lane, wait.afterAttempt, wait.index};
    });
    return best;
}

QRectF TimelineBarsItem::boundingRect() const
{
    return m_geometry.plotArea();
}

bool TimelineBarsItem::isVisible(const QRectF& rect) const
{
    const QRectF& plot = m_geometry.plotArea();
    return rect.right() >= plot.left() && rect.left() <= plot.right();
}

void TimelineBarsItem::paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*)
{
    if (!m_geometry.isValid() || m_lanes.isEmpty())
        return;
    painter->save();
    painter->setClipRect(m_geometry.plotArea());
    // Crisp edges: bars abut waits, and blurred borders would blend them.
    painter->setRenderHint(QPainter::Antialiasing, false);
    const bool dark = isDarkPalette(m_palette);
    paintLaneStripes(painter);
    paintWaits(painter, dark);
    paintAttempts(painter, dark);
    paintSelection(painter);
    painter->restore();
}

void TimelineBarsItem::paintLaneStripes(QPainter* painter) const
{
    if (m_lanes.size() < 2 || m_geometry.laneBand(0).height() < minimumStripeHeight)
        return;
    QColor stripe = m_palette.color(QPalette::Text);
    stripe.setAlpha(14);
    for (int lane = 1; lane < m_lanes.size(); lane += 2)
        painter->fillRect(m_geometry.laneBand(lane), stripe);
}

void TimelineBarsItem::paintWaits(QPainter* painter, bool dark) const
{
    std::array<RectBatch, allWaitSources.size() + 1> batches; // indexed by WaitSource
    for (int lane = 0; lane < m_lanes.size(); ++lane) {
        forEachWait(m_lanes[lane], [&](const LaneWait& wait) {
            const QRectF rect = waitRect(wait, lane);
            if (isVisible(rect))
                batches[indexOf(wait.source)].append(rect);
        });
    }
    painter->setPen(Qt::NoPen);
    for (WaitSource source : allWaitSources) {
        const RectBatch& batch = batches[indexOf(source)];
        if (batch.isEmpty())
            continue;
        painter->setBrush(waitColor(source, dark));
        painter->drawRects(batch.constData(), int(batch.size()));
    }
}

void TimelineBarsItem::paintAttempts(QPainter* painter, bool dark) const
{
    std::array<RectBatch, allOutcomeClasses.size()> sent;
    std::array<RectBatch, allOutcomeClasses.size()> refused; // onWire == false
    RectBatch inFlight;
    for (int lane = 0; lane < m_lanes.size(); ++lane) {
        const QList<AttemptRecord>& attempts = m_lanes[lane].timeline.attempts;
        for (int a = 0; a < attempts.size(); ++a) {
            const QRectF rect = attemptRect(lane, a);
            if (!isVisible(rect))
                continue;
            const AttemptRecord& attempt = attempts[a];
            if (isInFlight(attempt))
                inFlight.append(rect);
            else if (!attempt.onWire)
                refused[indexOf(outcomeClassOf(attempt))].append(rect);
            else
                sent[indexOf(outcomeClassOf(attempt))].append(rect);
        }
    }

    for (OutcomeClass kind : allOutcomeClasses) {
        const QColor color = outcomeColor(kind, dark);
        // A darker edge keeps back-to-back attempts (no wait between) apart.
        if (const RectBatch& batch = sent[indexOf(kind)]; !batch.isEmpty()) {
            painter->setPen(QPen(color.darker(135), 0));
            painter->setBrush(color);
            painter->drawRects(batch.constData(), int(batch.size()));
        }
        // Hatched: the breaker refused it, nothing went on the wire.
        if (const RectBatch& batch = refused[indexOf(kind)]; !batch.isEmpty()) {
            QColor wash = color;
            wash.setAlpha(70);
            painter->setPen(QPen(color, 0));
            painter->setBrush(wash);
            painter->drawRects(batch.constData(), int(batch.size()));
            painter->setBrush(QBrush(color, Qt::BDiagPattern));
            painter->drawRects(batch.constData(), int(batch.size()));
        }
    }
    if (!inFlight.isEmpty()) {
        QColor wash = m_palette.color(QPalette::Text);
        wash.setAlpha(40);
        painter->setPen(QPen(m_palette.color(QPalette::Text), 0, Qt::DashLine));
        painter->setBrush(wash);
        painter->drawRects(inFlight.constData(), int(inFlight.size()));
    }
}

void TimelineBarsItem::paintSelection(QPainter* painter) const
{
    if (!m_selection)
        return;
    const QRectF rect = attemptRect(m_selection->lane, m_selection->attempt);
    if (rect.isEmpty())
        return;
    // Two rings, text colour outside and base colour inside, so the outline
    // shows against any bar colour on light and dark palettes alike.
    painter->setBrush(Qt::NoBrush);
    painter->setPen(QPen(m_palette.color(QPalette::Text), 2));
    painter->drawRect(rect.adjusted(-2, -2, 2, 2));
    painter->setPen(QPen(m_palette.color(QPalette::Base), 1));
    painter->drawRect(rect.adjusted(0, 0, -1, -1));
}

} // namespace jitterbug::gui
