#include "herdcharts.h"

#include "herdchartdata.h"
#include "herdchartstyle.h"

#include "charts/timelinestyle.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QValueAxis>

#include <algorithm>

namespace jitterbug::gui {

namespace {

// The load line has at most this many steps; longer runs merge neighbouring buckets.
constexpr int kMostLoadSteps = 200;

QString clientsText(int count)
{
    return count == 1 ? QObject::tr("1 client") : QObject::tr("%1 clients").arg(count);
}

void clearChart(QChart* chart)
{
    chart->removeAllSeries();
    const QList<QAbstractAxis*> axes = chart->axes();
    for (QAbstractAxis* axis : axes) {
        chart->removeAxis(axis);
        delete axis;
    }
}

QValueAxis* valueAxis(const QString& title, double largest, const char* format)
{
    auto* axis = new QValueAxis;
    axis->setTitleText(title);
    axis->setLabelFormat(QLatin1StringView(format).toString());
    setHerdValueRange(axis, largest);
    return axis;
}

void attach(QChart* chart, QAbstractSeries* series, QAbstractAxis* x, QAbstractAxis* y)
{
    chart->addSeries(series);
    series->attachAxis(x);
    series->attachAxis(y);
}

// Grouped by client count, one bar per strategy in each group: the question
// the lab answers is how each strategy's cost grows with the herd, and side
// by side within a group is where strategies are compared. (Groups per
// strategy would put bars of different herd sizes next to each other, which
// only says that more clients cost more.) Small groups read better in the table.
void fillBars(QChart* chart, const HerdGrid& cells, const QList<QColor>& colors, double HerdResult::*field, bool isTime,
              const QString& valueTitle)
{
    double largest = 0;
    for (const HerdResult& r : cells.results)
        largest = std::max(largest, r.*field);
    const HerdTimeUnit unit = isTime ? herdTimeUnitFor(largest) : HerdTimeUnit{};
    auto* series = new QBarSeries;
    for (qsizetype s = 0; s < cells.strategies.size(); ++s) {
        auto* set = new QBarSet(cells.strategies[s]);
        for (const int count : cells.clients) {
            const HerdResult* r = cells.find(count, cells.strategies[s]);
            set->append(r ? unit.of(r->*field) : 0);
        }
        set->setColor(colors[s]);
        set->setBorderColor(colors[s]);
        series->append(set);
    }
    auto* groups = new QBarCategoryAxis;
    for (const int count : cells.clients)
        groups->append(QString::number(count));
    groups->setTitleText(QObject::tr("clients"));
    const QString title = isTime ? QStringLiteral("%1 (%2)").arg(valueTitle, unit.name) : valueTitle;
    chart->addAxis(groups, Qt::AlignBottom);
    QValueAxis* values = valueAxis(title, unit.of(largest), "%g");
    chart->addAxis(values, Qt::AlignLeft);
    attach(chart, series, groups, values);
}

QLineSeries* line(const QString& name, const QList<QPointF>& points, const QColor& color, Qt::PenStyle style)
{
    auto* series = new QLineSeries;
    series->setName(name);
    series->append(points);
    series->setPen(QPen(color, style == Qt::SolidLine ? 2.0 : 1.6, style));
    return series;
}

} // namespace

struct HerdCharts::Private {
    HerdCharts* owner;
    QComboBox* clientsChoice;
    QChartView* calls;
    QChartView* time;
    QChartView* load;
    QChartView* cdf;
    QList<HerdResult> results;
    int userChoice = 0; // the client count last chosen in the box; 0 for the largest

