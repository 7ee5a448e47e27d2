#include "errorcode.h"

#include <array>
#include <utility>

namespace jitterbug {

namespace {

constexpr std::array<std::pair<ErrorCode, const char*>, 16> names{{
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
    {ErrorCode::NetworkError, "network_error"},
    {ErrorCode::CircuitOpen, "circuit_open"},
    {ErrorCode::BudgetExhausted, "budget_exhausted"},
    {ErrorCode::DeadlineExceeded, "deadline_exceeded"},
    {ErrorCode::Cancelled, "cancelled"},
}};

} // namespace

QString errorCodeName(ErrorCode code)
{
    for (const auto& [c, name] : names) {
        if (c == code)
            return QString::fromLatin1(name);
    }
    return QStringLiteral("network_error");
}

std::optional<ErrorCode> errorCodeFromName(QStringView name)
{
    for (const auto& [c, n] : names) {
        if (name == QLatin1StringView(n))
            return c;
    }
    return std::nullopt;
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
