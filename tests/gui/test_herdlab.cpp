// The herd lab as a user drives it: fill the form, Run, read the table and
// the charts (checked against the engine's own numbers), Cancel a long run
// with the window still ticking, export, and the tab in the main window.
#include "herd/capacitymodel.h"
#include "herd/herdcharts.h"
#include "herd/herdform.h"
#include "herd/herdlab.h"
#include "herd/herdresultsmodel.h"
#include "herd/herdrunner.h"
#include "herd/occmodel.h"
#include "mainwindow.h"

#include "modeltestsupport.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <gtest/gtest.h>

#include <algorithm>

using namespace jitterbug;
using namespace jitterbug::gui;
using namespace Qt::StringLiterals;

namespace {

HerdStrategy named(const QString& name)
{
    return namedHerdStrategy(name, 5, 2000).value_or(HerdStrategy{});
}

template<typename T>
QList<T*> seriesOf(QChart* chart)
{
    QList<T*> found;
    for (QAbstractSeries* series : chart->series()) {
        if (auto* typed = qobject_cast<T*>(series))
            found.append(typed);
    }
    return found;
}

class HerdLabTest : public ::testing::Test
{
protected:
    HerdLab lab;

    void SetUp() override
    {
        lab.resize(1280, 820);
        lab.show();
    }

