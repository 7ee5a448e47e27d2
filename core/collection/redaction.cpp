#include "redaction.h"

#include "util/jsonwriter.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace jitterbug {

namespace {

struct Secret {
    QByteArray value; // UTF-8
    QByteArray marker; // "{{name}}"
};

QList<Secret> secretsToFind(const SecretValues& secrets)
{
    QList<Secret> list;
    for (auto it = secrets.begin(); it != secrets.end(); ++it) {
        if (!it.value().isEmpty())
            list.append({it.value().toUtf8(), (QStringLiteral("{{") + it.key() + QStringLiteral("}}")).toUtf8()});
    }
    // Longest first, so a value that contains another is replaced whole;
    // then by marker, so the result does not depend on QHash's order.
    std::sort(list.begin(), list.end(), [](const Secret& a, const Secret& b) {
        return a.value.size() != b.value.size() ? a.value.size() > b.value.size() : a.marker < b.marker;
    });
    return list;
}

int hexDigit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

// The byte "%XX" at `pos` stands for, or -1.
int percentByte(const QByteArray& text, qsizetype pos)
{
    if (pos + 2 >= text.size() || text[pos] != '%')
        return -1;
    const int high = hexDigit(text[pos + 1]);
    const int low = hexDigit(text[pos + 2]);
    return high < 0 || low < 0 ? -1 : high * 16 + low;
}

// How many bytes of `text` from `pos` spell `value`, each byte as itself,
// as %XX (either case) or, for a space, as '+'; 0 when they do not. Byte by
// byte rather than a list of encodings, since encoders differ in what they
// leave alone (curl, QUrl and browsers each keep other characters as is).
qsizetype matchAt(const QByteArray& text, qsizetype pos, const QByteArray& value)
{
    qsizetype i = pos;
    for (const char c : value) {
        if (i >= text.size())
            return 0;
        if (percentByte(text, i) == static_cast<unsigned char>(c))
            i += 3;
        else if (text[i] == c || (c == ' ' && text[i] == '+'))
            ++i;
        else
            return 0;
    }
    return i - pos;
}

QByteArray replaceSpelledOut(const QByteArray& text, const QList<Secret>& secrets)
{
    QByteArray out;
    for (qsizetype i = 0; i < text.size();) {
        qsizetype length = 0;
        for (const Secret& secret : secrets) {
            if ((length = matchAt(text, i, secret.value)) > 0) {
                out += secret.marker;
                break;
            }
        }
        if (length > 0) {
            i += length;
        } else {
            out += text[i];
            ++i;
        }
    }
    return out;
}

const Secret* secretIn(const QByteArray& bytes, const QList<Secret>& secrets)
{
    for (const Secret& secret : secrets) {
        for (qsizetype i = 0; i + secret.value.size() <= bytes.size(); ++i) {
            if (matchAt(bytes, i, secret.value) > 0)
                return &secret;
        }
    }
    return nullptr;
}

bool isBase64Char(int c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/'
        || c == '-' || c == '_';
}

// The character at `pos` (percent-decoded) and how many bytes it takes.
std::pair<int, qsizetype> charAt(const QByteArray& text, qsizetype pos)
{
    const int decoded = percentByte(text, pos);
    if (decoded >= 0)
        return {decoded, 3};
    return {static_cast<unsigned char>(text[pos]), 1};
}

// Replaces each run of base64 (standard or URL alphabet, padded or not,
// possibly percent-encoded as in a query) whose decoding holds a secret.
QByteArray replaceBase64(const QByteArray& text, const QList<Secret>& secrets)
{
    const qsizetype shortest = secrets.last().value.size();
    QByteArray out;
    for (qsizetype i = 0; i < text.size();) {
        QByteArray run; // percent-decoded
        qsizetype end = i;
        while (end < text.size()) {
            const auto [c, length] = charAt(text, end);
            if (!isBase64Char(c))
                break;
            run += static_cast<char>(c);
            end += length;
        }
        for (int padding = 0; padding < 2 && end < text.size() && !run.isEmpty(); ++padding) {
            const auto [c, length] = charAt(text, end);
            if (c != '=')
                break;
            run += '=';
            end += length;
        }
        if (run.isEmpty()) {
            out += text[i];
            ++i;
            continue;
        }
        const Secret* found = nullptr;
        // Four characters encode three bytes; a run shorter than the shortest
        // secret's encoding cannot hold one. A run may start mid-group when a
        // prefix of base64 letters is glued to it, hence the offsets.
        for (qsizetype skip = 0; !found && skip < 4 && (run.size() - skip) * 3 / 4 >= shortest; ++skip) {
            for (const auto alphabet : {QByteArray::Base64Encoding, QByteArray::Base64UrlEncoding}) {
                if ((found = secretIn(QByteArray::fromBase64(run.mid(skip), alphabet), secrets)))
                    break;
            }
        }
        out += found ? found->marker : text.mid(i, end - i);
        i = end;
    }
    return out;
}

} // namespace

QString redactSecrets(const QString& text, const SecretValues& secrets)
{
    const QList<Secret> list = secretsToFind(secrets);
    if (list.isEmpty() || text.isEmpty())
        return text;
    // Spelled out first: a value written as is never reaches the base64 pass,
    // whose markers are then the only thing left to add.
    return QString::fromUtf8(replaceBase64(replaceSpelledOut(text.toUtf8(), list), list));
}

QByteArray redactJsonStrings(const QByteArray& json, const SecretValues& secrets)
{
    QByteArray out;
    for (qsizetype i = 0; i < json.size();) {
        if (json[i] != '"') {
            out += json[i++];
            continue;
        }
        qsizetype end = i + 1;
        bool escaped = false;
        for (; end < json.size() && json[end] != '"'; ++end) {
            if (json[end] == '\\') {
                escaped = true;
                ++end;
            }
        }
        const QByteArray token = json.mid(i, end + 1 - i);
        i = end + 1;
        qsizetype next = i;
        while (next < json.size() && (json[next] == ' ' || json[next] == '\n'))
            ++next;
        if (next < json.size() && json[next] == ':') {
            out += token;
            continue;
        }
        const QString text = escaped ? QJsonDocument::fromJson('[' + token + ']').array().at(0).toString()
                                     : QString::fromUtf8(token.mid(1, token.size() - 2));
        const QString redacted = redactSecrets(text, secrets);
        out += redacted == text ? token : JsonWriter().value(redacted).take();
    }
    return out;
}

} // namespace jitterbug
