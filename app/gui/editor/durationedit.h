#pragma once

#include <QDoubleSpinBox>
#include <QWidget>

class QComboBox;

namespace jitterbug::gui {

// A QDoubleSpinBox that shows "2.5", not "2.500": the policy's numbers are
// read by people, and trailing zeros make 100 ms look like a measurement.
class CompactSpinBox : public QDoubleSpinBox
{
    Q_OBJECT
public:
    using QDoubleSpinBox::QDoubleSpinBox;
    QString textFromValue(double value) const override;
};

// A duration as a number and a unit (ms, s, min, h). The policy stores
// milliseconds, but 600000 ms is read as "10 min", so each value is shown in
// the largest unit that holds it exactly. Choosing another unit keeps the
// number and changes its meaning, as in any "number + unit" field.
class DurationEdit : public QWidget
{
    Q_OBJECT
public:
    explicit DurationEdit(QWidget* parent = nullptr);

    double milliseconds() const;
    void setMilliseconds(double ms);

    QDoubleSpinBox* numberBox() const { return m_number; }
    QComboBox* unitBox() const { return m_unit; }

Q_SIGNALS:
    void edited(); // the number or the unit changed

private:
    QDoubleSpinBox* m_number;
    QComboBox* m_unit;
};

} // namespace jitterbug::gui