    template<typename T>
    T* child(const QString& name)
    {
        T* found = lab.findChild<T*>(name);
        EXPECT_NE(found, nullptr) << name.toStdString();
        return found;
    }
    void fill(const QString& clients, int trials, const QStringList& strategies)
    {
        child<QLineEdit>(u"clients"_s)->setText(clients);
        child<QSpinBox>(u"trials"_s)->setValue(trials);
        for (const QString& name : herdStrategyNames())
            child<QCheckBox>(u"strategy:"_s + name)->setChecked(strategies.contains(name));
    }
    void chooseModel(const char* model)
    {
        auto* box = child<QComboBox>(u"model"_s);
        box->setCurrentIndex(box->findData(QLatin1StringView(model).toString()));
    }
    // Clicks Run and waits for the lab to show the finished run.
    void runToEnd()
    {
        QSignalSpy finished(&lab, &HerdLab::runFinished);
        ASSERT_TRUE(lab.runButton()->isEnabled()) << lab.statusText().toStdString();
        QTest::mouseClick(lab.runButton(), Qt::LeftButton);
        ASSERT_TRUE(finished.wait(120'000)) << "the run did not finish";
        EXPECT_FALSE(finished.front().front().toBool()) << "not cancelled";
    }
    // Into the build folder's screenshots/, for the docs and for people to look at.
    void saveScreenshot(const char* name)
    {
        const QString dir = QCoreApplication::applicationDirPath() + u"/screenshots"_s;
        QDir().mkpath(dir);
        QTest::qWait(50); // the charts lay out their legends on the event loop, as on screen
        EXPECT_TRUE(lab.grab().save(dir + u'/' + QLatin1StringView(name) + u".png"_s));
    }
    QVariant cell(int row, int column) const { return lab.resultsModel()->index(row, column).data(Qt::UserRole); }
};

} // namespace

TEST_F(HerdLabTest, TheTableAndChartsShowTheEnginesNumbers)
{
    fill(u"1,20"_s, 20, {u"full"_s, u"exponential"_s});
    runToEnd();
    HerdResultsModel* model = lab.resultsModel();
    ASSERT_EQ(model->rowCount(), 4);
    EXPECT_EQ(model->columnCount(), HerdResultsModel::Rejected) << "occ has no refusal columns";
    EXPECT_EQ(lab.progressBar()->value(), lab.progressBar()->maximum());

    // The same settings and seed, straight to the engine: the same numbers, exactly.
    const QList<std::pair<int, QString>> expectedRows{
        {1, u"exponential"_s}, {1, u"full"_s}, {20, u"exponential"_s}, {20, u"full"_s}};
    QMap<std::pair<int, QString>, HerdResult> engine;
    for (int row = 0; row < 4; ++row) {
        const auto [clients, strategy] = expectedRows[row];
        EXPECT_EQ(cell(row, HerdResultsModel::Clients).toInt(), clients);
        EXPECT_EQ(cell(row, HerdResultsModel::Strategy).toString(), strategy);
        const OccSettings settings{.clients = clients, .trials = 20, .seed = lab.form()->seed()};
        const HerdResult expected = runOcc(settings, named(strategy));
        engine.insert({clients, strategy}, expected);
        EXPECT_EQ(cell(row, HerdResultsModel::MeanCalls).toDouble(), expected.meanCalls) << row;
        EXPECT_EQ(cell(row, HerdResultsModel::MeanTime).toDouble(), expected.meanTimeMs) << row;
        EXPECT_EQ(cell(row, HerdResultsModel::P50).toDouble(), expected.p50CompletionMs) << row;
        EXPECT_EQ(cell(row, HerdResultsModel::P99).toDouble(), expected.p99CompletionMs) << row;
        EXPECT_EQ(cell(row, HerdResultsModel::PeakLoad).toDouble(), expected.peakLoadPerSecond) << row;
    }

    // Bars grouped by client count, one set per strategy in the order they ran.
    const QList<QBarSeries*> bars = seriesOf<QBarSeries>(lab.charts()->callsChart());
    ASSERT_EQ(bars.size(), 1);
    ASSERT_EQ(bars.front()->count(), 2);
    auto* groups = qobject_cast<QBarCategoryAxis*>(lab.charts()->callsChart()->axes(Qt::Horizontal).value(0));
    ASSERT_NE(groups, nullptr);
    EXPECT_EQ(groups->categories(), (QStringList{u"1"_s, u"20"_s}));
    for (QBarSet* set : bars.front()->barSets()) {
        ASSERT_EQ(set->count(), 2);
        EXPECT_EQ(set->at(0), 1) << "one client writes once: " << set->label().toStdString();
        EXPECT_EQ(set->at(1), engine.value({20, set->label()}).meanCalls) << set->label().toStdString();
    }
    EXPECT_EQ(bars.front()->barSets()[0]->label(), u"exponential"_s);
    EXPECT_NE(bars.front()->barSets()[0]->color(), bars.front()->barSets()[1]->color());
    const QList<QBarSeries*> times = seriesOf<QBarSeries>(lab.charts()->timeChart());
    ASSERT_EQ(times.size(), 1);
    const QString timeTitle = lab.charts()->timeChart()->axes(Qt::Vertical).value(0)->titleText();
    const double msPerUnit = timeTitle.endsWith(u"(s)"_s) ? 1000 : 1;
    EXPECT_TRUE(msPerUnit == 1000 || timeTitle.endsWith(u"(ms)"_s)) << timeTitle.toStdString();
    for (QBarSet* set : times.front()->barSets())
        EXPECT_DOUBLE_EQ(set->at(1), engine.value({20, set->label()}).meanTimeMs / msPerUnit);

    // Load and CDF at the largest herd: one line per strategy.
    EXPECT_EQ(lab.charts()->shownClients(), 20);
    const QList<QLineSeries*> load = seriesOf<QLineSeries>(lab.charts()->loadChart());
    ASSERT_EQ(load.size(), 2);
    for (QLineSeries* line : load) {
        const HerdResult& r = engine[{20, line->name()}];
        ASSERT_EQ(line->count(), 2 * r.load.size()) << "a step per bucket: " << line->name().toStdString();
        EXPECT_DOUBLE_EQ(line->at(0).y(), r.load[0].offered * 1000 / r.bucketMs);
        EXPECT_DOUBLE_EQ(line->at(1).y(), line->at(0).y());
    }
    const QList<QLineSeries*> cdf = seriesOf<QLineSeries>(lab.charts()->cdfChart());
    ASSERT_EQ(cdf.size(), 2);
    const QString cdfTitle = lab.charts()->cdfChart()->axes(Qt::Horizontal).value(0)->titleText();
    const double cdfMsPerUnit = cdfTitle.endsWith(u"(s)"_s) ? 1000 : 1;
    for (QLineSeries* line : cdf) {
        const QList<QPointF> points = line->points();
        ASSERT_GT(points.size(), 1);
        EXPECT_LE(points.size(), HerdCharts::kMostCdfPoints);
        EXPECT_EQ(points.back().y(), 1.0);
        const HerdResult& r = engine[{20, line->name()}];
        EXPECT_DOUBLE_EQ(points.back().x(), r.completionTimesMs.back() / cdfMsPerUnit);
        EXPECT_TRUE(std::is_sorted(points.begin(), points.end(),
                                   [](const QPointF& a, const QPointF& b) { return a.y() < b.y(); }));
    }
    lab.charts()->setShownClients(1);
    EXPECT_EQ(seriesOf<QLineSeries>(lab.charts()->cdfChart()).front()->points().back().y(), 1.0);
}

TEST_F(HerdLabTest, ABadClientListIsSaidInlineAndDisablesRun)
{
    auto* problem = child<QLabel>(u"clientsProblem"_s);
    EXPECT_TRUE(problem->isHidden());
    EXPECT_TRUE(lab.runButton()->isEnabled());
    child<QLineEdit>(u"clients"_s)->setText(u"10,x"_s);
    EXPECT_FALSE(problem->isHidden());
    EXPECT_TRUE(problem->text().contains(u"\"x\""_s)) << problem->text().toStdString();
    EXPECT_FALSE(lab.runButton()->isEnabled());
    child<QLineEdit>(u"clients"_s)->setText(u"10,10"_s);
    EXPECT_TRUE(problem->text().contains(u"twice"_s));
    EXPECT_FALSE(lab.runButton()->isEnabled());
    child<QLineEdit>(u"clients"_s)->setText(u" 10, 20"_s);
    EXPECT_TRUE(problem->isHidden());
    EXPECT_TRUE(lab.runButton()->isEnabled());

    // No strategy ticked: Run waits for one, and the line under the form says so.
    fill(u"10"_s, 5, {});
    EXPECT_FALSE(lab.runButton()->isEnabled());
    EXPECT_FALSE(child<QLabel>(u"problem"_s)->isHidden());
}

TEST_F(HerdLabTest, CancelStopsALongRunPromptlyAndTheWindowKeepsTicking)
{
    fill(u"100"_s, 100'000, {u"none"_s, u"full"_s});
    QElapsedTimer sinceTick;
    qint64 longestGapMs = 0;
    QTimer ticker;
    ticker.setInterval(20);
    QObject::connect(&ticker, &QTimer::timeout, [&] { longestGapMs = std::max(longestGapMs, sinceTick.restart()); });
    QSignalSpy finished(&lab, &HerdLab::runFinished);
    QSignalSpy progress(&lab.runner(), &HerdRunner::progress);
    QTest::mouseClick(lab.runButton(), Qt::LeftButton);
    ASSERT_TRUE(lab.runner().isRunning());
    EXPECT_FALSE(lab.runButton()->isEnabled());
    EXPECT_TRUE(lab.cancelButton()->isEnabled());
    sinceTick.start();
    ticker.start();
    QTest::qWait(500); // the run goes on; the event loop must keep turning
    EXPECT_GT(progress.size(), 0) << "progress reaches the window while it runs";
    QElapsedTimer cancelling;
    cancelling.start();
    QTest::mouseClick(lab.cancelButton(), Qt::LeftButton);
    ASSERT_TRUE(finished.size() == 1 || finished.wait(5'000)) << "Cancel did not stop the run";
    const qint64 stopMs = cancelling.elapsed();
    ticker.stop();
    std::printf("cancel took %lld ms; longest gap between 20 ms ticks %lld ms\n", static_cast<long long>(stopMs),
                static_cast<long long>(longestGapMs));
    EXPECT_LT(stopMs, 5'000);
    EXPECT_TRUE(finished.front().front().toBool()) << "reported as cancelled";
    EXPECT_LT(longestGapMs, 1'000);
    EXPECT_FALSE(lab.runner().isRunning());
    EXPECT_TRUE(lab.runButton()->isEnabled());
    EXPECT_TRUE(lab.statusText().contains(u"Cancelled"_s)) << lab.statusText().toStdString();
}

TEST_F(HerdLabTest, ExportWritesTheCsvAndFourPngs)
{
    fill(u"1,20"_s, 10, {u"full"_s, u"exponential"_s});
    runToEnd();
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString csvPath = dir.filePath(u"herd.csv"_s);
    ASSERT_TRUE(lab.exportCsv(csvPath));
    QFile csv(csvPath);
    ASSERT_TRUE(csv.open(QIODevice::ReadOnly));
    const QStringList lines = QString::fromUtf8(csv.readAll()).split(u'\n', Qt::SkipEmptyParts);
    ASSERT_EQ(lines.size(), 5);
    EXPECT_EQ(lines[0],
              QStringLiteral("clients,strategy,mean_time_ms,mean_calls,p50_completion_ms,"
                             "p99_completion_ms,peak_load_per_s,mean_rejected,mean_failed_calls"));
    EXPECT_TRUE(lines[1].startsWith(u"1,exponential,"_s)) << lines[1].toStdString();
    EXPECT_EQ(lines[1].split(u',').size(), 9);

    const Expected<QStringList> images = lab.exportCharts(dir.path());
    ASSERT_TRUE(images) << images.error().message.toStdString();
    const QStringList names{u"herd-calls.png"_s, u"herd-time.png"_s, u"herd-load.png"_s, u"herd-cdf.png"_s};
    ASSERT_EQ(images->size(), 4);
    for (const QString& name : names) {
        const QString path = dir.filePath(name);
        EXPECT_GT(QFileInfo(path).size(), 0) << name.toStdString();
        const QImage image(path);
        EXPECT_FALSE(image.isNull()) << name.toStdString();
        EXPECT_GT(image.width(), 100);
    }
    // A folder that is not there is an error to show, not a crash.
    EXPECT_FALSE(lab.exportCharts(dir.filePath(u"missing/folder"_s)));
    EXPECT_FALSE(lab.exportCsv(dir.filePath(u"missing/herd.csv"_s)));
}

TEST_F(HerdLabTest, TheResultsModelPassesTheModelTester)
{
    test::ModelTesterGuard guard(lab.resultsModel());
    fill(u"1,5"_s, 5, {u"none"_s, u"decorrelated"_s});
    runToEnd();
    EXPECT_EQ(lab.resultsModel()->rowCount(), 4);
    lab.resultsModel()->reset(true);
    for (const HerdResult& r : lab.runner().results())
        lab.resultsModel()->append(r);
    EXPECT_EQ(lab.resultsModel()->columnCount(), HerdResultsModel::ColumnCount);
    EXPECT_EQ(guard.failures(), "");
}

TEST_F(HerdLabTest, APolicyFileBecomesAStrategy)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"gentle.json"_s);
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write(R"({"max_attempts": 1000000, "backoff": "constant", "base_delay_ms": 50, "jitter": "full"})");
    file.close();
    lab.form()->setPolicyFileQuestion([path] { return path; });
    QTest::mouseClick(child<QPushButton>(u"addPolicyFile"_s), Qt::LeftButton);
    auto* box = child<QCheckBox>(u"strategy:file:gentle"_s);
    ASSERT_NE(box, nullptr);
    EXPECT_TRUE(box->isChecked());
    const Expected<HerdRunSettings> settings = lab.form()->settings();
    ASSERT_TRUE(settings);
    EXPECT_EQ(settings->strategies.back().name, u"gentle"_s);
    EXPECT_EQ(settings->strategies.back().policy.baseDelayMs, 50);

    // The same file again is named twice: said, not added.
    EXPECT_FALSE(lab.form()->addStrategySpec(path));
    EXPECT_FALSE(child<QLabel>(u"problem"_s)->isHidden());
    EXPECT_FALSE(lab.form()->addStrategySpec(dir.filePath(u"nothing.json"_s)));
}

TEST_F(HerdLabTest, CapacityModelShowsRefusalsAndAcceptedLoad)
{
    chooseModel("capacity");
    EXPECT_TRUE(child<QWidget>(u"capacity"_s)->isVisible());
    fill(u"50"_s, 3, {u"none"_s, u"full"_s});
    child<QSpinBox>(u"callsPerClient"_s)->setValue(5);
    child<QDoubleSpinBox>(u"capacity"_s)->setValue(100);
    runToEnd();
    HerdResultsModel* model = lab.resultsModel();
    ASSERT_EQ(model->rowCount(), 2);
    EXPECT_EQ(model->columnCount(), HerdResultsModel::ColumnCount);
    EXPECT_EQ(model->headerData(HerdResultsModel::Rejected, Qt::Horizontal).toString(), u"503s"_s);
    CapacitySettings settings; // as the form was filled in; the rest as the form's defaults
    settings.clients = 50;
    settings.callsPerClient = 5;
    settings.trials = 3;
    settings.seed = lab.form()->seed();
    for (int row = 0; row < 2; ++row) {
        const HerdResult expected = runCapacity(settings, named(cell(row, HerdResultsModel::Strategy).toString()));
        EXPECT_EQ(cell(row, HerdResultsModel::MeanCalls).toDouble(), expected.meanCalls);
        EXPECT_EQ(cell(row, HerdResultsModel::Rejected).toDouble(), expected.meanRejected);
    }
    EXPECT_GT(cell(0, HerdResultsModel::Rejected).toDouble(), 0) << "retrying at once meets 503s";

    QStringList names;
    for (QLineSeries* line : seriesOf<QLineSeries>(lab.charts()->loadChart())) {
        names.append(line->name());
        EXPECT_GT(line->count(), 0);
        EXPECT_EQ(line->pen().style(), line->name().endsWith(u"accepted") ? Qt::DashLine : Qt::SolidLine);
    }
    EXPECT_EQ(names, (QStringList{u"none"_s, u"none accepted"_s, u"full"_s, u"full accepted"_s}));
    saveScreenshot("herd-lab-capacity");
    chooseModel("occ");
    EXPECT_FALSE(child<QWidget>(u"capacity"_s)->isVisible());
    EXPECT_EQ(child<QSpinBox>(u"trials"_s)->value(), 100) << "each model keeps its trials";
}

// A herd retrying at once into an endless outage never ends: the model stops
// it, and the lab says why instead of running on.
TEST_F(HerdLabTest, ARunTheModelStopsIsReported)
{
    chooseModel("capacity");
    fill(u"50"_s, 1, {u"none"_s});
    child<QCheckBox>(u"outageOn"_s)->setChecked(true);
    child<QDoubleSpinBox>(u"outageFrom"_s)->setValue(0);
    child<QDoubleSpinBox>(u"outageTo"_s)->setValue(1e9);
    QStringList told;
    lab.setProblemReport([&told](const QString&, const QString& message) { told.append(message); });
    runToEnd();
    EXPECT_EQ(lab.resultsModel()->rowCount(), 0);
    ASSERT_EQ(told.size(), 1);
    EXPECT_TRUE(told.front().contains(u"stopped"_s)) << told.front().toStdString();
    EXPECT_TRUE(lab.statusText().startsWith(u"Stopped"_s)) << lab.statusText().toStdString();
    EXPECT_TRUE(lab.runButton()->isEnabled());
}

TEST(HerdLabWindow, TheMainWindowHasAHerdLabTab)
{
    MainWindow window;
    ASSERT_NE(window.herdLab(), nullptr);
    auto* tabs = window.findChild<QTabWidget*>(u"centralTabs"_s);
    ASSERT_NE(tabs, nullptr);
    ASSERT_EQ(tabs->count(), 2);
    EXPECT_EQ(tabs->tabText(0), u"Request"_s);
    EXPECT_EQ(tabs->tabText(1), u"Herd lab"_s);
    EXPECT_EQ(tabs->widget(1), window.herdLab());
    EXPECT_EQ(window.centralWidget(), tabs);
}

TEST_F(HerdLabTest, Screenshot)
{
    fill(u"10,50,100"_s, 50, herdStrategyNames());
    runToEnd();
    saveScreenshot("herd-lab");

    // The same on a dark palette: the charts follow it, the strategies keep their hues.
    QPalette dark;
    dark.setColor(QPalette::Window, QColor(0x2b2b2b));
    dark.setColor(QPalette::Base, QColor(0x1e1e1e));
    dark.setColor(QPalette::Text, QColor(0xe6e6e6));
    dark.setColor(QPalette::WindowText, QColor(0xe6e6e6));
    lab.setPalette(dark);
    saveScreenshot("herd-lab-dark");
    const QImage calls = lab.charts()->files().front().view->grab().toImage();
    EXPECT_LT(QColor(calls.pixel(5, 5)).lightness(), 60) << "the chart's background follows the palette";
}
