#pragma once

#include "policy/retrypolicy.h"

namespace jitterbug {

// A token bucket of `burst` tokens refilled at `requests` per `period`,
// written as GCRA (the "virtual scheduling" form): each reservation takes the
// next free slot, so waiters are served first come, first served, and in any
// window of length t at most burst + rate * t reservations are granted.
class TokenBucket
{
public:
    explicit TokenBucket(const RateLimitSettings& settings);

    // Reserves one token for use no earlier than `earliestMs`; returns the
    // time at which it may be used (>= earliestMs).
    double reserve(double earliestMs);
    // When a reservation made now would be granted, without making it: a
    // call that will not wait that long leaves the token to others.
    double peek(double earliestMs) const;
    // Tokens a caller could take at `nowMs` without waiting (a server's
    // "remaining"), and how long until the bucket is full again.
    int available(double nowMs) const;
    double untilFullMs(double nowMs) const;

    const RateLimitSettings& settings() const { return m_settings; }

private:
    RateLimitSettings m_settings;
    double m_intervalMs; // one token's worth of time
    double m_toleranceMs; // how far ahead of schedule a burst may run
    double m_theoreticalArrivalMs = -1e300;
};

} // namespace jitterbug
