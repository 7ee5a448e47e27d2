#include "flagvalues.h"

namespace jitterbug::cli {

std::unexpected<Error> badFlagValue(const QString& flag, const QString& expected, const QString& value)
{
    return invalidInput(flag + QStringLiteral(": expected ") + expected + QStringLiteral(", got \"") + value
                        + QLatin1Char('"'));
}

Expected<int> parseWholeNumber(const QString& flag, const QString& value, int minimum)
{
    bool ok = false;
    const int v = value.toInt(&ok);
    if (!ok || v < minimum)
        return badFlagValue(flag, QStringLiteral("a whole number ≥ %1").arg(minimum), value);
    return v;
}

Expected<quint64> parseSeed(const QString& value)
{
    bool ok = false;
    const quint64 seed = value.toULongLong(&ok);
    if (!ok || seed >= (quint64{1} << 53))
        return badFlagValue(QStringLiteral("--seed"), QStringLiteral("a whole number from 0 to 2^53"), value);
    return seed;
}

} // namespace jitterbug::cli
