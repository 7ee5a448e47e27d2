#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

#include <algorithm>
#include <optional>

namespace jitterbug::structuredfields {

// Structured Field Values (RFC 8941), the subset the RateLimit fields use.
//
// Lists, dictionaries, items and parameters are parsed as the RFC says; inner
// lists are not, because no RateLimit field uses them, so a field holding one
// fails to parse and is ignored like any other malformed field.

struct BareItem {
    enum class Type { Integer, Decimal, String, Token, ByteSequence, Boolean };
    Type type = Type::Boolean;
    qint64 integer = 1; // Integer; Boolean as 0 or 1 (a bare key is true)
    double decimal = 0;
    QByteArray text; // String (unescaped), Token, ByteSequence (still base64)
};

struct Parameter {
    QByteArray key;
    BareItem value;
};

struct Item {
    BareItem value;
    QList<Parameter> params;

    // RFC 8941 §4.2.3.2: a repeated key keeps its last value.
    const BareItem* param(QByteArrayView key) const
    {
        const auto it
            = std::find_if(params.rbegin(), params.rend(), [key](const Parameter& p) { return p.key == key; });
        return it == params.rend() ? nullptr : &it->value;
    }

    // The current draft names each policy with a String or a Token.
    bool isNamed() const { return value.type == BareItem::Type::String || value.type == BareItem::Type::Token; }
};

struct DictionaryMember {
    QByteArray key;
    Item item;
};

// An sf-list or an sf-dictionary; nullopt when malformed or empty.
std::optional<QList<Item>> parseStructuredList(QByteArrayView text);
std::optional<QList<DictionaryMember>> parseStructuredDictionary(QByteArrayView text);

} // namespace jitterbug::structuredfields
