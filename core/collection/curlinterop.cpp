#include "curlinterop.h"

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

QString quoted(const QString& text)
{
    return u'"' + text + u'"';
}

bool isUtf8(const QByteArray& bytes)
{
    return QString::fromUtf8(bytes).toUtf8() == bytes;
}

// ---------------------------------------------------------------------------
// Reading: which option gave what.
//
// parseCurlCommandLine gives the request as curl sends it, but not which
// header the user wrote and which curl added, nor the -F arguments as written
// (their file paths), nor whether the query came from -G. So the words are
// walked once more, knowing only which options take a value; everything else
// (validation, encodings, files) stays with the parser.

// curlcommand.cpp's options that take a value. test_curlinterop asks the
// parser which short options need one, and gives each option a value that
// looks like -G, so the two cannot drift apart unnoticed.
constexpr QStringView shortWithValue = u"XHdFuAebmow";
constexpr QStringView longOfShort[] = {u"request", u"header", u"data",     u"form",   u"user",     u"user-agent",
                                       u"referer", u"cookie", u"max-time", u"output", u"write-out"};
constexpr QStringView longWithValue[]
    = {u"request",        u"header",          u"data",         u"data-ascii", u"data-raw",
       u"data-binary",    u"data-urlencode",  u"json",         u"form",       u"form-string",
       u"user",           u"user-agent",      u"referer",      u"cookie",     u"max-redirs",
       u"max-time",       u"connect-timeout", u"max-filesize", u"retry",      u"retry-delay",
       u"retry-max-time", u"output",          u"write-out",    u"url"};

bool takesValue(QStringView longName)
{
    return std::find(std::begin(longWithValue), std::end(longWithValue), longName) != std::end(longWithValue);
}

struct ScannedOption {
    QString flag; // as written: "-H", "--header"
    QString name; // the long name: "header"
    QString value;
};

struct Scan {
    QList<ScannedOption> options; // the options with a value, in order
    bool get = false; // -G in force at the end
    QStringList withoutGet; // the arguments without -G, --get and --no-get
};

Scan scanArguments(const QStringList& args)
{
    Scan scan;
    bool optionsEnded = false;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString& word = args[i];
        if (optionsEnded || !word.startsWith(u'-') || word == u"-") {
            scan.withoutGet.append(word);
            continue;
        }
        if (word == u"--") {
            optionsEnded = true;
            scan.withoutGet.append(word);
            continue;
        }
        if (word.startsWith(u"--")) {
            const qsizetype eq = word.indexOf(u'=');
            const QString name = word.mid(2, eq < 0 ? -1 : eq - 2);
            if (name == u"get" || name == u"no-get") {
                scan.get = name == u"get";
                continue;
            }
            scan.withoutGet.append(word);
            if (!takesValue(name))
                continue;
            QString value = eq < 0 ? QString() : word.mid(eq + 1);
            if (eq < 0 && i + 1 < args.size()) {
                value = args[++i];
                scan.withoutGet.append(value);
            }
            scan.options.append({u"--" + name, name, value});
            continue;
        }
        // A cluster of short flags, the first one taking a value ending it (-sSXPOST).
        QString kept = QStringLiteral("-");
        std::optional<QString> separateValue;
        for (qsizetype j = 1; j < word.size(); ++j) {
            const QChar c = word[j];
            if (c == u'G') {
                scan.get = true;
                continue;
            }
            kept += c;
            const qsizetype which = shortWithValue.indexOf(c);
            if (which < 0)
                continue;
            QString value = word.mid(j + 1);
            kept += value;
            if (value.isEmpty() && i + 1 < args.size())
                separateValue = value = args[++i];
            scan.options.append({u'-' + QString(c), longOfShort[which].toString(), value});
            break;
        }
        if (kept.size() > 1)
            scan.withoutGet.append(kept);
        if (separateValue)
            scan.withoutGet.append(*separateValue);
    }
    return scan;
}

bool isDataOption(const QString& name)
{
    return name == u"data" || name == u"data-ascii" || name == u"data-raw" || name == u"data-binary"
        || name == u"data-urlencode" || name == u"json";
}

// The names (lower case) of the headers given with -H, as curl's -H grammar
// reads them ("Name: value", "Name:", "Name;", @file with one per line).
Expected<QSet<QByteArray>> userHeaderNames(const Scan& scan)
{
    QSet<QByteArray> names;
    for (const ScannedOption& o : scan.options) {
        if (o.name != u"header")
            continue;
        QList<QByteArray> lines{o.value.toUtf8()};
        if (o.value.startsWith(u'@')) {
            const Expected<QByteArray> contents = readArgumentFile(o.flag, o.value.mid(1), o.value);
            if (!contents)
                return std::unexpected(contents.error());
            lines = contents->split('\n');
        }
        for (const QByteArray& line : std::as_const(lines)) {
            const qsizetype colon = line.indexOf(':');
            const qsizetype end = colon >= 0 ? colon : line.indexOf(';');
            if (end > 0)
                names.insert(line.left(end).toLower());
        }
    }
    return names;
}

