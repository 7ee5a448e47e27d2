#include "ratelimitheaders.h"

#include "httpgrammar.h"

#include <QList>

#include <algorithm>

namespace jitterbug {

namespace {

using namespace httpgrammar;

// ---- Structured Field Values (RFC 8941), the subset these fields use -------
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

// ---- Field helpers ----------------------------------------------------------

// RFC 9110 §5.3: several field lines of one name mean the same as one line
// with the values joined by commas, which is how list fields are read.
QByteArray combined(const HeaderList& headers, QByteArrayView name)
{
    return headers.values(name).join(QByteArrayLiteral(", "));
}

std::optional<QList<Item>> listField(const HeaderList& headers, QByteArrayView name)
{
    return SfParser(combined(headers, name)).list();
}

std::optional<qint64> nonNegativeInteger(const BareItem* value)
{
    if (!value || value->type != BareItem::Type::Integer || value->integer < 0)
        return std::nullopt;
    return value->integer;
}

std::optional<double> secondsToMs(std::optional<qint64> seconds)
{
    if (!seconds)
        return std::nullopt;
    return static_cast<double>(*seconds) * 1000.0;
}

bool hasAny(const RateLimitInfo& info)
{
    return info.limit || info.remaining || info.resetMs || info.windowMs;
}

// A field of the older drafts that is a single sf-Integer ("42"); parameters
// are allowed and ignored.
std::optional<qint64> integerField(const HeaderList& headers, QByteArrayView name)
{
    const std::optional<QList<Item>> items = listField(headers, name);
    if (!items || items->size() != 1)
        return std::nullopt;
    return nonNegativeInteger(&items->front().value);
}

// The older drafts give a window as a quota policy "100;w=60" next to the
// limit: the first policy whose quota equals the limit states its window.
std::optional<double> windowFor(const QList<Item>& policies, qint64 limit)
{
    for (const Item& policy : policies) {
        if (nonNegativeInteger(&policy.value) != limit)
            continue;
        if (const std::optional<qint64> window = nonNegativeInteger(policy.param("w")))
            return secondsToMs(window);
    }
    return std::nullopt;
}

// A plain decimal count as the X-RateLimit-* fields carry it. More than 15
// digits is not a count any server means, and would overflow.
std::optional<qint64> plainInteger(QByteArrayView text)
{
    text = trimOws(text);
    if (text.isEmpty() || text.size() > 15 || !std::all_of(text.begin(), text.end(), isDigit))
        return std::nullopt;
    qint64 value = 0;
    for (char c : text)
        value = value * 10 + (c - '0');
    return value;
}

// Seconds with an optional fraction ("1.5", "64.057"), as Discord's
// X-RateLimit-Reset-After: no sign, no exponent, digits on both sides of a point.
std::optional<double> plainSecondsToMs(QByteArrayView text)
{
    text = trimOws(text);
    const qsizetype point = text.indexOf('.');
    if (point < 0)
        return secondsToMs(plainInteger(text));
    const std::optional<qint64> whole = plainInteger(text.first(point));
    const QByteArrayView fraction = text.sliced(point + 1);
    if (!whole || fraction.isEmpty() || fraction.size() > 9 || !std::all_of(fraction.begin(), fraction.end(), isDigit))
        return std::nullopt;
    double scale = 1;
    qint64 digits = 0;
    for (char c : fraction) {
        digits = digits * 10 + (c - '0');
        scale *= 10;
    }
    return static_cast<double>(*whole) * 1000.0 + static_cast<double>(digits) * 1000.0 / scale;
}

// ---- The three sources, in order of preference -------------------------------

// draft-ietf-httpapi-ratelimit-headers-08 and later:
//   RateLimit: "default";r=50;t=30
//   RateLimit-Policy: "default";q=100;w=60
std::optional<RateLimitInfo> fromCurrentDraft(const HeaderList& headers)
{
    RateLimitInfo info;
    info.source = QStringLiteral("ratelimit");

    // A response may carry several policies' state; the first is the one the
    // server listed first, and the draft has it send the most restrictive.
    const std::optional<QList<Item>> states = listField(headers, "RateLimit");
    const Item* state = states && states->front().isNamed() ? &states->front() : nullptr;
    if (state) {
        info.policyName = QString::fromUtf8(state->value.text);
        info.remaining = nonNegativeInteger(state->param("r"));
        info.resetMs = secondsToMs(nonNegativeInteger(state->param("t")));
    }

    const std::optional<QList<Item>> policies = listField(headers, "RateLimit-Policy");
    const Item* policy = nullptr;
    if (policies) {
        if (state) {
            const auto it = std::find_if(policies->begin(), policies->end(), [state](const Item& p) {
                return p.isNamed() && p.value.text == state->value.text;
            });
            if (it != policies->end())
                policy = &*it;
        }
        if (!policy && policies->front().isNamed())
            policy = &policies->front();
    }
    if (policy) {
        if (!state)
            info.policyName = QString::fromUtf8(policy->value.text);
        info.limit = nonNegativeInteger(policy->param("q"));
        info.windowMs = secondsToMs(nonNegativeInteger(policy->param("w")));
    }

    if (!hasAny(info))
        return std::nullopt;
    return info;
}

// draft-ietf-httpapi-ratelimit-headers-07 put all three in one dictionary,
//   RateLimit: limit=100, remaining=42, reset=30
// and drafts up to -06 used separate fields,
//   RateLimit-Limit: 100, 100;w=60   RateLimit-Remaining: 42   RateLimit-Reset: 30
// with the window either on the limit or in RateLimit-Policy: 100;w=60.
std::optional<RateLimitInfo> fromOlderDraft(const HeaderList& headers)
{
    RateLimitInfo info;
    info.source = QStringLiteral("ratelimit-draft");

    const QByteArray combinedValue = combined(headers, "RateLimit");
    if (const auto members = SfParser(combinedValue).dictionary()) {
        for (const DictionaryMember& member : *members) {
            // The last of a repeated key wins, as RFC 8941 says for dictionaries.
            if (member.key == "limit")
                info.limit = nonNegativeInteger(&member.item.value);
            else if (member.key == "remaining")
                info.remaining = nonNegativeInteger(&member.item.value);
            else if (member.key == "reset")
                info.resetMs = secondsToMs(nonNegativeInteger(&member.item.value));
        }
    }

    std::optional<QList<Item>> limits = listField(headers, "RateLimit-Limit");
    if (!info.limit && limits)
        info.limit = nonNegativeInteger(&limits->front().value);
    if (!info.remaining)
        info.remaining = integerField(headers, "RateLimit-Remaining");
    if (!info.resetMs)
        info.resetMs = secondsToMs(integerField(headers, "RateLimit-Reset"));

    if (info.limit) {
        if (limits)
            info.windowMs = windowFor(*limits, *info.limit);
        if (!info.windowMs) {
            if (const std::optional<QList<Item>> policies = listField(headers, "RateLimit-Policy"))
                info.windowMs = windowFor(*policies, *info.limit);
        }
    }

    if (!hasAny(info))
        return std::nullopt;
    return info;
}

// The de facto X-RateLimit-* fields (GitHub, Twitter, Discord, ...).
std::optional<RateLimitInfo> fromXRateLimit(const HeaderList& headers, qint64 nowEpochMs)
{
    RateLimitInfo info;
    info.source = QStringLiteral("x-ratelimit");
    info.limit = plainInteger(headers.value("X-RateLimit-Limit"));
    info.remaining = plainInteger(headers.value("X-RateLimit-Remaining"));

    if (const std::optional<qint64> reset = plainInteger(headers.value("X-RateLimit-Reset"))) {
        // 10^9 s is 2001 as a Unix time and 31 years as a delta: no real
        // window is that long, and no real reset time is that early.
        if (*reset > 1'000'000'000)
            info.resetMs = static_cast<double>(std::max<qint64>(0, *reset * 1000 - nowEpochMs));
        else
            info.resetMs = static_cast<double>(*reset) * 1000.0;
    } else {
        // Discord sends a fractional Unix time in X-RateLimit-Reset and the
        // same instant as a delta here; the delta needs no clock agreement.
        info.resetMs = plainSecondsToMs(headers.value("X-RateLimit-Reset-After"));
    }

    if (!hasAny(info))
        return std::nullopt;
    return info;
}

} // namespace

std::optional<RateLimitInfo> parseRateLimitHeaders(const HeaderList& headers, qint64 nowEpochMs)
{
    if (auto info = fromCurrentDraft(headers))
        return info;
    if (auto info = fromOlderDraft(headers))
        return info;
    return fromXRateLimit(headers, nowEpochMs);
}

} // namespace jitterbug
