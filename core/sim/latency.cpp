#include "latency.h"

#include "util/random.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace jitterbug {

namespace {

// The standard normal's 99th percentile: a log-normal given by its median m
// and its p99 q has sigma = ln(q / m) / z99.
constexpr double kZ99 = 2.3263478740408408;

} // namespace

double SimLatency::draw(Random& random) const
{
    const double u1 = random.uniform01();
    const double u2 = random.uniform01();
    // Box-Muller on the pair: 1 - u1 is in (0, 1], so the log is finite.
    const double z = std::sqrt(-2.0 * std::log(1.0 - u1)) * std::cos(2.0 * std::numbers::pi * u2);
    double ms = 0;
    switch (kind) {
    case Kind::Fixed:
        ms = a;
        break;
    case Kind::Uniform:
        ms = a + (b - a) * u1;
        break;
    case Kind::Normal:
        ms = a + b * z;
        break;
    case Kind::LogNormal:
        ms = a * std::exp(std::log(b / a) / kZ99 * z);
        break;
    case Kind::Exponential:
        ms = -a * std::log(1.0 - u1);
        break;
    }
    ms = std::max(ms, 0.0);
    return capMs > 0 ? std::min(ms, capMs) : ms;
}

} // namespace jitterbug
