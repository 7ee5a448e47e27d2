#include "curlcommand.h"

#include "curlcookiejar.h"
#include "curlmultipart.h"

#include <QLocale>

#include <algorithm>
#include <limits>

namespace jitterbug {

namespace {

// The curl options we understand. Options that do not change what is sent
// (progress display, globbing, TCP tuning) are accepted as no-ops so pasted
// commands work; anything else is an error rather than silently ignored.
enum class Opt {
    Flag, // a boolean: OptionSpec::field says which
    Request,
    Header,
    Data,
    DataAscii,
    DataRaw,
    DataBinary,
    DataUrlencode,
    Json,
    Form,
    FormString,
    Get,
    User,
    UserAgent,
    Referer,
    Cookie,
    MaxRedirs,
    Head,
    MaxTime,
    ConnectTimeout,
    MaxFilesize,
    Retry,
    RetryDelay,
    RetryMaxTime,
    Output,
    WriteOut,
    Url,
    NoOp,
};

using FlagField = bool& (*)(CurlCommand&);

struct OptionSpec {
    QStringView name; // without the leading "--"
    char16_t shortName; // 0: long form only
    bool takesValue;
    Opt id;
    FlagField field = nullptr;
};

// clang-format off
constexpr OptionSpec options[] = {
    {u"request", u'X', true, Opt::Request},
    {u"header", u'H', true, Opt::Header},
    {u"data", u'd', true, Opt::Data},
    {u"data-ascii", 0, true, Opt::DataAscii},
    {u"data-raw", 0, true, Opt::DataRaw},
    {u"data-binary", 0, true, Opt::DataBinary},
    {u"data-urlencode", 0, true, Opt::DataUrlencode},
    {u"json", 0, true, Opt::Json},
    {u"form", u'F', true, Opt::Form},
    {u"form-string", 0, true, Opt::FormString},
    {u"get", u'G', false, Opt::Get},
    {u"user", u'u', true, Opt::User},
    {u"user-agent", u'A', true, Opt::UserAgent},
    {u"referer", u'e', true, Opt::Referer},
    {u"cookie", u'b', true, Opt::Cookie},
    {u"max-redirs", 0, true, Opt::MaxRedirs},
    {u"head", u'I', false, Opt::Head, [](CurlCommand& c) -> bool& { return c.headOnly; }},
    {u"max-time", u'm', true, Opt::MaxTime},
    {u"connect-timeout", 0, true, Opt::ConnectTimeout},
    {u"max-filesize", 0, true, Opt::MaxFilesize},
    {u"retry", 0, true, Opt::Retry},
    {u"retry-delay", 0, true, Opt::RetryDelay},
    {u"retry-max-time", 0, true, Opt::RetryMaxTime},
    {u"output", u'o', true, Opt::Output},
    {u"write-out", u'w', true, Opt::WriteOut},
    {u"url", 0, true, Opt::Url},
    {u"location", u'L', false, Opt::Flag, [](CurlCommand& c) -> bool& { return c.request.followRedirects; }},
    {u"insecure", u'k', false, Opt::Flag, [](CurlCommand& c) -> bool& { return c.request.insecureTls; }},
    {u"http1.1", 0, false, Opt::Flag, [](CurlCommand& c) -> bool& { return c.request.http1Only; }},
    {u"compressed", 0, false, Opt::Flag, [](CurlCommand& c) -> bool& { return c.compressed; }},
    {u"retry-all-errors", 0, false, Opt::Flag, [](CurlCommand& c) -> bool& { return c.retry.allErrors; }},
    {u"retry-connrefused", 0, false, Opt::Flag, [](CurlCommand& c) -> bool& { return c.retry.connectionRefused; }},
    {u"silent", u's', false, Opt::Flag, [](CurlCommand& c) -> bool& { return c.output.silent; }},
    {u"show-error", u'S', false, Opt::Flag, [](CurlCommand& c) -> bool& { return c.output.showError; }},
    {u"include", u'i', false, Opt::Flag, [](CurlCommand& c) -> bool& { return c.output.includeHeaders; }},
    {u"verbose", u'v', false, Opt::Flag, [](CurlCommand& c) -> bool& { return c.output.verbose; }},
    {u"fail", u'f', false, Opt::Flag, [](CurlCommand& c) -> bool& { return c.output.failOnHttpError; }},
    {u"fail-with-body", 0, false, Opt::Flag, [](CurlCommand& c) -> bool& { return c.output.failOnHttpError; }},
    {u"progress-bar", u'#', false, Opt::NoOp},
    {u"no-progress-meter", 0, false, Opt::NoOp},
    {u"globoff", u'g', false, Opt::NoOp},
    {u"http2", 0, false, Opt::NoOp},
    {u"tcp-nodelay", 0, false, Opt::NoOp},
    {u"no-buffer", u'N', false, Opt::NoOp},
    {u"basic", 0, false, Opt::NoOp}, // Basic is already the only scheme -u uses
};
// clang-format on

const OptionSpec* findLong(QStringView name)
{
    for (const OptionSpec& o : options) {
        if (o.name == name)
            return &o;
    }
    return nullptr;
}

const OptionSpec* findShort(QChar c)
{
    for (const OptionSpec& o : options) {
        if (o.shortName && o.shortName == c.unicode())
            return &o;
    }
    return nullptr;
}

QString quoted(const QString& value)
{
    return u'"' + value + u'"';
}

std::unexpected<Error> needsValue(const QString& flag)
{
    return invalidInput(flag + u": needs a value");
}

std::optional<QString> takeNext(const QStringList& args, qsizetype& i)
{
    if (i + 1 >= args.size())
        return std::nullopt;
    return args[++i];
}

bool allDigits(QStringView s)
{
    return !s.isEmpty() && std::all_of(s.begin(), s.end(), [](QChar c) { return c >= u'0' && c <= u'9'; });
}

// Whole numbers and seconds are parsed strictly (no sign, no exponent, C
// locale) so "1,5" or "2s" are reported instead of half read.
std::optional<int> parseWholeNumber(const QString& value)
{
    bool ok = false;
    const int n = value.toInt(&ok);
    return allDigits(value) && ok ? std::optional(n) : std::nullopt;
}

std::optional<double> parseSeconds(const QString& value)
{
    const bool digitsAndOneDot = value.count(u'.') <= 1 && value.size() > value.count(u'.')
        && std::all_of(value.begin(), value.end(), [](QChar c) { return c.isDigit() || c == u'.'; });
    bool ok = false;
    const double seconds = QLocale::c().toDouble(value, &ok);
    constexpr double maxSeconds = 1e9; // ~31 years: anything longer is a typo
    return digitsAndOneDot && ok && seconds <= maxSeconds ? std::optional(seconds) : std::nullopt;
}

// curl's size syntax: bytes, or with a k, m or g suffix (powers of 1024).
std::optional<qint64> parseSize(const QString& value)
{
    QStringView digits = value;
    int shift = 0;
    if (!value.isEmpty()) {
        const char16_t suffix = value.back().toLower().unicode();
        shift = suffix == u'k' ? 10 : suffix == u'm' ? 20 : suffix == u'g' ? 30 : 0;
        if (shift)
            digits.chop(1);
    }
    bool ok = false;
    const qint64 n = digits.toLongLong(&ok);
    if (!allDigits(digits) || !ok || n > (std::numeric_limits<qint64>::max() >> shift))
        return std::nullopt;
    return n << shift;
}

// curl's rule: a scheme is letters, digits, '+', '-', '.' before "://".
bool hasScheme(QStringView url)
{
    const qsizetype end = url.indexOf(u"://");
    if (end <= 0 || !url[0].isLetter())
        return false;
    return std::all_of(url.begin(), url.begin() + end, [](QChar c) {
        return (c.isLetterOrNumber() && c.unicode() < 128) || c == u'+' || c == u'-' || c == u'.';
    });
}

Expected<QUrl> makeUrl(const QString& given)
{
    const QString text = hasScheme(given) ? given : u"http://" + given;
    const QString scheme = text.left(text.indexOf(u"://")).toLower();
    if (scheme != u"http" && scheme != u"https")
        return unsupported(u"send: unsupported scheme \"" + scheme + u"\" in " + given
                           + u"; only http and https are supported");
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty())
        return invalidInput(u"send: invalid URL " + quoted(given));
    return url;
}

// -G: the data joins the query. It is usually already URL-encoded, so only
// what cannot stand in a query (controls, space, '#', non-ASCII) is encoded.
void appendQuery(QUrl& url, const QByteArray& data)
{
    QByteArray encoded;
    for (const char ch : data) {
        const auto c = static_cast<unsigned char>(ch);
        if (c > 0x20 && c < 0x7f && c != '#')
            encoded += ch;
        else
            encoded += '%' + QByteArray::number(c, 16).rightJustified(2, '0').toUpper();
    }
    const QString current = url.query(QUrl::FullyEncoded);
    const QString added = QString::fromLatin1(encoded);
    url.setQuery(current.isEmpty() ? added : current + u'&' + added, QUrl::TolerantMode);
}

struct DataPiece {
    QByteArray bytes;
    bool json = false; // --json pieces join with nothing, others with '&'
};

class Parser
{
public:
    explicit Parser(const PassThroughOptions& passThrough)
        : m_passThrough(passThrough)
    {
    }

