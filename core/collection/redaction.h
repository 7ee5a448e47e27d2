#pragma once

#include "variables.h"

#include <QByteArray>
#include <QString>

namespace jitterbug {

// Replaces each secret's value in `text` with "{{name}}": as written, in
// percent-encoded form (any mix of %XX and '+' for a space, as URLs and
// forms carry it), and inside base64 (an `Authorization: Basic` value): a
// base64 run whose decoding holds a secret becomes "{{name}}" as a whole.
// Longer values are matched first; empty values are ignored.
QString redactSecrets(const QString& text, const SecretValues& secrets);

// The strings of a JSON text (keys excepted: they are the record's schema),
// each through redactSecrets; numbers and structure are left as they are.
QByteArray redactJsonStrings(const QByteArray& json, const SecretValues& secrets);

} // namespace jitterbug
