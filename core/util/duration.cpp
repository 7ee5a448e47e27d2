#include "duration.h"

#include <cmath>

namespace jitterbug {

QString formatDuration(double ms)
{
    if (!std::isfinite(ms))
        return QStringLiteral("∞");
    if (ms >= 120000) {
        const qint64 seconds = std::llround(ms / 1000);
        return QStringLiteral("%1 min %2 s").arg(seconds / 60).arg(seconds % 60);
    }
    if (ms >= 10000)
        return QString::number(ms / 1000, 'f', 1) + QStringLiteral(" s");
    if (ms >= 1000)
        return QString::number(ms / 1000, 'f', 2) + QStringLiteral(" s");
    return QString::number(ms, 'f', 1) + QStringLiteral(" ms");
}

} // namespace jitterbug
