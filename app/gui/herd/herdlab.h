#pragma once

#include "util/error.h"

#include <QElapsedTimer>
#include <QStringList>
#include <QWidget>

#include <functional>

class QLabel;
class QProgressBar;
class QPushButton;
class QTableView;

namespace jitterbug::gui {

class HerdCharts;
class HerdForm;
class HerdResultsModel;
class HerdRunner;

// The "Herd lab" tab: many clients retrying against one server at once, each
// strategy run with the same seed, so their costs compare fairly. The inputs
// on the left; Run and Cancel with a progress bar; the results as a table and
// four charts, filled in as each (clients, strategy) cell finishes; the table
// exports as CSV and the charts as PNG. The runs happen on a worker thread:
// the window stays responsive and Cancel stops within a trial.
class HerdLab : public QWidget
{
    Q_OBJECT
public:
    explicit HerdLab(QWidget* parent = nullptr);
    ~HerdLab() override;

    HerdForm* form() const { return m_form; }
    HerdRunner& runner() const { return *m_runner; }
    HerdResultsModel* resultsModel() const { return m_results; }
    QTableView* resultsView() const { return m_table; }
    HerdCharts* charts() const { return m_charts; }
    QPushButton* runButton() const { return m_run; }
    QPushButton* cancelButton() const { return m_cancel; }
    QProgressBar* progressBar() const { return m_progress; }
    QString statusText() const;

    Expected<void> exportCsv(const QString& path) const;
    // The four charts as herd-calls.png, herd-time.png, herd-load.png and herd-cdf.png.
    Expected<QStringList> exportCharts(const QString& folder) const;
    // How a problem the user must read is shown (a warning dialog unless a test listens instead).
    void setProblemReport(std::function<void(const QString& title, const QString& message)> tell)
    {
        m_tellProblem = std::move(tell);
    }

public Q_SLOTS:
    void run();
    void cancel();

Q_SIGNALS:
    // After the table and charts show everything the run finished.
    void runFinished(bool cancelled);

private:
    QWidget* buildControls();
    void updateButtons();
    void onFinished(bool cancelled);
    void chooseCsvFile();
    void chooseChartsFolder();

    HerdForm* m_form;
    HerdRunner* m_runner;
    HerdResultsModel* m_results;
    QTableView* m_table;
    HerdCharts* m_charts;
    QPushButton* m_run;
    QPushButton* m_cancel;
    QPushButton* m_exportCsv;
    QPushButton* m_exportCharts;
    QProgressBar* m_progress;
    QLabel* m_status;
    QElapsedTimer m_elapsed;
    int m_cells = 0; // of the run started last
    std::function<void(const QString&, const QString&)> m_tellProblem;
};

} // namespace jitterbug::gui
