#pragma once

#include <QByteArrayView>

namespace jitterbug::httpgrammar {

// The character classes of RFC 9110 §5.6 that the header parsers share.

constexpr bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

constexpr bool isAlpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// Optional white space: space or horizontal tab.
constexpr bool isOws(char c)
{
    return c == ' ' || c == '\t';
}

// A token character ("tchar").
constexpr bool isTchar(char c)
{
    constexpr QByteArrayView symbols = "!#$%&'*+-.^_`|~";
    return isDigit(c) || isAlpha(c) || symbols.contains(c);
}

constexpr QByteArrayView trimOws(QByteArrayView text)
{
    while (!text.isEmpty() && isOws(text.front()))
        text = text.sliced(1);
    while (!text.isEmpty() && isOws(text.back()))
        text.chop(1);
    return text;
}

} // namespace jitterbug::httpgrammar
