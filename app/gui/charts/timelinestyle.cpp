#include "charts/timelinestyle.h"

#include <QGuiApplication>

namespace jitterbug::gui {

namespace {

struct ColorPair {
    QRgb light;
    QRgb dark;
};

ColorPair outcomeColors(OutcomeClass kind)
{
    switch (kind) {
    case OutcomeClass::Success2xx:
        return {0x2e9e44, 0x5ccf6e}; // green
    case OutcomeClass::Redirect3xx:
        return {0x2f6fd6, 0x6a9ef0}; // blue
    case OutcomeClass::Client4xx:
        return {0xe8840c, 0xf5a33c}; // orange
    case OutcomeClass::Server5xx:
        return {0xd7322b, 0xf0605a}; // red
    case OutcomeClass::Timeout:
        return {0x8a3fc4, 0xb07ae6}; // purple
    case OutcomeClass::NetworkError:
        return {0x7a2e14, 0xc0704f}; // dark red / brown
    case OutcomeClass::Fallback:
        return {0x8a8a8a, 0xa8a8a8}; // grey
    }
    return {0x000000, 0xffffff};
}

ColorPair waitColors(WaitSource source)
{
    switch (source) {
    case WaitSource::Backoff:
        return {0x7dbde8, 0x8fcbf2}; // light blue
    case WaitSource::RetryAfter:
        return {0xf2b600, 0xffc83a}; // amber
    case WaitSource::RateLimit:
        return {0x1a9e93, 0x3cc4b8}; // teal
    case WaitSource::CircuitOpen:
        return {0xc2189a, 0xe55cc4}; // magenta
    case WaitSource::Budget:
        return {0x6d82a0, 0x93a7c4}; // grey-blue
    case WaitSource::None:
        break;
    }
    return {0xb0b0b0, 0x707070};
}

bool applicationIsDark()
{
    return isDarkPalette(QGuiApplication::palette());
}

} // namespace

OutcomeClass outcomeClassOf(const AttemptRecord& attempt)
{
    if (attempt.decision == Decision::Fallback)
        return OutcomeClass::Fallback;
    if (attempt.error == ErrorCode::Timeout)
        return OutcomeClass::Timeout;
    // The engine clears the error when a response arrives, so a status of 0
    // is the only sign of "no answer": refused, reset, open breaker...
    if (attempt.status <= 0)
        return OutcomeClass::NetworkError;
    if (attempt.status < 300)
        return OutcomeClass::Success2xx;
    if (attempt.status < 400)
        return OutcomeClass::Redirect3xx;
    if (attempt.status < 500)
        return OutcomeClass::Client4xx;
    return OutcomeClass::Server5xx;
}

QString outcomeClassName(OutcomeClass kind)
{
    switch (kind) {
    case OutcomeClass::Success2xx:
        return QStringLiteral("2xx");
    case OutcomeClass::Redirect3xx:
        return QStringLiteral("3xx");
    case OutcomeClass::Client4xx:
        return QStringLiteral("4xx");
    case OutcomeClass::Server5xx:
        return QStringLiteral("5xx");
    case OutcomeClass::Timeout:
        return QStringLiteral("timeout");
    case OutcomeClass::NetworkError:
        return QStringLiteral("network error");
    case OutcomeClass::Fallback:
        return QStringLiteral("fallback");
    }
    return {};
}

QString waitDisplayName(WaitSource source)
{
    switch (source) {
    case WaitSource::Backoff:
        return QStringLiteral("backoff wait");
    case WaitSource::RetryAfter:
        return QStringLiteral("Retry-After wait");
    case WaitSource::RateLimit:
        return QStringLiteral("rate-limit wait");
    case WaitSource::CircuitOpen:
        return QStringLiteral("circuit-open wait");
    case WaitSource::Budget:
        return QStringLiteral("budget wait");
    case WaitSource::None:
        break;
    }
    return QStringLiteral("wait");
}

bool isInFlight(const AttemptRecord& attempt)
{
    return attempt.status == 0 && attempt.error == ErrorCode::None && attempt.decision != Decision::Fallback;
}

bool isDarkPalette(const QPalette& palette)
{
    return palette.color(QPalette::Window).lightness() < 128;
}

QColor outcomeColor(OutcomeClass kind, bool dark)
{
    const ColorPair pair = outcomeColors(kind);
    return QColor(dark ? pair.dark : pair.light);
}

QColor waitColor(WaitSource source, bool dark)
{
    const ColorPair pair = waitColors(source);
    return QColor(dark ? pair.dark : pair.light);
}

QColor outcomeColor(OutcomeClass kind)
{
    return outcomeColor(kind, applicationIsDark());
}

QColor waitColor(WaitSource source)
{
    return waitColor(source, applicationIsDark());
}

} // namespace jitterbug::gui
