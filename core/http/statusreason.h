#pragma once

#include <QByteArrayView>

namespace jitterbug {

// The reason phrase for a status line: the registered one (RFC 9110 §15 and
// the IANA registry), or a word for the status class when the code has none,
// so a status line always has one. Never empty.
QByteArrayView reasonPhrase(int status);

} // namespace jitterbug
