#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

namespace jitterbug {

// HTTP header fields in wire order. Names compare case-insensitively and a
// name may repeat (Set-Cookie, Link), so this is a list, not a map.
class HeaderList
{
public:
    struct Field {
        QByteArray name;
        QByteArray value;
        bool operator==(const Field&) const = default;
    };

    void append(QByteArray name, QByteArray value);
    // Replaces every field of that name by one, kept at the first one's place.
    void set(QByteArrayView name, QByteArray value);
    void remove(QByteArrayView name);

    bool contains(QByteArrayView name) const;
    // The first value, or a null QByteArray when absent.
    QByteArray value(QByteArrayView name) const;
    QList<QByteArray> values(QByteArrayView name) const;

    const QList<Field>& fields() const { return m_fields; }
    bool isEmpty() const { return m_fields.isEmpty(); }
    qsizetype size() const { return m_fields.size(); }

    bool operator==(const HeaderList&) const = default;

private:
    QList<Field> m_fields;
};

// A field name is an RFC 9110 token; a value has no control character but tab.
bool isValidHeaderName(QByteArrayView name);
bool isValidHeaderValue(QByteArrayView value);

} // namespace jitterbug
