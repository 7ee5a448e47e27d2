#pragma once

#include <QString>

#include <optional>

namespace jitterbug::gui {

// What is wrong with a JSON body, and where (in characters of the text).
struct JsonProblem {
    QString message; // "expected ',' or '}'"
    qsizetype offset = 0;
    bool operator==(const JsonProblem&) const = default;
};

// Checks a JSON body as RFC 8259 reads it, with one allowance: a {{variable}}
// may stand where a value does (`{"id": {{id}}}`), since it is put in before
// the body is sent. Blank text is no problem: it sends no body.
//
// Not QJsonDocument: it refuses a bare value (`42`, `"text"`), gives offsets
// in UTF-8 bytes, and knows no variables.
std::optional<JsonProblem> jsonProblem(QStringView text);

// The text laid out one member or element a line, four spaces an indent;
// strings, numbers and variables as written, members in their order (which
// a round trip through QJsonDocument would sort). Text jsonProblem refuses
// is returned as it is.
QString prettyJson(QStringView text);

} // namespace jitterbug::gui
