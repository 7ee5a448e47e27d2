#pragma once

#include <QString>

#include <expected>

namespace jitterbug {

// The one error type of the engine's APIs: a category for callers that branch
// on it, and a one-line message for people that names the file, field or flag.
struct Error {
    enum class Code {
        InvalidInput, // the user gave something malformed or out of range
        Unsupported, // well-formed, but not something Jitterbug can do
        Io, // a file could not be read or written
    };

    Code code = Code::InvalidInput;
    QString message;
};

template<typename T>
using Expected = std::expected<T, Error>;

inline std::unexpected<Error> invalidInput(QString message)
{
    return std::unexpected(Error{Error::Code::InvalidInput, std::move(message)});
}

inline std::unexpected<Error> unsupported(QString message)
{
    return std::unexpected(Error{Error::Code::Unsupported, std::move(message)});
}

inline std::unexpected<Error> ioError(QString message)
{
    return std::unexpected(Error{Error::Code::Io, std::move(message)});
}

} // namespace jitterbug

// Inside a function returning Expected<T>: evaluates an Expected<...> and
// returns its error, if it has one. Readers of nested JSON use it for every
// field, where writing the check out would bury what is read.
#define JB_TRY(expr)                                                                                                   \
    do {                                                                                                               \
        if (auto jbResult = (expr); !jbResult)                                                                         \
            return std::unexpected(jbResult.error());                                                                  \
    } while (false)
