#pragma once

#include "util/random.h"

#include <QDateTime>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace jitterbug {

// Postman's dynamic variables ({{$guid}}, {{$timestamp}}, ...) that
// collections use for unique ids and times: each use draws a fresh value, as
// in Postman. Draws come from the run's seeded generator and times from the
// run's clock, so a simulated run gives the same values for the same seed.
class DynamicVariables
{
public:
    DynamicVariables(Random random, std::function<QDateTime()> now);

    // The value of `name` (with its '$'), or nullopt when it is not one of supportedNames().
    std::optional<QString> value(QStringView name);
    // How many values were drawn: a request that drew none is the same on every send.
    int uses() const { return m_uses; }

    static const QStringList& supportedNames();

private:
    Random m_random;
    std::function<QDateTime()> m_now;
    int m_uses = 0;
};

} // namespace jitterbug
