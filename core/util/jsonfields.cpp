#include "jsonfields.h"

#include <QJsonDocument>

#include <cmath>

namespace jitterbug {

Expected<QJsonObject> parseTopLevelObject(const QByteArray& json, const QString& fileName)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        const auto line = json.left(parseError.offset).count('\n') + 1;
        return invalidInput(fileName + QStringLiteral(": line %1: %2").arg(line).arg(parseError.errorString()));
    }
    if (!doc.isObject())
        return invalidInput(fileName + QStringLiteral(": expected a JSON object at the top"));
    return doc.object();
}

QString describeJson(const QJsonValue& value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double:
        return QString::number(value.toDouble(), 'g', 15);
    case QJsonValue::String: {
        QString s = value.toString();
        if (s.size() > 40)
            s = s.left(40) + QStringLiteral("…");
        return QLatin1Char('"') + s + QLatin1Char('"');
    }
    case QJsonValue::Array:
        return QStringLiteral("an array");
    case QJsonValue::Object:
        return QStringLiteral("an object");
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("nothing");
}

JsonFields::JsonFields(const QJsonObject& object, QString path)
    : m_object(object)
    , m_path(std::move(path))
{
}

QString JsonFields::pathOf(QStringView key) const
{
    return m_path.isEmpty() ? key.toString() : m_path + QLatin1Char('.') + key;
}

bool JsonFields::has(QStringView key) const
{
    const auto it = m_object.constFind(key);
    return it != m_object.constEnd() && !it->isNull();
}

QJsonValue JsonFields::take(QStringView key)
{
    m_used.insert(key.toString());
    return m_object.value(key);
}

std::unexpected<Error> JsonFields::wrongType(QStringView key, const char* expected, const QJsonValue& got) const
{
    return invalidInput(pathOf(key) + QStringLiteral(": expected ") + QLatin1StringView(expected)
                        + QStringLiteral(", got ") + describeJson(got));
}

Expected<std::optional<double>> JsonFields::number(QStringView key)
{
    const QJsonValue v = take(key);
    if (v.isUndefined() || v.isNull())
        return std::optional<double>{};
    if (!v.isDouble())
        return wrongType(key, "a number", v);
    return std::optional<double>{v.toDouble()};
}

Expected<std::optional<qint64>> JsonFields::integer(QStringView key)
{
    const QJsonValue v = take(key);
    if (v.isUndefined() || v.isNull())
        return std::optional<qint64>{};
    const double d = v.toDouble();
    if (!v.isDouble() || d != std::floor(d) || std::abs(d) > 9007199254740992.0)
        return wrongType(key, "an integer", v);
    return std::optional<qint64>{static_cast<qint64>(d)};
}

Expected<std::optional<bool>> JsonFields::boolean(QStringView key)
{
    const QJsonValue v = take(key);
    if (v.isUndefined() || v.isNull())
        return std::optional<bool>{};
    if (!v.isBool())
        return wrongType(key, "true or false", v);
    return std::optional<bool>{v.toBool()};
}

Expected<std::optional<QString>> JsonFields::string(QStringView key)
{
    const QJsonValue v = take(key);
    if (v.isUndefined() || v.isNull())
        return std::optional<QString>{};
    if (!v.isString())
        return wrongType(key, "a string", v);
    return std::optional<QString>{v.toString()};
}

Expected<std::optional<QJsonArray>> JsonFields::array(QStringView key)
{
    const QJsonValue v = take(key);
    if (v.isUndefined() || v.isNull())
        return std::optional<QJsonArray>{};
    if (!v.isArray())
        return wrongType(key, "an array", v);
    return std::optional<QJsonArray>{v.toArray()};
}

Expected<std::optional<QJsonObject>> JsonFields::object(QStringView key)
{
    const QJsonValue v = take(key);
    if (v.isUndefined() || v.isNull())
        return std::optional<QJsonObject>{};
    if (!v.isObject())
        return wrongType(key, "an object", v);
    return std::optional<QJsonObject>{v.toObject()};
}

Expected<void> JsonFields::finish() const
{
    for (auto it = m_object.constBegin(); it != m_object.constEnd(); ++it) {
        if (!m_used.contains(it.key()))
            return invalidInput(pathOf(it.key()) + QStringLiteral(": unknown field"));
    }
    return {};
}

} // namespace jitterbug
