#pragma once

#include "http/errorcode.h"
#include "http/request.h"
#include "http/response.h"

#include <QString>

#include <functional>
#include <optional>

namespace jitterbug {

// One request/response exchange on the wire (or in the simulation).
struct ExchangeResult {
    std::optional<Response> response; // set when a complete HTTP response arrived
    ErrorCode error = ErrorCode::None; // set otherwise
    QString errorDetail; // the transport's own words, for people
};

struct ExchangeOptions {
    std::optional<double> connectTimeoutMs;
    qint64 maxResponseBytes = qint64{100} * 1024 * 1024;
};

// The seam between the engine and the wire. The network transport and the
// simulated one implement it; the engine cannot tell them apart. The engine
// owns the attempt timeout: it calls abort() when its own timer fires.
class Transport
{
public:
    using ExchangeId = quint64;
    using Done = std::function<void(ExchangeResult)>;

    virtual ~Transport() = default;

    // Starts one exchange. `done` runs exactly once, later (never from inside
    // start()), unless abort() is called first.
    virtual ExchangeId start(const Request& request, const ExchangeOptions& options, Done done) = 0;
    // Stops an exchange; its `done` will not run. Unknown ids are ignored.
    virtual void abort(ExchangeId id) = 0;
};

} // namespace jitterbug
