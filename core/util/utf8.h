#pragma once

#include <QByteArray>
#include <QString>

namespace jitterbug {

// Whether `bytes` are valid UTF-8: they survive a round trip through QString.
// Bodies that are not can only travel byte for byte, never as text.
inline bool isValidUtf8(const QByteArray& bytes)
{
    return QString::fromUtf8(bytes).toUtf8() == bytes;
}

} // namespace jitterbug
