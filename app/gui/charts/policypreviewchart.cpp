#include "charts/policypreviewchart.h"

#include "charts/policypreviewtext.h"
#include "charts/timelinestyle.h"

#include <QAreaSeries>
#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QEvent>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace jitterbug::gui {

namespace {

constexpr double kBandHalfWidth = 0.25; // in attempts: bands with gaps between them
constexpr int kWaitTicks = 5; // labelled values up the wait axis
constexpr int kMostAttemptLabels = 15; // more would overlap; every n-th is labelled then
constexpr double kHeadroom = 1.08; // the top band does not touch the frame
// Each band is a series; beyond this many they are thinner than a pixel
// column and only slow every edit down, so the rest are left out (and said so).
constexpr int kMostBands = 50;

// 1, 2 or 5 times a power of ten, as the timeline's axis steps.
double roundStep(double rough)
{
    if (!(rough > 0))
        return 1;
    const double magnitude = std::pow(10.0, std::floor(std::log10(rough)));
    const double scaled = rough / magnitude;
    return (scaled <= 1 ? 1 : scaled <= 2 ? 2 : scaled <= 5 ? 5 : 10) * magnitude;
}

// A tick label: the step's unit for every tick, so they line up ("0", "0.5 s", "1 s").
QString tickLabel(double ms, double stepMs)
{
    if (ms == 0)
        return QStringLiteral("0");
    if (stepMs >= 60000)
        return QString::number(ms / 60000, 'g', 6) + QStringLiteral(" min");
    if (stepMs >= 1000 || ms >= 1000)
        return QString::number(ms / 1000, 'g', 6) + QStringLiteral(" s");
    return QString::number(ms, 'g', 6) + QStringLiteral(" ms");
}

void clearCategories(QCategoryAxis* axis)
{
    const QStringList labels = axis->categoriesLabels();
    for (const QString& label : labels)
        axis->remove(label);
}

} // namespace

struct PolicyPreviewChart::Private {
    PolicyPreviewChart* owner;
    QChartView* view;
    QChart* chart;
    QCategoryAxis* attemptAxis = new QCategoryAxis;
    QCategoryAxis* waitAxis = new QCategoryAxis;
    QList<QAreaSeries*> bandSeries;
    QLineSeries* meanSeries = nullptr;
    QLabel* worstCase;
    QLabel* caption;
    WaitPlan plan;

    explicit Private(PolicyPreviewChart* widget)
        : owner(widget)
        , view(new QChartView(widget))
        , chart(view->chart())
        , worstCase(new QLabel(widget))
        , caption(new QLabel(widget))
    {
        chart->setBackgroundRoundness(0);
        chart->setMargins(QMargins(4, 4, 12, 4));
        chart->legend()->setAlignment(Qt::AlignTop);
        chart->legend()->setMarkerShape(QLegend::MarkerShapeRectangle);
        view->setRenderHint(QPainter::Antialiasing);
        view->setMinimumSize(240, 200);

        attemptAxis->setTitleText(QObject::tr("attempt (the wait before it)"));
        attemptAxis->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
        attemptAxis->setGridLineVisible(false); // the bands mark the attempts
        waitAxis->setTitleText(QObject::tr("wait"));
        waitAxis->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
        waitAxis->setStartValue(0);
        chart->addAxis(attemptAxis, Qt::AlignBottom);
        chart->addAxis(waitAxis, Qt::AlignLeft);

        worstCase->setObjectName(QStringLiteral("worstCase"));
        worstCase->setWordWrap(true);
        worstCase->setTextInteractionFlags(Qt::TextSelectableByMouse);
        QFont bold = worstCase->font();
        bold.setBold(true);
        worstCase->setFont(bold);
        caption->setObjectName(QStringLiteral("caption"));
        caption->setWordWrap(true);

        auto* layout = new QVBoxLayout(widget);
        layout->setContentsMargins(0, 0, 0, 0);
        layout->addWidget(view, 1);
        layout->addWidget(worstCase);
        layout->addWidget(caption);
    }

    void rebuild()
    {
        chart->removeAllSeries();
        bandSeries.clear();
        meanSeries = nullptr;

        const bool any = !plan.attempts.isEmpty();
        attemptAxis->setVisible(any);
        waitAxis->setVisible(any);
        chart->setTitle(any ? QString() : QObject::tr("No retries: one attempt, no waits."));
        QString note = QObject::tr("Each band spans the shortest to the longest of %1 sampled waits (seed %2); "
                                   "the line joins their means.")
                           .arg(kSamples)
                           .arg(kSeed);
        if (plan.attempts.size() > kMostBands)
            note += u' ' + QObject::tr("The first %1 of %2 waits are shown.").arg(kMostBands).arg(plan.attempts.size());
        caption->setText(note);
        if (!any)
            return;

        meanSeries = new QLineSeries;
        meanSeries->setName(QObject::tr("mean wait"));
        meanSeries->setPointsVisible(true);
        for (const PlannedAttempt& a : shownAttempts()) {
            auto* band = new QAreaSeries;
            auto* upper = new QLineSeries(band);
            auto* lower = new QLineSeries(band);
            upper->append(a.attempt - kBandHalfWidth, a.wait.maxMs);
            upper->append(a.attempt + kBandHalfWidth, a.wait.maxMs);
            lower->append(a.attempt - kBandHalfWidth, a.wait.minMs);
            lower->append(a.attempt + kBandHalfWidth, a.wait.minMs);
            band->setUpperSeries(upper);
            band->setLowerSeries(lower);
            band->setName(QObject::tr("wait range"));
            addSeries(band);
            bandSeries.append(band);
            meanSeries->append(a.attempt, a.wait.meanMs);
        }
        addSeries(meanSeries); // last, so the line is drawn over the bands
        // One legend entry for all the bands.
        for (qsizetype i = 1; i < bandSeries.size(); ++i) {
            for (QLegendMarker* marker : chart->legend()->markers(bandSeries[i]))
                marker->setVisible(false);
        }
        setRanges();
    }

