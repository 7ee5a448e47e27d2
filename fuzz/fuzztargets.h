#pragma once

#include <QByteArrayView>
#include <QList>

namespace jitterbug::fuzz {

// The body of each libFuzzer target (fuzz/fuzz_<name>.cpp): what a real
// caller does with the bytes, then cheap checks of what the parser promises.
// A broken promise aborts, so libFuzzer keeps the input as a crash and the
// regression test (tests/fuzz/) fails on it like on any other crash.
void fuzzCollection(QByteArrayView input);
void fuzzPostman(QByteArrayView input);
void fuzzCurl(QByteArrayView input);
void fuzzScenario(QByteArrayView input);
void fuzzRetryAfter(QByteArrayView input);
void fuzzRateLimit(QByteArrayView input);
void fuzzVariables(QByteArrayView input);
void fuzzRequestParser(QByteArrayView input);

struct FuzzTarget {
    const char* name; // as in fuzz_<name> and fuzz/regressions/<name>/
    void (*run)(QByteArrayView input);
};

// Every target, for the regression test that replays fuzz/regressions/.
const QList<FuzzTarget>& fuzzTargets();

} // namespace jitterbug::fuzz
