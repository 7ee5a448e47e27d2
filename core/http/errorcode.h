#pragma once

#include <QString>

#include <optional>

namespace jitterbug {

// Why an attempt got no usable HTTP response. The snake_case names are part
// of the timeline record and never change.
enum class ErrorCode {
    None,
    Timeout, // no complete answer within the attempt's timeout
    ConnectionRefused,
    ConnectionReset, // the peer closed or reset the connection mid-exchange
    HostNotFound,
    NetworkUnreachable,
    Tls, // handshake or certificate failure
    ProtocolError, // the peer spoke something that is not HTTP
    ResponseTooLarge, // the body passed the size cap
    TooManyRedirects,
    UnsupportedScheme,
    InvalidRequest, // refused before sending: a method or header the wire cannot carry
    NetworkError, // any other transport failure
    CircuitOpen, // refused locally: the breaker is open
    BudgetExhausted, // refused locally: the retry budget is spent
    DeadlineExceeded, // no time left before the call's deadline
    Cancelled,
};

QString errorCodeName(ErrorCode code);
std::optional<ErrorCode> errorCodeFromName(QStringView name);

// Transport failures a retry may cure; local refusals and TLS are not among them.
bool isNetworkError(ErrorCode code);

} // namespace jitterbug