    Expected<CurlCommand> parse(const QStringList& args);

private:
    Expected<void> parseLong(const QStringList& args, qsizetype& i);
    Expected<void> parseShortCluster(const QStringList& args, qsizetype& i);
    void applyFlag(const OptionSpec& spec, const QString& flag, bool on);
    Expected<void> applyValue(const OptionSpec& spec, const QString& flag, const QString& value);
    Expected<void> addHeaderLine(const QString& flag, const QByteArray& line);
    Expected<void> addData(const OptionSpec& spec, const QString& flag, const QString& value);
    Expected<CurlCommand> assemble();

    const PassThroughOptions& m_passThrough;
    CurlCommand m_command;
    QStringList m_urls;
    std::optional<QByteArray> m_method;
    HeaderList m_userHeaders;
    QList<DataPiece> m_data;
    QList<FormPart> m_form;
    // The flags as first written, for errors about combinations.
    QString m_dataFlag;
    QString m_formFlag;
    QString m_headFlag;
    QString m_getFlag;
    std::optional<QByteArray> m_credentials; // "user:password"
    std::optional<QByteArray> m_userAgent;
    std::optional<QByteArray> m_referer;
    QList<QByteArray> m_cookieStrings;
    CurlCookieJar m_cookieJar;
};

Expected<CurlCommand> Parser::parse(const QStringList& args)
{
    bool optionsEnded = false;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString& word = args[i];
        if (optionsEnded || !word.startsWith(u'-')) {
            m_urls.append(word);
            continue;
        }
        if (word == u"--") {
            optionsEnded = true;
            continue;
        }
        if (word == u"-")
            return invalidInput(QStringLiteral("unknown option -"));
        const Expected<void> r = word.startsWith(u"--") ? parseLong(args, i) : parseShortCluster(args, i);
        if (!r)
            return std::unexpected(r.error());
    }
    return assemble();
}

