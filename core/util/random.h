#pragma once

#include <QUuid>
#include <QtGlobal>

namespace jitterbug {

// The seeded generator every random choice goes through (xoshiro256**,
// seeded by splitmix64). Written out rather than taken from <random> so the
// same seed gives the same numbers with every standard library.
class Random
{
public:
    explicit Random(quint64 seed = 0);

    quint64 seed() const { return m_seed; }
    quint64 nextU64();
    // Uniform on [0, 1) with 53 random bits.
    double uniform01();
    // Uniform on [low, high); returns low when high <= low.
    double uniform(double low, double high);
    // Normal by the Box-Muller transform.
    double normal(double mean, double stddev);
    // A version-4 UUID drawn from this generator.
    QUuid uuid4();

    // An independent stream for one call of a run, so call N's draws do not
    // depend on how the other calls interleave.
    Random fork(quint64 stream) const;

    // A fresh seed from the operating system, for runs without --seed.
    static quint64 systemSeed();

private:
    quint64 m_seed = 0;
    quint64 m_state[4]{};
};

} // namespace jitterbug
