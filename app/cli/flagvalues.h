#pragma once

#include "util/error.h"

#include <QString>

namespace jitterbug::cli {

// Values of command-line flags, read the same way by every command, with the
// same one-line error: `--repeat: expected a whole number ≥ 1, got "x"`.
// `flag` is the flag as written, dashes included.

std::unexpected<Error> badFlagValue(const QString& flag, const QString& expected, const QString& value);
Expected<int> parseWholeNumber(const QString& flag, const QString& value, int minimum);
// A run's seed: a whole number below 2^53, so it survives JSON.
Expected<quint64> parseSeed(const QString& value);

} // namespace jitterbug::cli
