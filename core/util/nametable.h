#pragma once

#include <QString>

#include <array>
#include <optional>
#include <utility>

namespace jitterbug {

// The stable names of an enum's values, as saved in files and records: one
// table per enum, read both ways.
template<typename Enum, std::size_t N>
using NameTable = std::array<std::pair<Enum, const char*>, N>;

template<typename Enum, std::size_t N>
QString nameIn(const NameTable<Enum, N>& table, Enum value)
{
    for (const auto& [v, name] : table) {
        if (v == value)
            return QString::fromLatin1(name);
    }
    return {};
}

template<typename Enum, std::size_t N>
std::optional<Enum> valueIn(const NameTable<Enum, N>& table, QStringView name)
{
    for (const auto& [v, n] : table) {
        if (name == QLatin1StringView(n))
            return v;
    }
    return std::nullopt;
}

} // namespace jitterbug
