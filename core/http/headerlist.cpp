#include "headerlist.h"

#include "httpgrammar.h"

#include <algorithm>

namespace jitterbug {

namespace {

bool sameName(QByteArrayView a, QByteArrayView b)
{
    return a.compare(b, Qt::CaseInsensitive) == 0;
}

} // namespace

void HeaderList::append(QByteArray name, QByteArray value)
{
    m_fields.append({std::move(name), std::move(value)});
}

void HeaderList::set(QByteArrayView name, QByteArray value)
{
    qsizetype first = -1;
    for (qsizetype i = 0; i < m_fields.size();) {
        if (!sameName(m_fields[i].name, name)) {
            ++i;
        } else if (first < 0) {
            first = i++;
        } else {
            m_fields.removeAt(i);
        }
    }
    if (first >= 0)
        m_fields[first].value = std::move(value);
    else
        m_fields.append({name.toByteArray(), std::move(value)});
}

void HeaderList::remove(QByteArrayView name)
{
    m_fields.removeIf([name](const Field& f) { return sameName(f.name, name); });
}

bool HeaderList::contains(QByteArrayView name) const
{
    return std::any_of(m_fields.begin(), m_fields.end(), [name](const Field& f) { return sameName(f.name, name); });
}

QByteArray HeaderList::value(QByteArrayView name) const
{
    for (const Field& f : m_fields) {
        if (sameName(f.name, name))
            return f.value;
    }
    return {};
}

QList<QByteArray> HeaderList::values(QByteArrayView name) const
{
    QList<QByteArray> out;
    for (const Field& f : m_fields) {
        if (sameName(f.name, name))
            out.append(f.value);
    }
    return out;
}

bool isValidHeaderName(QByteArrayView name)
{
    return !name.isEmpty() && std::all_of(name.begin(), name.end(), httpgrammar::isTchar);
}

bool isValidHeaderValue(QByteArrayView value)
{
    // RFC 9110 §5.5: visible characters, obs-text, space and tab; any other
    // control character (CR and LF above all) could split or smuggle a field.
    return std::none_of(value.begin(), value.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return (u < 0x20 && c != '\t') || u == 0x7f;
    });
}

} // namespace jitterbug
