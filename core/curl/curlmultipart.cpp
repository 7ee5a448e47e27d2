#include "curlmultipart.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>

#include <cstdio>

namespace jitterbug {

namespace {

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

// A cursor over one -F argument, following curl's tool_formparse.c: a word is
// either "quoted" (with \" and \\ escapes) or runs to the next ';' or to the
// list separator (',' after @, none otherwise).
class FormScanner
{
public:
    FormScanner(QByteArray text, qsizetype pos, char endChar)
        : m_text(std::move(text))
        , m_pos(pos)
        , m_endChar(endChar)
    {
    }

    bool atEnd() const { return m_pos >= m_text.size(); }
    char peek() const { return atEnd() ? '\0' : m_text[m_pos]; }
    bool atSeparator() const { return !atEnd() && (peek() == ';' || (m_endChar && peek() == m_endChar)); }
    bool startsWith(QByteArrayView prefix) const { return QByteArrayView(m_text).sliced(m_pos).startsWith(prefix); }
    void skip(qsizetype n) { m_pos += n; }
    void skipSpaces()
    {
        while (!atEnd() && isSpace(peek()))
            ++m_pos;
    }
    qsizetype pos() const { return m_pos; }
    QByteArray slice(qsizetype from, qsizetype to) const { return m_text.sliced(from, to - from); }

