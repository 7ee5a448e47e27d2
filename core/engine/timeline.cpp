#include "timeline.h"

#include <array>
#include <utility>

namespace jitterbug {

namespace {

constexpr std::array<std::pair<Decision, const char*>, 4> decisionNames{{
    {Decision::Success, "success"},
    {Decision::Retry, "retry"},
    {Decision::GiveUp, "give_up"},
    {Decision::Fallback, "fallback"},
}};

constexpr std::array<std::pair<WaitSource, const char*>, 6> waitSourceNames{{
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
    for (const auto& [d, name] : decisionNames) {
        if (d == decision)
            return QString::fromLatin1(name);
    }
    return {};
}

QString waitSourceName(WaitSource source)
{
    for (const auto& [s, name] : waitSourceNames) {
        if (s == source)
            return QString::fromLatin1(name);
    }
    return {};
}

std::optional<Decision> decisionFromName(QStringView name)
{
    for (const auto& [d, n] : decisionNames) {
        if (name == QLatin1StringView(n))
            return d;
    }
    return std::nullopt;
}

std::optional<WaitSource> waitSourceFromName(QStringView name)
{
    for (const auto& [s, n] : waitSourceNames) {
        if (name == QLatin1StringView(n))
            return s;
    }
    return std::nullopt;
}

} // namespace jitterbug
