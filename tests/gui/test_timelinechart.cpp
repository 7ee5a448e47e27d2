// The timeline chart, offscreen: what it draws (counted, measured and read
// back from its pixels), what it says on hover, and how it answers the mouse.
#include "charts/timelinechart.h"

#include "charts/timelinestyle.h"
#include "util/duration.h"

#include <QAbstractSeries>
#include <QApplication>
#include <QCategoryAxis>
#include <QChart>
#include <QDir>
#include <QElapsedTimer>
#include <QImage>
#include <QLegendMarker>
#include <QPalette>
#include <QSignalSpy>
#include <QTest>
#include <QToolTip>
#include <QValueAxis>
#include <QWheelEvent>

#include <gtest/gtest.h>

#include <iostream>

namespace jitterbug::gui {
namespace {

AttemptRecord attempt(int number, double startMs, double endMs, int status, Decision decision, QString reason)
{
    AttemptRecord a;
    a.attempt = number;
    a.startedMs = startMs;
    a.endedMs = endMs;
    a.status = status;
    a.decision = decision;
    a.reason = std::move(reason);
    return a;
}

void waitAfter(AttemptRecord& a, WaitSource source, double durationMs)
{
    a.waits.append({source, a.endedMs, durationMs});
    a.waitMs += durationMs;
    a.waitSource = source;
}

// 503 (120 ms), backoff 200 ms, 503 (180 ms), backoff 400 ms, 201 (60 ms).
Timeline flakyTimeline()
{
    Timeline t;
    t.method = "POST";
    t.url = QStringLiteral("http://api.test/orders");
    AttemptRecord a1 = attempt(1, 0, 120, 503, Decision::Retry, QStringLiteral("503 is retryable"));
    waitAfter(a1, WaitSource::Backoff, 200);
    AttemptRecord a2 = attempt(2, 320, 500, 503, Decision::Retry, QStringLiteral("503 is retryable"));
    waitAfter(a2, WaitSource::Backoff, 400);
    AttemptRecord a3 = attempt(3, 900, 960, 201, Decision::Success, QStringLiteral("201 is a success"));
    t.attempts = {a1, a2, a3};
    t.outcome = {201, ErrorCode::None, 3, 960, false, true, QStringLiteral("201 is a success")};
    return t;
}

Timeline singleAttempt(double durationMs, int status = 200)
{
    Timeline t;
    t.attempts = {attempt(1, 0, durationMs, status, Decision::Success, QStringLiteral("fine"))};
    t.outcome.elapsedMs = durationMs;
    return t;
}

// Lets the chart lay itself out (legend, labels, plot area).
void settle()
{
    for (int i = 0; i < 3; ++i)
        QCoreApplication::processEvents();
}

class TimelineChartTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        chart.resize(900, 300);
        chart.show();
        ASSERT_TRUE(QTest::qWaitForWindowExposed(&chart));
        settle();
    }

    void show(const QList<Timeline>& lanes, const QList<double>& offsets = {})
    {
        chart.setTimelines(lanes, offsets);
        settle();
    }

    QValueAxis* timeAxis() { return qobject_cast<QValueAxis*>(chart.chart()->axes(Qt::Horizontal).first()); }

    QCategoryAxis* laneAxis() { return qobject_cast<QCategoryAxis*>(chart.chart()->axes(Qt::Vertical).first()); }

    QStringList legendLabels()
    {
        QStringList labels;
        for (QLegendMarker* marker : chart.chart()->legend()->markers())
            labels << marker->label();
        return labels;
    }

    QRgb pixelAt(const QPointF& pos) { return chart.grab().toImage().pixel(pos.toPoint()); }

