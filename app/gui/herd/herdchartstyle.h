#pragma once

#include <QColor>
#include <QList>
#include <QString>
#include <QStringList>

class QChart;
class QPalette;
class QValueAxis;

namespace jitterbug::gui {

// One colour per strategy, in the order given. The five named strategies
// always get the same hue (so "full" is green in every chart and every run);
// other strategies (policy files) take the next unused hue. Dark palettes get
// lighter variants, as the run view's timeline does.
QList<QColor> herdStrategyColors(const QStringList& strategies, bool dark);

// A value axis from 0 to a little above `largest`, on round ticks.
void setHerdValueRange(QValueAxis* axis, double largest);

// Background, title, legend and axes in the palette's colours; the legend's
// markers are small so four legends fit beside each other.
void styleHerdChart(QChart* chart, const QPalette& palette);

} // namespace jitterbug::gui
