#pragma once

#include "engine/timeline.h"

#include <QChartView>
#include <QColor>
#include <QList>

#include <optional>
#include <utility>

namespace jitterbug::gui {

class TimelineBarsItem;

// What an attempt's bar is coloured by.
enum class OutcomeClass { Success2xx, Redirect3xx, Client4xx, Server5xx, Timeout, NetworkError, Fallback };

OutcomeClass outcomeClassOf(const AttemptRecord& attempt);
QString outcomeClassName(OutcomeClass kind); // "2xx", "timeout", "network error", ...
QColor outcomeColor(OutcomeClass kind);
QColor waitColor(WaitSource source);

// The run view's chart: x is milliseconds from the start of the call (of the
// run, for several lanes); one lane per call, top to bottom. Each attempt is
// a bar coloured by its outcome class, each wait a thinner segment coloured
// by its source (backoff, Retry-After, rate limit, circuit open, budget).
// A legend names the colours; hovering a bar shows the attempt's status,
// duration, decision and reason; clicking it selects it. The wheel zooms the
// time axis around the cursor, dragging pans, resetZoom() shows everything.
class TimelineChart : public QChartView
{
    Q_OBJECT
public:
    explicit TimelineChart(QWidget* parent = nullptr);
    ~TimelineChart() override;

    // Replaces what is shown. `offsetsMs[i]` places lane i on the run's time
    // axis (its call's start); empty means every lane starts at 0.
    void setTimelines(const QList<Timeline>& lanes, const QList<double>& offsetsMs = {});
    // Replaces one lane while its call is running (adds it when lane == count).
    void updateLane(int lane, const Timeline& timeline, double offsetMs = 0);
    void clear();

    // Highlights an attempt (0-based index) without emitting attemptClicked.
    void selectAttempt(int lane, int attempt);
    // The highlighted attempt as {lane, attempt}, if any.
    std::optional<std::pair<int, int>> selectedAttempt() const;
    void resetZoom();

    int laneCount() const;
    int attemptBarCount() const; // bars drawn, over all lanes
    int waitSegmentCount() const; // wait segments drawn, over all lanes
    // The tooltip text of an attempt's bar, as hovering shows it.
    QString toolTipFor(int lane, int attempt) const;
    // Where an attempt's bar is, in this view's coordinates (for tests).
    QRectF barRect(int lane, int attempt) const;

Q_SIGNALS:
    void attemptClicked(int lane, int attempt);

protected:
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace jitterbug::gui
