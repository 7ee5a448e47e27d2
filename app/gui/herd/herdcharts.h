#pragma once

#include "herd/herdresult.h"

#include <QList>
#include <QString>
#include <QWidget>

#include <memory>

class QChart;
class QChartView;
class QComboBox;

namespace jitterbug::gui {

// A chart as it is saved: its view and the file name it is saved under.
struct HerdChartFile {
    QString fileName; // "herd-calls.png"
    QChartView* view = nullptr;
};

// The herd lab's four charts, two by two: mean calls per trial and mean time
// until the last client finished (bars, grouped by client count, one colour
// per strategy), the offered load over time and the CDF of client completion
// times (one line per strategy, at the client count chosen above them; the
// largest by default). The capacity model adds each strategy's accepted load
// as a dashed line. Charts follow the palette.
class HerdCharts : public QWidget
{
    Q_OBJECT
public:
    // The CDF is drawn through at most this many points per strategy.
    static constexpr int kMostCdfPoints = 200;

    explicit HerdCharts(QWidget* parent = nullptr);
    ~HerdCharts() override;

    void setResults(const QList<HerdResult>& results);
    void clear();
    // The client count the load and CDF charts show (0 when there are no results).
    int shownClients() const;
    void setShownClients(int clients);

    QChart* callsChart() const;
    QChart* timeChart() const;
    QChart* loadChart() const;
    QChart* cdfChart() const;
    QList<HerdChartFile> files() const;

protected:
    void changeEvent(QEvent* event) override;

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace jitterbug::gui
