#include "jsonwriter.h"

#include <cmath>

namespace jitterbug {

namespace {

void appendEscaped(QByteArray& out, const QByteArray& utf8)
{
    out += '"';
    for (char c : utf8) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\f':
            out += "\\f";
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                static constexpr char hex[] = "0123456789abcdef";
                out += "\\u00";
                out += hex[(c >> 4) & 0xf];
                out += hex[c & 0xf];
            } else {
                out += c;
            }
        }
    }
    out += '"';
}

} // namespace

JsonWriter::JsonWriter(Style style)
    : m_style(style)
{
}

void JsonWriter::newline()
{
    if (m_style != Style::Indented)
        return;
    m_out += '\n';
    m_out += QByteArray(static_cast<qsizetype>(m_levels.size()) * 2, ' ');
}

void JsonWriter::beforeValue()
{
    if (m_afterKey) {
        m_afterKey = false;
        return;
    }
    if (m_levels.empty())
        return;
    Level& level = m_levels.back();
    if (!level.empty)
        m_out += ',';
    level.empty = false;
    newline();
}

JsonWriter& JsonWriter::beginObject()
{
    beforeValue();
    m_out += '{';
    m_levels.push_back({true});
    return *this;
}

JsonWriter& JsonWriter::endObject()
{
    closeLevel('}');
    return *this;
}

JsonWriter& JsonWriter::beginArray()
{
    beforeValue();
    m_out += '[';
    m_levels.push_back({false});
    return *this;
}

JsonWriter& JsonWriter::endArray()
{
    closeLevel(']');
    return *this;
}

void JsonWriter::closeLevel(char bracket)
{
    const bool empty = m_levels.back().empty;
    m_levels.pop_back();
    if (!empty)
        newline();
    m_out += bracket;
}

JsonWriter& JsonWriter::key(QStringView name)
{
    beforeValue();
    appendEscaped(m_out, name.toUtf8());
    m_out += m_style == Style::Indented ? ": " : ":";
    m_afterKey = true;
    return *this;
}

JsonWriter& JsonWriter::value(QStringView text)
{
    return value(text.toUtf8());
}

JsonWriter& JsonWriter::value(const QByteArray& utf8)
{
    beforeValue();
    appendEscaped(m_out, utf8);
    return *this;
}

JsonWriter& JsonWriter::value(bool flag)
{
    beforeValue();
    m_out += flag ? "true" : "false";
    return *this;
}

JsonWriter& JsonWriter::value(qint64 number)
{
    beforeValue();
    m_out += QByteArray::number(number);
    return *this;
}

JsonWriter& JsonWriter::value(quint64 number)
{
    beforeValue();
    m_out += QByteArray::number(number);
    return *this;
}

JsonWriter& JsonWriter::value(double number)
{
    if (!std::isfinite(number))
        return null();
    beforeValue();
    const double rounded = std::round(number * 1000.0) / 1000.0;
    QByteArray text = QByteArray::number(rounded == 0.0 ? 0.0 : rounded, 'f', 3);
    while (text.endsWith('0') && !text.endsWith(".0"))
        text.chop(1);
    m_out += text;
    return *this;
}

JsonWriter& JsonWriter::null()
{
    beforeValue();
    m_out += "null";
    return *this;
}

JsonWriter& JsonWriter::raw(const QByteArray& json)
{
    beforeValue();
    m_out += json;
    return *this;
}

QByteArray JsonWriter::take()
{
    return std::exchange(m_out, {});
}

} // namespace jitterbug
