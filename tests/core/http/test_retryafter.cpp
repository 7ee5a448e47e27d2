#include "http/retryafter.h"

#include <QDate>
#include <QTime>

#include <gtest/gtest.h>

#include <optional>
#include <string>

using jitterbug::parseHttpDate;
using jitterbug::parseRetryAfterMs;

namespace {

QDateTime utc(int year, int month, int day, int hour, int minute, int second)
{
    return QDateTime(QDate(year, month, day), QTime(hour, minute, second), Qt::UTC);
}

// The instant every date case is measured from: 37 s before RFC 9110's
// example date, so each of its three spellings gives exactly 37000 ms.
const QDateTime fixedNow = utc(1994, 11, 6, 8, 49, 0);

// ISO 8601 with a "Z" only for a UTC QDateTime, so the table also checks the
// time spec; "none" for nullopt.
std::string describe(const std::optional<QDateTime>& date)
{
    return date ? date->toString(Qt::ISODate).toStdString() : std::string("none");
}

// ---- parseRetryAfterMs ------------------------------------------------------

struct RetryAfterCase {
    const char* name;
    const char* value;
    std::optional<double> expectedMs;
};

void PrintTo(const RetryAfterCase& c, std::ostream* os)
{
    *os << '"' << c.value << '"';
}

class RetryAfterTest : public ::testing::TestWithParam<RetryAfterCase>
{
};

TEST_P(RetryAfterTest, ParsesToExactDelay)
{
    const RetryAfterCase& c = GetParam();
    EXPECT_EQ(parseRetryAfterMs(QByteArrayView(c.value), fixedNow), c.expectedMs);
}

constexpr double maxMs = 1'000'000'000.0 * 1000.0;

INSTANTIATE_TEST_SUITE_P(
    DelaySeconds, RetryAfterTest,
    ::testing::Values(
        RetryAfterCase{"Seconds", "120", 120'000.0}, RetryAfterCase{"Zero", "0", 0.0},
        RetryAfterCase{"LeadingZeros", "007", 7'000.0}, RetryAfterCase{"SurroundingOws", " \t30 \t", 30'000.0},
        RetryAfterCase{"AtClampLimit", "1000000000", maxMs}, RetryAfterCase{"JustOverClampLimit", "1000000001", maxMs},
        RetryAfterCase{"HugeDigitStringClamped", "123456789012345678901234567890", maxMs},
        RetryAfterCase{"Empty", "", std::nullopt}, RetryAfterCase{"OnlyWhitespace", " \t ", std::nullopt},
        RetryAfterCase{"Negative", "-5", std::nullopt}, RetryAfterCase{"PlusSign", "+5", std::nullopt},
        RetryAfterCase{"Fraction", "1.5", std::nullopt}, RetryAfterCase{"TrailingUnit", "10s", std::nullopt},
        RetryAfterCase{"TwoNumbers", "10 20", std::nullopt}, RetryAfterCase{"CommaList", "10, 20", std::nullopt},
        RetryAfterCase{"Exponent", "1e3", std::nullopt}, RetryAfterCase{"Hex", "0x10", std::nullopt},
        RetryAfterCase{"Word", "soon", std::nullopt}),
    [](const auto& info) { return std::string(info.param.name); });

INSTANTIATE_TEST_SUITE_P(
    HttpDate, RetryAfterTest,
    ::testing::Values(RetryAfterCase{"ImfFixdateFuture", "Sun, 06 Nov 1994 08:49:37 GMT", 37'000.0},
                      RetryAfterCase{"Rfc850Future", "Sunday, 06-Nov-94 08:49:37 GMT", 37'000.0},
                      RetryAfterCase{"AsctimeFuture", "Sun Nov  6 08:49:37 1994", 37'000.0},
                      RetryAfterCase{"NextDay", "Mon, 07 Nov 1994 08:49:00 GMT", 86'400'000.0},
                      RetryAfterCase{"SameInstant", "Sun, 06 Nov 1994 08:49:00 GMT", 0.0},
                      RetryAfterCase{"PastDate", "Sun, 06 Nov 1994 08:48:59 GMT", 0.0},
                      RetryAfterCase{"FarPast", "Thu, 01 Jan 1970 00:00:00 GMT", 0.0},
                      RetryAfterCase{"FarFutureClamped", "Fri, 31 Dec 9999 23:59:59 GMT", maxMs},
                      RetryAfterCase{"DateWithOws", "  Sun, 06 Nov 1994 08:49:37 GMT\t", 37'000.0},
                      RetryAfterCase{"DateWithTrailingGarbage", "Sun, 06 Nov 1994 08:49:37 GMT x", std::nullopt},
                      RetryAfterCase{"InvalidDate", "Wed, 30 Feb 1994 08:49:37 GMT", std::nullopt},
                      RetryAfterCase{"IsoDate", "1994-11-06T08:49:37Z", std::nullopt}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(RetryAfter, DateIsMeasuredFromGivenNowNotTheClock)
{
    const QDateTime now = utc(2030, 1, 1, 0, 0, 0);
    EXPECT_EQ(parseRetryAfterMs("Tue, 01 Jan 2030 00:02:00 GMT", now), 120'000.0);
    EXPECT_EQ(parseRetryAfterMs("Tue, 01 Jan 2030 00:02:00 GMT", now.addSecs(60)), 60'000.0);
}

TEST(RetryAfter, NowInAnotherTimeSpecIsTheSameInstant)
{
    // 10:49 at UTC+2 is 08:49 UTC; the date is 37 s after that.
    const QDateTime now(QDate(1994, 11, 6), QTime(10, 49, 0), Qt::OffsetFromUTC, 2 * 3600);
    EXPECT_EQ(parseRetryAfterMs("Sun, 06 Nov 1994 08:49:37 GMT", now), 37'000.0);
}

TEST(RetryAfter, InvalidNowRejectsDatesButNotSeconds)
{
    EXPECT_EQ(parseRetryAfterMs("Sun, 06 Nov 1994 08:49:37 GMT", QDateTime()), std::nullopt);
    EXPECT_EQ(parseRetryAfterMs("5", QDateTime()), 5'000.0);
}

// ---- parseHttpDate ----------------------------------------------------------

struct HttpDateCase {
    const char* name;
    const char* value;
    const char* expected; // ISO 8601 UTC, or "none"
};

void PrintTo(const HttpDateCase& c, std::ostream* os)
{
    *os << '"' << c.value << '"';
}

class HttpDateTest : public ::testing::TestWithParam<HttpDateCase>
{
};

TEST_P(HttpDateTest, ParsesToExactInstant)
{
    const HttpDateCase& c = GetParam();
    EXPECT_EQ(describe(parseHttpDate(QByteArrayView(c.value))), c.expected);
}

INSTANTIATE_TEST_SUITE_P(
    ImfFixdate, HttpDateTest,
    ::testing::Values(HttpDateCase{"Rfc9110Example", "Sun, 06 Nov 1994 08:49:37 GMT", "1994-11-06T08:49:37Z"},
                      HttpDateCase{"LowerCaseNames", "sun, 06 nov 1994 08:49:37 gmt", "1994-11-06T08:49:37Z"},
                      HttpDateCase{"UpperCaseNames", "SUN, 06 NOV 1994 08:49:37 GMT", "1994-11-06T08:49:37Z"},
                      HttpDateCase{"WrongWeekdayAccepted", "Mon, 06 Nov 1994 08:49:37 GMT", "1994-11-06T08:49:37Z"},
                      HttpDateCase{"LongDayNameAccepted", "Sunday, 06 Nov 1994 08:49:37 GMT", "1994-11-06T08:49:37Z"},
                      HttpDateCase{"Midnight", "Sat, 01 Jan 2000 00:00:00 GMT", "2000-01-01T00:00:00Z"},
                      HttpDateCase{"EndOfDay", "Fri, 31 Dec 1999 23:59:59 GMT", "1999-12-31T23:59:59Z"},
                      HttpDateCase{"LeapDay", "Thu, 29 Feb 2024 12:00:00 GMT", "2024-02-29T12:00:00Z"},
                      HttpDateCase{"LeapSecondClamped", "Sat, 31 Dec 2016 23:59:60 GMT", "2016-12-31T23:59:59Z"},
                      HttpDateCase{"Feb30", "Wed, 30 Feb 1994 08:49:37 GMT", "none"},
                      HttpDateCase{"Feb29NonLeapCentury", "Mon, 29 Feb 2100 08:49:37 GMT", "none"},
                      HttpDateCase{"Apr31", "Sun, 31 Apr 1994 08:49:37 GMT", "none"},
                      HttpDateCase{"DayZero", "Sun, 00 Nov 1994 08:49:37 GMT", "none"},
                      HttpDateCase{"Hour24", "Sun, 06 Nov 1994 24:00:00 GMT", "none"},
                      HttpDateCase{"Minute60", "Sun, 06 Nov 1994 08:60:37 GMT", "none"},
                      HttpDateCase{"Second61", "Sun, 06 Nov 1994 08:49:61 GMT", "none"},
                      HttpDateCase{"UnknownMonth", "Sun, 06 Nox 1994 08:49:37 GMT", "none"},
                      HttpDateCase{"UnknownDayName", "Sux, 06 Nov 1994 08:49:37 GMT", "none"},
                      HttpDateCase{"UtcInsteadOfGmt", "Sun, 06 Nov 1994 08:49:37 UTC", "none"},
                      HttpDateCase{"NumericZone", "Sun, 06 Nov 1994 08:49:37 +0000", "none"},
                      HttpDateCase{"MissingZone", "Sun, 06 Nov 1994 08:49:37", "none"},
                      HttpDateCase{"SingleDigitDay", "Sun, 6 Nov 1994 08:49:37 GMT", "none"},
                      HttpDateCase{"TwoDigitYear", "Sun, 06 Nov 94 08:49:37 GMT", "none"},
                      HttpDateCase{"FiveDigitYear", "Sun, 06 Nov 19940 08:49:37 GMT", "none"},
                      HttpDateCase{"SingleDigitHour", "Sun, 06 Nov 1994 8:49:37 GMT", "none"},
                      HttpDateCase{"MissingSeconds", "Sun, 06 Nov 1994 08:49 GMT", "none"},
                      HttpDateCase{"DoubleSpace", "Sun, 06 Nov  1994 08:49:37 GMT", "none"},
                      HttpDateCase{"MissingSpaceAfterComma", "Sun,06 Nov 1994 08:49:37 GMT", "none"},
                      HttpDateCase{"TrailingGarbage", "Sun, 06 Nov 1994 08:49:37 GMTX", "none"},
                      HttpDateCase{"SurroundingOws", " \tSun, 06 Nov 1994 08:49:37 GMT \t", "1994-11-06T08:49:37Z"}),
    [](const auto& info) { return std::string(info.param.name); });

INSTANTIATE_TEST_SUITE_P(
    Rfc850, HttpDateTest,
    ::testing::Values(HttpDateCase{"Rfc9110Example", "Sunday, 06-Nov-94 08:49:37 GMT", "1994-11-06T08:49:37Z"},
                      HttpDateCase{"LowerCase", "sunday, 06-nov-94 08:49:37 gmt", "1994-11-06T08:49:37Z"},
                      HttpDateCase{"Year70IsNineteenth", "Thursday, 01-Jan-70 00:00:00 GMT", "1970-01-01T00:00:00Z"},
                      HttpDateCase{"Year99IsNineteenth", "Friday, 31-Dec-99 23:59:59 GMT", "1999-12-31T23:59:59Z"},
                      HttpDateCase{"Year00IsTwentieth", "Saturday, 01-Jan-00 00:00:00 GMT", "2000-01-01T00:00:00Z"},
                      HttpDateCase{"Year69IsTwentieth", "Tuesday, 31-Dec-69 23:59:59 GMT", "2069-12-31T23:59:59Z"},
                      HttpDateCase{"Feb29LeapYear00", "Tuesday, 29-Feb-00 00:00:00 GMT", "2000-02-29T00:00:00Z"},
                      HttpDateCase{"Feb29NonLeap", "Thursday, 29-Feb-01 00:00:00 GMT", "none"},
                      HttpDateCase{"LeapSecondClamped", "Saturday, 31-Dec-16 23:59:60 GMT", "2016-12-31T23:59:59Z"},
                      HttpDateCase{"FourDigitYear", "Sunday, 06-Nov-1994 08:49:37 GMT", "none"},
                      HttpDateCase{"MixedSeparators", "Sunday, 06-Nov 94 08:49:37 GMT", "none"},
                      HttpDateCase{"MissingZone", "Sunday, 06-Nov-94 08:49:37", "none"}),
    [](const auto& info) { return std::string(info.param.name); });

INSTANTIATE_TEST_SUITE_P(
    Asctime, HttpDateTest,
    ::testing::Values(HttpDateCase{"Rfc9110Example", "Sun Nov  6 08:49:37 1994", "1994-11-06T08:49:37Z"},
                      HttpDateCase{"TwoDigitDay", "Wed Nov 16 08:49:37 1994", "1994-11-16T08:49:37Z"},
                      HttpDateCase{"ZeroPaddedDay", "Sun Nov 06 08:49:37 1994", "1994-11-06T08:49:37Z"},
                      HttpDateCase{"UnpaddedDay", "Sun Nov 6 08:49:37 1994", "1994-11-06T08:49:37Z"},
                      HttpDateCase{"LowerCase", "sun nov  6 08:49:37 1994", "1994-11-06T08:49:37Z"},
                      HttpDateCase{"LeapSecondClamped", "Sat Dec 31 23:59:60 2016", "2016-12-31T23:59:59Z"},
                      HttpDateCase{"Feb30", "Wed Feb 30 08:49:37 1994", "none"},
                      HttpDateCase{"SpaceThenTwoDigits", "Wed Nov  16 08:49:37 1994", "none"},
                      HttpDateCase{"ThreeDigitDay", "Wed Nov 106 08:49:37 1994", "none"},
                      HttpDateCase{"TwoDigitYear", "Sun Nov  6 08:49:37 94", "none"},
                      HttpDateCase{"ZoneAppended", "Sun Nov  6 08:49:37 1994 GMT", "none"},
                      HttpDateCase{"Hour25", "Sun Nov  6 25:49:37 1994", "none"}),
    [](const auto& info) { return std::string(info.param.name); });

INSTANTIATE_TEST_SUITE_P(Garbage, HttpDateTest,
                         ::testing::Values(HttpDateCase{"Empty", "", "none"}, HttpDateCase{"Whitespace", "  ", "none"},
                                           HttpDateCase{"Seconds", "120", "none"},
                                           HttpDateCase{"Iso8601", "1994-11-06T08:49:37Z", "none"},
                                           HttpDateCase{"DayNameOnly", "Sun", "none"},
                                           HttpDateCase{"DayNameComma", "Sun,", "none"},
                                           HttpDateCase{"Truncated", "Sun, 06 Nov 19", "none"},
                                           HttpDateCase{"NoCommaImf", "Sun 06 Nov 1994 08:49:37 GMT", "none"}),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(HttpDate, ResultIsUtcAndEqualsTheInstant)
{
    const std::optional<QDateTime> date = parseHttpDate("Sun, 06 Nov 1994 08:49:37 GMT");
    ASSERT_TRUE(date.has_value());
    EXPECT_EQ(date->timeSpec(), Qt::UTC);
    EXPECT_EQ(*date, utc(1994, 11, 6, 8, 49, 37));
    EXPECT_EQ(date->toMSecsSinceEpoch(), 784'111'777'000);
}

TEST(HttpDate, ThreeFormsGiveTheSameInstant)
{
    const auto imf = parseHttpDate("Sun, 06 Nov 1994 08:49:37 GMT");
    ASSERT_TRUE(imf.has_value());
    EXPECT_EQ(parseHttpDate("Sunday, 06-Nov-94 08:49:37 GMT"), imf);
    EXPECT_EQ(parseHttpDate("Sun Nov  6 08:49:37 1994"), imf);
}

} // namespace
