#include "editor/policypresets.h"

#include "curl/curlpolicy.h"
#include "policy/policyjson.h"

#include <QJsonDocument>

namespace jitterbug::gui {

namespace {

// The six fields that make a backoff schedule. Every preset but "No retries"
// sets all six, so an inherited multiplier or cap cannot bend its waits.
QJsonObject schedule(int attempts, const char* backoff, double baseMs, double multiplier, double maxMs,
                     const char* jitter)
{
    return QJsonObject{
        {QStringLiteral("max_attempts"), attempts}, {QStringLiteral("backoff"), QLatin1StringView(backoff)},
        {QStringLiteral("base_delay_ms"), baseMs},  {QStringLiteral("multiplier"), multiplier},
        {QStringLiteral("max_delay_ms"), maxMs},    {QStringLiteral("jitter"), QLatin1StringView(jitter)}};
}

QJsonObject with(QJsonObject fields, const QJsonObject& more)
{
    for (auto it = more.begin(); it != more.end(); ++it)
        fields.insert(it.key(), it.value());
    return fields;
}

// What `send --retry 3` does, taken from curlRetryPolicy itself so the two
// never drift apart: the fields curl's retry options decide.
QJsonObject curlRetry3()
{
    CurlCommand command;
    command.retry.retries = 3;
    const QJsonObject all = QJsonDocument::fromJson(policyToJson(curlRetryPolicy(command))).object();
    QJsonObject fields;
    for (const char* key : {"max_attempts", "backoff", "base_delay_ms", "multiplier", "max_delay_ms", "jitter",
                            "retry_on", "retry_on_errors", "respect_retry_after", "max_retry_after_ms", "retry_unsafe"})
        fields.insert(QLatin1StringView(key), all.value(QLatin1StringView(key)));
    return fields;
}

QList<PolicyPreset> makePresets()
{
    return {
        {QStringLiteral("No retries"), QObject::tr("One attempt: the call fails with the first failure."),
         QJsonObject{{QStringLiteral("max_attempts"), 1}}},
        {QStringLiteral("curl --retry 3"),
         QObject::tr("curl's meaning: 3 retries (4 attempts), waits of 1 s doubling up to 10 min, no jitter, "
                     "timeouts and 408/429/5xx, Retry-After honoured, every method retried."),
         curlRetry3()},
        {QStringLiteral("AWS SDK standard"),
         QObject::tr("The AWS SDKs' standard mode: 3 attempts, exponential from 1 s doubling, capped at 20 s, "
                     "full jitter."),
         schedule(3, "exponential", 1000, 2, 20000, "full")},
        {QStringLiteral("gRPC example"),
         QObject::tr("The retry policy in gRPC's service-config example: 4 attempts, initial backoff 0.1 s, "
                     "multiplier 2, max backoff 1 s, randomized (full jitter)."),
         schedule(4, "exponential", 100, 2, 1000, "full")},
        {QStringLiteral("Polly default"),
         QObject::tr("Polly's retry strategy defaults: 3 retries (4 attempts), a constant 2 s delay, no jitter."),
         schedule(4, "constant", 2000, 1, 2000, "none")},
        // Gentle: for a shared or fragile service. Few attempts, waits that
        // grow to seconds, equal jitter so no wait is near zero, and the
        // server's Retry-After is obeyed.
        {QStringLiteral("Gentle"),
         QObject::tr("Spare a struggling server: 3 attempts, 500 ms doubling up to 10 s, equal jitter, "
                     "Retry-After honoured."),
         with(schedule(3, "exponential", 500, 2, 10000, "equal"), {{QStringLiteral("respect_retry_after"), true}})},
        // Aggressive: for a fast, idempotent read where latency matters
        // more than load. Many quick tries, but a 10 s deadline bounds the
        // whole call.
        {QStringLiteral("Aggressive"),
         QObject::tr("Recover fast: 8 attempts, 50 ms growing ×1.5 up to 2 s, full jitter, the whole call "
                     "within 10 s."),
         with(schedule(8, "exponential", 50, 1.5, 2000, "full"), {{QStringLiteral("deadline_ms"), 10000}})},
    };
}

} // namespace

const QList<PolicyPreset>& policyPresets()
{
    static const QList<PolicyPreset> presets = makePresets();
    return presets;
}

std::optional<PolicyPreset> findPolicyPreset(const QString& name)
{
    for (const PolicyPreset& preset : policyPresets()) {
        if (preset.name == name)
            return preset;
    }
    return std::nullopt;
}

} // namespace jitterbug::gui
