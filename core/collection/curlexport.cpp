#include "curlinterop.h"

#include "util/utf8.h"

#include "curl/curlcommand.h"
#include "curl/curlmultipart.h"
#include "curl/curlpolicy.h"
#include "policy/policyjson.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

#include <algorithm>
#include <cmath>
#include <limits>
namespace jitterbug {

namespace {

// ---------------------------------------------------------------------------
// Writing: a built request as a curl command.

// Arguments that are text (URLs, headers, bodies) are quoted even when bash
// would not need it, as devtools write them: the command reads the same
// whatever the value.
QString textArgument(QByteArrayView text)
{
    const QString quoted = shellQuote(text);
    return quoted.startsWith(u'\'') || quoted.startsWith(u'$') ? quoted : u'\'' + quoted + u'\'';
}

QString seconds(double ms)
{
    return QString::number(ms / 1000.0, 'g', 15);
}

QString duration(double ms)
{
    if (ms < 1000)
        return QString::number(ms, 'g', 15) + QStringLiteral(" ms");
    if (std::fmod(ms, 60000) == 0)
        return QString::number(ms / 60000, 'g', 15) + QStringLiteral(" min");
    return seconds(ms) + QStringLiteral(" s");
}

QString statusList(const QList<int>& statuses)
{
    QStringList out;
    for (const int s : statuses)
        out.append(QString::number(s));
    return out.join(QStringLiteral(", "));
}

// One -F argument for each part of a multipart body laid out as the builder
// (and curl) lay it out, when some part carries a file: curl then reads the
// file itself, as `-F name=@file` sends it. nullopt when --data-binary should
// carry the body as it is: no file part, or a part -F cannot express.
struct FormArguments {
    QStringList lines; // "-F 'a=1'", "--form-string 'b=;x'"
    QStringList files;
    QByteArray customType; // a Content-Type other than multipart/form-data, without its boundary
};

std::optional<FormArguments> formArguments(const Request& r)
{
    const QByteArray type = r.headers.value("Content-Type");
    const qsizetype at = type.lastIndexOf("; boundary=");
    if (!type.toLower().startsWith("multipart/") || at < 0)
        return std::nullopt;
    const QByteArray delimiter = QByteArray("--") + type.mid(at + 11);
    const QByteArray& body = r.body;
    if (!body.startsWith(QByteArray(delimiter + "\r\n")) || !body.endsWith(QByteArray("\r\n" + delimiter + "--\r\n")))
        return std::nullopt;

    FormArguments out;
    if (type.left(at) != "multipart/form-data")
        out.customType = type.left(at);
    qsizetype pos = delimiter.size() + 2;
    for (bool more = true; more;) {
        const qsizetype end = body.indexOf(QByteArray("\r\n" + delimiter), pos);
        const qsizetype headEnd = body.indexOf("\r\n\r\n", pos);
        if (end < 0 || headEnd < 0 || headEnd > end)
            return std::nullopt;
        const QList<QByteArray> head = body.mid(pos, headEnd - pos).split('\n');
        const QByteArray data = body.mid(headEnd + 4, end - headEnd - 4);
        // Past "\r\n--B": "\r\n" before the next part, or "--" after the last.
        more = body.mid(end + 2 + delimiter.size(), 2) != "--";
        pos = end + 2 + delimiter.size() + 2;

        // The builder's shape: a Content-Disposition, then perhaps a Content-Type; nothing else.
        QByteArray disposition = head.value(0).trimmed();
        const QByteArray partType = head.size() > 1 ? head[1].trimmed() : QByteArray();
        if (head.size() > 2 || (!partType.isEmpty() && !partType.startsWith("Content-Type: "))
            || !disposition.startsWith("Content-Disposition: form-data"))
            return std::nullopt;
        disposition = disposition.mid(30);
        const auto param = [&disposition](const QByteArray& key) -> std::optional<QByteArray> {
            const QByteArray start = "; " + key + "=\"";
            if (!disposition.startsWith(start))
                return std::nullopt;
            const qsizetype close = disposition.indexOf('"', start.size());
            const QByteArray value = disposition.mid(start.size(), close - start.size());
            disposition = disposition.mid(close + 1);
            return value;
        };
        const QByteArray name = param("name").value_or(QByteArray());
        const std::optional<QByteArray> filename = param("filename");
        const QByteArray contentType = partType.mid(14);
        if (!disposition.isEmpty() || name.contains('=') || name.contains('\0'))
            return std::nullopt;
        if (filename && contentType.isEmpty())
            return std::nullopt; // -F would guess a type the builder did not send
        if (filename) {
            // curl's -F word: "quoted" when a ';' or ',' would end it.
            QByteArray path = *filename;
            if (path.contains(';') || path.contains(',') || path.contains('"') || path != path.trimmed())
                path = '"' + path.replace('\\', "\\\\").replace('"', "\\\"") + '"';
            out.lines.append(u"-F " + textArgument(QByteArray(name + "=@" + path + ";type=" + contentType)));
            if (!out.files.contains(QString::fromUtf8(*filename)))
                out.files.append(QString::fromUtf8(*filename));
            continue;
        }
        if (data.contains('\0'))
            return std::nullopt; // a text part from an argument: no NUL
        // -F reads '@', '<', '(' and '"' at the start, ';' anywhere, and trims blanks; --form-string reads
        // nothing into the value but cannot give a type, which a quoted -F value can.
        const bool plain = !data.isEmpty() && !QByteArrayView("@<(\"").contains(data.front()) && !data.contains(';')
            && data == data.trimmed();
        if (contentType.isEmpty() && plain) {
            out.lines.append(u"-F " + textArgument(QByteArray(name + '=' + data)));
        } else if (contentType.isEmpty()) {
            out.lines.append(u"--form-string " + textArgument(QByteArray(name + '=' + data)));
        } else {
            QByteArray escaped = data;
            escaped.replace('\\', "\\\\").replace('"', "\\\"");
            out.lines.append(u"-F " + textArgument(QByteArray(name + "=\"" + escaped + "\";type=" + contentType)));
        }
    }
    if (out.files.isEmpty())
        return std::nullopt;
    return out;
}

class Exporter
{
public:
    explicit Exporter(const BuiltRequest& built)
        : m_request(built.request)
        , m_policy(built.policy)
    {
    }

