#include "random.h"

#include <QRandomGenerator>

#include <cmath>
#include <numbers>

namespace jitterbug {

namespace {

quint64 splitmix64(quint64& x)
{
    quint64 z = (x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

quint64 rotl(quint64 x, int k)
{
    return (x << k) | (x >> (64 - k));
}

} // namespace

Random::Random(quint64 seed)
    : m_seed(seed)
{
    quint64 x = seed;
    for (quint64& s : m_state)
        s = splitmix64(x);
}

quint64 Random::nextU64()
{
    const quint64 result = rotl(m_state[1] * 5, 7) * 9;
    const quint64 t = m_state[1] << 17;
    m_state[2] ^= m_state[0];
    m_state[3] ^= m_state[1];
    m_state[1] ^= m_state[2];
    m_state[0] ^= m_state[3];
    m_state[2] ^= t;
    m_state[3] = rotl(m_state[3], 45);
    return result;
}

double Random::uniform01()
{
    return static_cast<double>(nextU64() >> 11) * 0x1.0p-53;
}

double Random::uniform(double low, double high)
{
    if (!(high > low))
        return low;
    return low + (high - low) * uniform01();
}

double Random::normal(double mean, double stddev)
{
    const double u1 = 1.0 - uniform01(); // (0, 1]: log stays finite
    const double u2 = uniform01();
    return mean + stddev * std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

QUuid Random::uuid4()
{
    const quint64 hi = nextU64();
    const quint64 lo = nextU64();
    QByteArray bytes(16, '\0');
    for (int i = 0; i < 8; ++i) {
        bytes[i] = static_cast<char>(hi >> (56 - 8 * i));
        bytes[8 + i] = static_cast<char>(lo >> (56 - 8 * i));
    }
    bytes[6] = static_cast<char>((bytes[6] & 0x0f) | 0x40); // version 4
    bytes[8] = static_cast<char>((bytes[8] & 0x3f) | 0x80); // RFC 4122 variant
    return QUuid::fromRfc4122(bytes);
}

Random Random::fork(quint64 stream) const
{
    quint64 x = m_seed ^ (0xd1b54a32d192ed03ULL * (stream + 1));
    return Random(splitmix64(x));
}

quint64 Random::systemSeed()
{
    // Kept below 2^53 so the seed survives a round trip through JSON numbers.
    return QRandomGenerator::system()->generate64() & ((quint64{1} << 53) - 1);
}

} // namespace jitterbug
