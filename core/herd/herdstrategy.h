#pragma once

#include "policy/retrypolicy.h"
#include "util/error.h"

#include <QString>
#include <QStringList>

namespace jitterbug {

// One way a herd of clients retries: a name for tables and charts, and the
// engine's own policy. The five named strategies are the AWS backoff post's
// (exponential backoff with base and cap, multiplier 2); a strategy can also
// be any full policy, from a policy file or a collection's request.
struct HerdStrategy {
    QString name;
    RetryPolicy policy;
};

// The post's names, in its order: none (retry at once), exponential (no
// jitter), equal, full, decorrelated.
QStringList herdStrategyNames();

// A named strategy with the engine's meaning of base and cap: the wait before
// retry n is base · 2^(n−1), capped, then jittered (decorrelated: U(base, 3 ×
// the last wait), capped). Clients never give up (max_attempts is as high as
// the engine allows), as in the post's experiment; an unknown name is an error
// listing the known ones.
Expected<HerdStrategy> namedHerdStrategy(QStringView name, double baseDelayMs, double maxDelayMs);

// Attempts without end in practice: far more than any herd run makes.
inline constexpr int kHerdUnlimitedAttempts = 1'000'000'000;

} // namespace jitterbug
