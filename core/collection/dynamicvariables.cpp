#include "dynamicvariables.h"

namespace jitterbug {

DynamicVariables::DynamicVariables(Random random, std::function<QDateTime()> now)
    : m_random(random)
    , m_now(std::move(now))
{
}

const QStringList& DynamicVariables::supportedNames()
{
    static const QStringList names{QStringLiteral("$guid"),          QStringLiteral("$randomUUID"),
                                   QStringLiteral("$timestamp"),     QStringLiteral("$isoTimestamp"),
                                   QStringLiteral("$randomInt"),     QStringLiteral("$randomBoolean"),
                                   QStringLiteral("$randomHexColor")};
    return names;
}

std::optional<QString> DynamicVariables::value(QStringView name)
{
    // Postman's meanings: $timestamp is Unix seconds, $isoTimestamp UTC with
    // milliseconds, $randomInt an integer in [0, 1000].
    std::optional<QString> out;
    if (name == u"$guid" || name == u"$randomUUID")
        out = m_random.uuid4().toString(QUuid::WithoutBraces);
    else if (name == u"$timestamp")
        out = QString::number((m_now().toMSecsSinceEpoch() + 500) / 1000); // rounded, as Postman's Math.round
    else if (name == u"$isoTimestamp")
        out = m_now().toUTC().toString(Qt::ISODateWithMs);
    else if (name == u"$randomInt")
        out = QString::number(m_random.nextU64() % 1001);
    else if (name == u"$randomBoolean")
        out = (m_random.nextU64() & 1) ? QStringLiteral("true") : QStringLiteral("false");
    else if (name == u"$randomHexColor")
        out = QStringLiteral("#%1").arg(m_random.nextU64() % 0x1000000, 6, 16, QLatin1Char('0'));
    if (out)
        ++m_uses;
    return out;
}

} // namespace jitterbug