Expected<void> Parser::parseLong(const QStringList& args, qsizetype& i)
{
    const QString& word = args[i];
    const qsizetype eq = word.indexOf(u'=');
    const QString name = eq < 0 ? word : word.left(eq);
    const std::optional<QString> attached = eq < 0 ? std::nullopt : std::optional(word.mid(eq + 1));
    const auto takesNoValue = [&] {
        return invalidInput(name + u": takes no value, got " + quoted(*attached));
    };

    // The caller's own options first, so it decides what its names mean.
    if (m_passThrough.withValue.contains(name)) {
        const std::optional<QString> value = attached ? attached : takeNext(args, i);
        if (!value)
            return needsValue(name);
        m_command.passedThrough.append({name, *value});
        return {};
    }
    if (m_passThrough.flags.contains(name)) {
        if (attached)
            return takesNoValue();
        m_command.passedThrough.append({name, QString()});
        return {};
    }
    if (m_passThrough.optionalValue.contains(name)) {
        m_command.passedThrough.append({name, attached.value_or(QString())});
        return {};
    }

    const QStringView bare = QStringView(name).mid(2);
    const OptionSpec* spec = findLong(bare);
    bool on = true;
    if (!spec && bare.startsWith(u"no-")) {
        // curl's --no-NAME turns a boolean option off again.
        spec = findLong(bare.mid(3));
        if (spec && spec->takesValue)
            spec = nullptr;
        on = false;
    }
    if (!spec)
        return invalidInput(u"unknown option " + name);
    if (!spec->takesValue) {
        if (attached)
            return takesNoValue();
        applyFlag(*spec, name, on);
        return {};
    }
    const std::optional<QString> value = attached ? attached : takeNext(args, i);
    if (!value)
        return needsValue(name);
    return applyValue(*spec, name, *value);
}

