#pragma once

#include "error.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSet>
#include <QStringList>

#include <optional>

namespace jitterbug {

// Reads the fields of one JSON object and names the exact place of every
// problem ("policy.rate_limit.burst: expected an integer, got \"x\""). Each
// read remembers the key, so `finish()` can reject keys nobody asked for:
// a typo in a saved file is an error, not a silently ignored setting.
class JsonFields
{
public:
    JsonFields(const QJsonObject& object, QString path);

    QString pathOf(QStringView key) const;
    bool has(QStringView key) const; // present and not null

    // Each returns the value, nullopt when absent or null, or the error.
    Expected<std::optional<double>> number(QStringView key);
    Expected<std::optional<qint64>> integer(QStringView key);
    Expected<std::optional<bool>> boolean(QStringView key);
    Expected<std::optional<QString>> string(QStringView key);
    Expected<std::optional<QJsonArray>> array(QStringView key);
    Expected<std::optional<QJsonObject>> object(QStringView key);

    Expected<void> finish() const;

private:
    QJsonValue take(QStringView key);
    std::unexpected<Error> wrongType(QStringView key, const char* expected, const QJsonValue& got) const;

    QJsonObject m_object;
    QString m_path;
    QSet<QString> m_used;
};

// A file's JSON text as its top-level object. Errors start with `fileName: `
// and give the line of a syntax error (`flaky.json: line 3: ...`).
Expected<QJsonObject> parseTopLevelObject(const QByteArray& json, const QString& fileName);

// A short rendering of a JSON value for error messages.
QString describeJson(const QJsonValue& value);

} // namespace jitterbug
