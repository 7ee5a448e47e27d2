#include "ratelimitheaders.h"

#include "httpgrammar.h"
#include "structuredfields.h"

#include <QList>

#include <algorithm>

namespace jitterbug {

namespace {

using namespace httpgrammar;
using namespace structuredfields;

// ---- Field helpers ----------------------------------------------------------

// RFC 9110 §5.3: several field lines of one name mean the same as one line
// with the values joined by commas, which is how list fields are read.
QByteArray combined(const HeaderList& headers, QByteArrayView name)
{
    return headers.values(name).join(QByteArrayLiteral(", "));
}

std::optional<QList<Item>> listField(const HeaderList& headers, QByteArrayView name)
{
    return parseStructuredList(combined(headers, name));
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
    if (const auto members = parseStructuredDictionary(combinedValue)) {
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
