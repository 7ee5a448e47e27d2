#pragma once

#include "retrypolicy.h"

namespace jitterbug {

class JsonWriter;

// The policy's JSON form (snake_case keys, every field written, a fixed key
// order so saved files diff well). Reading starts from the defaults, so a
// partial object is fine; unknown keys and wrong types are errors naming the
// field under `path` ("policy.jitter: expected one of none, full, ...").
void writePolicy(JsonWriter& out, const RetryPolicy& policy);
QByteArray policyToJson(const RetryPolicy& policy);
Expected<RetryPolicy> policyFromJson(const QJsonObject& object, const QString& path = QStringLiteral("policy"));

} // namespace jitterbug
