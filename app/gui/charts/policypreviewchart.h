#pragma once

#include "policy/waitplan.h"

#include <QList>
#include <QWidget>

#include <memory>

class QChartView;
class QLabel;

namespace jitterbug::gui {

// One retry's wait as the preview draws it.
struct PreviewBand {
    int attempt = 2; // the wait before this attempt
    double minMs = 0;
    double meanMs = 0;
    double maxMs = 0;
};

// The Resilience tab's picture of a policy before anything is sent: for each
// attempt k ≥ 2, the wait before it as a band from the shortest to the
// longest sampled wait, and a line through the means. The samples are
// planWaits' (what `jitterbug-cli plan` prints) with a fixed seed, so the
// picture changes only when the policy does. Under the chart, the worst-case
// total time in words. Styled as the run view's timeline (its backoff colour,
// the palette's base and text colours).
class PolicyPreviewChart : public QWidget
{
    Q_OBJECT
public:
    static constexpr int kSamples = 2000;
    static constexpr quint64 kSeed = 1;

    explicit PolicyPreviewChart(QWidget* parent = nullptr);
    ~PolicyPreviewChart() override;

    void setPolicy(const RetryPolicy& policy);

    const WaitPlan& plan() const;
    // What the chart's series hold, one band per retry, the first 50 of a
    // longer plan (read back from the series, so a test sees what is drawn).
    QList<PreviewBand> bands() const;
    QString worstCaseText() const;
    QChartView* chartView() const;

protected:
    void changeEvent(QEvent* event) override;

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace jitterbug::gui
