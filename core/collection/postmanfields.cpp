#include "postmanread.h"

#include <QJsonDocument>
#include <QLocale>

// The Postman reader's typed reads: errors name the JSON path; what nobody
// read is kept.

namespace jitterbug::postman {

Fields::Fields(const QJsonObject& object, const QString& path)
    : m_fields(object, path)
    , m_object(object)
    , m_path(path)
{
}

Expected<Fields> Fields::element(QStringView key, const QJsonArray& array, qsizetype index) const
{
    const QString path = pathOf(key) + u'[' + QString::number(index) + u']';
    const QJsonValue value = array.at(index);
    if (!value.isObject())
        return invalidInput(path + QStringLiteral(": expected an object, got ") + describeJson(value));
    return Fields(value.toObject(), path);
}

std::unexpected<Error> Fields::fail(QStringView key, const QString& message) const
{
    return invalidInput(pathOf(key) + QStringLiteral(": ") + message);
}

QJsonValue Fields::take(QStringView key)
{
    m_used.insert(key.toString());
    return m_object.value(key);
}

Expected<QString> Fields::text(QStringView key)
{
    const QJsonValue value = take(key);
    if (value.isBool() || value.isDouble())
        return jsonText(value);
    const auto text = m_fields.string(key); // the error for other types
    if (!text)
        return std::unexpected(text.error());
    return text->value_or(QString());
}

Expected<bool> Fields::flag(QStringView key, bool fallback)
{
    m_used.insert(key.toString());
    const auto value = m_fields.boolean(key);
    if (!value)
        return std::unexpected(value.error());
    return value->value_or(fallback);
}

Expected<QJsonArray> Fields::list(QStringView key)
{
    m_used.insert(key.toString());
    const auto value = m_fields.array(key);
    if (!value)
        return std::unexpected(value.error());
    return value->value_or(QJsonArray());
}

Expected<std::optional<QJsonObject>> Fields::object(QStringView key)
{
    m_used.insert(key.toString());
    return m_fields.object(key);
}

Expected<QString> Fields::description(QStringView key)
{
    const QJsonValue value = take(key);
    if (!value.isObject())
        return text(key);
    Fields inner(value.toObject(), pathOf(key));
    return inner.text(u"content");
}

QJsonObject Fields::rest() const
{
    QJsonObject rest;
    for (auto it = m_object.begin(); it != m_object.end(); ++it) {
        if (!m_used.contains(it.key()))
            rest.insert(it.key(), it.value());
    }
    return rest;
}

QString jsonText(const QJsonValue& value)
{
    switch (value.type()) {
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double:
        return QString::number(value.toDouble(), 'g', QLocale::FloatingPointShortest);
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Array:
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        break;
    }
    return {};
}

} // namespace jitterbug::postman
