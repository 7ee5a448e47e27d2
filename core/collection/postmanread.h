#pragma once

// Inside the Postman reader (postmanfields.cpp, postmanread.cpp,
// postmanreadrequest.cpp, postmanreadurl.cpp); not for other users.

#include "postman.h"

#include "util/jsonfields.h"

#include <QJsonArray>
#include <QSet>

namespace jitterbug::postman {

// One object of a Postman file: typed reads whose errors name the JSON path,
// and the keys nobody read, which the reader keeps in `foreign` (newman
// ignores keys it does not know; so does Jitterbug, but it keeps them).
class Fields
{
public:
    Fields(const QJsonObject& object, const QString& path);

    // The element `index` of `array` (read from the key `key` here), which must be an object.
    Expected<Fields> element(QStringView key, const QJsonArray& array, qsizetype index) const;

    const QString& path() const { return m_path; }
    QString pathOf(QStringView key) const { return m_fields.pathOf(key); }
    bool has(QStringView key) const { return m_fields.has(key); }
    std::unexpected<Error> fail(QStringView key, const QString& message) const;

    QJsonValue take(QStringView key);
    // The value as it is, without marking the key read.
    QJsonValue value(QStringView key) const { return m_object.value(key); }
    // A string, number or boolean as text; absent or null is "".
    Expected<QString> text(QStringView key);
    // Absent or null is `fallback`.
    Expected<bool> flag(QStringView key, bool fallback = false);
    // Absent or null is an empty list.
    Expected<QJsonArray> list(QStringView key);
    Expected<std::optional<QJsonObject>> object(QStringView key);
    // A string, or an object with the text in "content"; absent or null is "".
    Expected<QString> description(QStringView key);

    // The keys not read, as they were.
    QJsonObject rest() const;

private:
    JsonFields m_fields;
    QJsonObject m_object;
    QString m_path;
    QSet<QString> m_used;
};

// Assigns an Expected's value, for JB_TRY(into(target, fields.text(u"name"))).
template<typename T>
Expected<void> into(T& target, Expected<T> value)
{
    if (!value)
        return std::unexpected(value.error());
    target = std::move(*value);
    return {};
}

// A JSON scalar as newman turns it into text (String(value)); objects and arrays as compact JSON.
QString jsonText(const QJsonValue& value);

// The reader; each object's unread keys go to `foreign["postman"]`, each
// thing Jitterbug cannot run to `warnings`.
class Reader
{
public:
    enum class Level { Collection, Folder, Request };

    Expected<Collection> collection(const QJsonObject& top);

    QStringList warnings;

private:
    void warn(const QString& where, const QString& what);

    Expected<void> items(Fields& f, const QString& parent, std::vector<Item>& out);
    Expected<void> folder(Fields& f, const QString& parent, Folder& out);
    Expected<void> requestItem(Fields& f, const QString& parent, RequestItem& out);
    Expected<Auth> auth(Fields& f, const QString& where, Level level, QJsonObject& kept);
    Expected<QList<Variable>> variables(Fields& f, const QString& where);
    void events(Fields& f, const QString& where, QJsonObject& kept);
    void settings(const QJsonObject& behavior, const QString& where, QJsonObject& kept);
    Expected<void> extension(Fields& f, std::optional<PolicyOverride>& policy, QJsonObject& foreign,
                             QList<Environment>* environments);

    // postmanreadrequest.cpp and postmanreadurl.cpp: the request object, its URL, headers and body.
    Expected<void> request(const QJsonValue& value, const QString& path, const QString& where, QJsonObject& behavior,
                           RequestItem& out, QJsonObject& kept);
    Expected<void> url(Fields& f, const QString& where, RequestItem& out, QJsonObject& kept);
    Expected<std::optional<QString>> headers(Fields& f, QList<KeyValue>& out);
    Expected<void> body(Fields& f, const QString& where, QJsonObject& behavior,
                        const std::optional<QString>& markedType, RequestItem& out, QJsonObject& kept);
    Expected<void> rawBody(Fields& b, QJsonObject& behavior, const std::optional<QString>& markedType,
                           RequestItem& out);
    Expected<void> formFields(Fields& b, const QString& where, QList<FormField>& out);
};

} // namespace jitterbug::postman