Expected<void> Parser::parseShortCluster(const QStringList& args, qsizetype& i)
{
    const QString& word = args[i];
    for (qsizetype j = 1; j < word.size(); ++j) {
        const QString flag = u'-' + QString(word[j]);
        const OptionSpec* spec = findShort(word[j]);
        if (!spec)
            return invalidInput(u"unknown option " + flag);
        if (!spec->takesValue) {
            applyFlag(*spec, flag, true);
            continue;
        }
        // A value option takes the rest of the word (-XPOST), else the next word.
        const std::optional<QString> value = j + 1 < word.size() ? std::optional(word.mid(j + 1)) : takeNext(args, i);
        if (!value)
            return needsValue(flag);
        return applyValue(*spec, flag, *value);
    }
    return {};
}

void Parser::applyFlag(const OptionSpec& spec, const QString& flag, bool on)
{
    if (spec.field)
        spec.field(m_command) = on;
    // Kept by name for the errors about combinations.
    if (spec.id == Opt::Get)
        m_getFlag = on ? flag : QString();
    else if (spec.id == Opt::Head)
        m_headFlag = flag;
}

Expected<void> Parser::applyValue(const OptionSpec& spec, const QString& flag, const QString& value)
{
    const auto badNumber = [&](QStringView expected) {
        return invalidInput(flag + u": expected " + expected + u", got " + quoted(value));
    };
    const auto headerValue = [&](std::optional<QByteArray>& target) -> Expected<void> {
        const QByteArray bytes = value.toUtf8();
        if (!isValidHeaderValue(bytes))
            return invalidInput(flag + u": the value contains a line break: " + quoted(value));
        target = bytes;
        return {};
    };

    switch (spec.id) {
    case Opt::Request:
        if (!isValidHeaderName(value.toUtf8())) // a method is a token, like a field name
            return invalidInput(flag + u": invalid method " + quoted(value));
        m_method = value.toUtf8();
        return {};
    case Opt::Header: {
        if (!value.startsWith(u'@'))
            return addHeaderLine(flag, value.toUtf8());
        const Expected<QByteArray> contents = readArgumentFile(flag, value.mid(1), value);
        if (!contents)
            return std::unexpected(contents.error());
        for (QByteArray line : contents->split('\n')) {
            if (line.endsWith('\r'))
                line.chop(1);
            if (line.trimmed().isEmpty())
                continue;
            if (const Expected<void> r = addHeaderLine(flag, line); !r)
                return r;
        }
        return {};
    }
    case Opt::Data:
    case Opt::DataAscii:
    case Opt::DataRaw:
    case Opt::DataBinary:
    case Opt::DataUrlencode:
    case Opt::Json:
        return addData(spec, flag, value);
    case Opt::Form:
    case Opt::FormString: {
        const Expected<FormPart> part = parseFormArgument(flag, value, spec.id == Opt::FormString);
        if (!part)
            return std::unexpected(part.error());
        m_form.append(*part);
        if (m_formFlag.isEmpty())
            m_formFlag = flag;
        return {};
    }
    case Opt::User:
        if (!value.contains(u':'))
            return invalidInput(flag + u": give user:password; Jitterbug does not prompt");
        m_credentials = value.toUtf8();
        return {};
    case Opt::UserAgent:
        return headerValue(m_userAgent);
    case Opt::Referer: {
        // ";auto" asks curl to set Referer on redirects; the given part is still sent first.
        const Expected<void> r = headerValue(m_referer);
        if (r && m_referer->endsWith(";auto"))
            m_referer->chop(5);
        return r;
    }
    case Opt::Cookie: {
        // curl's rule: with a '=' it is the cookies themselves, else a file to read.
        if (value.contains(u'=')) {
            std::optional<QByteArray> cookie;
            if (const Expected<void> r = headerValue(cookie); !r)
                return r;
            m_cookieStrings.append(*cookie);
            return {};
        }
        if (value.isEmpty())
            return {}; // -b "" only switches curl's cookie engine on
        const Expected<QByteArray> contents = readArgumentFile(flag, value, u"cookie file " + value);
        if (!contents)
            return std::unexpected(contents.error());
        m_cookieJar.load(*contents);
        return {};
    }
    case Opt::MaxRedirs: {
        const std::optional<int> n = value == u"-1" ? std::optional(-1) : parseWholeNumber(value);
        if (!n)
            return badNumber(u"a whole number ≥ 0, or -1 for no limit");
        m_command.request.maxRedirects = *n < 0 ? std::numeric_limits<int>::max() : *n;
        return {};
    }
    case Opt::MaxTime:
    case Opt::ConnectTimeout: {
        const std::optional<double> s = parseSeconds(value);
        if (!s)
            return badNumber(u"a number of seconds ≥ 0");
        // 0 is curl's "no limit".
        (spec.id == Opt::MaxTime ? m_command.maxTimeSeconds : m_command.connectTimeoutSeconds)
            = *s > 0 ? s : std::nullopt;
        return {};
    }
    case Opt::MaxFilesize: {
        const std::optional<qint64> size = parseSize(value);
        if (!size)
            return badNumber(u"a size in bytes such as 500, 200k, 3m or 1g");
        m_command.maxFileSize = *size > 0 ? size : std::nullopt; // 0: no limit, as in curl
        return {};
    }
    case Opt::Retry: {
        const std::optional<int> n = parseWholeNumber(value);
        if (!n)
            return badNumber(u"a whole number ≥ 0");
        m_command.retry.retries = *n;
        return {};
    }
    case Opt::RetryDelay:
    case Opt::RetryMaxTime: {
        const std::optional<double> s = parseSeconds(value);
        if (!s)
            return badNumber(u"a number of seconds ≥ 0");
        (spec.id == Opt::RetryDelay ? m_command.retry.delaySeconds : m_command.retry.maxTimeSeconds) = *s;
        return {};
    }
    case Opt::Output:
        m_command.output.outputFile = value == u"-" ? QString() : value;
        return {};
    case Opt::WriteOut: {
        if (!value.startsWith(u'@')) {
            m_command.output.writeOut = value;
            return {};
        }
        const Expected<QByteArray> contents = readArgumentFile(flag, value.mid(1), value);
        if (!contents)
            return std::unexpected(contents.error());
        m_command.output.writeOut = QString::fromUtf8(*contents);
        return {};
    }
    case Opt::Url:
        m_urls.append(value);
        return {};
    default:
        return {};
    }
}

