#include "runnerpanel.h"

#include "util/duration.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>

namespace jitterbug::gui {

RunnerPanel::RunnerPanel(QWidget* parent)
    : QWidget(parent)
    , m_folder(new QComboBox(this))
    , m_iterations(new QSpinBox(this))
    , m_concurrency(new QSpinBox(this))
    , m_run(new QPushButton(tr("Run"), this))
    , m_cancel(new QPushButton(tr("Cancel"), this))
    , m_progress(new QProgressBar(this))
    , m_summary(new QLabel(this))
{
    m_iterations->setRange(1, 100'000);
    m_concurrency->setRange(1, 256);
    m_cancel->setEnabled(false);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->setWordWrap(true);
    setFolders({});

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_run);
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_progress, 1);
    auto* form = new QFormLayout(this);
    form->addRow(tr("Run:"), m_folder);
    form->addRow(tr("Iterations:"), m_iterations);
    form->addRow(tr("Concurrency:"), m_concurrency);
    form->addRow(buttons);
    form->addRow(m_summary);

    connect(m_run, &QPushButton::clicked, this, &RunnerPanel::runRequested);
    connect(m_cancel, &QPushButton::clicked, this, &RunnerPanel::cancelRequested);
}

void RunnerPanel::setFolders(const QStringList& folders)
{
    m_folder->clear();
    m_folder->addItem(tr("The whole collection"), QString());
    for (const QString& folder : folders)
        m_folder->addItem(tr("Folder %1").arg(folder), folder);
}

QString RunnerPanel::folder() const
{
    return m_folder->currentData().toString();
}

int RunnerPanel::iterations() const
{
    return m_iterations->value();
}

int RunnerPanel::concurrency() const
{
    return m_concurrency->value();
}

void RunnerPanel::setIterations(int iterations)
{
    m_iterations->setValue(iterations);
}

void RunnerPanel::setConcurrency(int concurrency)
{
    m_concurrency->setValue(concurrency);
}

void RunnerPanel::runStarted(int total)
{
    m_run->setEnabled(false);
    m_cancel->setEnabled(true);
    m_progress->setRange(0, total);
    m_progress->setValue(0);
    m_summary->setText(tr("Running %n call(s)…", nullptr, total));
}

void RunnerPanel::showProgress(int done, int total)
{
    m_progress->setRange(0, total);
    m_progress->setValue(done);
}

void RunnerPanel::runFinished(const RunSummary& s, double wallMs, bool cancelled)
{
    m_run->setEnabled(true);
    m_cancel->setEnabled(false);
    m_summary->setText((cancelled ? tr("Cancelled. ") : QString())
                       + tr("%1 calls: %2 succeeded, %3 failed (%4 fallbacks); %5 attempts, %6 retries; total wait %7; "
                            "latency p50 %8, p95 %9; run time %10.")
                             .arg(s.calls())
                             .arg(s.succeeded())
                             .arg(s.failed())
                             .arg(s.fallbacks())
                             .arg(s.attempts())
                             .arg(s.retries())
                             .arg(formatDuration(s.totalWaitMs()), formatDuration(s.elapsedPercentileMs(0.5)),
                                  formatDuration(s.elapsedPercentileMs(0.95)), formatDuration(wallMs)));
}

QString RunnerPanel::summaryText() const
{
    return m_summary->text();
}

} // namespace jitterbug::gui
