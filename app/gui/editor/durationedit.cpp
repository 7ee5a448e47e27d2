#include "editor/durationedit.h"

#include <QComboBox>
#include <QHBoxLayout>

#include <array>
#include <cmath>

namespace jitterbug::gui {

namespace {

struct Unit {
    const char* name;
    double ms;
};
// Largest first: setMilliseconds() takes the first that holds a value exactly.
constexpr std::array units{Unit{"h", 3600000}, Unit{"min", 60000}, Unit{"s", 1000}, Unit{"ms", 1}};
constexpr int kDecimals = 3;
constexpr double kLargest = 1e9; // in any unit: far beyond any sensible wait

// Whether `value` needs no more than kDecimals decimals.
bool fitsDecimals(double value)
{
    const double scaled = value * std::pow(10.0, kDecimals);
    return std::abs(scaled - std::round(scaled)) < 1e-6;
}

} // namespace

QString CompactSpinBox::textFromValue(double value) const
{
    QString text = locale().toString(value, 'f', decimals());
    const QChar point = locale().decimalPoint().front();
    if (text.contains(point)) {
        while (text.endsWith(u'0'))
            text.chop(1);
        if (text.endsWith(point))
            text.chop(1);
    }
    text.remove(locale().groupSeparator());
    return text;
}

DurationEdit::DurationEdit(QWidget* parent)
    : QWidget(parent)
    , m_number(new CompactSpinBox(this))
    , m_unit(new QComboBox(this))
{
    m_number->setDecimals(kDecimals);
    m_number->setRange(0, kLargest);
    m_number->setKeyboardTracking(true);
    m_number->setMinimumWidth(90);
    for (const Unit& unit : units)
        m_unit->addItem(QLatin1StringView(unit.name), unit.ms);
    m_unit->setCurrentIndex(int(units.size()) - 1);

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addWidget(m_number, 1);
    layout->addWidget(m_unit);
    setFocusProxy(m_number);

    connect(m_number, &QDoubleSpinBox::valueChanged, this, &DurationEdit::edited);
    connect(m_unit, &QComboBox::currentIndexChanged, this, &DurationEdit::edited);
}

double DurationEdit::milliseconds() const
{
    const double ms = m_number->value() * m_unit->currentData().toDouble();
    // 0.1 s is 100 ms, not 100.00000000000001 ms, in the saved file.
    return std::round(ms * 1000) / 1000;
}

void DurationEdit::setMilliseconds(double ms)
{
    int chosen = int(units.size()) - 1;
    for (int i = 0; i < int(units.size()); ++i) {
        const double inUnit = ms / units[std::size_t(i)].ms;
        if (inUnit >= 1 && fitsDecimals(inUnit)) {
            chosen = i;
            break;
        }
    }
    // The unit first: its change must not re-read the old number as the new value.
    m_unit->setCurrentIndex(chosen);
    m_number->setValue(ms / units[std::size_t(chosen)].ms);
}

} // namespace jitterbug::gui