    void sendWheel(const QPointF& pos, int angle)
    {
        QWheelEvent wheel(pos, chart.viewport()->mapToGlobal(pos), QPoint(), QPoint(0, angle), Qt::NoButton,
                          Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(chart.viewport(), &wheel);
    }

    void sendMouse(QEvent::Type type, const QPointF& pos, Qt::MouseButtons buttons)
    {
        QMouseEvent event(type, pos, chart.viewport()->mapToGlobal(pos), Qt::LeftButton, buttons, Qt::NoModifier);
        QApplication::sendEvent(chart.viewport(), &event);
    }

    TimelineChart chart;
};

TEST(OutcomeClassOf, FollowsStatusErrorAndDecision)
{
    EXPECT_EQ(outcomeClassOf(attempt(1, 0, 1, 201, Decision::Success, {})), OutcomeClass::Success2xx);
    EXPECT_EQ(outcomeClassOf(attempt(1, 0, 1, 304, Decision::Success, {})), OutcomeClass::Redirect3xx);
    EXPECT_EQ(outcomeClassOf(attempt(1, 0, 1, 429, Decision::Retry, {})), OutcomeClass::Client4xx);
    EXPECT_EQ(outcomeClassOf(attempt(1, 0, 1, 503, Decision::Retry, {})), OutcomeClass::Server5xx);
    EXPECT_EQ(outcomeClassOf(attempt(1, 0, 1, 503, Decision::Fallback, {})), OutcomeClass::Fallback);

    AttemptRecord timedOut = attempt(1, 0, 1, 0, Decision::Retry, {});
    timedOut.error = ErrorCode::Timeout;
    EXPECT_EQ(outcomeClassOf(timedOut), OutcomeClass::Timeout);
    AttemptRecord reset = attempt(1, 0, 1, 0, Decision::Retry, {});
    reset.error = ErrorCode::ConnectionReset;
    EXPECT_EQ(outcomeClassOf(reset), OutcomeClass::NetworkError);
    AttemptRecord refused = attempt(1, 0, 0, 0, Decision::GiveUp, {});
    refused.error = ErrorCode::CircuitOpen;
    refused.onWire = false;
    EXPECT_EQ(outcomeClassOf(refused), OutcomeClass::NetworkError);
}

TEST(OutcomeColors, AreDistinctAndStandOutOnLightAndDarkPalettes)
{
    for (bool dark : {false, true}) {
        const int background = dark ? 40 : 250; // lightness of a typical window
        QList<QRgb> seen;
        for (OutcomeClass kind : allOutcomeClasses)
            seen << outcomeColor(kind, dark).rgb();
        for (WaitSource source : allWaitSources)
            seen << waitColor(source, dark).rgb();
        for (qsizetype i = 0; i < seen.size(); ++i) {
            EXPECT_EQ(seen.count(seen[i]), 1) << "colour " << i << " is used twice";
            EXPECT_GT(std::abs(QColor(seen[i]).lightness() - background), 40) << "colour " << i << " dark " << dark;
        }
    }
    // The hues the product issue names.
    auto hue = [](OutcomeClass kind) {
        return outcomeColor(kind, false).hslHue();
    };
    EXPECT_GT(hue(OutcomeClass::Success2xx), 90);
    EXPECT_LT(hue(OutcomeClass::Success2xx), 150);
    EXPECT_GT(hue(OutcomeClass::Redirect3xx), 200);
    EXPECT_LT(hue(OutcomeClass::Redirect3xx), 240);
    EXPECT_LT(hue(OutcomeClass::Server5xx), 10);
    EXPECT_GT(hue(OutcomeClass::Client4xx), 20);
    EXPECT_LT(hue(OutcomeClass::Client4xx), 45);
    EXPECT_EQ(outcomeColor(OutcomeClass::Fallback, false).hslSaturation(), 0);
    EXPECT_EQ(outcomeClassName(OutcomeClass::NetworkError), QStringLiteral("network error"));
}

TEST_F(TimelineChartTest, CountsBarsWaitsAndLanes)
{
    show({flakyTimeline()});
    EXPECT_EQ(chart.laneCount(), 1);
    EXPECT_EQ(chart.attemptBarCount(), 3);
    EXPECT_EQ(chart.waitSegmentCount(), 2);

    Timeline queued = flakyTimeline();
    queued.queuedMs = 50; // a rate-limit wait before attempt 1 is a segment too
    show({queued, singleAttempt(10)});
    EXPECT_EQ(chart.laneCount(), 2);
    EXPECT_EQ(chart.attemptBarCount(), 4);
    EXPECT_EQ(chart.waitSegmentCount(), 3);

    chart.clear();
    EXPECT_EQ(chart.laneCount(), 0);
    EXPECT_EQ(chart.attemptBarCount(), 0);
    EXPECT_EQ(chart.waitSegmentCount(), 0);
}

TEST_F(TimelineChartTest, PaintsEachBarInItsOutcomeColourAndWaitsInTheirSourceColour)
{
    show({flakyTimeline()});
    const QImage image = chart.grab().toImage();
    const QRectF first = chart.barRect(0, 0);
    const QRectF second = chart.barRect(0, 1);
    const QRectF third = chart.barRect(0, 2);
    EXPECT_EQ(QColor(image.pixel(first.center().toPoint())), outcomeColor(OutcomeClass::Server5xx));
    EXPECT_EQ(QColor(image.pixel(second.center().toPoint())), outcomeColor(OutcomeClass::Server5xx));
    EXPECT_EQ(QColor(image.pixel(third.center().toPoint())), outcomeColor(OutcomeClass::Success2xx));
    const QPointF inFirstWait((first.right() + second.left()) / 2, first.center().y());
    EXPECT_EQ(QColor(image.pixel(inFirstWait.toPoint())), waitColor(WaitSource::Backoff));
    // Waits are thinner than bars: just above the wait's stripe is background.
    const QPointF aboveWait(inFirstWait.x(), first.top() + 2);
    EXPECT_NE(QColor(image.pixel(aboveWait.toPoint())), waitColor(WaitSource::Backoff));
}

TEST_F(TimelineChartTest, LegendNamesTheColoursInUse)
{
    show({flakyTimeline()});
    const QStringList labels = legendLabels();
    EXPECT_TRUE(labels.contains(QStringLiteral("2xx"))) << labels.join(u',').toStdString();
    EXPECT_TRUE(labels.contains(QStringLiteral("5xx")));
    EXPECT_TRUE(labels.contains(QStringLiteral("backoff wait")));
    EXPECT_FALSE(labels.contains(QStringLiteral("timeout")));
    EXPECT_FALSE(labels.contains(QStringLiteral("Retry-After wait")));

    Timeline refused = singleAttempt(0, 0);
    refused.attempts[0].error = ErrorCode::CircuitOpen;
    refused.attempts[0].onWire = false;
    show({refused});
    EXPECT_EQ(legendLabels(), (QStringList{QStringLiteral("network error"), QStringLiteral("refused (nothing sent)")}));
}

TEST_F(TimelineChartTest, AxesAreTitledAndLanesLabelledWhenThereAreSeveral)
{
    show({flakyTimeline()});
    EXPECT_EQ(timeAxis()->titleText(), QStringLiteral("ms from start"));
    EXPECT_FALSE(laneAxis()->labelsVisible());

    show({flakyTimeline(), singleAttempt(10), singleAttempt(20)});
    EXPECT_TRUE(laneAxis()->labelsVisible());
    EXPECT_EQ(laneAxis()->categoriesLabels(),
              (QStringList{QStringLiteral("call 3"), QStringLiteral("call 2"), QStringLiteral("call 1")}));
}

TEST_F(TimelineChartTest, ToolTipSaysStatusDurationDecisionAndReason)
{
    show({flakyTimeline()});
    const QString tip = chart.toolTipFor(0, 1);
    EXPECT_TRUE(tip.contains(QStringLiteral("Attempt 2"))) << tip.toStdString();
    EXPECT_TRUE(tip.contains(QStringLiteral("503")));
    EXPECT_TRUE(tip.contains(formatDuration(180)));
    EXPECT_TRUE(tip.contains(QStringLiteral("retry")));
    EXPECT_TRUE(tip.contains(QStringLiteral("503 is retryable")));
    EXPECT_TRUE(tip.contains(formatDuration(400))); // the wait that followed

    Timeline timedOut = singleAttempt(2000, 0);
    timedOut.attempts[0].error = ErrorCode::Timeout;
    timedOut.attempts[0].errorDetail = QStringLiteral("no answer in 2 s");
    timedOut.attempts[0].decision = Decision::GiveUp;
    show({timedOut});
    const QString timeoutTip = chart.toolTipFor(0, 0);
    EXPECT_TRUE(timeoutTip.contains(QStringLiteral("timeout"))) << timeoutTip.toStdString();
    EXPECT_TRUE(timeoutTip.contains(QStringLiteral("no answer in 2 s")));
    EXPECT_TRUE(timeoutTip.contains(QStringLiteral("give_up")));
    EXPECT_TRUE(chart.toolTipFor(0, 1).isEmpty());
    EXPECT_TRUE(chart.toolTipFor(1, 0).isEmpty());
}

TEST_F(TimelineChartTest, BarsArePlacedInTimeAndSizedByDuration)
{
    show({flakyTimeline()});
    const QRectF first = chart.barRect(0, 0);
    const QRectF second = chart.barRect(0, 1);
    const QRectF third = chart.barRect(0, 2);
    ASSERT_FALSE(first.isEmpty());
    EXPECT_GT(second.left(), first.right());
    EXPECT_GT(third.left(), second.right());
    EXPECT_NEAR(second.width() / first.width(), 180.0 / 120.0, 0.01);
    EXPECT_NEAR(third.width() / first.width(), 60.0 / 120.0, 0.01);
    // The 200 ms gap is the backoff: 200/120 of the first bar's width.
    EXPECT_NEAR((second.left() - first.right()) / first.width(), 200.0 / 120.0, 0.01);
    EXPECT_DOUBLE_EQ(first.center().y(), second.center().y());
    EXPECT_TRUE(chart.barRect(0, 3).isNull());
}

TEST_F(TimelineChartTest, BarsLineUpWithTheChartsOwnMapping)
{
    show({flakyTimeline()});
    QChart* qchart = chart.chart();
    ASSERT_FALSE(qchart->series().isEmpty()); // the legend's entries, on the same axes
    QAbstractSeries* series = qchart->series().first();
    const QRectF bar = chart.barRect(0, 1);
    const QPointF start = qchart->mapToPosition(QPointF(320, 0.5), series);
    const QPointF end = qchart->mapToPosition(QPointF(500, 0.5), series);
    const QPointF startInView = chart.viewportTransform().map(qchart->mapToScene(start));
    const QPointF endInView = chart.viewportTransform().map(qchart->mapToScene(end));
    EXPECT_NEAR(bar.left(), startInView.x(), 0.5);
    EXPECT_NEAR(bar.right(), endInView.x(), 0.5);
    EXPECT_NEAR(bar.center().y(), startInView.y(), 0.5);
}

TEST_F(TimelineChartTest, ClickingABarSelectsItAndSaysWhich)
{
    show({flakyTimeline()});
    QSignalSpy clicked(&chart, &TimelineChart::attemptClicked);
    const QImage before = chart.grab().toImage();
    QTest::mouseClick(chart.viewport(), Qt::LeftButton, {}, chart.barRect(0, 1).center().toPoint());
    ASSERT_EQ(clicked.count(), 1);
    EXPECT_EQ(clicked.at(0).at(0).toInt(), 0);
    EXPECT_EQ(clicked.at(0).at(1).toInt(), 1);
    EXPECT_NE(chart.grab().toImage(), before); // highlighted

    // Between bars, on the plot's empty top: nothing.
    const QRectF bar = chart.barRect(0, 0);
    QTest::mouseClick(chart.viewport(), Qt::LeftButton, {}, QPoint(int(bar.center().x()), int(bar.top()) - 15));
    EXPECT_EQ(clicked.count(), 1);
}

TEST_F(TimelineChartTest, SelectAttemptHighlightsWithoutEmitting)
{
    show({flakyTimeline()});
    QSignalSpy clicked(&chart, &TimelineChart::attemptClicked);
    const QRectF bar = chart.barRect(0, 2);
    const QPoint justOutside(int(bar.left()) - 2, int(bar.center().y()));
    const QRgb before = pixelAt(justOutside);
    chart.selectAttempt(0, 2);
    EXPECT_NE(pixelAt(justOutside), before); // the selection ring
    EXPECT_EQ(clicked.count(), 0);
    chart.selectAttempt(-1, -1);
    EXPECT_EQ(pixelAt(justOutside), before);
}

TEST_F(TimelineChartTest, WheelZoomsAroundTheCursorAndResetZoomShowsEverything)
{
    show({flakyTimeline()});
    const double fullMin = timeAxis()->min();
    const double fullMax = timeAxis()->max();
    EXPECT_LE(fullMin, 0.0);
    EXPECT_GE(fullMax, 960.0);

    const QRectF bar = chart.barRect(0, 1);
    sendWheel(bar.center(), 240);
    EXPECT_LT(timeAxis()->max() - timeAxis()->min(), (fullMax - fullMin) * 0.9);
    const QRectF zoomed = chart.barRect(0, 1);
    EXPECT_GT(zoomed.width(), bar.width() * 1.3);
    EXPECT_NEAR(zoomed.center().x(), bar.center().x(), 1.0); // what was under the cursor stays there

    chart.resetZoom();
    EXPECT_DOUBLE_EQ(timeAxis()->min(), fullMin);
    EXPECT_DOUBLE_EQ(timeAxis()->max(), fullMax);
    EXPECT_NEAR(chart.barRect(0, 1).width(), bar.width(), 0.01);

    // Out beyond everything is everything.
    sendWheel(bar.center(), -600);
    EXPECT_DOUBLE_EQ(timeAxis()->min(), fullMin);
    EXPECT_DOUBLE_EQ(timeAxis()->max(), fullMax);
}

TEST_F(TimelineChartTest, DraggingPansAndIsNotAClick)
{
    show({flakyTimeline()});
    QSignalSpy clicked(&chart, &TimelineChart::attemptClicked);
    const QPointF start = chart.barRect(0, 1).center();
    sendWheel(start, 480); // zoomed in, there is room to pan
    const double min = timeAxis()->min();
    const double span = timeAxis()->max() - min;

    sendMouse(QEvent::MouseButtonPress, start, Qt::LeftButton);
    sendMouse(QEvent::MouseMove, start + QPointF(-60, 0), Qt::LeftButton);
    sendMouse(QEvent::MouseButtonRelease, start + QPointF(-60, 0), Qt::NoButton);
    EXPECT_GT(timeAxis()->min(), min); // dragged left: later times come into view
    EXPECT_NEAR(timeAxis()->max() - timeAxis()->min(), span, 1e-6);
    EXPECT_EQ(clicked.count(), 0);
}

TEST_F(TimelineChartTest, LanesStackDownwardsAtTheirOffsets)
{
    show({singleAttempt(100), singleAttempt(100), singleAttempt(100)}, {0, 500, 1000});
    EXPECT_EQ(chart.laneCount(), 3);
    const QRectF lane0 = chart.barRect(0, 0);
    const QRectF lane1 = chart.barRect(1, 0);
    const QRectF lane2 = chart.barRect(2, 0);
    EXPECT_GT(lane1.top(), lane0.bottom());
    EXPECT_GT(lane2.top(), lane1.bottom());
    EXPECT_NEAR(lane1.left() - lane0.left(), lane0.width() * 5, 0.01);
    EXPECT_NEAR(lane2.left() - lane0.left(), lane0.width() * 10, 0.01);
    EXPECT_GE(timeAxis()->max(), 1100.0);
}

TEST_F(TimelineChartTest, UpdateLaneGrowsALaneAndAddsLanes)
{
    Timeline running = flakyTimeline();
    running.attempts.resize(1);
    running.attempts[0].waits.clear();
    running.outcome = {};
    show({running});
    EXPECT_EQ(chart.attemptBarCount(), 1);
    EXPECT_EQ(chart.waitSegmentCount(), 0);

    chart.updateLane(0, flakyTimeline());
    settle();
    EXPECT_EQ(chart.laneCount(), 1);
    EXPECT_EQ(chart.attemptBarCount(), 3);
    EXPECT_EQ(chart.waitSegmentCount(), 2);
    EXPECT_GE(timeAxis()->max(), 960.0); // the view followed the call

    chart.updateLane(1, singleAttempt(50), 2000);
    settle();
    EXPECT_EQ(chart.laneCount(), 2);
    EXPECT_EQ(chart.attemptBarCount(), 4);
    EXPECT_GE(timeAxis()->max(), 2050.0);
    EXPECT_GT(chart.barRect(1, 0).top(), chart.barRect(0, 0).bottom());

    chart.updateLane(5, singleAttempt(50)); // not the next lane: ignored
    EXPECT_EQ(chart.laneCount(), 2);
}

TEST_F(TimelineChartTest, AnAttemptInFlightIsNotANetworkError)
{
    Timeline running = flakyTimeline();
    running.attempts[2] = attempt(3, 900, 900, 0, Decision::Success, {});
    show({running});
    EXPECT_FALSE(legendLabels().contains(QStringLiteral("network error")));
    EXPECT_TRUE(chart.toolTipFor(0, 2).contains(QStringLiteral("in flight")));
    EXPECT_GE(chart.barRect(0, 2).width(), 2.0); // an instant still shows
}

TEST_F(TimelineChartTest, TenThousandAttemptsBuildAndRender)
{
    Timeline big;
    double at = 0;
    for (int i = 0; i < 10000; ++i) {
        AttemptRecord a = attempt(i + 1, at, at + 5 + i % 7, i % 3 == 0 ? 200 : 503, Decision::Retry, {});
        waitAfter(a, i % 2 ? WaitSource::Backoff : WaitSource::RateLimit, 3);
        big.attempts.append(a);
        at = a.endedMs + 3;
    }
    show({big});
    EXPECT_EQ(chart.attemptBarCount(), 10000);
    EXPECT_EQ(chart.waitSegmentCount(), 10000);

    QElapsedTimer timer;
    timer.start();
    const QPixmap pixmap = chart.grab();
    std::cout << "10,000 attempts rendered in " << timer.elapsed() << " ms\n"; // a figure, not a check
    EXPECT_FALSE(pixmap.isNull());

    sendWheel(chart.barRect(0, 5000).center(), 1200);
    EXPECT_FALSE(chart.grab().isNull());
}

TEST_F(TimelineChartTest, TenThousandLanesBuildAndRender)
{
    QList<Timeline> lanes;
    QList<double> offsets;
    for (int i = 0; i < 10000; ++i) {
        lanes << singleAttempt(20 + i % 50, i % 5 ? 200 : 500);
        offsets << i * 2.0;
    }
    show(lanes, offsets);
    EXPECT_EQ(chart.laneCount(), 10000);
    EXPECT_LT(laneAxis()->categoriesLabels().size(), 50); // only as many labels as fit

    QElapsedTimer timer;
    timer.start();
    const QPixmap pixmap = chart.grab();
    std::cout << "10,000 lanes rendered in " << timer.elapsed() << " ms\n"; // a figure, not a check
    EXPECT_FALSE(pixmap.isNull());
}

TEST_F(TimelineChartTest, HoveringShowsTheToolTip)
{
    show({flakyTimeline()});
    const QRectF second = chart.barRect(0, 1);
    sendMouse(QEvent::MouseMove, second.center(), Qt::NoButton);
    EXPECT_EQ(QToolTip::text(), chart.toolTipFor(0, 1));

    // A wait says what it waited for.
    const QRectF first = chart.barRect(0, 0);
    sendMouse(QEvent::MouseMove, QPointF((first.right() + second.left()) / 2, first.center().y()), Qt::NoButton);
    EXPECT_TRUE(QToolTip::text().contains(QStringLiteral("backoff wait"))) << QToolTip::text().toStdString();
    EXPECT_TRUE(QToolTip::text().contains(formatDuration(200)));
}

TEST_F(TimelineChartTest, FollowsADarkPalette)
{
    show({flakyTimeline()});
    QPalette dark;
    dark.setColor(QPalette::Window, QColor(0x2b2b2b));
    dark.setColor(QPalette::Base, QColor(0x1e1e1e));
    dark.setColor(QPalette::Text, QColor(0xe6e6e6));
    dark.setColor(QPalette::WindowText, QColor(0xe6e6e6));
    chart.setPalette(dark);
    settle();
    const QImage image = chart.grab().toImage();
    const QRectF first = chart.barRect(0, 0);
    EXPECT_LT(QColor(image.pixel(QPoint(int(first.center().x()), int(first.top()) - 20))).lightness(), 60);
    EXPECT_EQ(QColor(image.pixel(first.center().toPoint())), outcomeColor(OutcomeClass::Server5xx, true));
    const QString dir = QCoreApplication::applicationDirPath() + QStringLiteral("/screenshots");
    ASSERT_TRUE(QDir().mkpath(dir));
    EXPECT_TRUE(image.save(dir + QStringLiteral("/timeline-chart-dark.png")));
}

TEST_F(TimelineChartTest, SavesAScreenshot)
{
    show({flakyTimeline()});
    chart.selectAttempt(0, 1);
    const QString dir = QCoreApplication::applicationDirPath() + QStringLiteral("/screenshots");
    ASSERT_TRUE(QDir().mkpath(dir));
    EXPECT_TRUE(chart.grab().save(dir + QStringLiteral("/timeline-chart.png")));

    Timeline mixed = flakyTimeline();
    mixed.queuedMs = 80;
    for (AttemptRecord& a : mixed.attempts) {
        a.startedMs += 80;
        a.endedMs += 80;
        for (WaitSegment& w : a.waits)
            w.startedMs += 80;
    }
    mixed.attempts[1].waits = {{WaitSource::RetryAfter, 580, 300}, {WaitSource::RateLimit, 880, 100}};
    Timeline refused = singleAttempt(0, 0);
    refused.attempts[0].error = ErrorCode::CircuitOpen;
    refused.attempts[0].onWire = false;
    Timeline timedOut = singleAttempt(400, 0);
    timedOut.attempts[0].error = ErrorCode::Timeout;
    timedOut.attempts[0].decision = Decision::Fallback;
    show({mixed, singleAttempt(90, 404), refused, timedOut, singleAttempt(70, 302)}, {0, 100, 300, 350, 800});
    EXPECT_TRUE(chart.grab().save(dir + QStringLiteral("/timeline-chart-lanes.png")));
}

} // namespace
} // namespace jitterbug::gui
