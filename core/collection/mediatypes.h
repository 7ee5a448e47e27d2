#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace jitterbug {

// The media type newman gives a file part of this name: its last extension
// looked up, case-insensitively, in a fixed table of the common kinds (the
// values of mime-db, which newman uses); application/octet-stream for the
// rest. Fixed, so a collection sends the same on every machine.
QByteArray mediaTypeForFileName(QByteArrayView fileName);

} // namespace jitterbug
