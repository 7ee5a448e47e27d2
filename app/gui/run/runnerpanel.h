#pragma once

#include "report/runsummary.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace jitterbug::gui {

// The collection runner's controls: what to run (the collection or one of
// its folders), iterations and concurrency, Run and Cancel, a progress bar
// and the run's summary.
class RunnerPanel : public QWidget
{
    Q_OBJECT
public:
    explicit RunnerPanel(QWidget* parent = nullptr);

    // Folder display paths ("Orders", "Orders/Admin"); the first entry always runs everything.
    void setFolders(const QStringList& folders);
    QString folder() const; // "" for the whole collection
    int iterations() const;
    int concurrency() const;
    void setIterations(int iterations);
    void setConcurrency(int concurrency);

    void runStarted(int total);
    void showProgress(int done, int total);
    void runFinished(const RunSummary& summary, double wallMs, bool cancelled);
    QString summaryText() const;

Q_SIGNALS:
    void runRequested();
    void cancelRequested();

private:
    QComboBox* m_folder;
    QSpinBox* m_iterations;
    QSpinBox* m_concurrency;
    QPushButton* m_run;
    QPushButton* m_cancel;
    QProgressBar* m_progress;
    QLabel* m_summary;
};

} // namespace jitterbug::gui
