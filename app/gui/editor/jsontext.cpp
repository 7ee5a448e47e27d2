#include "jsontext.h"

#include "requestvariables.h"

#include <QCoreApplication>

namespace jitterbug::gui {

namespace {

constexpr int kMaxDepth = 512; // deeper is a mistake, and would only use up the stack

QString tr(const char* text)
{
    return QCoreApplication::translate("jitterbug::gui::JsonText", text);
}

bool isJsonSpace(QChar c)
{
    return c == u' ' || c == u'\t' || c == u'\n' || c == u'\r';
}

bool isHexDigit(QChar c)
{
    return (c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f') || (c >= u'A' && c <= u'F');
}

// The length of the {{variable}} reference at `at`, or 0.
qsizetype referenceLengthAt(QStringView text, qsizetype at)
{
    if (!text.sliced(at).startsWith(u"{{"))
        return 0;
    const QList<VariableReference> references = variableReferences(text.sliced(at));
    return !references.isEmpty() && references.first().start == 0 ? references.first().length : 0;
}

// A recursive descent over the text that stops at the first problem.
class JsonChecker
{
public:
    explicit JsonChecker(QStringView text)
        : m_text(text)
    {
    }

    std::optional<JsonProblem> check()
    {
        skipSpace();
        if (!value(0))
            return m_problem;
        skipSpace();
        if (!atEnd())
            return JsonProblem{tr("unexpected text after the value"), m_at};
        return std::nullopt;
    }

private:
    bool atEnd() const { return m_at >= m_text.size(); }
    QChar peek() const { return atEnd() ? QChar() : m_text[m_at]; }
    void skipSpace()
    {
        while (!atEnd() && isJsonSpace(m_text[m_at]))
            ++m_at;
    }
    bool fail(const QString& message, qsizetype at)
    {
        m_problem = JsonProblem{message, at};
        return false;
    }

    bool value(int depth)
    {
        if (depth > kMaxDepth)
            return fail(tr("nested too deeply"), m_at);
        if (atEnd())
            return fail(tr("unexpected end of text"), m_at);
        if (const qsizetype reference = referenceLengthAt(m_text, m_at)) {
            m_at += reference;
            return true;
        }
        const QChar c = peek();
        if (c == u'{')
            return members(depth, u'}');
        if (c == u'[')
            return members(depth, u']');
        if (c == u'"')
            return string();
        if (c == u'-' || (c >= u'0' && c <= u'9'))
            return number();
        for (const QStringView literal : {u"true", u"false", u"null"}) {
            if (m_text.sliced(m_at).startsWith(literal)) {
                m_at += literal.size();
                return true;
            }
        }
        return fail(tr("expected a value"), m_at);
    }

    // An object's members (name: value) or an array's elements.
    bool members(int depth, QChar close)
    {
        const bool object = close == u'}';
        ++m_at;
        skipSpace();
        if (peek() == close) {
            ++m_at;
            return true;
        }
        for (;;) {
            if (object) {
                if (peek() != u'"')
                    return fail(tr("expected a name in double quotes"), m_at);
                if (!string())
                    return false;
                skipSpace();
                if (peek() != u':')
                    return fail(tr("expected ':' after the name"), m_at);
                ++m_at;
                skipSpace();
            }
            if (!value(depth + 1))
                return false;
            skipSpace();
            if (peek() == close) {
                ++m_at;
                return true;
            }
            if (peek() != u',')
                return fail(object ? tr("expected ',' or '}'") : tr("expected ',' or ']'"), m_at);
            const qsizetype comma = m_at++;
            skipSpace();
            if (peek() == close)
                return fail(tr("trailing comma before '%1'").arg(close), comma);
        }
    }

    bool string()
    {
        const qsizetype open = m_at++;
        while (!atEnd()) {
            const QChar c = m_text[m_at];
            if (c == u'"') {
                ++m_at;
                return true;
            }
            if (c == u'\n' || c == u'\r')
                return fail(tr("line break in a string (write \\n)"), m_at);
            if (c.unicode() < 0x20)
                return fail(tr("control character in a string"), m_at);
            if (c == u'\\' && !escape())
                return false;
            if (c != u'\\')
                ++m_at;
        }
        return fail(tr("unterminated string"), open);
    }

    bool escape()
    {
        const qsizetype backslash = m_at++;
        const QChar c = peek();
        if (!atEnd() && QStringView(u"\"\\/bfnrt").contains(c)) {
            ++m_at;
            return true;
        }
        if (c != u'u')
            return fail(tr("invalid escape"), backslash);
        ++m_at;
        for (int i = 0; i < 4; ++i, ++m_at) {
            if (atEnd() || !isHexDigit(m_text[m_at]))
                return fail(tr("\\u needs four hex digits"), backslash);
        }
        return true;
    }

    // -? (0 | [1-9][0-9]*) (.[0-9]+)? ([eE][+-]?[0-9]+)?
    bool number()
    {
        const qsizetype start = m_at;
        const auto digits = [this] {
            const qsizetype from = m_at;
            while (!atEnd() && m_text[m_at] >= u'0' && m_text[m_at] <= u'9')
                ++m_at;
            return m_at - from;
        };
        if (peek() == u'-')
            ++m_at;
        const bool leadingZero = peek() == u'0';
        const qsizetype whole = digits();
        if (whole == 0 || (leadingZero && whole > 1))
            return fail(tr("invalid number"), start);
        if (peek() == u'.') {
            ++m_at;
            if (digits() == 0)
                return fail(tr("invalid number"), start);
        }
        if (peek() == u'e' || peek() == u'E') {
            ++m_at;
            if (peek() == u'+' || peek() == u'-')
                ++m_at;
            if (digits() == 0)
                return fail(tr("invalid number"), start);
        }
        return true;
    }

    QStringView m_text;
    qsizetype m_at = 0;
    JsonProblem m_problem;
};

// Where the string opening at `open` ends (after its closing quote).
qsizetype stringEnd(QStringView text, qsizetype open)
{
    qsizetype at = open + 1;
    while (at < text.size() && text[at] != u'"')
        at += text[at] == u'\\' ? 2 : 1;
    return qMin(at + 1, text.size());
}

qsizetype nextNonSpace(QStringView text, qsizetype at)
{
    while (at < text.size() && isJsonSpace(text[at]))
        ++at;
    return at;
}

} // namespace

std::optional<JsonProblem> jsonProblem(QStringView text)
{
    if (text.trimmed().isEmpty())
        return std::nullopt;
    return JsonChecker(text).check();
}

QString prettyJson(QStringView text)
{
    if (text.trimmed().isEmpty() || jsonProblem(text))
        return text.toString();
    QString out;
    int depth = 0;
    const auto newLine = [&] {
        out += u'\n' + QString(depth * 4, u' ');
    };
    for (qsizetype at = 0; at < text.size(); ++at) {
        const QChar c = text[at];
        if (const qsizetype reference = referenceLengthAt(text, at)) {
            out += text.sliced(at, reference);
            at += reference - 1;
        } else if (c == u'"') {
            const qsizetype end = stringEnd(text, at);
            out += text.sliced(at, end - at);
            at = end - 1;
        } else if (c == u'{' || c == u'[') {
            const QChar close = c == u'{' ? u'}' : u']';
            const qsizetype next = nextNonSpace(text, at + 1);
            out += c;
            if (next < text.size() && text[next] == close) { // empty: {} and [] stay on their line
                out += close;
                at = next;
            } else {
                ++depth;
                newLine();
            }
        } else if (c == u'}' || c == u']') {
            --depth;
            newLine();
            out += c;
        } else if (c == u',') {
            out += c;
            newLine();
        } else if (c == u':') {
            out += QStringLiteral(": ");
        } else if (!isJsonSpace(c)) {
            out += c; // numbers and literals
        }
    }
    return out;
}

} // namespace jitterbug::gui
