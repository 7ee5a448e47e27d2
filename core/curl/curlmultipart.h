#pragma once

// The parts of curl's command line that build bodies from files: used by
// curlcommand.cpp, and by collections, which build the same bodies as curl.

#include "util/error.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace jitterbug {

// Reads the file an argument names, "-" being standard input. On failure the
// message names the flag and the file as the user wrote it (`shown`), e.g.
// "-d: cannot read @missing.txt: No such file or directory".
Expected<QByteArray> readArgumentFile(const QString& flag, const QString& path, const QString& shown);

// curl's own table (lib/mime.c) of a file part's Content-Type by its
// extension; empty when the table has none.
QByteArray curlContentTypeForFilename(const QByteArray& filename);

// One -F / --form-string argument, parsed with curl's grammar: name=value,
// name=@file, name=<file, and the ;type=, ;filename=, ;headers= parameters.
struct FormPart {
    QByteArray name; // empty: curl sends a part without a name
    QByteArray data;
    QByteArray contentType; // empty: no Content-Type line
    QByteArray filename;
    bool hasFilename = false;
    QList<QByteArray> headers; // extra part headers, as "Name: value"
};

// `literal` is --form-string: no @, < or ; meaning in the value.
Expected<FormPart> parseFormArgument(const QString& flag, const QString& argument, bool literal);

struct MultipartBody {
    QByteArray boundary;
    QByteArray body;
};

// multipart/form-data as curl lays it out. The boundary is curl's shape, 24
// dashes and 16 hex digits, taken from a hash of the content so the same
// command gives the same bytes, and checked not to occur in the content.
MultipartBody buildMultipartBody(const QList<FormPart>& parts);

} // namespace jitterbug