bool isJsonType(const QByteArray& contentType)
{
    const QByteArray essence = contentType.split(';').first().trimmed().toLower();
    return essence == "application/json" || (essence.startsWith("application/") && essence.endsWith("+json"));
}

// The path of "@path" as curl's -F reads it: a "quoted" word (where a
// backslash escapes '"' and itself), or up to the next ';' or ',', trimmed.
QString formFilePath(QStringView rest)
{
    qsizetype i = 0;
    while (i < rest.size() && rest[i].isSpace())
        ++i;
    if (i < rest.size() && rest[i] == u'"') {
        QString out;
        for (++i; i < rest.size() && rest[i] != u'"'; ++i) {
            if (rest[i] == u'\\' && i + 1 < rest.size() && (rest[i + 1] == u'"' || rest[i + 1] == u'\\'))
                ++i;
            out += rest[i];
        }
        return out;
    }
    const qsizetype start = i;
    while (i < rest.size() && rest[i] != u';' && rest[i] != u',')
        ++i;
    return rest.mid(start, i - start).trimmed().toString();
}

QByteArray guessedFileType(const QString& path)
{
    const QByteArray type = curlContentTypeForFilename(QFileInfo(path).fileName().toUtf8());
    return type.isEmpty() ? QByteArray("application/octet-stream") : type;
}

// One -F or --form-string argument as a saved multipart field. The parser's
// own reading of it must be what the request builder makes of the field, or
// the field cannot hold it.
Expected<FormField> formFieldFrom(const ScannedOption& o)
{
    const bool literal = o.name == u"form-string";
    const Expected<FormPart> part = parseFormArgument(o.flag, o.value, literal);
    if (!part)
        return std::unexpected(part.error());
    const QString contents = o.value.mid(o.value.indexOf(u'=') + 1);
    const QString shown = o.flag + u' ' + quoted(o.value);

    FormField field;
    field.name = QString::fromUtf8(part->name);
    FormPart expected;
    expected.name = part->name;
    if (!literal && contents.startsWith(u'@')) {
        field.isFile = true;
        field.value = formFilePath(QStringView(contents).mid(1));
        if (field.value == u"-")
            return unsupported(shown + u": a saved multipart field cannot read standard input");
        const QByteArray guessed = guessedFileType(field.value);
        field.contentType = part->contentType == guessed ? QString() : QString::fromUtf8(part->contentType);
        expected.data = part->data;
        expected.hasFilename = true;
        expected.filename = QFileInfo(field.value).fileName().toUtf8();
        expected.contentType = part->contentType.isEmpty() ? guessed : part->contentType;
    } else {
        if (!isUtf8(part->data))
            return unsupported(shown + u": a saved multipart text field holds UTF-8 text; this file is not");
        field.value = QString::fromUtf8(part->data);
        field.contentType = QString::fromUtf8(part->contentType);
        expected.data = part->data;
        expected.contentType = part->contentType;
    }
    if (!part->headers.isEmpty())
        return unsupported(shown + u": a saved multipart field cannot hold ;headers=");
    if (part->hasFilename != expected.hasFilename || part->filename != expected.filename)
        return unsupported(shown
                           + u": a saved multipart field cannot hold ;filename= (a file part sends its own name)");
    if (part->contentType != expected.contentType || part->data != expected.data)
        return unsupported(shown + u": a saved multipart field cannot hold this");
    return field;
}

// The request's URL as the builder would send it with these params.
std::optional<QString> builtUrl(const QString& url, const QList<KeyValue>& params)
{
    RequestItem probe;
    probe.url = url;
    probe.params = params;
    Collection collection;
    collection.items.push_back(Item{probe});
    const Expected<BuiltRequest> built = buildRequest(collection, ItemPath{0}, nullptr, {});
    if (!built)
        return std::nullopt;
    return built->request.url.toString(QUrl::FullyEncoded);
}