// curl's -H grammar: "Name: value" adds, "Name:" removes what curl would
// send by default, "Name;" sends the header with an empty value.
Expected<void> Parser::addHeaderLine(const QString& flag, const QByteArray& line)
{
    const QString shown = QString::fromUtf8(line);
    if (!isValidHeaderValue(line))
        return invalidInput(flag + u": header contains a line break: " + quoted(shown));
    const qsizetype colon = line.indexOf(':');
    if (colon < 0) {
        const qsizetype semicolon = line.indexOf(';');
        if (semicolon < 0 || !line.mid(semicolon + 1).trimmed().isEmpty())
            return invalidInput(flag + u": not a header (no colon): " + quoted(shown));
        const QByteArray name = line.left(semicolon);
        if (!isValidHeaderName(name))
            return invalidInput(flag + u": invalid header name in " + quoted(shown));
        m_userHeaders.append(name, QByteArray("")); // empty but not null: sent as "Name:"
        return {};
    }
    const QByteArray name = line.left(colon);
    if (!isValidHeaderName(name))
        return invalidInput(flag + u": invalid header name in " + quoted(shown));
    const QByteArray value = line.mid(colon + 1).trimmed();
    // A null value records a removal: the transport sends no field for it and
    // does not add its own default (User-Agent, Accept, ...) in its place.
    m_userHeaders.append(name, value.isEmpty() ? QByteArray() : value);
    return {};
}

