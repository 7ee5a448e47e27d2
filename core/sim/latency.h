#pragma once

#include <QtGlobal>

namespace jitterbug {

class Random;

// How long a simulated server takes to answer, as a distribution. Every
// draw is clamped at 0, and at `capMs` when one is set.
struct SimLatency {
    enum class Kind {
        Fixed, // a: the latency
        Uniform, // a: min, b: max
        Normal, // a: mean, b: standard deviation
        LogNormal, // a: median, b: 99th percentile
        Exponential, // a: mean
    };
    Kind kind = Kind::Fixed;
    double a = 0;
    double b = 0;
    double capMs = 0; // 0: no cap

    // Draws exactly one uniform pair from `random`, whatever the kind, so
    // changing one route's distribution never shifts another route's draws.
    double draw(Random& random) const;
};

} // namespace jitterbug
