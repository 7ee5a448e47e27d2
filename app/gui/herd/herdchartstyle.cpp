#include "herdchartstyle.h"

#include "herd/herdstrategy.h"

#include <QAbstractAxis>
#include <QChart>
#include <QLegend>
#include <QPalette>
#include <QValueAxis>

#include <array>

namespace jitterbug::gui {

namespace {

struct HuePair {
    QRgb light;
    QRgb dark;
};

// The named strategies in herdStrategyNames()' order: none and exponential
// (the herd's worst) in warm colours, the jittered ones in cool and green.
constexpr std::array<HuePair, 5> kNamedHues{{
    {0xd7322b, 0xf0605a}, // none: red
    {0xe8840c, 0xf5a33c}, // exponential: orange
    {0x8a3fc4, 0xb07ae6}, // equal: purple
    {0x2e9e44, 0x5ccf6e}, // full: green
    {0x2f6fd6, 0x6a9ef0}, // decorrelated: blue
}};
// For strategies from policy files, after the named ones' hues.
constexpr std::array<HuePair, 5> kFileHues{{
    {0x1a9e93, 0x3cc4b8}, // teal
    {0xc2189a, 0xe55cc4}, // magenta
    {0x8a5a2b, 0xc89462}, // brown
    {0x5d7290, 0x93a7c4}, // grey-blue
    {0xb08d00, 0xe6c229}, // olive gold
}};

QColor colorOf(const HuePair& hue, bool dark)
{
    return QColor::fromRgb(dark ? hue.dark : hue.light);
}

} // namespace

QList<QColor> herdStrategyColors(const QStringList& strategies, bool dark)
{
    const QStringList named = herdStrategyNames();
    QList<QColor> colors;
    qsizetype nextFileHue = 0;
    for (const QString& strategy : strategies) {
        const qsizetype index = named.indexOf(strategy);
        if (index >= 0 && index < qsizetype(kNamedHues.size()))
            colors.append(colorOf(kNamedHues[size_t(index)], dark));
        else
            colors.append(colorOf(kFileHues[size_t(nextFileHue++ % qsizetype(kFileHues.size()))], dark));
    }
    return colors;
}

void setHerdValueRange(QValueAxis* axis, double largest)
{
    axis->setRange(0, largest > 0 ? largest * 1.05 : 1);
    axis->applyNiceNumbers();
}

void styleHerdChart(QChart* chart, const QPalette& palette)
{
    const QColor text = palette.color(QPalette::Text);
    QColor grid = text;
    grid.setAlpha(40);
    QColor line = text;
    line.setAlpha(120);
    chart->setBackgroundBrush(palette.color(QPalette::Base));
    chart->setTitleBrush(text);
    QFont title = chart->titleFont();
    title.setBold(true);
    chart->setTitleFont(title);
    chart->legend()->setLabelColor(text);
    chart->legend()->setMarkerShape(QLegend::MarkerShapeRectangle);
    for (QAbstractAxis* axis : chart->axes()) {
        axis->setLabelsBrush(text);
        axis->setTitleBrush(text);
        axis->setLinePenColor(line);
        axis->setGridLineColor(grid);
    }
}

} // namespace jitterbug::gui
