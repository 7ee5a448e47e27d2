#include "herdlab.h"

#include "herdcharts.h"
#include "herdexport.h"
#include "herdform.h"
#include "herdresultsmodel.h"
#include "herdrunner.h"

#include "util/duration.h"

#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace jitterbug::gui {

namespace {

constexpr int kControlsWidth = 340; // the widest form row: "Network delay mean:" and its box
constexpr int kProgressSteps = 1000;

} // namespace

HerdLab::HerdLab(QWidget* parent)
    : QWidget(parent)
    , m_form(new HerdForm(this))
    , m_runner(new HerdRunner(this))
    , m_results(new HerdResultsModel(this))
    , m_table(new QTableView(this))
    , m_charts(new HerdCharts(this))
    , m_run(new QPushButton(tr("Run"), this))
    , m_cancel(new QPushButton(tr("Cancel"), this))
    , m_exportCsv(new QPushButton(tr("Export CSV…"), this))
    , m_exportCharts(new QPushButton(tr("Save charts…"), this))
    , m_progress(new QProgressBar(this))
    , m_status(new QLabel(this))
{
    setObjectName(QStringLiteral("herdLab"));
    m_form->setObjectName(QStringLiteral("herdForm"));
    m_run->setObjectName(QStringLiteral("run"));
    m_cancel->setObjectName(QStringLiteral("cancel"));
    m_exportCsv->setObjectName(QStringLiteral("exportCsv"));
    m_exportCharts->setObjectName(QStringLiteral("exportCharts"));
    m_progress->setObjectName(QStringLiteral("progress"));
    m_status->setObjectName(QStringLiteral("status"));
    m_table->setObjectName(QStringLiteral("results"));
    m_charts->setObjectName(QStringLiteral("herdCharts"));
    m_progress->setRange(0, kProgressSteps);
    m_progress->setValue(0);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setText(tr("Choose the herd and the strategies, then Run."));
    m_table->setModel(m_results);
    m_table->verticalHeader()->hide();
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setWordWrap(false);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);

    auto* results = new QSplitter(Qt::Vertical, this);
    results->setObjectName(QStringLiteral("herdResults"));
    results->addWidget(m_charts);
    results->addWidget(m_table);
    results->setStretchFactor(0, 4);
    results->setStretchFactor(1, 1);
    results->setSizes({600, 170});
    auto* layout = new QHBoxLayout(this);
    layout->addWidget(buildControls());
    layout->addWidget(results, 1);

    connect(m_run, &QPushButton::clicked, this, &HerdLab::run);
    connect(m_cancel, &QPushButton::clicked, this, &HerdLab::cancel);
    connect(m_exportCsv, &QPushButton::clicked, this, &HerdLab::chooseCsvFile);
    connect(m_exportCharts, &QPushButton::clicked, this, &HerdLab::chooseChartsFolder);
    connect(m_form, &HerdForm::validityChanged, this, &HerdLab::updateButtons);
    connect(m_runner, &HerdRunner::progress, this, [this](qint64 done, qint64 total) {
        m_progress->setValue(total > 0 ? static_cast<int>(done * kProgressSteps / total) : 0);
    });
    connect(m_runner, &HerdRunner::cellFinished, this, [this](const HerdResult& result) {
        m_results->append(result);
        m_charts->setResults(m_runner->results());
        m_status->setText(tr("Running: %1 of %2 cells done.").arg(m_runner->results().size()).arg(m_cells));
    });
    connect(m_runner, &HerdRunner::finished, this, &HerdLab::onFinished);
    m_tellProblem = [this](const QString& title, const QString& message) {
        QMessageBox::warning(this, title, message);
    };
    updateButtons();
}

HerdLab::~HerdLab() = default;

