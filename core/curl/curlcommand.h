#pragma once

#include "http/request.h"
#include "util/error.h"

#include <QList>
#include <QPair>
#include <QSet>
#include <QStringList>

#include <optional>

namespace jitterbug {

// curl's retry options, kept as given; curlRetryPolicy() maps them.
struct CurlRetryOptions {
    std::optional<int> retries; // --retry N
    std::optional<double> delaySeconds; // --retry-delay S
    std::optional<double> maxTimeSeconds; // --retry-max-time S
    bool allErrors = false; // --retry-all-errors
    bool connectionRefused = false; // --retry-connrefused

    bool any() const { return retries || delaySeconds || maxTimeSeconds || allErrors || connectionRefused; }
};

// What curl would do with the output, for `send` to imitate.
struct CurlOutputOptions {
    QString outputFile; // -o FILE ("" = stdout)
    QString writeOut; // -w FORMAT (an @file already read)
    bool silent = false; // -s
    bool showError = false; // -S
    bool includeHeaders = false; // -i
    bool verbose = false; // -v
    bool failOnHttpError = false; // -f / --fail
};

// A curl command line as a request plus curl's other settings.
struct CurlCommand {
    Request request;
    std::optional<double> maxTimeSeconds; // -m / --max-time
    std::optional<double> connectTimeoutSeconds; // --connect-timeout
    std::optional<qint64> maxFileSize; // --max-filesize
    bool headOnly = false; // -I
    bool compressed = false; // --compressed
    CurlRetryOptions retry;
    CurlOutputOptions output;
    // Options the caller asked to pass through (Jitterbug's own), in order:
    // the option's name as written ("--attempts") and its value ("" for flags).
    QList<QPair<QString, QString>> passedThrough;
};

// Which non-curl options to let through: long names with and without a value.
struct PassThroughOptions {
    QSet<QString> withValue; // e.g. "--attempts"
    QSet<QString> flags; // e.g. "--retry-unsafe"
    QSet<QString> optionalValue; // "--name" or "--name=value" only, e.g. "--respect-retry-after"
};

// Parses curl's arguments (without the leading "curl") with curl's meaning:
// short options may be combined (-sSL) and take their value attached or as
// the next word (-XPOST, -X POST); @file and @- read files and stdin.
// Errors name the option, the value or the file, and nothing is sent.
// curl_easy_escape (all but ALPHA DIGIT -._~ as %XX), with a space as '+',
// as curl 7.88's --data-urlencode sends it.
QByteArray curlUrlEncode(const QByteArray& content);

Expected<CurlCommand> parseCurlArguments(const QStringList& arguments, const PassThroughOptions& passThrough = {});

// Splits a pasted shell command line into words: single and double quotes,
// backslash escapes, `\` line continuations, $'...' strings.
Expected<QStringList> splitShellWords(QStringView commandLine);

// The whole pasted line, with its leading "curl".
Expected<CurlCommand> parseCurlCommandLine(QStringView commandLine);

} // namespace jitterbug
