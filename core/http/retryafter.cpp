#include "retryafter.h"

#include "httpgrammar.h"

#include <QDate>
#include <QTime>

#include <algorithm>
#include <array>

namespace jitterbug {

namespace {

using namespace httpgrammar;

// RFC 9110 sets no upper bound on delay-seconds. A server that sends an absurd
// number still means "a very long time", so rather than drop the header (and
// retry at once) or overflow, the delay is clamped to 10^9 s, about 31 years:
// finite, and longer than any deadline or max_retry_after cap a call can have.
constexpr qint64 maxDelaySeconds = 1'000'000'000;

constexpr std::array<QByteArrayView, 12> monthNames
    = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
constexpr std::array<QByteArrayView, 7> shortDayNames = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
constexpr std::array<QByteArrayView, 7> longDayNames
    = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};

// RFC 9110 spells the names with fixed case, but servers that get the case
// wrong still mean the same date, so names compare case-insensitively.
bool sameName(QByteArrayView a, QByteArrayView b)
{
    return a.compare(b, Qt::CaseInsensitive) == 0;
}

template<std::size_t N>
int indexOf(const std::array<QByteArrayView, N>& names, QByteArrayView word)
{
    const auto it = std::find_if(names.begin(), names.end(), [word](QByteArrayView n) { return sameName(n, word); });
    return it == names.end() ? -1 : static_cast<int>(it - names.begin());
}

// Reads a value left to right; every method consumes only on success.
class Cursor
{
public:
    explicit Cursor(QByteArrayView text)
        : m_text(text)
    {
    }

    bool atEnd() const { return m_pos == m_text.size(); }

    bool skip(char c)
    {
        if (atEnd() || m_text[m_pos] != c)
            return false;
        ++m_pos;
        return true;
    }

    // Between minCount and maxCount decimal digits.
    std::optional<int> digits(int minCount, int maxCount)
    {
        int value = 0;
        int count = 0;
        while (count < maxCount && !atEnd() && isDigit(m_text[m_pos])) {
            value = value * 10 + (m_text[m_pos] - '0');
            ++m_pos;
            ++count;
        }
        if (count < minCount) {
            m_pos -= count;
            return std::nullopt;
        }
        return value;
    }

    // A run of ASCII letters, possibly empty.
    QByteArrayView word()
    {
        const qsizetype start = m_pos;
        while (!atEnd() && isAlpha(m_text[m_pos]))
            ++m_pos;
        return m_text.sliced(start, m_pos - start);
    }

private:
    QByteArrayView m_text;
    qsizetype m_pos = 0;
};

struct DateParts {
    int year = 0;
    int month = 0; // 1-12
    int day = 0;
    int hour = 0;
    int minute = 0;
    int second = 0;
};

// time-of-day = hour ":" minute ":" second, each exactly two digits.
bool readTimeOfDay(Cursor& in, DateParts& parts)
{
    const auto hour = in.digits(2, 2);
    if (!hour || !in.skip(':'))
        return false;
    const auto minute = in.digits(2, 2);
    if (!minute || !in.skip(':'))
        return false;
    const auto second = in.digits(2, 2);
    if (!second)
        return false;
    parts.hour = *hour;
    parts.minute = *minute;
    parts.second = *second;
    return true;
}

bool readMonth(Cursor& in, DateParts& parts)
{
    parts.month = indexOf(monthNames, in.word()) + 1;
    return parts.month > 0;
}

// After "day-name, ": the rest of an IMF-fixdate ("06 Nov 1994 08:49:37 GMT")
// or of an RFC 850 date ("06-Nov-94 08:49:37 GMT"); the separator after the
// day of the month tells them apart.
bool readCommaForm(Cursor& in, DateParts& parts)
{
    const auto day = in.digits(2, 2);
    if (!day)
        return false;
    parts.day = *day;
    if (in.skip(' ')) {
        const auto year = readMonth(in, parts) && in.skip(' ') ? in.digits(4, 4) : std::nullopt;
        if (!year)
            return false;
        parts.year = *year;
    } else if (in.skip('-')) {
        const auto year = readMonth(in, parts) && in.skip('-') ? in.digits(2, 2) : std::nullopt;
        if (!year)
            return false;
        // RFC 9110 reads a two-digit year relative to the current date (more
        // than 50 years ahead means the previous century). That needs a clock
        // this function does not have, and would make the result change over
        // time; the fixed POSIX strptime("%y") pivot is deterministic and gives
        // the same answer for every date a live server could plausibly send.
        parts.year = *year < 70 ? 2000 + *year : 1900 + *year;
    } else {
        return false;
    }
    return in.skip(' ') && readTimeOfDay(in, parts) && in.skip(' ') && sameName(in.word(), "GMT");
}

// After "day-name ": the rest of an asctime date, "Nov  6 08:49:37 1994". The
// day of the month is normally space-padded; two digits ("Nov 06") and a bare
// single digit ("Nov 6") are accepted as well.
bool readAsctimeForm(Cursor& in, DateParts& parts)
{
    if (!readMonth(in, parts) || !in.skip(' '))
        return false;
    const bool padded = in.skip(' ');
    const auto day = padded ? in.digits(1, 1) : in.digits(1, 2);
    if (!day || !in.skip(' ') || !readTimeOfDay(in, parts) || !in.skip(' '))
        return false;
    const auto year = in.digits(4, 4);
    if (!year)
        return false;
    parts.day = *day;
    parts.year = *year;
    return true;
}

std::optional<QDateTime> toUtc(const DateParts& parts)
{
    if (parts.hour > 23 || parts.minute > 59 || parts.second > 60)
        return std::nullopt;
    if (!QDate::isValid(parts.year, parts.month, parts.day))
        return std::nullopt;
    // QDateTime has no leap seconds; 23:59:60 becomes the second before it
    // rather than spilling into the next day.
    const QTime time(parts.hour, parts.minute, std::min(parts.second, 59));
    return QDateTime(QDate(parts.year, parts.month, parts.day), time, Qt::UTC);
}

} // namespace

std::optional<double> parseRetryAfterMs(QByteArrayView value, const QDateTime& now)
{
    const QByteArrayView text = trimOws(value);
    if (text.isEmpty())
        return std::nullopt;

    // delay-seconds = 1*DIGIT: no sign, no fraction, no unit.
    if (std::all_of(text.begin(), text.end(), isDigit)) {
        qint64 seconds = 0;
        for (char c : text) {
            seconds = seconds * 10 + (c - '0');
            if (seconds >= maxDelaySeconds) {
                seconds = maxDelaySeconds;
                break;
            }
        }
        return static_cast<double>(seconds) * 1000.0;
    }

    const std::optional<QDateTime> date = parseHttpDate(text);
    if (!date || !now.isValid())
        return std::nullopt;
    const qint64 ms = std::clamp<qint64>(now.msecsTo(*date), 0, maxDelaySeconds * 1000);
    return static_cast<double>(ms);
}

std::optional<QDateTime> parseHttpDate(QByteArrayView value)
{
    Cursor in(trimOws(value));
    // The day name is not checked against the date: a server with a wrong
    // weekday still states the instant unambiguously.
    const QByteArrayView dayName = in.word();
    if (indexOf(shortDayNames, dayName) < 0 && indexOf(longDayNames, dayName) < 0)
        return std::nullopt;

    DateParts parts;
    bool ok = false;
    if (in.skip(','))
        ok = in.skip(' ') && readCommaForm(in, parts);
    else if (in.skip(' '))
        ok = readAsctimeForm(in, parts);
    if (!ok || !in.atEnd())
        return std::nullopt;
    return toUtc(parts);
}

} // namespace jitterbug
