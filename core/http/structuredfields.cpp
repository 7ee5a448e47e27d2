#include "structuredfields.h"

#include "httpgrammar.h"

namespace jitterbug::structuredfields {

namespace {

using namespace httpgrammar;

bool isLcAlpha(char c)
{
    return c >= 'a' && c <= 'z';
}

class SfParser
{
public:
    explicit SfParser(QByteArrayView text)
        : m_text(trimOws(text))
    {
    }

    // sf-list; nullopt when malformed or empty.
    std::optional<QList<Item>> list()
    {
        QList<Item> items;
        while (!atEnd()) {
            std::optional<Item> item = this->item();
            if (!item)
                return std::nullopt;
            items.append(std::move(*item));
            if (!nextMember())
                return std::nullopt;
        }
        if (items.isEmpty())
            return std::nullopt;
        return items;
    }

    // sf-dictionary; nullopt when malformed or empty.
    std::optional<QList<DictionaryMember>> dictionary()
    {
        QList<DictionaryMember> members;
        while (!atEnd()) {
            DictionaryMember member;
            member.key = key();
            if (member.key.isEmpty())
                return std::nullopt;
            if (skip('=')) {
                std::optional<Item> item = this->item();
                if (!item)
                    return std::nullopt;
                member.item = std::move(*item);
            } else if (!parameters(member.item.params)) {
                return std::nullopt;
            }
            members.append(std::move(member));
            if (!nextMember())
                return std::nullopt;
        }
        if (members.isEmpty())
            return std::nullopt;
        return members;
    }

private:
    bool atEnd() const { return m_pos == m_text.size(); }
    char peek() const { return atEnd() ? '\0' : m_text[m_pos]; }

    bool skip(char c)
    {
        if (atEnd() || peek() != c)
            return false;
        ++m_pos;
        return true;
    }

    // Only SP may follow the ";" of a parameter (RFC 8941 §3.1.2).
    void skipSpaces()
    {
        while (skip(' ')) { }
    }

    void skipOws()
    {
        while (!atEnd() && isOws(peek()))
            ++m_pos;
    }

    // Between members: OWS "," OWS, and no trailing comma.
    bool nextMember()
    {
        skipOws();
        if (atEnd())
            return true;
        if (!skip(','))
            return false;
        skipOws();
        return !atEnd();
    }

    std::optional<Item> item()
    {
        Item item;
        std::optional<BareItem> value = bareItem();
        if (!value || !parameters(item.params))
            return std::nullopt;
        item.value = std::move(*value);
        return item;
    }

    bool parameters(QList<Parameter>& params)
    {
        while (skip(';')) {
            skipSpaces();
            Parameter param;
            param.key = key();
            if (param.key.isEmpty())
                return false;
            if (skip('=')) {
                std::optional<BareItem> value = bareItem();
                if (!value)
                    return false;
                param.value = std::move(*value);
            }
            params.append(std::move(param));
        }
        return true;
    }

    // key = ( lcalpha / "*" ) *( lcalpha / DIGIT / "_" / "-" / "." / "*" )
    QByteArray key()
    {
        const qsizetype start = m_pos;
        if (!isLcAlpha(peek()) && peek() != '*')
            return {};
        ++m_pos;
        while (!atEnd()) {
            const char c = peek();
            if (!isLcAlpha(c) && !isDigit(c) && c != '_' && c != '-' && c != '.' && c != '*')
                break;
            ++m_pos;
        }
        return m_text.sliced(start, m_pos - start).toByteArray();
    }

    std::optional<BareItem> bareItem()
    {
        const char c = peek();
        if (c == '-' || isDigit(c))
            return number();
        if (c == '"')
            return string();
        if (isAlpha(c) || c == '*')
            return token();
        if (c == ':')
            return byteSequence();
        if (c == '?')
            return boolean();
        return std::nullopt;
    }

    // RFC 8941 §4.2.4: at most 15 digits for an Integer; a Decimal has at most
    // 12 before the point and 1 to 3 after it.
    std::optional<BareItem> number()
    {
        const bool negative = skip('-');
        qint64 whole = 0;
        int wholeDigits = 0;
        while (isDigit(peek()) && wholeDigits < 16) {
            whole = whole * 10 + (peek() - '0');
            ++wholeDigits;
            ++m_pos;
        }
        BareItem out;
        if (!skip('.')) {
            if (wholeDigits == 0 || wholeDigits > 15)
                return std::nullopt;
            out.type = BareItem::Type::Integer;
            out.integer = negative ? -whole : whole;
            return out;
        }
        if (wholeDigits == 0 || wholeDigits > 12)
            return std::nullopt;
        qint64 fraction = 0;
        qint64 scale = 1;
        while (isDigit(peek()) && scale < 10'000) {
            fraction = fraction * 10 + (peek() - '0');
            scale *= 10;
            ++m_pos;
        }
        if (scale == 1 || scale > 1000)
            return std::nullopt;
        out.type = BareItem::Type::Decimal;
        out.decimal = (static_cast<double>(whole) + static_cast<double>(fraction) / static_cast<double>(scale))
            * (negative ? -1 : 1);
        return out;
    }

    std::optional<BareItem> string()
    {
        skip('"');
        BareItem out;
        out.type = BareItem::Type::String;
        while (!atEnd()) {
            char c = peek();
            ++m_pos;
            if (c == '"')
                return out;
            if (c == '\\') {
                c = peek();
                if (c != '"' && c != '\\')
                    return std::nullopt;
                ++m_pos;
            } else if (c < 0x20 || c > 0x7e) {
                return std::nullopt;
            }
            out.text.append(c);
        }
        return std::nullopt; // unterminated
    }

    // sf-token = ( ALPHA / "*" ) *( tchar / ":" / "/" )
    std::optional<BareItem> token()
    {
        const qsizetype start = m_pos++;
        while (!atEnd() && (isTchar(peek()) || peek() == ':' || peek() == '/'))
            ++m_pos;
        BareItem out;
        out.type = BareItem::Type::Token;
        out.text = m_text.sliced(start, m_pos - start).toByteArray();
        return out;
    }

    std::optional<BareItem> byteSequence()
    {
        skip(':');
        const qsizetype start = m_pos;
        while (!atEnd() && (isAlpha(peek()) || isDigit(peek()) || peek() == '+' || peek() == '/' || peek() == '='))
            ++m_pos;
        BareItem out;
        out.type = BareItem::Type::ByteSequence;
        out.text = m_text.sliced(start, m_pos - start).toByteArray();
        if (!skip(':'))
            return std::nullopt;
        return out;
    }

    std::optional<BareItem> boolean()
    {
        skip('?');
        BareItem out;
        out.type = BareItem::Type::Boolean;
        if (skip('1'))
            out.integer = 1;
        else if (skip('0'))
            out.integer = 0;
        else
            return std::nullopt;
        return out;
    }

    QByteArrayView m_text;
    qsizetype m_pos = 0;
};

} // namespace

std::optional<QList<Item>> parseStructuredList(QByteArrayView text)
{
    return SfParser(text).list();
}

std::optional<QList<DictionaryMember>> parseStructuredDictionary(QByteArrayView text)
{
    return SfParser(text).dictionary();
}

} // namespace jitterbug::structuredfields
