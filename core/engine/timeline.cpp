#include "timeline.h"

#include "util/nametable.h"

namespace jitterbug {

namespace {

constexpr NameTable<Decision, 4> decisionNames{{
    {Decision::Success, "success"},
    {Decision::Retry, "retry"},
    {Decision::GiveUp, "give_up"},
    {Decision::Fallback, "fallback"},
}};

constexpr NameTable<WaitSource, 6> waitSourceNames{{
    {WaitSource::None, ""},
    {WaitSource::Backoff, "backoff"},
    {WaitSource::RetryAfter, "retry_after"},
    {WaitSource::RateLimit, "rate_limit"},
    {WaitSource::CircuitOpen, "circuit_open"},
    {WaitSource::Budget, "budget"},
}};

} // namespace

QString decisionName(Decision decision)
{
    return nameIn(decisionNames, decision);
}

QString waitSourceName(WaitSource source)
{
    return nameIn(waitSourceNames, source);
}

std::optional<Decision> decisionFromName(QStringView name)
{
    return valueIn(decisionNames, name);
}

std::optional<WaitSource> waitSourceFromName(QStringView name)
{
    return valueIn(waitSourceNames, name);
}

} // namespace jitterbug