// -G's data as params, decoded when that sends the same bytes, else as
// written; nullopt when neither does (a name without '=', an empty pair).
// The builder is asked, so its encoding rules live in one place.
std::optional<QPair<QString, QList<KeyValue>>> queryAsParams(const Scan& scan, const QUrl& sentUrl)
{
    // Without -G the same arguments put the data in the body: that splits the
    // URL the user wrote from the data curl appended to it.
    const Expected<CurlCommand> plain = parseCurlArguments(scan.withoutGet);
    if (!plain || plain->request.body.isEmpty())
        return std::nullopt;
    const QString base = plain->request.url.toString(QUrl::FullyEncoded);
    const QString wanted = sentUrl.toString(QUrl::FullyEncoded);
    for (const bool decode : {true, false}) {
        QList<KeyValue> params;
        for (const QByteArray& pair : plain->request.body.split('&')) {
            const qsizetype eq = pair.indexOf('=');
            const QByteArray name = eq < 0 ? pair : pair.left(eq);
            const QByteArray value = eq < 0 ? QByteArray() : pair.mid(eq + 1);
            const auto text = [decode](const QByteArray& s) {
                return decode ? QUrl::fromPercentEncoding(s) : QString::fromUtf8(s);
            };
            params.append(KeyValue{text(name), text(value), true, {}});
        }
        if (builtUrl(base, params) == wanted)
            return qMakePair(base, params);
    }
    return std::nullopt;
}

// The fields of a policy override that curl's options set, with the values
// curlRetryPolicy gives them: a field is set when its value follows the
// options rather than the policy it starts from, seen against two starting
// policies that differ in every field.
PolicyOverride policyFromCurl(const CurlCommand& command)
{
    RetryPolicy other;
    other.maxAttempts = 9;
    other.backoff = BackoffKind::Linear;
    other.baseDelayMs = 123;
    other.multiplier = 3;
    other.maxDelayMs = 4567;
    other.jitter = Jitter::Equal;
    other.attemptTimeoutMs = 7654;
    other.connectTimeoutMs = 321;
    other.deadlineMs = 98765;
    other.retryWindowMs = 8765;
    other.retryOnStatus = {418};
    other.retryOnErrors = {ErrorCode::ConnectionReset};
    other.respectRetryAfter = false;
    other.maxRetryAfterMs = 1234;
    other.idempotencyHeader = "X-Other";
    other.idempotencyKey = "other";
    other.retryUnsafe = true;
    other.rateLimit = RateLimitSettings{};
    other.circuitBreaker = CircuitBreakerSettings{};
    other.retryBudget = RetryBudgetSettings{};
    other.fallback = FallbackSettings{};

    const auto json = [](const RetryPolicy& p) {
        return QJsonDocument::fromJson(policyToJson(p)).object();
    };
    const RetryPolicy defaults;
    const QJsonObject base = json(defaults);
    const QJsonObject fromBase = json(curlRetryPolicy(command, defaults));
    const QJsonObject otherBase = json(other);
    const QJsonObject fromOther = json(curlRetryPolicy(command, other));
    PolicyOverride out;
    for (auto it = base.begin(); it != base.end(); ++it) {
        if (fromBase.value(it.key()) != it.value() || fromOther.value(it.key()) != otherBase.value(it.key()))
            out.fields.insert(it.key(), fromBase.value(it.key()));
    }
    return out;
}

// What curl can do and a saved request cannot: kept where the file shows it.
QJsonArray curlOnlyOptions(const CurlCommand& command)
{
    QJsonArray out;
    const Request& r = command.request;
    if (r.followRedirects) {
        out.append(QStringLiteral("--location"));
        if (r.maxRedirects != 50)
            out.append(
                QString(u"--max-redirs "
                        + QString::number(r.maxRedirects == std::numeric_limits<int>::max() ? -1 : r.maxRedirects)));
    }
    if (r.insecureTls)
        out.append(QStringLiteral("--insecure"));
    if (command.maxFileSize)
        out.append(QString(u"--max-filesize " + QString::number(*command.maxFileSize)));
    return out;
}

class Importer
{
public:
    Importer(const CurlCommand& command, const Scan& scan, const QSet<QByteArray>& userHeaders)
        : m_command(command)
        , m_scan(scan)
        , m_userHeaders(userHeaders)
    {
    }

    Expected<RequestItem> run(const QString& name);

private:
    void readUrl();
    void readHeaders();
    Expected<void> readBody();

    const CurlCommand& m_command;
    const Scan& m_scan;
    const QSet<QByteArray>& m_userHeaders;
    RequestItem m_item;
    QByteArray m_userContentType; // null: the user gave none (or removed it)
    QByteArray m_curlContentType; // the one curl made up for the body
};

Expected<RequestItem> Importer::run(const QString& name)
{
    m_item.name = name;
    m_item.method = QString::fromUtf8(m_command.request.method);
    readUrl();
    readHeaders();
    if (const Expected<void> body = readBody(); !body)
        return std::unexpected(body.error());
    const CurlRetryOptions& retry = m_command.retry;
    if (retry.any() || m_command.maxTimeSeconds || m_command.connectTimeoutSeconds)
        m_item.policy = policyFromCurl(m_command);
    if (const QJsonArray curlOnly = curlOnlyOptions(m_command); !curlOnly.isEmpty())
        m_item.foreign.insert(QStringLiteral("curl"), curlOnly);
    return m_item;
}

