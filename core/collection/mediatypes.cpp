#include "mediatypes.h"

#include <algorithm>
#include <array>
#include <string_view>

namespace jitterbug {

namespace {

struct Entry {
    std::string_view extension;
    std::string_view type;
};

// Sorted by extension, for the binary search below.
constexpr std::array kTypes{
    Entry{"7z", "application/x-7z-compressed"},
    Entry{"avif", "image/avif"},
    Entry{"bmp", "image/bmp"},
    Entry{"css", "text/css"},
    Entry{"csv", "text/csv"},
    Entry{"doc", "application/msword"},
    Entry{"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
    Entry{"gif", "image/gif"},
    Entry{"gz", "application/gzip"},
    Entry{"htm", "text/html"},
    Entry{"html", "text/html"},
    Entry{"ico", "image/vnd.microsoft.icon"},
    Entry{"ics", "text/calendar"},
    Entry{"jpeg", "image/jpeg"},
    Entry{"jpg", "image/jpeg"},
    Entry{"js", "application/javascript"},
    Entry{"json", "application/json"},
    Entry{"jsonld", "application/ld+json"},
    Entry{"log", "text/plain"},
    Entry{"md", "text/markdown"},
    Entry{"mjs", "application/javascript"},
    Entry{"mp3", "audio/mpeg"},
    Entry{"mp4", "video/mp4"},
    Entry{"ogg", "audio/ogg"},
    Entry{"pdf", "application/pdf"},
    Entry{"png", "image/png"},
    Entry{"rtf", "application/rtf"},
    Entry{"sh", "application/x-sh"},
    Entry{"svg", "image/svg+xml"},
    Entry{"tar", "application/x-tar"},
    Entry{"tif", "image/tiff"},
    Entry{"tiff", "image/tiff"},
    Entry{"tsv", "text/tab-separated-values"},
    Entry{"ttf", "font/ttf"},
    Entry{"txt", "text/plain"},
    Entry{"wasm", "application/wasm"},
    Entry{"wav", "audio/wav"},
    Entry{"webm", "video/webm"},
    Entry{"webp", "image/webp"},
    Entry{"woff", "font/woff"},
    Entry{"woff2", "font/woff2"},
    Entry{"xls", "application/vnd.ms-excel"},
    Entry{"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
    Entry{"xml", "application/xml"},
    Entry{"yaml", "text/yaml"},
    Entry{"yml", "text/yaml"},
    Entry{"zip", "application/zip"},
};
static_assert(std::ranges::is_sorted(kTypes, {}, &Entry::extension));

} // namespace

QByteArray mediaTypeForFileName(QByteArrayView fileName)
{
    const qsizetype dot = fileName.lastIndexOf('.');
    const QByteArray extension = dot < 0 ? QByteArray() : fileName.sliced(dot + 1).toByteArray().toLower();
    const std::string_view key(extension.constData(), static_cast<std::size_t>(extension.size()));
    const auto it = std::ranges::lower_bound(kTypes, key, {}, &Entry::extension);
    if (it == kTypes.end() || it->extension != key)
        return QByteArrayLiteral("application/octet-stream");
    return QByteArray(it->type.data(), static_cast<qsizetype>(it->type.size()));
}

} // namespace jitterbug