    explicit Private(HerdCharts* widget)
        : owner(widget)
        , clientsChoice(new QComboBox(widget))
        , calls(makeView(QStringLiteral("callsChart")))
        , time(makeView(QStringLiteral("timeChart")))
        , load(makeView(QStringLiteral("loadChart")))
        , cdf(makeView(QStringLiteral("cdfChart")))
    {
        // A slow strategy stretches the time axis; the others are read by zooming in.
        for (QChartView* view : {load, cdf}) {
            view->setRubberBand(QChartView::RectangleRubberBand);
            view->setToolTip(QObject::tr("Drag a rectangle to zoom in; right-click to zoom out."));
        }
        clientsChoice->setObjectName(QStringLiteral("shownClients"));
        clientsChoice->setSizeAdjustPolicy(QComboBox::AdjustToContents);
        auto* choice = new QHBoxLayout;
        choice->addWidget(new QLabel(QObject::tr("Load and completion charts at:"), widget));
        choice->addWidget(clientsChoice);
        choice->addStretch(1);
        auto* grid = new QGridLayout;
        grid->setSpacing(4);
        grid->addWidget(calls, 0, 0);
        grid->addWidget(time, 0, 1);
        grid->addWidget(load, 1, 0);
        grid->addWidget(cdf, 1, 1);
        auto* layout = new QVBoxLayout(widget);
        layout->setContentsMargins(0, 0, 0, 0);
        layout->addLayout(choice);
        layout->addLayout(grid, 1);
    }

    QChartView* makeView(const QString& name)
    {
        auto* view = new QChartView(owner);
        view->setObjectName(name);
        view->setRenderHint(QPainter::Antialiasing);
        view->setMinimumSize(280, 200);
        QChart* chart = view->chart();
        chart->setBackgroundRoundness(0);
        chart->setMargins(QMargins(2, 2, 8, 2));
        chart->legend()->setAlignment(Qt::AlignTop);
        QFont small = chart->legend()->font();
        small.setPointSizeF(small.pointSizeF() * 0.9);
        chart->legend()->setFont(small);
        return view;
    }

    // The largest herd unless the user chose another that is still there:
    // cells arrive smallest first, and the choice must follow them up.
    void fillClientsChoice(const HerdGrid& cells)
    {
        const QSignalBlocker quiet(clientsChoice);
        clientsChoice->clear();
        for (const int count : cells.clients)
            clientsChoice->addItem(clientsText(count), count);
        const int chosen = clientsChoice->findData(userChoice);
        clientsChoice->setCurrentIndex(chosen >= 0 ? chosen : clientsChoice->count() - 1);
    }

    void rebuild()
    {
        for (QChartView* view : {calls, time, load, cdf})
            clearChart(view->chart());
        const HerdGrid cells(results);
        const bool dark = isDarkPalette(owner->palette());
        const QList<QColor> colors = herdStrategyColors(cells.strategies, dark);
        const int shown = clientsChoice->currentData().toInt();
        const bool capacity = !results.isEmpty() && results.front().model == u"capacity";
        calls->chart()->setTitle(QObject::tr("Calls per trial (mean)"));
        time->chart()->setTitle(QObject::tr("Time until the last client finished (mean)"));
        const QString at = shown > 0 ? u" at " + clientsText(shown) : QString();
        load->chart()->setTitle(capacity ? QObject::tr("Load over time%1 (dashed: accepted)").arg(at)
                                         : QObject::tr("Offered load over time%1").arg(at));
        cdf->chart()->setTitle(QObject::tr("Clients finished over time%1 (CDF)").arg(at));
        if (!results.isEmpty()) {
            fillBars(calls->chart(), cells, colors, &HerdResult::meanCalls, false, QObject::tr("calls"));
            fillBars(time->chart(), cells, colors, &HerdResult::meanTimeMs, true, QObject::tr("time"));
            fillLoad(cells, colors, shown, capacity);
            fillCdf(cells, colors, shown);
        }
        for (QChartView* view : {calls, time, load, cdf}) {
            styleHerdChart(view->chart(), owner->palette());
            view->setBackgroundBrush(owner->palette().color(QPalette::Base));
        }
    }

