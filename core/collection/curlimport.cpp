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

QString quoted(const QString& text)
{
    return u'"' + text + u'"';
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

bool isDataOption(QStringView name)
{
    return name == u"data" || name == u"data-ascii" || name == u"data-raw" || name == u"data-binary"
        || name == u"data-urlencode" || name == u"json";
}

struct ScannedOption {
    QString flag; // as written: "-H", "--header"
    QString name; // the long name: "header"
    QString value;
};

// Where an argument's value is: the word, and where in it the value starts
// (after "--url=" or "-d").
struct ValueAt {
    qsizetype word = 0;
    qsizetype offset = 0;
};

struct Scan {
    QList<ScannedOption> options; // the options with a value, in order
    bool get = false; // -G in force at the end
    QStringList withoutGet; // the arguments without -G, --get and --no-get
    // Where the values that may hold a URL's variables are: URLs (bare, or
    // --url's) and data, which -G puts in the URL.
    QList<ValueAt> urls;
    QList<ValueAt> data;
};

// Whether a data option's value names a file to read, as curlcommand.cpp
// reads it: "@file", and for --data-urlencode "name@file" without a '='.
bool readsFile(QStringView name, QStringView value)
{
    if (name == u"data-raw")
        return false;
    if (name == u"data-urlencode")
        return !value.contains(u'=') && value.contains(u'@');
    return value.startsWith(u'@');
}

void noteValue(Scan& scan, QStringView name, QStringView value, ValueAt at)
{
    if (name == u"url")
        scan.urls.append(at);
    else if (isDataOption(name) && !readsFile(name, value)) // a file's name is no text for the URL
        scan.data.append(at);
}

Scan scanArguments(const QStringList& args)
{
    Scan scan;
    bool optionsEnded = false;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString& word = args[i];
        if (optionsEnded || !word.startsWith(u'-') || word == u"-") {
            scan.withoutGet.append(word);
            scan.urls.append({i, 0});
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
            ValueAt at{i, eq + 1};
            if (eq < 0 && i + 1 < args.size()) {
                value = args[++i];
                scan.withoutGet.append(value);
                at = {i, 0};
            }
            noteValue(scan, name, value, at);
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
            ValueAt at{i, j + 1};
            if (value.isEmpty() && i + 1 < args.size()) {
                separateValue = value = args[++i];
                at = {i, 0};
            }
            noteValue(scan, longOfShort[which], value, at);
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
        if (!isValidUtf8(part->data))
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
    m_item.insecureTls = m_command.request.insecureTls;
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
    if (!isValidUtf8(bytes))
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

// A command line as the parser reads it, as a saved request.
Expected<RequestItem> importLine(QStringView commandLine, const QString& name)
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

// ---------------------------------------------------------------------------
// Variables in the URL.
//
// Commands from API docs and Postman's code view read
// `curl '{{base_url}}/users/{{id}}'`. The parser takes only a URL it could
// send, and a reference is not one: so each {{name}} in the URL, and in the
// data -G adds to it, is swapped for a stand-in the parser takes in that
// place, and the saved request gets the reference back where the stand-in
// ended up. An import sends nothing, so no stand-in leaves this file.

// A {{name}} reference as VariableScope::substitute finds them: the name
// holds no brace and is not blank.
struct Reference {
    qsizetype start = 0;
    qsizetype size = 0;
};

QList<Reference> referencesIn(QStringView text)
{
    QList<Reference> out;
    qsizetype open = text.indexOf(u"{{");
    while (open >= 0) {
        qsizetype end = open + 2;
        while (end < text.size() && text[end] != u'{' && text[end] != u'}')
            ++end;
        if (!text.sliced(end).startsWith(u"}}") || text.sliced(open + 2, end - open - 2).trimmed().isEmpty()) {
            open = text.indexOf(u"{{", open + 1);
            continue;
        }
        out.append({open, end + 2 - open});
        open = text.indexOf(u"{{", end + 2);
    }
    return out;
}

// Where a URL's host and port end, with a scheme as curl reads one (letters,
// digits, '+', '-', '.' before "://"); without one the URL starts with the host.
qsizetype authorityEnd(QStringView url)
{
    qsizetype start = 0;
    const qsizetype sep = url.indexOf(u"://");
    const auto schemeChar = [](QChar c) {
        return (c.isLetterOrNumber() && c.unicode() < 128) || c == u'+' || c == u'-' || c == u'.';
    };
    if (sep > 0 && url[0].isLetter() && std::all_of(url.begin(), url.begin() + sep, schemeChar))
        start = sep + 3;
    qsizetype end = start;
    while (end < url.size() && url[end] != u'/' && url[end] != u'?' && url[end] != u'#')
        ++end;
    return end;
}

// A port takes digits only: `localhost:{{port}}` needs a number in its place.
bool isPort(QStringView url, const Reference& r)
{
    return r.start > 0 && url[r.start - 1] == u':' && r.start + r.size == authorityEnd(url);
}

class UrlVariables
{
public:
    // The command's words, its program first.
    explicit UrlVariables(const QStringList& words);

    bool isEmpty() const { return m_swaps.isEmpty(); }
    // The command with the stand-ins in, quoted again: the parser makes
    // every check of it that it makes of a line as pasted.
    QString standInLine() const;
    QString restored(QString text) const;
    RequestItem restored(RequestItem item) const;

private:
    QString swapIn(QStringView value, bool inUrl);
    QString nameToken();
    std::optional<QString> portToken();

    QStringList m_words;
    QString m_seen; // the command's text, lower case, and percent-decoded: no stand-in may be in it
    QString m_prefix = QStringLiteral("jitterbugvar");
    int m_names = 0;
    int m_port = 49152; // the first port tried: a private one, which no scheme has as its default
    // Each stand-in (":49152" for a port) and the text it stands for, the
    // longer of two overlapping ones first.
    QList<QPair<QString, QString>> m_swaps;
};

UrlVariables::UrlVariables(const QStringList& words)
    : m_words(words)
{
    const QString line = words.join(u' ');
    m_seen = line.toLower() + u'\n' + QUrl::fromPercentEncoding(line.toUtf8()).toLower();
    while (m_seen.contains(m_prefix))
        m_prefix += u'x';
    const Scan scan = scanArguments(words.mid(1));
    const auto swap = [this](const ValueAt& at, bool inUrl) {
        QString& word = m_words[at.word + 1];
        word = word.left(at.offset) + swapIn(QStringView(word).mid(at.offset), inUrl);
    };
    for (const ValueAt& at : scan.urls)
        swap(at, true);
    if (scan.get) // without -G the data is the body, which keeps its text as it is
        for (const ValueAt& at : scan.data)
            swap(at, false);
}

// Host labels are lower case in a parsed URL, and any letter or digit stands
// anywhere else: so a name stand-in is lower-case letters and digits, its
// number ended by a 'z' so that no stand-in is part of another.
QString UrlVariables::nameToken()
{
    return m_prefix + QString::number(m_names++) + u'z';
}

// nullopt when every port is taken: the reference then gets a name, which the parser refuses as a port.
std::optional<QString> UrlVariables::portToken()
{
    while (m_port <= 65535 && m_seen.contains(QString::number(m_port)))
        ++m_port;
    if (m_port > 65535)
        return std::nullopt;
    return QString::number(m_port++);
}

QString UrlVariables::swapIn(QStringView value, bool inUrl)
{
    QString out;
    qsizetype copied = 0;
    for (const Reference& r : referencesIn(value)) {
        out += value.sliced(copied, r.start - copied);
        const QString reference = value.sliced(r.start, r.size).toString();
        copied = r.start + r.size;
        const std::optional<QString> port = inUrl && isPort(value, r) ? portToken() : std::nullopt;
        if (port) {
            m_swaps.append({u':' + *port, u':' + reference});
            out += *port;
            continue;
        }
        const QString token = nameToken();
        // A URL that starts with a reference has no scheme, so it gets curl's http://, which the reference replaces.
        if (inUrl && r.start == 0)
            m_swaps.append({u"http://" + token, reference});
        m_swaps.append({token, reference});
        out += token;
    }
    return out + value.sliced(copied);
}

QString UrlVariables::standInLine() const
{
    QStringList quoted;
    for (const QString& word : m_words)
        quoted.append(shellQuote(word.toUtf8()));
    return quoted.join(u' ');
}

QString UrlVariables::restored(QString text) const
{
    for (const auto& [standIn, reference] : m_swaps)
        text.replace(standIn, reference);
    return text;
}

// What a URL reaches in a saved request: the URL, -G's params, and the
// credentials in it, which are Basic auth.
RequestItem UrlVariables::restored(RequestItem item) const
{
    item.url = restored(item.url);
    for (KeyValue& param : item.params) {
        param.name = restored(param.name);
        param.value = restored(param.value);
    }
    item.auth.username = restored(item.auth.username);
    item.auth.password = restored(item.auth.password);
    return item;
}

} // namespace

Expected<RequestItem> requestFromCurl(QStringView commandLine, const QString& name)
{
    const Expected<QStringList> words = splitShellWords(commandLine);
    const UrlVariables variables(words && !words->isEmpty() ? *words : QStringList());
    if (variables.isEmpty())
        return importLine(commandLine, name);
    const Expected<RequestItem> item = importLine(variables.standInLine(), name);
    if (!item)
        return std::unexpected(Error{item.error().code, variables.restored(item.error().message)});
    return variables.restored(*item);
}

} // namespace jitterbug
