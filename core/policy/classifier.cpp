#include "classifier.h"

#include "http/request.h"

namespace jitterbug {

namespace {

QString describeError(ErrorCode error)
{
    switch (error) {
    case ErrorCode::Timeout:
        return QStringLiteral("the attempt timed out");
    case ErrorCode::ConnectionRefused:
        return QStringLiteral("the connection was refused");
    case ErrorCode::ConnectionReset:
        return QStringLiteral("the connection was reset");
    case ErrorCode::HostNotFound:
        return QStringLiteral("the host was not found");
    case ErrorCode::NetworkUnreachable:
        return QStringLiteral("the network is unreachable");
    case ErrorCode::ProtocolError:
        return QStringLiteral("the server's answer was not valid HTTP");
    case ErrorCode::Tls:
        return QStringLiteral("TLS failed");
    case ErrorCode::ResponseTooLarge:
        return QStringLiteral("the response passed the size cap");
    case ErrorCode::TooManyRedirects:
        return QStringLiteral("too many redirects");
    case ErrorCode::UnsupportedScheme:
        return QStringLiteral("the URL scheme is not supported");
    case ErrorCode::InvalidRequest:
        return QStringLiteral("the request cannot be sent as it is");
    case ErrorCode::CircuitOpen:
        return QStringLiteral("the circuit breaker is open");
    case ErrorCode::BudgetExhausted:
        return QStringLiteral("the retry budget is spent");
    case ErrorCode::DeadlineExceeded:
        return QStringLiteral("the deadline has passed");
    case ErrorCode::Cancelled:
        return QStringLiteral("the call was cancelled");
    case ErrorCode::NetworkError:
        return QStringLiteral("a network error occurred");
    case ErrorCode::None:
        break;
    }
    return QStringLiteral("the attempt failed");
}

} // namespace

Classification classifyOutcome(int status, ErrorCode error, const RetryPolicy& policy)
{
    if (status == 0) {
        const QString what = describeError(error);
        if (isNetworkError(error) && policy.retryOnErrors.contains(error))
            return {OutcomeClass::RetryableError, what + QStringLiteral(": retryable")};
        if (error == ErrorCode::Tls)
            return {OutcomeClass::FatalError, what + QStringLiteral(": not retried unless insecure TLS is allowed")};
        if (isNetworkError(error))
            return {OutcomeClass::FatalError, what + QStringLiteral(": not in the policy's retryable errors")};
        return {OutcomeClass::FatalError, what + QStringLiteral(": retrying will not help")};
    }
    // Built by concatenation, not arg(): every simulated attempt comes here.
    const QString code = QString::number(status);
    if (status < 400) // 1xx never reaches here; 3xx arrives only when not following
        return {OutcomeClass::Success, code + QStringLiteral(" is a success")};
    if (policy.retryOnStatus.contains(status))
        return {OutcomeClass::RetryableStatus, code + QStringLiteral(" is retryable")};
    if (status < 500)
        return {OutcomeClass::FatalStatus, code + QStringLiteral(" is a client error: retrying will not help")};
    return {OutcomeClass::FatalStatus, code + QStringLiteral(" is not in the retryable statuses")};
}

RetryPermission retryPermission(QByteArrayView method, bool carriesIdempotencyKey, const RetryPolicy& policy)
{
    if (isIdempotentMethod(method) || carriesIdempotencyKey || policy.retryUnsafe)
        return {};
    return {false,
            QString::fromLatin1(method) + QStringLiteral(" is not idempotent and carries no ")
                + QString::fromLatin1(policy.idempotencyHeader)};
}

} // namespace jitterbug
