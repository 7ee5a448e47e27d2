#include "http/ratelimitheaders.h"

#include <gtest/gtest.h>

#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace jitterbug {

// Readable failures: every field, with "-" for an absent one.
static void PrintTo(const RateLimitInfo& info, std::ostream* os)
{
    const auto field = [os](const char* name, const auto& value) {
        *os << name << '=';
        if (value)
            *os << *value;
        else
            *os << '-';
        *os << ' ';
    };
    field("limit", info.limit);
    field("remaining", info.remaining);
    field("resetMs", info.resetMs);
    field("windowMs", info.windowMs);
    *os << "policy=\"" << info.policyName.toStdString() << "\" source=" << info.source.toStdString();
}

} // namespace jitterbug

namespace {

using jitterbug::HeaderList;
using jitterbug::parseRateLimitHeaders;
using jitterbug::RateLimitInfo;

// 2023-11-14T22:13:20Z: a fixed "now" so epoch resets give exact deltas.
constexpr qint64 nowMs = 1'700'000'000'000;

struct Header {
    const char* name;
    const char* value;
};

struct RateLimitCase {
    const char* name;
    std::vector<Header> headers;
    std::optional<RateLimitInfo> expected;
};

void PrintTo(const RateLimitCase& c, std::ostream* os)
{
    for (const Header& h : c.headers)
        *os << h.name << ": " << h.value << "; ";
}

class RateLimitHeadersTest : public ::testing::TestWithParam<RateLimitCase>
{
};

TEST_P(RateLimitHeadersTest, ParsesExactly)
{
    const RateLimitCase& c = GetParam();
    HeaderList headers;
    for (const Header& h : c.headers)
        headers.append(QByteArray(h.name), QByteArray(h.value));
    EXPECT_EQ(parseRateLimitHeaders(headers, nowMs), c.expected);
}

RateLimitInfo current(std::optional<qint64> limit, std::optional<qint64> remaining, std::optional<double> resetMs,
                      std::optional<double> windowMs, const char* policyName)
{
    return RateLimitInfo{
        limit, remaining, resetMs, windowMs, QString::fromLatin1(policyName), QStringLiteral("ratelimit")};
}

RateLimitInfo olderDraft(std::optional<qint64> limit, std::optional<qint64> remaining, std::optional<double> resetMs,
                         std::optional<double> windowMs)
{
    return RateLimitInfo{limit, remaining, resetMs, windowMs, QString(), QStringLiteral("ratelimit-draft")};
}

RateLimitInfo xRateLimit(std::optional<qint64> limit, std::optional<qint64> remaining, std::optional<double> resetMs)
{
    return RateLimitInfo{limit, remaining, resetMs, std::nullopt, QString(), QStringLiteral("x-ratelimit")};
}

const auto caseName = [](const auto& info) {
    return std::string(info.param.name);
};

constexpr auto none = std::nullopt;

// ---- RateLimit / RateLimit-Policy, current draft ----------------------------

INSTANTIATE_TEST_SUITE_P(
    CurrentDraft, RateLimitHeadersTest,
    ::testing::Values(
        RateLimitCase{"StateAndPolicy",
                      {{"RateLimit", R"("default";r=50;t=30)"}, {"RateLimit-Policy", R"("default";q=100;w=60)"}},
                      current(100, 50, 30'000.0, 60'000.0, "default")},
        RateLimitCase{"TokenName", {{"RateLimit", "default;r=50;t=30"}}, current(none, 50, 30'000.0, none, "default")},
        RateLimitCase{"TokenAndStringNamesMatch",
                      {{"RateLimit", "default;r=1"}, {"RateLimit-Policy", R"("default";q=10)"}},
                      current(10, 1, none, none, "default")},
        RateLimitCase{
            "PolicyOnly", {{"RateLimit-Policy", R"("burst";q=100;w=60)"}}, current(100, none, none, 60'000.0, "burst")},
        RateLimitCase{"StateOnlyRemaining", {{"RateLimit", R"("p";r=0)"}}, current(none, 0, none, none, "p")},
        RateLimitCase{"ZeroReset", {{"RateLimit", R"("p";t=0)"}}, current(none, none, 0.0, none, "p")},
        RateLimitCase{"SeveralStatesFirstWins",
                      {{"RateLimit", R"("a";r=1;t=2, "b";r=3;t=4)"}},
                      current(none, 1, 2'000.0, none, "a")},
        RateLimitCase{"SeveralFieldLinesFirstWins",
                      {{"RateLimit", R"("a";r=1;t=2)"}, {"RateLimit", R"("b";r=3;t=4)"}},
                      current(none, 1, 2'000.0, none, "a")},
        RateLimitCase{"PolicyMatchedByName",
                      {{"RateLimit", R"("daily";r=5;t=100)"},
                       {"RateLimit-Policy", R"("burst";q=10;w=1, "daily";q=1000;w=86400)"}},
                      current(1000, 5, 100'000.0, 86'400'000.0, "daily")},
        RateLimitCase{"PolicyFallsBackToFirst",
                      {{"RateLimit", R"("other";r=5)"}, {"RateLimit-Policy", R"("burst";q=10;w=1, "daily";q=1000)"}},
                      current(10, 5, none, 1'000.0, "other")},
        RateLimitCase{"PolicyWithoutWindow",
                      {{"RateLimit", R"("p";r=5)"}, {"RateLimit-Policy", R"("p";q=10)"}},
                      current(10, 5, none, none, "p")},
        RateLimitCase{"ExtraParametersIgnored",
                      {{"RateLimit", R"("default";r=50;t=30;pk=:cHsxMjM0Cg==:;acme-burst=5;flag)"},
                       {"RateLimit-Policy", R"("default";q=100;qu="request";w=60;pk=:cHsxMjM0Cg==:)"}},
                      current(100, 50, 30'000.0, 60'000.0, "default")},
        RateLimitCase{"SpaceAfterSemicolon",
                      {{"RateLimit", R"("default"; r=50;  t=30)"}},
                      current(none, 50, 30'000.0, none, "default")},
        RateLimitCase{
            "OwsAroundCommas", {{"RateLimit", " \"a\";r=1 ,\t\"b\";r=2 "}}, current(none, 1, none, none, "a")},
        RateLimitCase{"EscapedQuoteInName",
                      {{"RateLimit", R"("my \"policy\"";r=1)"}},
                      current(none, 1, none, none, "my \"policy\"")},
        RateLimitCase{
            "RepeatedParameterLastWins", {{"RateLimit", R"("a";r=5;r=7)"}}, current(none, 7, none, none, "a")},
        RateLimitCase{"LowerCaseFieldNames",
                      {{"ratelimit", R"("a";r=1;t=2)"}, {"RATELIMIT-POLICY", R"("a";q=3;w=4)"}},
                      current(3, 1, 2'000.0, 4'000.0, "a")},
        RateLimitCase{
            "NegativeRemainingSkipped", {{"RateLimit", R"("a";r=-1;t=30)"}}, current(none, none, 30'000.0, none, "a")},
        RateLimitCase{"DecimalParametersSkipped",
                      {{"RateLimit", R"("a";r=1.5;t=2.5)"}, {"RateLimit-Policy", R"("a";q=10;w=0.5)"}},
                      current(10, none, none, none, "a")},
        RateLimitCase{
            "StringParameterSkipped", {{"RateLimit", R"("a";r="5";t=3)"}}, current(none, none, 3'000.0, none, "a")},
        RateLimitCase{"BeatsOtherSources",
                      {{"X-RateLimit-Limit", "60"}, {"RateLimit-Limit", "100"}, {"RateLimit", R"("a";r=1)"}},
                      current(none, 1, none, none, "a")},
        RateLimitCase{"NoUsableParameters", {{"RateLimit", R"("a";r=-1;t=-2;x=3)"}}, none},
        RateLimitCase{"SpaceBeforeSemicolonMalformed", {{"RateLimit", R"("default" ;r=50)"}}, none},
        RateLimitCase{"UnterminatedString", {{"RateLimit", R"("default;r=50)"}}, none},
        RateLimitCase{"TrailingComma", {{"RateLimit", R"("a";r=1,)"}}, none},
        RateLimitCase{"UpperCaseKeyMalformed", {{"RateLimit", R"("a";R=1)"}}, none},
        RateLimitCase{"IntegerTooLong", {{"RateLimit", R"("a";r=1234567890123456)"}}, none},
        RateLimitCase{"InnerListUnsupported", {{"RateLimit", R"(("a" "b");r=1)"}}, none},
        RateLimitCase{"UnnamedItemIsNotThisDraft", {{"RateLimit", "100;r=5"}}, none},
        RateLimitCase{"Empty", {{"RateLimit", ""}, {"RateLimit-Policy", "  "}}, none}),
    caseName);

// ---- RateLimit-Limit / -Remaining / -Reset and the dictionary form -----------

INSTANTIATE_TEST_SUITE_P(
    OlderDraft, RateLimitHeadersTest,
    ::testing::Values(
        RateLimitCase{"SeparateFields",
                      {{"RateLimit-Limit", "100"}, {"RateLimit-Remaining", "42"}, {"RateLimit-Reset", "30"}},
                      olderDraft(100, 42, 30'000.0, none)},
        RateLimitCase{
            "LimitWithWindowPolicy", {{"RateLimit-Limit", "100, 100;w=60"}}, olderDraft(100, none, none, 60'000.0)},
        RateLimitCase{"LimitWindowOnFirstItem", {{"RateLimit-Limit", "10;w=1"}}, olderDraft(10, none, none, 1'000.0)},
        RateLimitCase{"WindowOfPolicyMatchingLimit",
                      {{"RateLimit-Limit", "10, 50;w=60, 10;w=1"}},
                      olderDraft(10, none, none, 1'000.0)},
        RateLimitCase{"NoPolicyMatchesLimit", {{"RateLimit-Limit", "10, 50;w=60"}}, olderDraft(10, none, none, none)},
        RateLimitCase{"WindowFromPolicyField",
                      {{"RateLimit-Limit", "100"}, {"RateLimit-Policy", "100;w=60"}},
                      olderDraft(100, none, none, 60'000.0)},
        RateLimitCase{"DictionaryForm",
                      {{"RateLimit", "limit=100, remaining=42, reset=30"}},
                      olderDraft(100, 42, 30'000.0, none)},
        RateLimitCase{"DictionaryFormSpacesAndExtraKeys",
                      {{"RateLimit", "limit=100,remaining=42 ,\treset=30, policy=\"x\", flag"}},
                      olderDraft(100, 42, 30'000.0, none)},
        RateLimitCase{"DictionaryFormPartial", {{"RateLimit", "remaining=0"}}, olderDraft(none, 0, none, none)},
        RateLimitCase{"DictionaryFormWithPolicyWindow",
                      {{"RateLimit", "limit=10, remaining=9, reset=1"}, {"RateLimit-Policy", "10;w=1, 50;w=60"}},
                      olderDraft(10, 9, 1'000.0, 1'000.0)},
        RateLimitCase{"DictionaryFormRepeatedKeyLastWins",
                      {{"RateLimit", "remaining=5, remaining=3"}},
                      olderDraft(none, 3, none, none)},
        RateLimitCase{"DictionaryFormNegativeSkipped",
                      {{"RateLimit", "limit=100, remaining=-1"}},
                      olderDraft(100, none, none, none)},
        RateLimitCase{"NamedItemWithoutStateFallsThrough",
                      {{"RateLimit", "default;x=1"}, {"RateLimit-Remaining", "7"}},
                      olderDraft(none, 7, none, none)},
        RateLimitCase{"SurroundingWhitespace",
                      {{"RateLimit-Limit", " 100 "}, {"RateLimit-Remaining", "\t42\t"}},
                      olderDraft(100, 42, none, none)},
        RateLimitCase{"NegativeRemainingSkipped",
                      {{"RateLimit-Limit", "100"}, {"RateLimit-Remaining", "-1"}},
                      olderDraft(100, none, none, none)},
        RateLimitCase{"FractionalResetSkipped",
                      {{"RateLimit-Remaining", "1"}, {"RateLimit-Reset", "1.5"}},
                      olderDraft(none, 1, none, none)},
        RateLimitCase{"GarbageRemainingSkipped",
                      {{"RateLimit-Limit", "100"}, {"RateLimit-Remaining", "lots"}},
                      olderDraft(100, none, none, none)},
        RateLimitCase{"TwoRemainingValuesSkipped",
                      {{"RateLimit-Remaining", "1, 2"}, {"RateLimit-Reset", "9"}},
                      olderDraft(none, none, 9'000.0, none)},
        RateLimitCase{"BeatsXRateLimit",
                      {{"X-RateLimit-Remaining", "1"}, {"RateLimit-Remaining", "2"}},
                      olderDraft(none, 2, none, none)},
        RateLimitCase{"AllGarbage",
                      {{"RateLimit-Limit", "many"}, {"RateLimit-Remaining", "-3"}, {"RateLimit-Reset", "soon"}},
                      none},
        RateLimitCase{"WindowWithoutLimitIgnored", {{"RateLimit-Policy", "100;w=60"}}, none}),
    caseName);

// ---- X-RateLimit-* ------------------------------------------------------------

INSTANTIATE_TEST_SUITE_P(
    XRateLimit, RateLimitHeadersTest,
    ::testing::Values(
        RateLimitCase{"GitHubEpochReset",
                      {{"X-RateLimit-Limit", "5000"},
                       {"X-RateLimit-Remaining", "4999"},
                       {"X-RateLimit-Used", "1"},
                       {"X-RateLimit-Reset", "1700000060"}},
                      xRateLimit(5000, 4999, 60'000.0)},
        RateLimitCase{"EpochResetInThePast", {{"X-RateLimit-Reset", "1699999999"}}, xRateLimit(none, none, 0.0)},
        RateLimitCase{"EpochResetIsNow", {{"X-RateLimit-Reset", "1700000000"}}, xRateLimit(none, none, 0.0)},
        RateLimitCase{"DeltaReset", {{"X-RateLimit-Reset", "60"}}, xRateLimit(none, none, 60'000.0)},
        RateLimitCase{
            "TenToTheNineIsDelta", {{"X-RateLimit-Reset", "1000000000"}}, xRateLimit(none, none, 1'000'000'000'000.0)},
        RateLimitCase{
            "JustOverTenToTheNineIsEpoch", {{"X-RateLimit-Reset", "1000000001"}}, xRateLimit(none, none, 0.0)},
        RateLimitCase{
            "ResetAfterFractional", {{"X-RateLimit-Reset-After", "64.057"}}, xRateLimit(none, none, 64'057.0)},
        RateLimitCase{"ResetAfterWhole", {{"X-RateLimit-Reset-After", "2"}}, xRateLimit(none, none, 2'000.0)},
        RateLimitCase{"ResetAfterHalf", {{"X-RateLimit-Reset-After", "0.5"}}, xRateLimit(none, none, 500.0)},
        RateLimitCase{"ResetWinsOverResetAfter",
                      {{"X-RateLimit-Reset-After", "1.5"}, {"X-RateLimit-Reset", "30"}},
                      xRateLimit(none, none, 30'000.0)},
        RateLimitCase{"DiscordFractionalEpochFallsBackToResetAfter",
                      {{"X-RateLimit-Limit", "5"},
                       {"X-RateLimit-Remaining", "0"},
                       {"X-RateLimit-Reset", "1470173023.123"},
                       {"X-RateLimit-Reset-After", "1.234"}},
                      xRateLimit(5, 0, 1'234.0)},
        RateLimitCase{"LowerCaseNamesAndWhitespace",
                      {{"x-ratelimit-limit", " 60 "}, {"x-ratelimit-remaining", "\t59"}},
                      xRateLimit(60, 59, none)},
        RateLimitCase{"FirstOfRepeatedField",
                      {{"X-RateLimit-Remaining", "3"}, {"X-RateLimit-Remaining", "4"}},
                      xRateLimit(none, 3, none)},
        RateLimitCase{"BadFieldsSkipped",
                      {{"X-RateLimit-Limit", "-1"}, {"X-RateLimit-Remaining", "+5"}, {"X-RateLimit-Reset", "7"}},
                      xRateLimit(none, none, 7'000.0)},
        RateLimitCase{"FractionalLimitSkipped",
                      {{"X-RateLimit-Limit", "1.5"}, {"X-RateLimit-Remaining", "1"}},
                      xRateLimit(none, 1, none)},
        RateLimitCase{"SixteenDigitsSkipped",
                      {{"X-RateLimit-Limit", "1234567890123456"}, {"X-RateLimit-Remaining", "1"}},
                      xRateLimit(none, 1, none)},
        RateLimitCase{"UsedAloneIsNothing", {{"X-RateLimit-Used", "1"}}, none},
        RateLimitCase{"ResetAfterNoLeadingDigit", {{"X-RateLimit-Reset-After", ".5"}}, none},
        RateLimitCase{"ResetAfterNoFraction", {{"X-RateLimit-Reset-After", "1."}}, none},
        RateLimitCase{"ResetAfterNegative", {{"X-RateLimit-Reset-After", "-1.5"}}, none},
        RateLimitCase{"ResetAfterExponent", {{"X-RateLimit-Reset-After", "1e3"}}, none},
        RateLimitCase{"ListValueSkipped", {{"X-RateLimit-Limit", "100, 100;w=60"}}, none},
        RateLimitCase{"NoHeaders", {}, none},
        RateLimitCase{"UnrelatedHeaders", {{"Retry-After", "5"}, {"Content-Type", "text/plain"}}, none}),
    caseName);

} // namespace
