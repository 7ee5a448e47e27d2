#include "errorcode.h"

#include "util/nametable.h"

namespace jitterbug {

namespace {

constexpr NameTable<ErrorCode, 17> names{{
    {ErrorCode::None, "none"},
    {ErrorCode::Timeout, "timeout"},
    {ErrorCode::ConnectionRefused, "connection_refused"},
    {ErrorCode::ConnectionReset, "connection_reset"},
    {ErrorCode::HostNotFound, "host_not_found"},
    {ErrorCode::NetworkUnreachable, "network_unreachable"},
    {ErrorCode::Tls, "tls"},
    {ErrorCode::ProtocolError, "protocol_error"},
    {ErrorCode::ResponseTooLarge, "response_too_large"},
    {ErrorCode::TooManyRedirects, "too_many_redirects"},
    {ErrorCode::UnsupportedScheme, "unsupported_scheme"},
    {ErrorCode::InvalidRequest, "invalid_request"},
    {ErrorCode::NetworkError, "network_error"},
    {ErrorCode::CircuitOpen, "circuit_open"},
    {ErrorCode::BudgetExhausted, "budget_exhausted"},
    {ErrorCode::DeadlineExceeded, "deadline_exceeded"},
    {ErrorCode::Cancelled, "cancelled"},
}};

} // namespace

QString errorCodeName(ErrorCode code)
{
    return nameIn(names, code);
}

std::optional<ErrorCode> errorCodeFromName(QStringView name)
{
    return valueIn(names, name);
}

bool isNetworkError(ErrorCode code)
{
    switch (code) {
    case ErrorCode::Timeout:
    case ErrorCode::ConnectionRefused:
    case ErrorCode::ConnectionReset:
    case ErrorCode::HostNotFound:
    case ErrorCode::NetworkUnreachable:
    case ErrorCode::ProtocolError:
    case ErrorCode::NetworkError:
        return true;
    default:
        return false;
    }
}

} // namespace jitterbug