Expected<void> Parser::addData(const OptionSpec& spec, const QString& flag, const QString& value)
{
    const auto readFile = [&](const QString& path) {
        return readArgumentFile(flag, path, u'@' + path);
    };
    DataPiece piece;
    piece.json = spec.id == Opt::Json;
    const bool atFile = value.startsWith(u'@');
    switch (spec.id) {
    case Opt::Data:
    case Opt::DataAscii:
    case Opt::DataBinary:
    case Opt::Json: {
        if (!atFile) {
            piece.bytes = value.toUtf8();
            break;
        }
        const Expected<QByteArray> contents = readFile(value.mid(1));
        if (!contents)
            return std::unexpected(contents.error());
        piece.bytes = *contents;
        // -d reads a file as text and drops its line ends; --data-binary and --json keep every byte.
        if (spec.id == Opt::Data || spec.id == Opt::DataAscii)
            piece.bytes.replace("\r", "").replace("\n", "");
        break;
    }
    case Opt::DataUrlencode: {
        // "content", "=content", "name=content", "@file", "name@file": a '='
        // anywhere wins over an '@', as in curl.
        const QByteArray text = value.toUtf8();
        qsizetype sep = text.indexOf('=');
        if (sep < 0)
            sep = text.indexOf('@');
        if (sep < 0) {
            piece.bytes = curlUrlEncode(text);
            break;
        }
        QByteArray content = text.mid(sep + 1);
        if (text[sep] == '@') {
            const Expected<QByteArray> contents = readFile(QString::fromUtf8(content));
            if (!contents)
                return std::unexpected(contents.error());
            content = *contents;
        }
        piece.bytes = sep > 0 ? text.left(sep) + '=' + curlUrlEncode(content) : curlUrlEncode(content);
        break;
    }
    default:
        piece.bytes = value.toUtf8();
        break; // --data-raw: '@' is just a character
    }
    m_data.append(piece);
    if (m_dataFlag.isEmpty())
        m_dataFlag = flag;
    return {};
}

