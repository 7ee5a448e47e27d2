#include "policy/backoff.h"
#include "util/random.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace jitterbug;

namespace {

RetryPolicy policyWith(BackoffKind kind, Jitter jitter, double base = 100, double multiplier = 2, double cap = 20000)
{
    RetryPolicy p;
    p.backoff = kind;
    p.jitter = jitter;
    p.baseDelayMs = base;
    p.multiplier = multiplier;
    p.maxDelayMs = cap;
    return p;
}

} // namespace

TEST(Backoff, UnjitteredDelaysFollowTheFormulas)
{
    const RetryPolicy exp = policyWith(BackoffKind::Exponential, Jitter::None);
    EXPECT_EQ(baseDelayMs(exp, 2), 100);
    EXPECT_EQ(baseDelayMs(exp, 3), 200);
    EXPECT_EQ(baseDelayMs(exp, 4), 400);
    EXPECT_EQ(baseDelayMs(exp, 9), 12800);
    EXPECT_EQ(baseDelayMs(exp, 10), 20000) << "25600 is capped by max_delay";

    const RetryPolicy lin = policyWith(BackoffKind::Linear, Jitter::None, 250);
    EXPECT_EQ(baseDelayMs(lin, 2), 250);
    EXPECT_EQ(baseDelayMs(lin, 3), 500);
    EXPECT_EQ(baseDelayMs(lin, 5), 1000);

    const RetryPolicy constant = policyWith(BackoffKind::Constant, Jitter::None, 700);
    EXPECT_EQ(baseDelayMs(constant, 2), 700);
    EXPECT_EQ(baseDelayMs(constant, 9), 700);

    const RetryPolicy tripling = policyWith(BackoffKind::Exponential, Jitter::None, 10, 3, 1e9);
    EXPECT_EQ(baseDelayMs(tripling, 5), 270);
}

TEST(Backoff, NoJitterIsExactAndDrawsNothing)
{
    const RetryPolicy p = policyWith(BackoffKind::Exponential, Jitter::None);
    Random r(1), untouched(1);
    EXPECT_EQ(backoffDelayMs(p, 3, 0, r), 200);
    EXPECT_EQ(r.nextU64(), untouched.nextU64());
}

struct JitterCase {
    Jitter jitter;
    int attempt;
    double low;
    double high;
    double mean;
};

class JitterBounds : public ::testing::TestWithParam<JitterCase>
{
};

TEST_P(JitterBounds, SamplesStayInBoundsWithTheExpectedMean)
{
    const JitterCase c = GetParam();
    const RetryPolicy p = policyWith(BackoffKind::Exponential, c.jitter);
    const DelayBounds bounds = backoffBounds(p, c.attempt);
    EXPECT_DOUBLE_EQ(bounds.lowMs, c.low);
    EXPECT_DOUBLE_EQ(bounds.highMs, c.high);

    Random r(99);
    const int n = 100000;
    double sum = 0, lo = 1e300, hi = -1;
    for (int i = 0; i < n; ++i) {
        const double d = backoffDelayMs(p, c.attempt, 0, r);
        lo = std::min(lo, d);
        hi = std::max(hi, d);
        sum += d;
    }
    EXPECT_GE(lo, c.low);
    EXPECT_LE(hi, c.high);
    EXPECT_NEAR(sum / n, c.mean, c.high * 0.01);
    if (c.high > c.low) {
        EXPECT_LT(lo, c.low + (c.high - c.low) * 0.01) << "samples reach the low end";
        EXPECT_GT(hi, c.high - (c.high - c.low) * 0.01) << "samples reach the high end";
    }
}

INSTANTIATE_TEST_SUITE_P(Formulas, JitterBounds,
                         ::testing::Values(
                             // full: U(0, d); defaults give U(0,100) before attempt 2, U(0,200) before 3
                             JitterCase{Jitter::Full, 2, 0, 100, 50}, JitterCase{Jitter::Full, 3, 0, 200, 100},
                             JitterCase{Jitter::Full, 4, 0, 400, 200},
                             // equal: d/2 + U(0, d/2)
                             JitterCase{Jitter::Equal, 2, 50, 100, 75}, JitterCase{Jitter::Equal, 4, 200, 400, 300},
                             // decorrelated from previous = base: U(base, 3 base)
                             JitterCase{Jitter::Decorrelated, 2, 100, 300, 200},
                             JitterCase{Jitter::None, 3, 200, 200, 200}));

TEST(Backoff, DecorrelatedGrowsFromThePreviousWaitAndIsCapped)
{
    RetryPolicy p = policyWith(BackoffKind::Exponential, Jitter::Decorrelated, 100, 2, 1000);
    Random r(3);
    for (int i = 0; i < 10000; ++i) {
        const double d = backoffDelayMs(p, 5, 250, r);
        ASSERT_GE(d, 100);
        ASSERT_LE(d, 750);
    }
    for (int i = 0; i < 10000; ++i)
        ASSERT_LE(backoffDelayMs(p, 5, 900, r), 1000) << "U(100, 2700) is capped at 1000";
    EXPECT_DOUBLE_EQ(backoffBounds(p, 3).highMs, 900);
    EXPECT_DOUBLE_EQ(backoffBounds(p, 4).highMs, 1000);
}

TEST(Backoff, TheSameSeedGivesTheSameWaits)
{
    const RetryPolicy p = policyWith(BackoffKind::Exponential, Jitter::Full);
    Random a(2024), b(2024);
    for (int attempt = 2; attempt < 20; ++attempt)
        ASSERT_EQ(backoffDelayMs(p, attempt, 0, a), backoffDelayMs(p, attempt, 0, b));
}