    QList<PlannedAttempt> shownAttempts() const
    {
        return plan.attempts.first(std::min(plan.attempts.size(), qsizetype(kMostBands)));
    }

    void addSeries(QAbstractSeries* series)
    {
        chart->addSeries(series);
        series->attachAxis(attemptAxis);
        series->attachAxis(waitAxis);
    }

    void setRanges()
    {
        const QList<PlannedAttempt> shown = shownAttempts();
        const int first = shown.front().attempt;
        const int last = shown.back().attempt;
        clearCategories(attemptAxis);
        attemptAxis->setStartValue(first - 0.5);
        const int step = std::max(1, (last - first + kMostAttemptLabels) / kMostAttemptLabels);
        for (int k = first; k <= last; k += step)
            attemptAxis->append(QString::number(k), k);
        attemptAxis->setRange(first - 0.5, last + 0.5);

        double highest = 0;
        for (const PlannedAttempt& a : shown)
            highest = std::max(highest, a.wait.maxMs);
        const double waitStep = roundStep(std::max(highest, 1.0) * kHeadroom / kWaitTicks);
        const double top = std::ceil(std::max(highest, 1.0) * kHeadroom / waitStep) * waitStep;
        clearCategories(waitAxis);
        for (double ms = 0; ms <= top + waitStep / 2; ms += waitStep)
            waitAxis->append(tickLabel(ms, waitStep), ms);
        waitAxis->setRange(0, top);
    }

    void restyle()
    {
        const QPalette palette = owner->palette();
        const bool dark = isDarkPalette(palette);
        const QColor text = palette.color(QPalette::Text);
        chart->setBackgroundBrush(palette.color(QPalette::Base));
        chart->setTitleBrush(text);
        chart->legend()->setLabelColor(text);
        view->setBackgroundBrush(palette.color(QPalette::Base));
        QColor grid = text;
        grid.setAlpha(40);
        QColor line = text;
        line.setAlpha(120);
        for (QCategoryAxis* axis : {attemptAxis, waitAxis}) {
            axis->setLabelsBrush(text);
            axis->setTitleBrush(text);
            axis->setLinePenColor(line);
            axis->setGridLineColor(grid);
        }

        // The timeline's backoff-wait colour for the bands. The mean line must
        // stand out from them: the timeline's strong blue on light, the text
        // colour on dark (where both blues are pale). Dark bands let more of
        // the background through, so they read as blue, not as grey.
        QColor fill = waitColor(WaitSource::Backoff, dark);
        fill.setAlpha(dark ? 130 : 190);
        QColor edge = waitColor(WaitSource::Backoff, dark);
        edge = dark ? edge : edge.darker(140);
        for (QAreaSeries* band : std::as_const(bandSeries)) {
            band->setBrush(fill);
            band->setPen(QPen(edge, 1.5)); // a band without jitter is a line, still seen
        }
        if (meanSeries) {
            const QColor mean = dark ? text : outcomeColor(OutcomeClass::Redirect3xx, false);
            meanSeries->setPen(QPen(mean, 2));
            meanSeries->setColor(mean);
            meanSeries->setMarkerSize(5);
        }
        // Quieter than the worst case above it, from the text colour so it
        // follows any palette (not every palette sets PlaceholderText).
        QPalette quiet = caption->palette();
        QColor note = palette.color(QPalette::WindowText);
        note.setAlpha(150);
        quiet.setColor(QPalette::WindowText, note);
        caption->setPalette(quiet);
    }
};

PolicyPreviewChart::PolicyPreviewChart(QWidget* parent)
    : QWidget(parent)
    , d(std::make_unique<Private>(this))
{
    setPolicy(RetryPolicy{});
}

PolicyPreviewChart::~PolicyPreviewChart() = default;

void PolicyPreviewChart::setPolicy(const RetryPolicy& policy)
{
    d->plan = planWaits(policy, kSamples, kSeed);
    d->worstCase->setText(worstCaseInWords(d->plan, policy));
    d->rebuild();
    d->restyle();
}

const WaitPlan& PolicyPreviewChart::plan() const
{
    return d->plan;
}

QList<PreviewBand> PolicyPreviewChart::bands() const
{
    QList<PreviewBand> out;
    const QList<QPointF> means = d->meanSeries ? d->meanSeries->points() : QList<QPointF>();
    for (qsizetype i = 0; i < d->bandSeries.size(); ++i) {
        const QList<QPointF> upper = d->bandSeries[i]->upperSeries()->points();
        const QList<QPointF> lower = d->bandSeries[i]->lowerSeries()->points();
        PreviewBand band;
        band.attempt = int(std::lround((upper.front().x() + upper.back().x()) / 2));
        band.maxMs = upper.front().y();
        band.minMs = lower.front().y();
        band.meanMs = i < means.size() ? means[i].y() : 0;
        out.append(band);
    }
    return out;
}

QString PolicyPreviewChart::worstCaseText() const
{
    return d->worstCase->text();
}

QChartView* PolicyPreviewChart::chartView() const
{
    return d->view;
}

void PolicyPreviewChart::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (d && event->type() == QEvent::PaletteChange)
        d->restyle();
}

} // namespace jitterbug::gui
