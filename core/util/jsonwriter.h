#pragma once

#include <QByteArray>
#include <QStringView>
#include <QtGlobal>

#include <vector>

namespace jitterbug {

// A streaming JSON writer that keeps keys in the order written. QJsonDocument
// sorts keys; the timeline record and saved files read better, and diff
// better, in a fixed logical order.
class JsonWriter
{
public:
    enum class Style { Compact, Indented };
    explicit JsonWriter(Style style = Style::Compact);

    JsonWriter& beginObject();
    JsonWriter& endObject();
    JsonWriter& beginArray();
    JsonWriter& endArray();
    JsonWriter& key(QStringView name);

    JsonWriter& value(QStringView text);
    JsonWriter& value(const QByteArray& utf8);
    JsonWriter& value(const char* utf8) { return value(QByteArray(utf8)); }
    JsonWriter& value(bool flag);
    JsonWriter& value(int number) { return value(static_cast<qint64>(number)); }
    JsonWriter& value(qint64 number);
    JsonWriter& value(quint64 number);
    // Rounded to microsecond precision for milliseconds; always has a point.
    JsonWriter& value(double number);
    JsonWriter& null();
    // Inserts already-serialised JSON as one value.
    JsonWriter& raw(const QByteArray& json);

    QByteArray take();

private:
    void beforeValue();
    void newline();
    void closeLevel(char bracket);

    Style m_style;
    QByteArray m_out;
    struct Level {
        bool isObject;
        bool empty = true;
    };
    std::vector<Level> m_levels;
    bool m_afterKey = false;
};

} // namespace jitterbug
