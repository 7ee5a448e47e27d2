#pragma once

// Internal to the scenario parser (scenarioparser.cpp): the field readers
// every object kind shares, and the step and model objects.

#include "sim/scenario.h"
#include "util/jsonfields.h"
#include "util/nametable.h"

#include <limits>

namespace jitterbug::scenarioparts {

// What a numeric field must hold; also the words of its error message.
struct NumberRule {
    bool integer = false;
    double min = -std::numeric_limits<double>::infinity();
    bool minExclusive = false;
    double max = std::numeric_limits<double>::infinity();

    bool accepts(double v) const;
    QString expected() const; // "an integer 100–599", "a number ≥ 0", "a number > 0", "a number 0–1"
};

inline NumberRule atLeast(double min)
{
    return {false, min, false};
}
inline NumberRule above(double min)
{
    return {false, min, true};
}
inline NumberRule between(double min, double max)
{
    return {false, min, false, max};
}
// Integer fields end in an int: the cap keeps the cast defined and is not
// worth a word in the message.
inline NumberRule integerAtLeast(double min)
{
    return {true, min, false, std::numeric_limits<int>::max()};
}
inline NumberRule integerBetween(double min, double max)
{
    return {true, min, false, max};
}

// JsonFields with readers that write into a target (an absent or null field
// keeps the target's default) and say what was expected whatever went wrong.
class ScenarioFields : public JsonFields
{
public:
    ScenarioFields(const QJsonObject& object, const QString& path);

    const QString& path() const { return m_path; }
    // Any JSON value as written; undefined when absent, null when null.
    QJsonValue value(QStringView key);
    std::unexpected<Error> fail(QStringView key, const QString& message) const;

    template<typename T>
    Expected<void> read(QStringView key, const NumberRule& rule, T& target)
    {
        auto v = checkedNumber(key, rule, false);
        if (!v)
            return std::unexpected(v.error());
        if (*v)
            target = static_cast<T>(**v);
        return {};
    }
    // Like read(), but an absent field is an error ("…, got nothing").
    template<typename T>
    Expected<void> require(QStringView key, const NumberRule& rule, T& target)
    {
        auto v = checkedNumber(key, rule, true);
        if (!v)
            return std::unexpected(v.error());
        target = static_cast<T>(**v);
        return {};
    }

    template<typename Enum, std::size_t N>
    Expected<void> read(QStringView key, const NameTable<Enum, N>& names, Enum& target, bool required = false)
    {
        const QJsonValue v = value(key);
        if (!required && (v.isUndefined() || v.isNull()))
            return {};
        if (const auto parsed = valueIn(names, v.toString()); v.isString() && parsed) {
            target = *parsed;
            return {};
        }
        QStringList choices;
        for (const auto& [choice, name] : names)
            choices.append(QLatin1StringView(name));
        return fail(key,
                    QStringLiteral("expected one of ") + choices.join(QStringLiteral(", ")) + QStringLiteral(", got ")
                        + describeJson(v));
    }

    Expected<void> read(QStringView key, bool& target);
    Expected<void> read(QStringView key, QString& target);
    Expected<void> read(QStringView key, QByteArray& target); // a string, as UTF-8

private:
    Expected<std::optional<double>> checkedNumber(QStringView key, const NumberRule& rule, bool required);

    QJsonObject m_object;
    QString m_path;
};

// Reads an object-valued field into an optional section: absent or null
// leaves it empty; present fills it, starting from the section's defaults.
template<typename T>
Expected<void> readSection(ScenarioFields& f, QStringView key, std::optional<T>& target,
                           Expected<void> (*read)(const QJsonObject&, const QString&, T&))
{
    auto object = f.object(key);
    if (!object)
        return std::unexpected(object.error());
    if (!*object)
        return {};
    target.emplace();
    return read(**object, f.pathOf(key), *target);
}

// A step object; `step` holds the defaults on entry (an outage answer's
// status defaults to 503).
Expected<void> readStep(const QJsonValue& value, const QString& path, SimStep& step);
Expected<void> readModel(const QJsonObject& object, const QString& path, SimModel& model);

} // namespace jitterbug::scenarioparts