// The form scrolls on its own when a short window cannot show it whole; the
// buttons and the progress stay under it.
QWidget* HerdLab::buildControls()
{
    auto* scroll = new QScrollArea(this);
    scroll->setWidget(m_form);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_run);
    buttons->addWidget(m_cancel);
    auto* exports = new QHBoxLayout;
    exports->addWidget(m_exportCsv);
    exports->addWidget(m_exportCharts);
    auto* controls = new QWidget(this);
    controls->setFixedWidth(kControlsWidth);
    auto* layout = new QVBoxLayout(controls);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(scroll, 1);
    layout->addLayout(buttons);
    layout->addWidget(m_progress);
    layout->addWidget(m_status);
    layout->addLayout(exports);
    return controls;
}

QString HerdLab::statusText() const
{
    return m_status->text();
}

void HerdLab::run()
{
    if (m_runner->isRunning())
        return;
    const Expected<HerdRunSettings> settings = m_form->settings();
    if (!settings) { // the form shows it already; Run is only reached here from code
        m_status->setText(settings.error().message);
        return;
    }
    m_results->reset(settings->model == HerdModel::Capacity);
    m_charts->clear();
    m_progress->setValue(0);
    m_cells = static_cast<int>(settings->clients.size() * settings->strategies.size());
    if (const Expected<void> started = m_runner->start(*settings); !started) {
        m_status->setText(started.error().message);
        return;
    }
    m_elapsed.start();
    m_status->setText(tr("Running: 0 of %1 cells done.").arg(m_cells));
    updateButtons();
}

void HerdLab::cancel()
{
    if (m_runner->isRunning())
        m_status->setText(tr("Cancelling…"));
    m_runner->cancel();
}

void HerdLab::onFinished(bool cancelled)
{
    const QString took = formatDuration(static_cast<double>(m_elapsed.elapsed()));
    const auto done = static_cast<int>(m_runner->results().size());
    if (const QString problem = m_runner->problem(); !problem.isEmpty()) {
        m_status->setText(tr("Stopped after %1 of %2 cells: %3.").arg(done).arg(m_cells).arg(problem));
        m_tellProblem(tr("The herd run stopped"), problem);
    } else if (cancelled) {
        m_status->setText(tr("Cancelled after %1: %2 of %3 cells finished.").arg(took).arg(done).arg(m_cells));
    } else {
        m_progress->setValue(kProgressSteps);
        m_status->setText(
            tr("%1 cells in %2 (seed %3, the same for every strategy).").arg(done).arg(took).arg(m_form->seed()));
    }
    updateButtons();
    Q_EMIT runFinished(cancelled);
}

void HerdLab::updateButtons()
{
    const bool running = m_runner->isRunning();
    m_form->setEnabled(!running);
    m_run->setEnabled(!running && m_form->isValid());
    m_cancel->setEnabled(running);
    const bool any = !running && m_results->rowCount() > 0;
    m_exportCsv->setEnabled(any);
    m_exportCharts->setEnabled(any);
}

Expected<void> HerdLab::exportCsv(const QString& path) const
{
    return writeHerdCsv(path, m_results->results());
}

Expected<QStringList> HerdLab::exportCharts(const QString& folder) const
{
    return writeHerdChartImages(folder, m_charts->files());
}

void HerdLab::chooseCsvFile()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export the herd table"), QStringLiteral("herd.csv"),
                                                      tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    if (const Expected<void> written = exportCsv(path); !written)
        m_tellProblem(tr("Cannot export the table"), written.error().message);
    else
        m_status->setText(tr("Table saved to %1.").arg(QDir::toNativeSeparators(path)));
}

void HerdLab::chooseChartsFolder()
{
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Save the charts in"));
    if (folder.isEmpty())
        return;
    if (const Expected<QStringList> written = exportCharts(folder); !written)
        m_tellProblem(tr("Cannot save the charts"), written.error().message);
    else
        m_status->setText(tr("Charts saved to %1.").arg(QDir::toNativeSeparators(folder)));
}

} // namespace jitterbug::gui
