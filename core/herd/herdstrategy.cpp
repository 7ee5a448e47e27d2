#include "herdstrategy.h"

namespace jitterbug {

QStringList herdStrategyNames()
{
    return {QStringLiteral("none"), QStringLiteral("exponential"), QStringLiteral("equal"), QStringLiteral("full"),
            QStringLiteral("decorrelated")};
}

Expected<HerdStrategy> namedHerdStrategy(QStringView name, double baseDelayMs, double maxDelayMs)
{
    HerdStrategy strategy;
    strategy.name = name.toString();
    RetryPolicy& p = strategy.policy;
    p.maxAttempts = kHerdUnlimitedAttempts;
    p.backoff = BackoffKind::Exponential;
    p.multiplier = 2;
    p.baseDelayMs = baseDelayMs;
    p.maxDelayMs = maxDelayMs;
    if (name == u"none") {
        p.backoff = BackoffKind::Constant;
        p.baseDelayMs = 0;
        p.jitter = Jitter::None;
    } else if (name == u"exponential") {
        p.jitter = Jitter::None;
    } else if (name == u"equal") {
        p.jitter = Jitter::Equal;
    } else if (name == u"full") {
        p.jitter = Jitter::Full;
    } else if (name == u"decorrelated") {
        p.jitter = Jitter::Decorrelated;
    } else {
        return invalidInput(QStringLiteral("unknown strategy \"%1\"; the strategies are %2, or a policy file")
                                .arg(name, herdStrategyNames().join(QStringLiteral(", "))));
    }
    return strategy;
}

} // namespace jitterbug
