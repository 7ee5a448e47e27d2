#pragma once

#include <QByteArrayView>
#include <QDateTime>

#include <optional>

namespace jitterbug {

// Parses a Retry-After field value (RFC 9110 §10.2.3) into a delay in
// milliseconds. Accepts delay-seconds and an HTTP-date in IMF-fixdate or either
// obsolete form (RFC 850, asctime). A date is measured from `now` (the
// response's Date header when it has one, so client clock skew does not
// matter); a date in the past gives 0. Garbage, negative numbers and empty
// values give nullopt: the header is then ignored.
std::optional<double> parseRetryAfterMs(QByteArrayView value, const QDateTime& now);

// Parses an HTTP-date in any of the three forms RFC 9110 §5.6.7 allows.
std::optional<QDateTime> parseHttpDate(QByteArrayView value);

} // namespace jitterbug
