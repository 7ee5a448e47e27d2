#include "curl/curlpolicy.h"

#include <gtest/gtest.h>

using namespace jitterbug;

TEST(CurlPolicy, WithoutRetryOptionsJitterbugsDefaultsStand)
{
    CurlCommand c;
    c.maxTimeSeconds = 2.5;
    const RetryPolicy p = curlRetryPolicy(c);
    RetryPolicy expected;
    expected.attemptTimeoutMs = 2500;
    EXPECT_EQ(p, expected);
}

TEST(CurlPolicy, RetryNMeansNRetriesDoublingFromOneSecond)
{
    CurlCommand c;
    c.retry.retries = 3;
    const RetryPolicy p = curlRetryPolicy(c);
    EXPECT_EQ(p.maxAttempts, 4);
    EXPECT_EQ(p.backoff, BackoffKind::Exponential);
    EXPECT_EQ(p.baseDelayMs, 1000);
    EXPECT_EQ(p.multiplier, 2);
    EXPECT_EQ(p.maxDelayMs, 600000);
    EXPECT_EQ(p.jitter, Jitter::None);
    EXPECT_EQ(p.retryOnStatus, (QList<int>{408, 429, 500, 502, 503, 504, 522, 524}));
    EXPECT_EQ(p.retryOnErrors, (QList<ErrorCode>{ErrorCode::Timeout}));
    EXPECT_TRUE(p.retryUnsafe) << "curl retries every method";
    EXPECT_TRUE(p.respectRetryAfter);
    EXPECT_FALSE(p.deadlineMs);
}

TEST(CurlPolicy, RetryDelayIsAConstantWaitAndZeroKeepsTheDoubling)
{
    CurlCommand c;
    c.retry.retries = 2;
    c.retry.delaySeconds = 3;
    RetryPolicy p = curlRetryPolicy(c);
    EXPECT_EQ(p.backoff, BackoffKind::Constant);
    EXPECT_EQ(p.baseDelayMs, 3000);
    c.retry.delaySeconds = 0;
    p = curlRetryPolicy(c);
    EXPECT_EQ(p.backoff, BackoffKind::Exponential);
    EXPECT_EQ(p.baseDelayMs, 1000);
}

TEST(CurlPolicy, MaxTimeIsARetryWindowAndTheFlagsWidenTheTransientSet)
{
    CurlCommand c;
    c.retry.retries = 5;
    c.retry.maxTimeSeconds = 30;
    c.retry.connectionRefused = true;
    RetryPolicy p = curlRetryPolicy(c);
    EXPECT_EQ(p.retryWindowMs, 30000);
    EXPECT_FALSE(p.deadlineMs) << "curl never cuts an attempt for --retry-max-time";
    EXPECT_EQ(p.retryOnErrors, (QList<ErrorCode>{ErrorCode::Timeout, ErrorCode::ConnectionRefused}));

    c.retry.allErrors = true;
    p = curlRetryPolicy(c);
    EXPECT_TRUE(p.retryOnErrors.contains(ErrorCode::ConnectionReset));
    EXPECT_FALSE(p.retryOnStatus.contains(404)) << "HTTP errors need -f too";
    c.output.failOnHttpError = true;
    p = curlRetryPolicy(c);
    EXPECT_TRUE(p.retryOnStatus.contains(404));
    EXPECT_TRUE(p.retryOnStatus.contains(501));
}