    QString run(const QString& name);

private:
    void addMethodAndHeaders();
    void addBody();
    void addRetries();
    void addTimeouts();
    void addUnsupported();

    void option(const QString& line) { m_lines.append(line); }
    void header(const QByteArray& name, const QByteArray& value)
    {
        // "Name:" would remove the header in curl; "Name;" sends it empty.
        option(u"-H " + textArgument(value.isEmpty() ? QByteArray(name + ';') : QByteArray(name + ": " + value)));
    }
    void comment(const QString& text) { m_comments.append(text); }

    const Request& m_request;
    const RetryPolicy& m_policy;
    std::optional<FormArguments> m_form;
    bool m_sendsData = false;
    int m_retries = 0;
    QStringList m_comments;
    QStringList m_lines;
};

QString Exporter::run(const QString& name)
{
    if (!name.isEmpty())
        comment(name);
    const QString url = m_request.url.toString(QUrl::FullyEncoded);
    option(u"curl " + textArgument(url.toUtf8()));
    // curl reads [] and {} in a URL as its globbing patterns unless told not to.
    if (url.contains(u'[') || url.contains(u']') || url.contains(u'{') || url.contains(u'}'))
        option(QStringLiteral("-g"));
    if (m_request.insecureTls)
        option(QStringLiteral("-k"));
    m_form = formArguments(m_request);
    // The engine sends Content-Length: 0 for an empty POST, PUT or PATCH; curl does with empty data.
    const QByteArray& method = m_request.method;
    m_sendsData = !m_form && (!m_request.body.isEmpty() || method == "POST" || method == "PUT" || method == "PATCH");
    addMethodAndHeaders();
    addBody();
    addRetries();
    addTimeouts();
    addUnsupported();

    QString out;
    for (QString c : std::as_const(m_comments)) // a line break in a name would end the comment
        out += u"# " + c.replace(u'\r', u' ').replace(u'\n', u' ') + u'\n';
    return out + m_lines.join(QStringLiteral(" \\\n  "));
}

void Exporter::addMethodAndHeaders()
{
    const QByteArray& method = m_request.method;
    const QByteArray inferred = m_form || m_sendsData ? "POST" : "GET";
    if (method == "HEAD" && inferred == "GET")
        option(QStringLiteral("-I")); // -X HEAD would make curl wait for a body
    else if (method != inferred)
        option(u"-X " + shellQuote(method));

    const HeaderList& headers = m_request.headers;
    for (const HeaderList::Field& f : headers.fields()) {
        if (f.value.isNull())
            continue;
        if (m_form && f.name.compare("Content-Type", Qt::CaseInsensitive) == 0) {
            if (!m_form->customType.isEmpty()) // curl adds its boundary to it
                header(f.name, m_form->customType);
            continue;
        }
        header(f.name, f.value);
    }
    // The engine adds a fixed idempotency key to every attempt, after the request's headers.
    const QByteArray& keyHeader = m_policy.idempotencyHeader;
    if (!keyHeader.isEmpty() && !headers.contains(keyHeader) && !m_policy.idempotencyKey.isEmpty()
        && m_policy.idempotencyKey != "auto")
        header(keyHeader, m_policy.idempotencyKey);

    // What curl adds on its own and the engine does not send.
    const auto removeUnlessSet = [&](const char* name) {
        if (!headers.contains(name))
            option(u"-H " + textArgument(QByteArray(QByteArray(name) + ':')));
    };
    removeUnlessSet("User-Agent");
    removeUnlessSet("Accept");
    if (m_sendsData)
        removeUnlessSet("Content-Type"); // -d's application/x-www-form-urlencoded
    // curl asks larger bodies for "Expect: 100-continue" (above 1 KiB before
    // 7.88, above 1 MiB since); the engine sends the body at once.
    if (m_request.body.size() > 1024)
        removeUnlessSet("Expect");
}

void Exporter::addBody()
{
    if (m_form) {
        m_lines += m_form->lines;
        comment(u"-F reads " + m_form->files.join(QStringLiteral(", ")) + u" from the current directory");
        return;
    }
    if (!m_sendsData)
        return;
    const QByteArray& body = m_request.body;
    if (body.contains('\0')) {
        comment(QStringLiteral("the body holds NUL bytes, which a shell argument cannot carry: "
                               "save its %1 bytes as body.bin")
                    .arg(body.size()));
        option(QStringLiteral("--data-binary @body.bin"));
    } else if (body.startsWith('@')) {
        option(u"--data-raw " + textArgument(body)); // --data-binary would read a file
    } else {
        option(u"--data-binary " + textArgument(body));
    }
}

// curl's own retry behaviour, from the same mapping `send` uses for its flags.
RetryPolicy curlRetrying()
{
    CurlCommand command;
    command.retry.retries = 1;
    return curlRetryPolicy(command);
}

void Exporter::addRetries()
{
    const RetryPolicy& p = m_policy;
    const QByteArray& method = m_request.method;
    m_retries = p.maxAttempts - 1;
    const bool carriesKey = (!p.idempotencyHeader.isEmpty() && m_request.headers.contains(p.idempotencyHeader))
        || !p.idempotencyKey.isEmpty();
    if (m_retries > 0 && !isIdempotentMethod(method) && !carriesKey && !p.retryUnsafe) {
        comment(QString::fromUtf8(method) + QStringLiteral(" is not retried: it carries no ")
                + QString::fromUtf8(p.idempotencyHeader)
                + QStringLiteral(" and retry_unsafe is off (curl would retry it)"));
        m_retries = 0;
    }
    if (m_retries <= 0)
        return;
    option(u"--retry " + QString::number(m_retries));

    const QString curlWaits = QStringLiteral("curl waits 1 s, doubling up to 10 min");
    switch (p.backoff) {
    case BackoffKind::Constant:
        if (p.baseDelayMs <= 0) {
            comment(QStringLiteral("backoff: constant 0 s; curl cannot retry without waiting "
                                   "(--retry-delay 0 means its own doubling from 1 s)"));
        } else {
            const double whole = std::ceil(p.baseDelayMs / 1000);
            option(u"--retry-delay " + QString::number(whole));
            if (whole * 1000 != p.baseDelayMs)
                comment(u"backoff: constant " + duration(p.baseDelayMs) + u"; --retry-delay takes whole seconds, so "
                        + QString::number(whole) + u" s");
        }
        break;
    case BackoffKind::Exponential:
        if (p.baseDelayMs == 1000 && p.multiplier == 2 && p.maxDelayMs == 600000)
            break; // curl's own
        comment(u"backoff: exponential from " + duration(p.baseDelayMs) + u", multiplier "
                + QString::number(p.multiplier, 'g', 15) + u", up to " + duration(p.maxDelayMs) + u"; " + curlWaits);
        break;
    case BackoffKind::Linear:
        comment(u"backoff: linear from " + duration(p.baseDelayMs) + u", up to " + duration(p.maxDelayMs) + u"; "
                + curlWaits);
        break;
    }
    if (p.jitter != Jitter::None)
        comment(u"jitter: " + jitterName(p.jitter) + u"; curl waits without jitter");

    // --retry-max-time is curl's retry window: no retry starts after it, but
    // nothing in flight is cut. It is the nearest curl has to a deadline.
    std::optional<double> limit = p.retryWindowMs;
    if (p.deadlineMs)
        limit = std::min(limit.value_or(*p.deadlineMs), *p.deadlineMs);
    if (limit) {
        const double whole = std::ceil(*limit / 1000);
        option(u"--retry-max-time " + QString::number(whole));
        if (p.deadlineMs)
            comment(u"deadline_ms " + QString::number(*p.deadlineMs, 'g', 15)
                    + u": curl has no deadline for the whole call; --retry-max-time " + QString::number(whole)
                    + u" only stops new retries after " + QString::number(whole) + u" s");
        else if (whole * 1000 != *limit)
            comment(u"retry_window_ms " + QString::number(*limit, 'g', 15)
                    + u": --retry-max-time takes whole seconds, so " + QString::number(whole));
    }

    // Network errors: curl retries timeouts; --retry-connrefused adds refused
    // connections, --retry-all-errors every error.
    const QList<ErrorCode>& errors = p.retryOnErrors;
    const bool beyondRefused = std::any_of(errors.begin(), errors.end(), [](ErrorCode e) {
        return e != ErrorCode::Timeout && e != ErrorCode::ConnectionRefused;
    });
    if (beyondRefused) {
        option(QStringLiteral("--retry-all-errors"));
        QStringList extra;
        for (const ErrorCode e : RetryPolicy().retryOnErrors) { // the network errors, all of them
            if (!errors.contains(e))
                extra.append(errorCodeName(e));
        }
        if (!extra.isEmpty())
            comment(u"retry_on_errors: --retry-all-errors also retries " + extra.join(QStringLiteral(", ")));
    } else if (errors.contains(ErrorCode::ConnectionRefused)) {
        option(QStringLiteral("--retry-connrefused"));
    }
    if (!errors.contains(ErrorCode::Timeout))
        comment(QStringLiteral("retry_on_errors: curl always retries timeouts"));

    // Statuses: curl's set is fixed (--retry-all-errors reaches others only with --fail, and then every 4xx and 5xx).
    const QList<int> curlStatuses = curlRetrying().retryOnStatus;
    QList<int> notByCurl;
    QList<int> onlyByCurl;
    for (const int s : p.retryOnStatus) {
        if (!curlStatuses.contains(s))
            notByCurl.append(s);
    }
    for (const int s : curlStatuses) {
        if (!p.retryOnStatus.contains(s))
            onlyByCurl.append(s);
    }
    if (!notByCurl.isEmpty())
        comment(u"retry_on: curl does not retry " + statusList(notByCurl));
    if (!onlyByCurl.isEmpty())
        comment(u"retry_on: curl also retries " + statusList(onlyByCurl));

    if (!p.respectRetryAfter)
        comment(QStringLiteral("respect_retry_after false: curl waits as long as Retry-After says"));
    else if (p.maxRetryAfterMs < curlRetrying().maxRetryAfterMs)
        comment(u"max_retry_after_ms " + QString::number(p.maxRetryAfterMs, 'g', 15)
                + u": curl follows Retry-After without a cap");
    if (p.retryBudget)
        comment(QStringLiteral("retry_budget: curl has no retry budget"));
}

void Exporter::addTimeouts()
{
    // Without retries a deadline is one more bound on the single attempt.
    double attemptMs = m_policy.attemptTimeoutMs;
    if (m_retries <= 0 && m_policy.deadlineMs)
        attemptMs = std::min(attemptMs, *m_policy.deadlineMs);
    option(u"-m " + seconds(attemptMs));
    if (m_policy.connectTimeoutMs)
        option(u"--connect-timeout " + seconds(*m_policy.connectTimeoutMs));
}

void Exporter::addUnsupported()
{
    const RetryPolicy& p = m_policy;
    if (p.circuitBreaker)
        comment(QStringLiteral("circuit_breaker: curl has no circuit breaker"));
    if (p.rateLimit)
        comment(QStringLiteral("rate_limit: curl has no rate limiter"));
    if (p.fallback)
        comment(QStringLiteral("fallback: curl has no fallback response"));
    if (p.idempotencyKey == "auto" && !m_request.headers.contains(p.idempotencyHeader)) {
        const QString header = QString::fromUtf8(p.idempotencyHeader);
        comment(u"idempotency_key auto: Jitterbug sends a fresh " + header + u" per call; curl sends none (add -H \""
                + header + u": $(uuidgen)\")");
    }
}

} // namespace

QString requestToCurl(const BuiltRequest& built, const QString& name)
{
    return Exporter(built).run(name);
}

QString shellQuote(QByteArrayView argument)
{
    if (argument.isEmpty())
        return QStringLiteral("''");
    const auto safe = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
            || QByteArrayView("_@%+=:,./-").contains(c);
    };
    if (std::all_of(argument.begin(), argument.end(), safe))
        return QString::fromLatin1(argument);
    const QByteArray bytes = argument.toByteArray();
    const bool utf8 = isValidUtf8(bytes);
    const bool control = std::any_of(bytes.begin(), bytes.end(),
                                     [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
    if (utf8 && !control) {
        // Inside '...' nothing is special but the quote itself: close, \', reopen.
        return u'\'' + QString::fromUtf8(bytes).replace(u'\'', QStringLiteral("'\\''")) + u'\'';
    }
    // bash's $'...': escapes for control characters, and for bytes that are
    // not UTF-8 (all non-ASCII then, to stay byte-exact).
    QByteArray out = "$'";
    for (const char ch : bytes) {
        const auto c = static_cast<unsigned char>(ch);
        switch (ch) {
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\'':
            out += "\\'";
            break;
        default:
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && !utf8) || ch == '!') // '!': no history expansion
                out += "\\x" + QByteArray::number(c, 16).rightJustified(2, '0');
            else
                out += ch;
        }
    }
    out += '\'';
    return QString::fromUtf8(out);
}

} // namespace jitterbug
