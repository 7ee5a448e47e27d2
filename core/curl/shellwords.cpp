#include "curlcommand.h"

namespace jitterbug {

namespace {

bool isBlank(QChar c)
{
    // '\r' too, so a command pasted with Windows line ends splits the same.
    return c == u' ' || c == u'\t' || c == u'\n' || c == u'\r';
}

// Characters the shell gives a meaning of its own when unquoted (pipes,
// lists, redirections, subshells). A pasted "curl ... | jq" or an unquoted
// URL with '&' would not do what it says, so we say so instead of guessing.
bool isShellOperator(QChar c)
{
    return c == u'|' || c == u'&' || c == u';' || c == u'<' || c == u'>' || c == u'(' || c == u')';
}

int hexValue(QChar c)
{
    if (c >= u'0' && c <= u'9')
        return c.unicode() - u'0';
    if (c >= u'a' && c <= u'f')
        return c.unicode() - u'a' + 10;
    if (c >= u'A' && c <= u'F')
        return c.unicode() - u'A' + 10;
    return -1;
}

// Reads up to maxDigits digits of the given base at `i`, advancing it.
std::optional<char32_t> readNumber(QStringView text, qsizetype& i, int base, int maxDigits)
{
    char32_t value = 0;
    int digits = 0;
    while (digits < maxDigits && i < text.size()) {
        const int d = hexValue(text[i]);
        if (d < 0 || d >= base)
            break;
        value = value * base + d;
        ++digits;
        ++i;
    }
    if (digits == 0)
        return std::nullopt;
    return value;
}

// The body of a $'...' string from just after the opening quote; `i` ends on
// the closing quote. Built as bytes because \xHH gives bytes (bash does the
// same), which together form UTF-8 text such as $'\xc3\xa9'.
std::optional<QString> readAnsiCString(QStringView text, qsizetype& i)
{
    QByteArray bytes;
    while (i < text.size()) {
        const QChar c = text[i];
        if (c == u'\'')
            return QString::fromUtf8(bytes);
        if (c != u'\\' || i + 1 >= text.size()) {
            const qsizetype n = c.isHighSurrogate() && i + 1 < text.size() ? 2 : 1;
            bytes += text.mid(i, n).toUtf8();
            i += n;
            continue;
        }
        const QChar e = text[i + 1];
        i += 2;
        switch (e.unicode()) {
        case u'n':
            bytes += '\n';
            break;
        case u't':
            bytes += '\t';
            break;
        case u'r':
            bytes += '\r';
            break;
        case u'a':
            bytes += '\a';
            break;
        case u'b':
            bytes += '\b';
            break;
        case u'e':
        case u'E':
            bytes += '\x1b';
            break;
        case u'f':
            bytes += '\f';
            break;
        case u'v':
            bytes += '\v';
            break;
        case u'\\':
        case u'\'':
        case u'"':
        case u'?':
            bytes += char(e.unicode());
            break;
        case u'x':
        case u'u':
        case u'U': {
            const int maxDigits = e == u'x' ? 2 : e == u'u' ? 4 : 8;
            const std::optional<char32_t> v = readNumber(text, i, 16, maxDigits);
            if (!v)
                bytes += QByteArray("\\") + char(e.unicode()); // bash keeps an escape with no digits
            else if (e == u'x')
                bytes += char(*v);
            else
                bytes += QString::fromUcs4(&*v, 1).toUtf8();
            break;
        }
        default:
            if (e >= u'0' && e <= u'7') {
                --i;
                bytes += char(*readNumber(text, i, 8, 3));
            } else {
                bytes += '\\'; // unknown escapes stay as written, as in bash
                i -= 1;
            }
            break;
        }
    }
    return std::nullopt;
}

} // namespace

Expected<QStringList> splitShellWords(QStringView line)
{
    QStringList words;
    QString word;
    bool inWord = false; // '' makes an empty word, so emptiness alone cannot tell
    const qsizetype n = line.size();
    const auto continuationAt = [&](qsizetype i) -> qsizetype {
        // Length of a backslash-newline at i (0 if none); CRLF counts as one.
        if (i + 1 < n && line[i] == u'\\' && line[i + 1] == u'\n')
            return 2;
        if (i + 2 < n && line[i] == u'\\' && line[i + 1] == u'\r' && line[i + 2] == u'\n')
            return 3;
        return 0;
    };

    for (qsizetype i = 0; i < n; ++i) {
        const QChar c = line[i];
        if (const qsizetype skip = continuationAt(i)) {
            i += skip - 1;
        } else if (c == u'\\') {
            // A trailing backslash stays, as bash keeps it.
            word += i + 1 < n ? line[++i] : c;
            inWord = true;
        } else if (c == u'\'') {
            const qsizetype close = line.indexOf(u'\'', i + 1);
            if (close < 0)
                return invalidInput(QStringLiteral("unterminated ' quote"));
            word += line.mid(i + 1, close - i - 1);
            i = close;
            inWord = true;
        } else if (c == u'$' && i + 1 < n && line[i + 1] == u'\'') {
            i += 2;
            const std::optional<QString> s = readAnsiCString(line, i);
            if (!s)
                return invalidInput(QStringLiteral("unterminated $' quote"));
            word += *s;
            inWord = true;
        } else if (c == u'"' || (c == u'$' && i + 1 < n && line[i + 1] == u'"')) {
            // $"..." is bash's translated string: with no catalogue, plain "...".
            i += c == u'$' ? 2 : 1;
            for (;; ++i) {
                if (i >= n)
                    return invalidInput(QStringLiteral("unterminated \" quote"));
                const QChar d = line[i];
                if (d == u'"')
                    break;
                if (const qsizetype skip = continuationAt(i)) {
                    i += skip - 1;
                } else if (d == u'\\' && i + 1 < n
                           && (line[i + 1] == u'"' || line[i + 1] == u'\\' || line[i + 1] == u'$'
                               || line[i + 1] == u'`')) {
                    word += line[++i];
                } else {
                    word += d;
                }
            }
            inWord = true;
        } else if (isBlank(c)) {
            if (inWord)
                words.append(std::exchange(word, QString()));
            inWord = false;
        } else if (c == u'#' && !inWord) {
            while (i + 1 < n && line[i + 1] != u'\n')
                ++i;
        } else if (isShellOperator(c)) {
            return invalidInput(u"unquoted '" + QString(c)
                                + u"' is shell syntax Jitterbug does not run; quote it if it is part of an argument");
        } else {
            word += c;
            inWord = true;
        }
    }
    if (inWord)
        words.append(word);
    return words;
}

} // namespace jitterbug
