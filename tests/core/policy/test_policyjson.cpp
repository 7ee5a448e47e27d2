#include "policy/policyjson.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <gtest/gtest.h>

using namespace jitterbug;

namespace {

Expected<RetryPolicy> parse(const char* json)
{
    return policyFromJson(QJsonDocument::fromJson(json).object());
}

} // namespace

TEST(PolicyJson, DefaultsMatchTheProductContract)
{
    const RetryPolicy p;
    EXPECT_EQ(p.maxAttempts, 4);
    EXPECT_EQ(p.backoff, BackoffKind::Exponential);
    EXPECT_EQ(p.baseDelayMs, 100);
    EXPECT_EQ(p.multiplier, 2);
    EXPECT_EQ(p.maxDelayMs, 20000);
    EXPECT_EQ(p.jitter, Jitter::Full);
    EXPECT_EQ(p.attemptTimeoutMs, 30000);
    EXPECT_FALSE(p.deadlineMs);
    EXPECT_EQ(p.retryOnStatus, (QList<int>{408, 425, 429, 500, 502, 503, 504}));
    EXPECT_EQ(p.maxRetryAfterMs, 60000);
    EXPECT_EQ(p.idempotencyHeader, "Idempotency-Key");
    EXPECT_FALSE(p.rateLimit || p.circuitBreaker || p.retryBudget || p.fallback);
}

TEST(PolicyJson, RoundTripsEveryField)
{
    RetryPolicy p;
    p.maxAttempts = 6;
    p.backoff = BackoffKind::Linear;
    p.baseDelayMs = 250;
    p.multiplier = 1.5;
    p.maxDelayMs = 4000;
    p.jitter = Jitter::Decorrelated;
    p.attemptTimeoutMs = 1500;
    p.connectTimeoutMs = 300;
    p.deadlineMs = 9000;
    p.retryOnStatus = {503, 429};
    p.retryOnErrors = {ErrorCode::Timeout, ErrorCode::ConnectionReset};
    p.respectRetryAfter = false;
    p.maxRetryAfterMs = 5000;
    p.idempotencyHeader = "X-Idem";
    p.idempotencyKey = "auto";
    p.retryUnsafe = true;
    p.rateLimit = RateLimitSettings{5, 1000, 2, RateLimitScope::Host};
    p.circuitBreaker = CircuitBreakerSettings{10, 5, 0.4, 2000, 2, BreakerScope::Run};
    p.retryBudget = RetryBudgetSettings{0.1, 5000, 2};
    p.fallback = FallbackSettings{FallbackMode::Static, 203, "cached", "application/json"};

    const QByteArray json = policyToJson(p);
    auto back = policyFromJson(QJsonDocument::fromJson(json).object());
    ASSERT_TRUE(back) << back.error().message.toStdString();
    EXPECT_EQ(*back, p);
    EXPECT_EQ(policyToJson(*back), json) << "writing is stable";
}

TEST(PolicyJson, KeysAreWrittenInAFixedOrder)
{
    const QByteArray json = policyToJson(RetryPolicy{});
    EXPECT_TRUE(json.startsWith(R"({"max_attempts":4,"backoff":"exponential","base_delay_ms":100.0,)")) << json.data();
}

TEST(PolicyJson, PartialObjectsKeepTheDefaults)
{
    auto p = parse(R"({"max_attempts": 2, "rate_limit": {"requests": 3}})");
    ASSERT_TRUE(p);
    EXPECT_EQ(p->maxAttempts, 2);
    EXPECT_EQ(p->jitter, Jitter::Full);
    ASSERT_TRUE(p->rateLimit);
    EXPECT_EQ(p->rateLimit->requests, 3);
    EXPECT_EQ(p->rateLimit->periodMs, 1000);
}

struct BadPolicy {
    const char* json;
    const char* message;
};

class PolicyJsonErrors : public ::testing::TestWithParam<BadPolicy>
{
};

TEST_P(PolicyJsonErrors, NameTheField)
{
    auto p = parse(GetParam().json);
    ASSERT_FALSE(p);
    EXPECT_EQ(p.error().message.toStdString(), GetParam().message);
}

INSTANTIATE_TEST_SUITE_P(
    Fields, PolicyJsonErrors,
    ::testing::Values(
        BadPolicy{R"({"max_attempts": 0})", "policy.max_attempts: must be at least 1, got 0"},
        BadPolicy{R"({"max_attempts": "3"})", "policy.max_attempts: expected an integer, got \"3\""},
        BadPolicy{R"({"max_attempts": 2.5})", "policy.max_attempts: expected an integer, got 2.5"},
        BadPolicy{R"({"jitter": "half"})",
                  "policy.jitter: expected one of none, full, equal, decorrelated, got \"half\""},
        BadPolicy{R"({"base_delay_ms": -1})", "policy.base_delay_ms: must be ≥ 0, got -1"},
        BadPolicy{R"({"attempt_timeout_ms": 0})", "policy.attempt_timeout_ms: must be > 0, got 0"},
        BadPolicy{R"({"retry_on": [503, 999]})", "policy.retry_on[1]: expected an HTTP status 100–599, got 999"},
        BadPolicy{R"({"retry_on_errors": ["tls"]})",
                  "policy.retry_on_errors[0]: expected a network error code such as timeout or connection_refused, "
                  "got \"tls\""},
        BadPolicy{R"({"rate_limit": {"requests": 0}})", "policy.rate_limit.requests: must be at least 1, got 0"},
        BadPolicy{R"({"rate_limit": {"scope": "planet"}})",
                  "policy.rate_limit.scope: expected one of call, run, host, got \"planet\""},
        BadPolicy{R"({"circuit_breaker": {"window": 5, "minimum_calls": 9}})",
                  "policy.circuit_breaker.minimum_calls: must be between 1 and the window (5), got 9"},
        BadPolicy{R"({"circuit_breaker": {"scope": "call"}})",
                  "policy.circuit_breaker.scope: expected one of run, host, got \"call\""},
        BadPolicy{R"({"fallback": {"mode": "guess"}})",
                  "policy.fallback.mode: expected static or last_good, got \"guess\""},
        BadPolicy{R"({"max_attempt": 3})", "policy.max_attempt: unknown field"},
        BadPolicy{R"({"rate_limit": {"request": 3}})", "policy.rate_limit.request: unknown field"}));
