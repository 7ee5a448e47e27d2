#pragma once

#include "charts/timelinegeometry.h"
#include "charts/timelinelane.h"

#include <QGraphicsItem>
#include <QList>
#include <QPalette>

#include <optional>

namespace jitterbug::gui {

// A mark of the chart a pointer can be on: an attempt's bar or a wait.
struct TimelineMark {
    enum class Kind { Attempt, Wait };
    Kind kind = Kind::Attempt;
    int lane = 0;
    int attempt = 0; // the attempt, or the one the wait follows (-1: queued before attempt 1)
    int wait = 0; // the wait's place in that attempt's waits
    bool operator==(const TimelineMark&) const = default;
};

// Paints every bar and wait of every lane in one item, over the chart's plot
// area: QtCharts series would cost an object per bar, and a run can have tens
// of thousands. Marks outside the plot area are skipped, not just clipped.
class TimelineBarsItem : public QGraphicsItem
{
public:
    explicit TimelineBarsItem(QGraphicsItem* parent = nullptr);

    const QList<TimelineLane>& lanes() const { return m_lanes; }
    void setLanes(QList<TimelineLane> lanes);
    void setLane(int index, TimelineLane lane); // index == count appends

    const TimelineGeometry& geometry() const { return m_geometry; }
    void setGeometry(const TimelineGeometry& geometry);
    void setPalette(const QPalette& palette);

    // The highlighted attempt, if any.
    void setSelection(std::optional<TimelineMark> attempt);
    const std::optional<TimelineMark>& selection() const { return m_selection; }

    // In the parent's (the chart's) coordinates; empty for no such attempt.
    QRectF attemptRect(int lane, int attempt) const;
    QRectF waitRect(const LaneWait& wait, int lane) const;
    // The mark under a point in the parent's coordinates; bars win over waits.
    std::optional<TimelineMark> markAt(const QPointF& pos) const;

    QRectF boundingRect() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

private:
    void paintLaneStripes(QPainter* painter) const;
    void paintWaits(QPainter* painter, bool dark) const;
    void paintAttempts(QPainter* painter, bool dark) const;
    void paintSelection(QPainter* painter) const;
    bool isVisible(const QRectF& rect) const;

    QList<TimelineLane> m_lanes;
    TimelineGeometry m_geometry;
    QPalette m_palette;
    std::optional<TimelineMark> m_selection;
};

} // namespace jitterbug::gui
