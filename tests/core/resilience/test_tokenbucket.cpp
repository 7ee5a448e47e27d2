#include "resilience/tokenbucket.h"
#include "util/random.h"

#include <gtest/gtest.h>

#include <vector>

using namespace jitterbug;

namespace {

// In every window of each length, at most burst + rate * window grants.
void expectWithinTheBound(std::vector<double> grants, const RateLimitSettings& settings,
                          std::initializer_list<double> windows)
{
    std::sort(grants.begin(), grants.end());
    const double rate = settings.requests / settings.periodMs;
    for (double window : windows) {
        std::size_t j = 0;
        for (std::size_t i = 0; i < grants.size(); ++i) {
            while (grants[j] < grants[i] - window)
                ++j;
            ASSERT_LE(static_cast<double>(i - j + 1), settings.effectiveBurst() + rate * window + 1e-9)
                << "window " << window << " ending at " << grants[i];
        }
    }
}

} // namespace

TEST(TokenBucket, ABurstGoesAtOnceThenOneTokenPerInterval)
{
    TokenBucket bucket(RateLimitSettings{10, 1000, 3, RateLimitScope::Call});
    EXPECT_EQ(bucket.reserve(0), 0);
    EXPECT_EQ(bucket.reserve(0), 0);
    EXPECT_EQ(bucket.reserve(0), 0);
    EXPECT_DOUBLE_EQ(bucket.reserve(0), 100);
    EXPECT_DOUBLE_EQ(bucket.reserve(0), 200);
}

TEST(TokenBucket, WaitersAreServedInOrder)
{
    TokenBucket bucket(RateLimitSettings{2, 1000, 1, RateLimitScope::Call});
    std::vector<double> grants;
    for (int i = 0; i < 5; ++i)
        grants.push_back(bucket.reserve(0));
    EXPECT_EQ(grants, (std::vector<double>{0, 500, 1000, 1500, 2000}));
}

TEST(TokenBucket, IdleTimeRefillsUpToTheBurstOnly)
{
    TokenBucket bucket(RateLimitSettings{1, 100, 2, RateLimitScope::Call});
    EXPECT_EQ(bucket.reserve(0), 0);
    EXPECT_EQ(bucket.reserve(0), 0);
    // A long idle stretch refills two tokens, not fifty.
    EXPECT_EQ(bucket.reserve(5000), 5000);
    EXPECT_EQ(bucket.reserve(5000), 5000);
    EXPECT_DOUBLE_EQ(bucket.reserve(5000), 5100);
}

TEST(TokenBucket, NeverGrantsMoreThanBurstPlusRateTimesTInAnyWindow)
{
    // Random arrivals on the virtual time line; then every window [a, a+t]
    // over the grants must hold at most burst + rate * t of them.
    const RateLimitSettings settings{5, 1000, 4, RateLimitScope::Call};
    TokenBucket bucket(settings);
    Random random(11);
    std::vector<double> grants;
    double t = 0;
    for (int i = 0; i < 3000; ++i) {
        t += random.uniform(0, 300);
        grants.push_back(bucket.reserve(t));
        ASSERT_GE(grants.back(), t);
    }
    expectWithinTheBound(grants, settings, {1.0, 50.0, 199.0, 1000.0, 7000.0});
}

TEST(TokenBucket, BurstDefaultsToTheRate)
{
    RateLimitSettings s;
    s.requests = 7;
    EXPECT_EQ(s.effectiveBurst(), 7);
    TokenBucket bucket(s);
    for (int i = 0; i < 7; ++i)
        EXPECT_EQ(bucket.reserve(0), 0);
    EXPECT_GT(bucket.reserve(0), 0);
}

TEST(TokenBucket, ReservationsForLaterTimesKeepTheBound)
{
    // Retries reserve a token for the end of their backoff, so reservations
    // arrive out of time order; the grants must still respect the bound.
    const RateLimitSettings settings{4, 1000, 2, RateLimitScope::Run};
    TokenBucket bucket(settings);
    Random random(21);
    std::vector<double> grants;
    double now = 0;
    for (int i = 0; i < 3000; ++i) {
        now += random.uniform(0, 200);
        const double earliest = now + (random.uniform01() < 0.5 ? random.uniform(0, 2000) : 0);
        grants.push_back(bucket.reserve(earliest));
        ASSERT_GE(grants.back(), earliest);
    }
    expectWithinTheBound(grants, settings, {1.0, 250.0, 999.0, 5000.0});
}