Expected<CurlCommand> Parser::assemble()
{
    if (m_urls.isEmpty())
        return invalidInput(QStringLiteral("send: no URL given"));
    if (m_urls.size() > 1)
        return invalidInput(u"send takes one URL; got a second: " + m_urls[1]);
    Expected<QUrl> url = makeUrl(m_urls.first());
    if (!url)
        return std::unexpected(url.error());

    const bool hasData = !m_data.isEmpty();
    const bool hasForm = !m_form.isEmpty();
    const bool useGet = !m_getFlag.isEmpty();
    // curl refuses these too ("You can only select one HTTP request method!").
    if (hasForm && hasData)
        return invalidInput(m_formFlag + u" and " + m_dataFlag + u" cannot be combined");
    if (hasForm && useGet)
        return invalidInput(m_formFlag + u" and " + m_getFlag + u" cannot be combined");
    if (m_command.headOnly && hasForm)
        return invalidInput(m_headFlag + u" and " + m_formFlag + u" cannot be combined");
    if (m_command.headOnly && hasData && !useGet)
        return invalidInput(m_headFlag + u" and " + m_dataFlag
                            + u" cannot be combined; add -G to send the data in the URL");

    Request& request = m_command.request;
    QByteArray data;
    bool json = false;
    for (qsizetype k = 0; k < m_data.size(); ++k) {
        if (k > 0 && !m_data[k].json)
            data += '&';
        data += m_data[k].bytes;
        json = json || m_data[k].json;
    }
    if (hasData && useGet)
        appendQuery(*url, data);
    else if (hasData)
        request.body = data;
    QByteArray boundary;
    if (hasForm) {
        MultipartBody multipart = buildMultipartBody(m_form);
        request.body = std::move(multipart.body);
        boundary = std::move(multipart.boundary);
    }

    // Credentials in the URL become Basic auth sent up front, as curl sends
    // them; -u wins over them.
    std::optional<QByteArray> credentials = m_credentials;
    if (!url->userInfo().isEmpty()) {
        if (!credentials)
            credentials = (url->userName(QUrl::FullyDecoded) + u':' + url->password(QUrl::FullyDecoded)).toUtf8();
        url->setUserInfo(QString());
    }
    request.url = *url;

    if (m_method)
        request.method = *m_method;
    else if (m_command.headOnly)
        request.method = "HEAD";
    else if (hasForm || (hasData && !useGet))
        request.method = "POST";
    else
        request.method = "GET";

    // curl's order: its own headers, then the user's, then those that
    // describe the body. A user header replaces the generated one of that name.
    HeaderList& headers = request.headers;
    const auto addUnlessUserSet = [&](const char* name, const QByteArray& value) {
        if (!m_userHeaders.contains(name))
            headers.append(name, value);
    };
    if (credentials)
        addUnlessUserSet("Authorization", "Basic " + credentials->toBase64());
    if (!m_userAgent)
        addUnlessUserSet("User-Agent", "jitterbug/" JITTERBUG_VERSION);
    else // -A "" sends no User-Agent at all: a removal, as for -H "User-Agent:"
        addUnlessUserSet("User-Agent", m_userAgent->isEmpty() ? QByteArray() : *m_userAgent);
    if (!json) // --json asks for application/json instead, after the user's headers
        addUnlessUserSet("Accept", "*/*");
    if (m_command.compressed) {
        addUnlessUserSet("Accept-Encoding", "deflate, gzip");
        request.decompress = true;
    }
    if (m_referer && !m_referer->isEmpty())
        addUnlessUserSet("Referer", *m_referer);
    QByteArray cookies = m_cookieJar.cookieHeader(request.url);
    if (!m_cookieStrings.isEmpty()) // curl 7.88 joins its -b strings with a bare ';'
        cookies += (cookies.isEmpty() ? "" : "; ") + m_cookieStrings.join(';');
    if (!cookies.isEmpty())
        addUnlessUserSet("Cookie", cookies);

    bool boundaryAdded = false;
    for (HeaderList::Field field : m_userHeaders.fields()) {
        // curl adds the boundary to a multipart Content-Type the user gave.
        if (hasForm && !boundaryAdded && !field.value.isNull()
            && field.name.compare("Content-Type", Qt::CaseInsensitive) == 0) {
            field.value += "; boundary=" + boundary;
            boundaryAdded = true;
        }
        headers.append(field.name, field.value);
    }

    if (json) {
        addUnlessUserSet("Content-Type", "application/json");
        addUnlessUserSet("Accept", "application/json");
    } else if (hasData && !useGet) {
        addUnlessUserSet("Content-Type", "application/x-www-form-urlencoded");
    }
    if (hasForm)
        addUnlessUserSet("Content-Type", "multipart/form-data; boundary=" + boundary);
    return m_command;
}

} // namespace

QByteArray curlUrlEncode(const QByteArray& content)
{
    return content.toPercentEncoding().replace("%20", "+");
}

Expected<CurlCommand> parseCurlArguments(const QStringList& arguments, const PassThroughOptions& passThrough)
{
    return Parser(passThrough).parse(arguments);
}

Expected<CurlCommand> parseCurlCommandLine(QStringView commandLine)
{
    const Expected<QStringList> words = splitShellWords(commandLine);
    if (!words)
        return std::unexpected(words.error());
    if (words->isEmpty())
        return invalidInput(QStringLiteral("no command given: expected a line starting with curl"));
    const QString& program = words->first();
    if (program != u"curl" && !program.endsWith(u"/curl"))
        return invalidInput(u"not a curl command: it starts with " + quoted(program));
    return parseCurlArguments(words->mid(1));
}

} // namespace jitterbug
