#pragma once

#include "herdrunner.h"

#include "util/error.h"

#include <QList>
#include <QWidget>

#include <functional>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QGridLayout;
class QGroupBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace jitterbug::gui {

// "10, 50,100" → {10, 50, 100}: whole numbers from 1 to 1,000,000, each once.
// The error is one line a person can act on.
Expected<QList<int>> parseClientCounts(const QString& text);

// The herd lab's inputs: the model, client counts, trials, strategies (the
// five named ones and any added policy files), backoff and network delays,
// the capacity model's server (shown for that model only) and the seed. A
// bad client list is said under it; any other problem in one line at the
// bottom. Each model keeps its own number of trials: a capacity trial runs
// the engine for every call and costs far more than an occ trial.
class HerdForm : public QWidget
{
    Q_OBJECT
public:
    explicit HerdForm(QWidget* parent = nullptr);

    // The run as filled in, or the first problem.
    Expected<HerdRunSettings> settings() const;
    bool isValid() const { return m_valid; }

    quint64 seed() const;
    void setSeed(quint64 seed);
    // Adds a strategy from a policy file or "FILE#Request" as a ticked box; a
    // problem (unreadable file, a name already listed) is returned and shown.
    Expected<void> addStrategySpec(const QString& spec);
    // How "Add policy file…" asks for the file; tests answer instead of a dialog.
    void setPolicyFileQuestion(std::function<QString()> ask) { m_askPolicyFile = std::move(ask); }

Q_SIGNALS:
    void validityChanged(bool valid);

private:
    void buildCapacityGroup();
    QCheckBox* addStrategyBox(const QString& name, const QString& objectName);
    void modelChanged();
    void check();

    QComboBox* m_model;
    QLineEdit* m_clients;
    QLabel* m_clientsProblem;
    QSpinBox* m_trials;
    int m_otherModelTrials; // the trials the model not shown keeps
    QGroupBox* m_strategyGroup;
    QGridLayout* m_strategyGrid;
    QList<QCheckBox*> m_strategyBoxes;
    QList<HerdStrategy> m_fileStrategies; // by the boxes after the named ones
    QDoubleSpinBox* m_baseDelay;
    QDoubleSpinBox* m_maxDelay;
    QDoubleSpinBox* m_netMean;
    QDoubleSpinBox* m_netSd;
    QGroupBox* m_capacityGroup;
    QDoubleSpinBox* m_capacity;
    QSpinBox* m_callsPerClient;
    QCheckBox* m_retryAfterOn;
    QSpinBox* m_retryAfter;
    QCheckBox* m_outageOn;
    QDoubleSpinBox* m_outageFrom;
    QDoubleSpinBox* m_outageTo;
    QSpinBox* m_seed;
    QLabel* m_problem;
    bool m_valid = false;
    std::function<QString()> m_askPolicyFile;
};

} // namespace jitterbug::gui