void Importer::readUrl()
{
    const QUrl& url = m_command.request.url;
    m_item.url = url.toString(QUrl::FullyEncoded);
    const bool hasData = std::any_of(m_scan.options.begin(), m_scan.options.end(),
                                     [](const ScannedOption& o) { return isDataOption(o.name); });
    if (!m_scan.get || !hasData)
        return;
    if (const auto split = queryAsParams(m_scan, url)) {
        m_item.url = split->first;
        m_item.params = split->second;
    }
}

// The headers curl sends, less what a saved request sends on its own terms:
// curl's defaults, removals, the body's Content-Type and -u's Authorization.
void Importer::readHeaders()
{
    const QByteArray defaultAgent = "jitterbug/" JITTERBUG_VERSION;
    const bool hasForm = std::any_of(m_scan.options.begin(), m_scan.options.end(), [](const ScannedOption& o) {
        return o.name == u"form" || o.name == u"form-string";
    });
    for (const HeaderList::Field& f : m_command.request.headers.fields()) {
        const QByteArray lower = f.name.toLower();
        const bool byUser = m_userHeaders.contains(lower);
        if (lower == "content-type") {
            QByteArray value = f.value;
            // curl adds the boundary to a multipart type the user gave; the builder adds its own.
            if (const qsizetype cut = value.lastIndexOf("; boundary="); byUser && hasForm && cut >= 0)
                value.truncate(cut);
            (byUser ? m_userContentType : m_curlContentType) = value;
            if (!byUser || value.isNull())
                continue;
            m_item.headers.append(KeyValue{QString::fromLatin1(f.name), QString::fromUtf8(value), true, {}});
            continue;
        }
        if (f.value.isNull()) // a removal: a saved request sends no default to remove
            continue;
        if (!byUser) {
            if (lower == "authorization") {
                // Only -u and credentials in the URL make curl send one of its own.
                const QByteArray credentials = QByteArray::fromBase64(f.value.mid(6));
                const qsizetype colon = credentials.indexOf(':');
                m_item.auth.kind = Auth::Kind::Basic;
                m_item.auth.username = QString::fromUtf8(credentials.left(colon));
                m_item.auth.password = QString::fromUtf8(credentials.mid(colon + 1));
                continue;
            }
            if ((lower == "user-agent" && f.value == defaultAgent) || (lower == "accept" && f.value == "*/*")
                || lower == "accept-encoding")
                continue; // curl's own defaults and --compressed's offer, not the user's request
        }
        m_item.headers.append(KeyValue{QString::fromLatin1(f.name), QString::fromUtf8(f.value), true, {}});
    }
}

Expected<void> Importer::readBody()
{
    QList<FormField> fields;
    bool hasData = false;
    bool json = false;
    for (const ScannedOption& o : m_scan.options) {
        if (o.name == u"form" || o.name == u"form-string") {
            const Expected<FormField> field = formFieldFrom(o);
            if (!field)
                return std::unexpected(field.error());
            fields.append(*field);
        }
        hasData = hasData || isDataOption(o.name);
        json = json || o.name == u"json";
    }
    Body& body = m_item.body;
    if (!fields.isEmpty()) {
        body.kind = Body::Kind::Multipart;
        body.multipart = fields;
        return {};
    }
    if (!hasData || m_scan.get)
        return {};
    const QByteArray& bytes = m_command.request.body;
    if (!isUtf8(bytes))
        return unsupported(QStringLiteral("the body is not UTF-8 text, which a saved request holds; "
                                          "send it with jitterbug-cli send instead"));
    // The type curl sends: the user's (none if they removed it), else its own.
    const QByteArray type = m_userHeaders.contains("content-type") ? m_userContentType : m_curlContentType;
    if (bytes.isEmpty() && type.isEmpty())
        return {}; // nothing to send: the engine still sends Content-Length: 0 for POST, PUT and PATCH
    body.text = QString::fromUtf8(bytes);
    if (json || isJsonType(type)) {
        body.kind = Body::Kind::Json;
    } else {
        body.kind = Body::Kind::Raw;
        body.contentType = QString::fromUtf8(type);
    }
    return {};
}

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

Expected<RequestItem> requestFromCurl(QStringView commandLine, const QString& name)
{
    const Expected<CurlCommand> command = parseCurlCommandLine(commandLine);
    if (!command)
        return std::unexpected(command.error());
    const Expected<QStringList> words = splitShellWords(commandLine); // it parsed, so it splits
    const Scan scan = scanArguments(words->mid(1));
    const Expected<QSet<QByteArray>> userHeaders = userHeaderNames(scan);
    if (!userHeaders)
        return std::unexpected(userHeaders.error());
    return Importer(*command, scan, *userHeaders).run(name);
}

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
    const bool utf8 = isUtf8(bytes);
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