    QByteArray word()
    {
        if (peek() == '"') {
            QByteArray out;
            for (qsizetype i = m_pos + 1; i < m_text.size(); ++i) {
                const char c = m_text[i];
                if (c == '\\' && i + 1 < m_text.size() && (m_text[i + 1] == '\\' || m_text[i + 1] == '"')) {
                    out += m_text[++i];
                } else if (c == '"') {
                    // As curl does, anything between the closing quote and the next separator is dropped.
                    m_pos = i + 1;
                    while (!atEnd() && !atSeparator())
                        ++m_pos;
                    return out;
                } else {
                    out += c;
                }
            }
            // No closing quote: curl reads the word as unquoted.
        }
        const qsizetype start = m_pos;
        while (!atEnd() && !atSeparator())
            ++m_pos;
        qsizetype end = m_pos;
        while (end > start && isSpace(m_text[end - 1]))
            --end;
        return slice(start, end);
    }

private:
    QByteArray m_text;
    qsizetype m_pos;
    char m_endChar;
};

struct FormParams {
    QByteArray data;
    QByteArray type;
    std::optional<QByteArray> filename;
    QList<QByteArray> headers;
    char separator = '\0'; // what stopped the scan: '\0' or the list separator
};

// The header lines of a headers=@file: curl skips comment lines and blank ones.
QList<QByteArray> headerFileLines(const QByteArray& contents)
{
    QList<QByteArray> out;
    for (const QByteArray& raw : contents.split('\n')) {
        const QByteArray line = raw.trimmed();
        if (!line.isEmpty() && !line.startsWith('#'))
            out.append(line);
    }
    return out;
}

Expected<FormParams> scanParams(const QString& flag, const QString& argument, FormScanner& s)
{
    FormParams out;
    s.skipSpaces();
    out.data = s.word();
    qsizetype typeStart = -1;
    qsizetype typeEnd = -1;
    bool inType = false;
    while (s.peek() == ';') {
        s.skip(1);
        s.skipSpaces();
        if (!inType && s.startsWith("type=")) {
            s.skip(5);
            s.skipSpaces();
            typeStart = s.pos();
            while (!s.atEnd() && !s.atSeparator())
                s.skip(1);
            typeEnd = s.pos();
            // curl's check: "major/minor", neither empty, no space in major.
            const QByteArray type = s.slice(typeStart, typeEnd).trimmed();
            const qsizetype cut = type.indexOf('/');
            if (cut <= 0 || cut + 1 >= type.size() || type.left(cut).contains(' '))
                return invalidInput(flag + u": bad ;type= in \"" + argument + u'"');
            inType = true;
        } else if (s.startsWith("filename=")) {
            inType = false;
            s.skip(9);
            s.skipSpaces();
            out.filename = s.word();
        } else if (s.startsWith("headers=")) {
            inType = false;
            s.skip(8);
            if (s.peek() == '@' || s.peek() == '<') {
                s.skip(1);
                s.skipSpaces();
                const QByteArray path = s.word();
                const QString shownPath = QString::fromUtf8(path);
                const Expected<QByteArray> contents = readArgumentFile(flag, shownPath, u"headers file " + shownPath);
                if (!contents)
                    return std::unexpected(contents.error());
                out.headers += headerFileLines(*contents);
            } else {
                s.skipSpaces();
                out.headers.append(s.word());
            }
        } else if (s.startsWith("encoder=")) {
            return unsupported(flag + u": ;encoder= is not supported, in \"" + argument + u'"');
        } else if (inType) {
            // curl reads an unknown parameter right after ;type= as part of the
            // type, so "type=text/plain;charset=utf-8" keeps its charset.
            while (!s.atEnd() && !s.atSeparator())
                s.skip(1);
            typeEnd = s.pos();
        } else {
            s.word(); // curl warns "skip unknown form field" and goes on
        }
    }
    if (typeStart >= 0)
        out.type = s.slice(typeStart, typeEnd).trimmed();
    out.separator = s.peek();
    return out;
}

// Names and filenames go inside quotes: curl percent-encodes what would end
// the quoted string or the header line.
QByteArray escapeDispositionValue(const QByteArray& value)
{
    QByteArray out = value;
    out.replace('"', "%22").replace('\r', "%0D").replace('\n', "%0A");
    return out;
}

} // namespace

// curl's own table (lib/mime.c), used when a part names no ;type=.
QByteArray curlContentTypeForFilename(const QByteArray& filename)
{
    static const struct {
        const char* extension;
        const char* type;
    } types[]
        = {{".gif", "image/gif"},       {".jpg", "image/jpeg"},     {".jpeg", "image/jpeg"}, {".png", "image/png"},
           {".svg", "image/svg+xml"},   {".txt", "text/plain"},     {".htm", "text/html"},   {".html", "text/html"},
           {".pdf", "application/pdf"}, {".xml", "application/xml"}};
    for (const auto& t : types) {
        if (filename.toLower().endsWith(t.extension))
            return t.type;
    }
    return {};
}

Expected<QByteArray> readArgumentFile(const QString& flag, const QString& path, const QString& shown)
{
    if (path.isEmpty())
        return invalidInput(flag + u": no file name after " + shown);
    QFile file;
    const bool opened = path == u"-" ? file.open(stdin, QIODevice::ReadOnly) : [&] {
        file.setFileName(path);
        return file.open(QIODevice::ReadOnly);
    }();
    if (!opened)
        return ioError(flag + u": cannot read " + shown + u": " + file.errorString());
    QByteArray contents = file.readAll();
    if (file.error() != QFileDevice::NoError)
        return ioError(flag + u": cannot read " + shown + u": " + file.errorString());
    return contents;
}

Expected<FormPart> parseFormArgument(const QString& flag, const QString& argument, bool literal)
{
    const QByteArray text = argument.toUtf8();
    const qsizetype eq = text.indexOf('=');
    if (eq < 0)
        return invalidInput(flag + u": expected name=content, got \"" + argument + u'"');

    FormPart part;
    part.name = text.left(eq);
    const QByteArray contents = text.mid(eq + 1);
    if (literal) {
        part.data = contents;
        return part;
    }
    if (contents.startsWith('(') || (part.name.isEmpty() && contents == ")"))
        return unsupported(flag + u": nested multipart parts are not supported, in \"" + argument + u'"');

    const bool isFile = contents.startsWith('@');
    const bool isFileContents = contents.startsWith('<');
    FormScanner scanner(text, eq + 1 + (isFile || isFileContents ? 1 : 0), isFile ? ',' : '\0');
    const Expected<FormParams> params = scanParams(flag, argument, scanner);
    if (!params)
        return std::unexpected(params.error());
    if (params->separator == ',')
        return unsupported(flag + u": several files in one field are not supported, in \"" + argument + u'"');

    part.contentType = params->type;
    part.headers = params->headers;
    if (isFile || isFileContents) {
        const QString path = QString::fromUtf8(params->data);
        const Expected<QByteArray> data = readArgumentFile(flag, path, QChar(isFile ? u'@' : u'<') + path);
        if (!data)
            return std::unexpected(data.error());
        part.data = *data;
    } else {
        part.data = params->data;
    }

    if (isFile) {
        // A file part always has a filename: the given one, else the file's
        // own name ("-" for standard input, as curl sends it).
        part.hasFilename = true;
        const bool fromStdin = params->data == "-";
        part.filename = params->filename ? *params->filename
            : fromStdin                  ? QByteArray("-")
                                         : QFileInfo(QString::fromUtf8(params->data)).fileName().toUtf8();
        // curl guesses the type from the local file's name, not from ;filename=.
        if (part.contentType.isEmpty() && !fromStdin) {
            part.contentType = curlContentTypeForFilename(params->data);
            if (part.contentType.isEmpty())
                part.contentType = "application/octet-stream";
        }
    } else if (!isFileContents && params->filename) {
        part.hasFilename = true;
        part.filename = *params->filename;
        if (part.contentType.isEmpty())
            part.contentType = curlContentTypeForFilename(part.filename);
    }
    return part;
}

MultipartBody buildMultipartBody(const QList<FormPart>& parts)
{
    const auto occursIn = [&parts](const QByteArray& boundary) {
        for (const FormPart& p : parts) {
            if (p.data.contains(boundary) || p.name.contains(boundary) || p.filename.contains(boundary))
                return true;
            for (const QByteArray& h : p.headers) {
                if (h.contains(boundary))
                    return true;
            }
        }
        return false;
    };

    MultipartBody out;
    for (int salt = 0;; ++salt) {
        QCryptographicHash hash(QCryptographicHash::Sha256);
        for (const FormPart& p : parts) {
            for (const QByteArray& field : {p.name, p.data, p.contentType, p.filename, p.headers.join('\n')}) {
                hash.addData(QByteArray::number(field.size()));
                hash.addData(field);
            }
        }
        if (salt > 0)
            hash.addData(QByteArray::number(salt));
        out.boundary = QByteArray(24, '-') + hash.result().toHex().left(16);
        if (!occursIn(out.boundary))
            break;
    }

    for (const FormPart& p : parts) {
        out.body += "--" + out.boundary + "\r\nContent-Disposition: form-data";
        if (!p.name.isEmpty())
            out.body += "; name=\"" + escapeDispositionValue(p.name) + '"';
        if (p.hasFilename)
            out.body += "; filename=\"" + escapeDispositionValue(p.filename) + '"';
        out.body += "\r\n";
        if (!p.contentType.isEmpty())
            out.body += "Content-Type: " + p.contentType + "\r\n";
        for (const QByteArray& h : p.headers)
            out.body += h + "\r\n";
        out.body += "\r\n" + p.data + "\r\n";
    }
    out.body += "--" + out.boundary + "--\r\n";
    return out;
}

} // namespace jitterbug
