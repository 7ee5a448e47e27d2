#include "policy/classifier.h"

#include <gtest/gtest.h>

using namespace jitterbug;

struct ClassCase {
    int status;
    ErrorCode error;
    OutcomeClass expected;
    const char* reason;
};

class Classification_ : public ::testing::TestWithParam<ClassCase>
{
};

TEST_P(Classification_, FollowsTheProductTable)
{
    const ClassCase c = GetParam();
    const Classification got = classifyOutcome(c.status, c.error, RetryPolicy{});
    EXPECT_EQ(got.outcome, c.expected) << c.status << " " << errorCodeName(c.error).toStdString();
    EXPECT_EQ(got.reason.toStdString(), c.reason);
}

INSTANTIATE_TEST_SUITE_P(
    Defaults, Classification_,
    ::testing::Values(
        ClassCase{200, ErrorCode::None, OutcomeClass::Success, "200 is a success"},
        ClassCase{204, ErrorCode::None, OutcomeClass::Success, "204 is a success"},
        ClassCase{302, ErrorCode::None, OutcomeClass::Success, "302 is a success"},
        ClassCase{408, ErrorCode::None, OutcomeClass::RetryableStatus, "408 is retryable"},
        ClassCase{425, ErrorCode::None, OutcomeClass::RetryableStatus, "425 is retryable"},
        ClassCase{429, ErrorCode::None, OutcomeClass::RetryableStatus, "429 is retryable"},
        ClassCase{500, ErrorCode::None, OutcomeClass::RetryableStatus, "500 is retryable"},
        ClassCase{502, ErrorCode::None, OutcomeClass::RetryableStatus, "502 is retryable"},
        ClassCase{503, ErrorCode::None, OutcomeClass::RetryableStatus, "503 is retryable"},
        ClassCase{504, ErrorCode::None, OutcomeClass::RetryableStatus, "504 is retryable"},
        ClassCase{400, ErrorCode::None, OutcomeClass::FatalStatus, "400 is a client error: retrying will not help"},
        ClassCase{404, ErrorCode::None, OutcomeClass::FatalStatus, "404 is a client error: retrying will not help"},
        ClassCase{501, ErrorCode::None, OutcomeClass::FatalStatus, "501 is not in the retryable statuses"},
        ClassCase{0, ErrorCode::Timeout, OutcomeClass::RetryableError, "the attempt timed out: retryable"},
        ClassCase{0, ErrorCode::ConnectionRefused, OutcomeClass::RetryableError,
                  "the connection was refused: retryable"},
        ClassCase{0, ErrorCode::ConnectionReset, OutcomeClass::RetryableError, "the connection was reset: retryable"},
        ClassCase{0, ErrorCode::HostNotFound, OutcomeClass::RetryableError, "the host was not found: retryable"},
        ClassCase{0, ErrorCode::Tls, OutcomeClass::FatalError,
                  "TLS failed: not retried unless insecure TLS is allowed"},
        ClassCase{0, ErrorCode::ResponseTooLarge, OutcomeClass::FatalError,
                  "the response passed the size cap: retrying will not help"}));

TEST(Classifier, TheRetryableSetIsEditable)
{
    RetryPolicy p;
    p.retryOnStatus = {409};
    EXPECT_TRUE(classifyOutcome(409, ErrorCode::None, p).isRetryable());
    EXPECT_FALSE(classifyOutcome(503, ErrorCode::None, p).isRetryable());
    p.retryOnErrors = {ErrorCode::Timeout};
    EXPECT_FALSE(classifyOutcome(0, ErrorCode::ConnectionRefused, p).isRetryable());
    EXPECT_EQ(classifyOutcome(0, ErrorCode::ConnectionRefused, p).reason,
              QStringLiteral("the connection was refused: not in the policy's retryable errors"));
}

TEST(Classifier, UnsafeMethodsNeedAKeyOrExplicitConsent)
{
    RetryPolicy p;
    EXPECT_TRUE(retryPermission("GET", false, p).allowed);
    EXPECT_TRUE(retryPermission("PUT", false, p).allowed);
    EXPECT_TRUE(retryPermission("DELETE", false, p).allowed);
    const RetryPermission post = retryPermission("POST", false, p);
    EXPECT_FALSE(post.allowed);
    EXPECT_EQ(post.reason, QStringLiteral("POST is not idempotent and carries no Idempotency-Key"));
    EXPECT_FALSE(retryPermission("PATCH", false, p).allowed);
    EXPECT_TRUE(retryPermission("POST", true, p).allowed);
    p.retryUnsafe = true;
    EXPECT_TRUE(retryPermission("PATCH", false, p).allowed);
}