    void fillLoad(const HerdGrid& cells, const QList<QColor>& colors, int shown, bool capacity)
    {
        double endMs = 0;
        for (const QString& strategy : cells.strategies) {
            if (const HerdResult* r = cells.find(shown, strategy))
                endMs = std::max(endMs, double(r->load.size()) * r->bucketMs);
        }
        const HerdTimeUnit unit = herdTimeUnitFor(endMs);
        QList<QLineSeries*> lines;
        double highest = 0;
        for (qsizetype s = 0; s < cells.strategies.size(); ++s) {
            const HerdResult* r = cells.find(shown, cells.strategies[s]);
            if (!r)
                continue;
            lines.append(line(r->strategy, herdLoadSteps(*r, &HerdLoadBucket::offered, unit, kMostLoadSteps), colors[s],
                              Qt::SolidLine));
            if (capacity)
                lines.append(line(QObject::tr("%1 accepted").arg(r->strategy),
                                  herdLoadSteps(*r, &HerdLoadBucket::accepted, unit, kMostLoadSteps), colors[s],
                                  Qt::DashLine));
        }
        for (const QLineSeries* series : std::as_const(lines)) {
            for (const QPointF& p : series->points())
                highest = std::max(highest, p.y());
        }
        QValueAxis* x = valueAxis(QObject::tr("time (%1)").arg(unit.name), unit.of(endMs), "%g");
        QValueAxis* y = valueAxis(capacity ? QObject::tr("load (calls/s)") : QObject::tr("offered load (calls/s)"),
                                  highest, "%g");
        QChart* chart = load->chart();
        chart->addAxis(x, Qt::AlignBottom);
        chart->addAxis(y, Qt::AlignLeft);
        for (QLineSeries* series : std::as_const(lines)) {
            attach(chart, series, x, y);
            if (series->pen().style() != Qt::SolidLine) { // one legend entry per strategy; the title explains dashes
                for (QLegendMarker* marker : chart->legend()->markers(series))
                    marker->setVisible(false);
            }
        }
    }

    void fillCdf(const HerdGrid& cells, const QList<QColor>& colors, int shown)
    {
        double endMs = 0;
        for (const QString& strategy : cells.strategies) {
            if (const HerdResult* r = cells.find(shown, strategy); r && !r->completionTimesMs.isEmpty())
                endMs = std::max(endMs, r->completionTimesMs.back());
        }
        const HerdTimeUnit unit = herdTimeUnitFor(endMs);
        QChart* chart = cdf->chart();
        QValueAxis* x = valueAxis(QObject::tr("completion time (%1)").arg(unit.name), unit.of(endMs), "%g");
        QValueAxis* y = valueAxis(QObject::tr("fraction finished"), 1, "%.1f");
        y->setRange(0, 1);
        y->setTickCount(6);
        chart->addAxis(x, Qt::AlignBottom);
        chart->addAxis(y, Qt::AlignLeft);
        for (qsizetype s = 0; s < cells.strategies.size(); ++s) {
            const HerdResult* r = cells.find(shown, cells.strategies[s]);
            if (r && !r->completionTimesMs.isEmpty())
                attach(chart,
                       line(r->strategy, herdCdfPoints(r->completionTimesMs, unit, kMostCdfPoints), colors[s],
                            Qt::SolidLine),
                       x, y);
        }
    }
};

HerdCharts::HerdCharts(QWidget* parent)
    : QWidget(parent)
    , d(std::make_unique<Private>(this))
{
    connect(d->clientsChoice, &QComboBox::activated, this, [this] { d->userChoice = shownClients(); });
    connect(d->clientsChoice, &QComboBox::currentIndexChanged, this, [this] { d->rebuild(); });
    d->rebuild();
}

HerdCharts::~HerdCharts() = default;

void HerdCharts::setResults(const QList<HerdResult>& results)
{
    d->results = results;
    d->fillClientsChoice(HerdGrid(d->results));
    d->rebuild();
}

void HerdCharts::clear()
{
    setResults({});
}

int HerdCharts::shownClients() const
{
    return d->clientsChoice->currentData().toInt();
}

void HerdCharts::setShownClients(int clients)
{
    d->userChoice = clients;
    const int index = d->clientsChoice->findData(clients);
    if (index >= 0)
        d->clientsChoice->setCurrentIndex(index);
}

QChart* HerdCharts::callsChart() const
{
    return d->calls->chart();
}

QChart* HerdCharts::timeChart() const
{
    return d->time->chart();
}

QChart* HerdCharts::loadChart() const
{
    return d->load->chart();
}

QChart* HerdCharts::cdfChart() const
{
    return d->cdf->chart();
}

QList<HerdChartFile> HerdCharts::files() const
{
    return {{QStringLiteral("herd-calls.png"), d->calls},
            {QStringLiteral("herd-time.png"), d->time},
            {QStringLiteral("herd-load.png"), d->load},
            {QStringLiteral("herd-cdf.png"), d->cdf}};
}

void HerdCharts::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (d && event->type() == QEvent::PaletteChange)
        d->rebuild();
}

} // namespace jitterbug::gui
