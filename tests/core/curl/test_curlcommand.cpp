#include "curl/curlcommand.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

using namespace jitterbug;

namespace {

const std::string defaultUserAgent = "User-Agent: jitterbug/" JITTERBUG_VERSION;

QStringList toArgs(const std::vector<std::string>& args)
{
    QStringList out;
    for (const std::string& a : args)
        out.append(QString::fromStdString(a));
    return out;
}

Expected<CurlCommand> parse(const std::vector<std::string>& args, const PassThroughOptions& passThrough = {})
{
    return parseCurlArguments(toArgs(args), passThrough);
}

// Parses what must parse; a failure reports curl's arguments and our message.
CurlCommand parsed(const std::vector<std::string>& args, const PassThroughOptions& passThrough = {})
{
    const Expected<CurlCommand> r = parse(args, passThrough);
    EXPECT_TRUE(r) << "unexpected error: " << r.error().message.toStdString();
    return r ? *r : CurlCommand{};
}

std::string errorOf(const std::vector<std::string>& args, const PassThroughOptions& passThrough = {})
{
    const Expected<CurlCommand> r = parse(args, passThrough);
    EXPECT_FALSE(r) << "parsed although it should not";
    return r ? std::string() : r.error().message.toStdString();
}

// Headers as readable lines; a removal (null value) shows as "Name <removed>"
// because QByteArray compares null and empty as equal.
std::vector<std::string> headerLines(const HeaderList& headers)
{
    std::vector<std::string> out;
    for (const HeaderList::Field& f : headers.fields())
        out.push_back(f.name.toStdString() + (f.value.isNull() ? " <removed>" : ": " + f.value.toStdString()));
    return out;
}

std::string str(const QByteArray& bytes)
{
    return bytes.toStdString();
}

std::string str(const QString& text)
{
    return text.toStdString();
}

// Tests that read @files get a scratch folder.
class CurlFiles : public ::testing::Test
{
protected:
    QString write(const QString& name, const QByteArray& contents)
    {
        QFile f(m_dir.filePath(name));
        EXPECT_TRUE(f.open(QIODevice::WriteOnly));
        f.write(contents);
        return f.fileName();
    }
    std::string path(const QString& name) const { return m_dir.filePath(name).toStdString(); }

    QTemporaryDir m_dir;
};

} // namespace

// ---- URL and defaults ----------------------------------------------------------------------------------------

TEST(CurlArgs, ABareUrlIsACurlLikeGet)
{
    const CurlCommand c = parsed({"example.com/x"});
    EXPECT_EQ(c.request.method, "GET");
    EXPECT_EQ(str(c.request.url.toString()), "http://example.com/x");
    EXPECT_EQ(headerLines(c.request.headers), (std::vector<std::string>{defaultUserAgent, "Accept: */*"}));
    EXPECT_TRUE(c.request.body.isEmpty());
    EXPECT_FALSE(c.request.followRedirects);
    EXPECT_FALSE(c.request.insecureTls);
    EXPECT_FALSE(c.headOnly);
    EXPECT_FALSE(c.compressed);
    EXPECT_FALSE(c.retry.any());
    EXPECT_TRUE(c.passedThrough.isEmpty());
}

TEST(CurlArgs, UrlSchemes)
{
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"example.com", "http://example.com"},
        {"localhost:8080/a?b=1", "http://localhost:8080/a?b=1"},
        {"https://example.com/p", "https://example.com/p"},
        {"HTTPS://Example.COM/p", "https://example.com/p"},
        {"http://[::1]:8080/", "http://[::1]:8080/"},
        {"example.com/go?to=http://other", "http://example.com/go?to=http://other"},
    };
    for (const auto& [given, expected] : cases)
        EXPECT_EQ(str(parsed({given}).request.url.toString()), expected) << given;
}

TEST(CurlArgs, UrlOptionDoubleDashAndOptionsAfterTheUrl)
{
    EXPECT_EQ(str(parsed({"--url", "example.com", "-s"}).request.url.toString()), "http://example.com");
    EXPECT_EQ(str(parsed({"--url=example.com"}).request.url.toString()), "http://example.com");
    const CurlCommand c = parsed({"-s", "--", "example.com"});
    EXPECT_TRUE(c.output.silent);
    EXPECT_EQ(str(c.request.url.toString()), "http://example.com");
    EXPECT_EQ(errorOf({"--", "example.com", "-s"}), "send takes one URL; got a second: -s");
}

TEST(CurlArgs, UrlErrors)
{
    EXPECT_EQ(errorOf({}), "send: no URL given");
    EXPECT_EQ(errorOf({"-s"}), "send: no URL given");
    EXPECT_EQ(errorOf({"a.example", "b.example"}), "send takes one URL; got a second: b.example");
    EXPECT_EQ(errorOf({"http://"}), "send: invalid URL \"http://\"");
    EXPECT_EQ(errorOf({"http://exa mple.com/"}), "send: invalid URL \"http://exa mple.com/\"");

    const Expected<CurlCommand> ftp = parse({"ftp://example.com/f"});
    ASSERT_FALSE(ftp);
    EXPECT_EQ(ftp.error().code, Error::Code::Unsupported);
    EXPECT_EQ(str(ftp.error().message),
              "send: unsupported scheme \"ftp\" in ftp://example.com/f; only http and https are supported");
    EXPECT_EQ(parse({"a", "b"}).error().code, Error::Code::InvalidInput);
}

TEST(CurlArgs, CredentialsInTheUrlBecomeBasicAuthAndLeaveTheUrl)
{
    const CurlCommand c = parsed({"http://u%40x:p%3Aw@example.com/x"});
    EXPECT_EQ(str(c.request.url.toString()), "http://example.com/x");
    EXPECT_EQ(str(c.request.headers.value("Authorization")), "Basic " + QByteArray("u@x:p:w").toBase64().toStdString());
    const CurlCommand overridden = parsed({"-u", "a:b", "http://u:p@example.com/"});
    EXPECT_EQ(str(overridden.request.headers.value("Authorization")), "Basic YTpi");
    EXPECT_EQ(str(overridden.request.url.toString()), "http://example.com/");
}

// ---- option syntax -------------------------------------------------------------------------------------------

TEST(CurlArgs, ShortOptionsCombineAndTakeAttachedValues)
{
    const std::vector<std::vector<std::string>> spellings = {
        {"-sSL", "-XPUT", "example.com"},
        {"-sS", "-L", "-X", "PUT", "example.com"},
        {"-sSLXPUT", "example.com"},
        {"-sSLX", "PUT", "example.com"},
        {"--silent", "--show-error", "--location", "--request", "PUT", "example.com"},
        {"--silent", "--show-error", "--location", "--request=PUT", "example.com"},
    };
    for (const auto& args : spellings) {
        const CurlCommand c = parsed(args);
        EXPECT_TRUE(c.output.silent) << args[0];
        EXPECT_TRUE(c.output.showError) << args[0];
        EXPECT_TRUE(c.request.followRedirects) << args[0];
        EXPECT_EQ(c.request.method, "PUT") << args[0];
    }
    // A value option swallows the next word even when it looks like an option.
    EXPECT_EQ(parsed({"-H", "X-A: -v", "-d", "-s", "example.com"}).request.body, "-s");
    EXPECT_EQ(str(parsed({"-HX-A: 1", "example.com"}).request.headers.value("X-A")), "1");
    EXPECT_EQ(str(parsed({"--header=X-A: b=c", "example.com"}).request.headers.value("X-A")), "b=c");
}

TEST(CurlArgs, BooleanFlags)
{
    struct Case {
        std::string flag;
        std::function<bool(const CurlCommand&)> isSet;
    };
    const std::vector<Case> cases = {
        {"-L",
         [](const CurlCommand& c) {
             return c.request.followRedirects;
         }},
        {"--location",
         [](const CurlCommand& c) {
             return c.request.followRedirects;
         }},
        {"-k",
         [](const CurlCommand& c) {
             return c.request.insecureTls;
         }},
        {"--insecure",
         [](const CurlCommand& c) {
             return c.request.insecureTls;
         }},
        {"--http1.1",
         [](const CurlCommand& c) {
             return c.request.http1Only;
         }},
        {"--compressed",
         [](const CurlCommand& c) {
             return c.compressed;
         }},
        {"-I",
         [](const CurlCommand& c) {
             return c.headOnly;
         }},
        {"--head",
         [](const CurlCommand& c) {
             return c.headOnly;
         }},
        {"--retry-all-errors",
         [](const CurlCommand& c) {
             return c.retry.allErrors;
         }},
        {"--retry-connrefused",
         [](const CurlCommand& c) {
             return c.retry.connectionRefused;
         }},
        {"-s",
         [](const CurlCommand& c) {
             return c.output.silent;
         }},
        {"--silent",
         [](const CurlCommand& c) {
             return c.output.silent;
         }},
        {"-S",
         [](const CurlCommand& c) {
             return c.output.showError;
         }},
        {"--show-error",
         [](const CurlCommand& c) {
             return c.output.showError;
         }},
        {"-i",
         [](const CurlCommand& c) {
             return c.output.includeHeaders;
         }},
        {"--include",
         [](const CurlCommand& c) {
             return c.output.includeHeaders;
         }},
        {"-v",
         [](const CurlCommand& c) {
             return c.output.verbose;
         }},
        {"--verbose",
         [](const CurlCommand& c) {
             return c.output.verbose;
         }},
        {"-f",
         [](const CurlCommand& c) {
             return c.output.failOnHttpError;
         }},
        {"--fail",
         [](const CurlCommand& c) {
             return c.output.failOnHttpError;
         }},
        {"--fail-with-body",
         [](const CurlCommand& c) {
             return c.output.failOnHttpError;
         }},
    };
    for (const Case& k : cases) {
        EXPECT_FALSE(k.isSet(parsed({"example.com"}))) << k.flag;
        EXPECT_TRUE(k.isSet(parsed({k.flag, "example.com"}))) << k.flag;
        if (k.flag.starts_with("--")) {
            EXPECT_FALSE(k.isSet(parsed({k.flag, "--no-" + k.flag.substr(2), "example.com"}))) << k.flag;
        }
    }
}

TEST(CurlArgs, OptionsThatChangeNothingSentAreAccepted)
{
    for (const std::string flag : {"-#", "--progress-bar", "--no-progress-meter", "-g", "--globoff", "--http2",
                                   "--tcp-nodelay", "-N", "--no-buffer", "--basic"}) {
        const CurlCommand c = parsed({flag, "example.com"});
        EXPECT_EQ(headerLines(c.request.headers), (std::vector<std::string>{defaultUserAgent, "Accept: */*"})) << flag;
    }
    EXPECT_TRUE(parsed({"-s#gN", "example.com"}).output.silent);
}

TEST(CurlArgs, UnknownOptionsAndMisusedFlags)
{
    EXPECT_EQ(errorOf({"--foo", "example.com"}), "unknown option --foo");
    EXPECT_EQ(errorOf({"--foo=1", "example.com"}), "unknown option --foo");
    EXPECT_EQ(errorOf({"-Z", "example.com"}), "unknown option -Z");
    EXPECT_EQ(errorOf({"-sZ", "example.com"}), "unknown option -Z");
    EXPECT_EQ(errorOf({"-", "example.com"}), "unknown option -");
    EXPECT_EQ(errorOf({"--no-header", "example.com"}), "unknown option --no-header");
    EXPECT_EQ(errorOf({"--silent=yes", "example.com"}), "--silent: takes no value, got \"yes\"");
    EXPECT_EQ(errorOf({"--no-keepalive", "example.com"}), "unknown option --no-keepalive");
}

TEST(CurlArgs, MissingValues)
{
    EXPECT_EQ(errorOf({"example.com", "-H"}), "-H: needs a value");
    EXPECT_EQ(errorOf({"example.com", "--header"}), "--header: needs a value");
    EXPECT_EQ(errorOf({"example.com", "-sSd"}), "-d: needs a value");
    EXPECT_EQ(errorOf({"example.com", "--retry"}), "--retry: needs a value");
}

// ---- numbers -------------------------------------------------------------------------------------------------

TEST(CurlArgs, NumericOptions)
{
    EXPECT_EQ(parsed({"-m", "2.5", "example.com"}).maxTimeSeconds, 2.5);
    EXPECT_EQ(parsed({"-m7", "example.com"}).maxTimeSeconds, 7);
    EXPECT_EQ(parsed({"--max-time", ".5", "example.com"}).maxTimeSeconds, 0.5);
    EXPECT_FALSE(parsed({"--max-time", "0", "example.com"}).maxTimeSeconds) << "0 is curl's no limit";
    EXPECT_EQ(parsed({"--connect-timeout", "0.25", "example.com"}).connectTimeoutSeconds, 0.25);
    EXPECT_EQ(parsed({"--max-filesize", "500", "example.com"}).maxFileSize, 500);
    EXPECT_EQ(parsed({"--max-filesize", "200k", "example.com"}).maxFileSize, 200 * 1024);
    EXPECT_EQ(parsed({"--max-filesize", "3M", "example.com"}).maxFileSize, 3 * 1024 * 1024);
    EXPECT_EQ(parsed({"--max-filesize", "1g", "example.com"}).maxFileSize, qint64(1) << 30);
    EXPECT_EQ(parsed({"--max-redirs", "5", "example.com"}).request.maxRedirects, 5);
    EXPECT_EQ(parsed({"--max-redirs", "-1", "example.com"}).request.maxRedirects, std::numeric_limits<int>::max());
    EXPECT_EQ(parsed({"example.com"}).request.maxRedirects, 50);

    const CurlCommand r = parsed(
        {"--retry", "3", "--retry-delay", "1.5", "--retry-max-time", "60", "--retry-connrefused", "example.com"});
    EXPECT_EQ(r.retry.retries, 3);
    EXPECT_EQ(r.retry.delaySeconds, 1.5);
    EXPECT_EQ(r.retry.maxTimeSeconds, 60);
    EXPECT_TRUE(r.retry.connectionRefused);
    EXPECT_EQ(parsed({"--retry", "0", "example.com"}).retry.retries, 0);
    EXPECT_EQ(parsed({"--retry-delay", "0", "example.com"}).retry.delaySeconds, 0);
}

TEST(CurlArgs, BadNumbersNameTheFlagAndTheValue)
{
    const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
        {{"--retry", "x"}, "--retry: expected a whole number ≥ 0, got \"x\""},
        {{"--retry", "-1"}, "--retry: expected a whole number ≥ 0, got \"-1\""},
        {{"--retry", "1.5"}, "--retry: expected a whole number ≥ 0, got \"1.5\""},
        {{"--retry", "99999999999"}, "--retry: expected a whole number ≥ 0, got \"99999999999\""},
        {{"--retry="}, "--retry: expected a whole number ≥ 0, got \"\""},
        {{"-m", "abc"}, "-m: expected a number of seconds ≥ 0, got \"abc\""},
        {{"--max-time", "-1"}, "--max-time: expected a number of seconds ≥ 0, got \"-1\""},
        {{"--connect-timeout", "1,5"}, "--connect-timeout: expected a number of seconds ≥ 0, got \"1,5\""},
        {{"--connect-timeout", "."}, "--connect-timeout: expected a number of seconds ≥ 0, got \".\""},
        {{"--retry-delay", "2s"}, "--retry-delay: expected a number of seconds ≥ 0, got \"2s\""},
        {{"--retry-max-time", "1e99999"}, "--retry-max-time: expected a number of seconds ≥ 0, got \"1e99999\""},
        {{"--max-filesize", "12x"},
         "--max-filesize: expected a size in bytes such as 500, 200k, 3m or 1g, got \"12x\""},
        {{"--max-filesize", "99999999999g"},
         "--max-filesize: expected a size in bytes such as 500, 200k, 3m or 1g, got \"99999999999g\""},
        {{"--max-redirs", "-2"}, "--max-redirs: expected a whole number ≥ 0, or -1 for no limit, got \"-2\""},
    };
    for (const auto& [args, message] : cases) {
        std::vector<std::string> all = args;
        all.push_back("example.com");
        EXPECT_EQ(errorOf(all), message) << args[0];
    }
}

// ---- headers -------------------------------------------------------------------------------------------------

TEST(CurlHeaders, DefaultsFirstThenTheUsersInOrder)
{
    const CurlCommand c = parsed({"-H", "X-B: 2", "-H", "X-A: 1", "-H", "X-B: 3", "example.com"});
    EXPECT_EQ(headerLines(c.request.headers),
              (std::vector<std::string>{defaultUserAgent, "Accept: */*", "X-B: 2", "X-A: 1", "X-B: 3"}));
}

TEST(CurlHeaders, AUserHeaderReplacesTheDefaultOfThatName)
{
    const CurlCommand c = parsed({"-H", "accept: text/html", "-H", "X-A:  padded  ", "example.com"});
    EXPECT_EQ(headerLines(c.request.headers),
              (std::vector<std::string>{defaultUserAgent, "accept: text/html", "X-A: padded"}));
}

TEST(CurlHeaders, NameColonRemovesAndNameSemicolonSendsEmpty)
{
    const CurlCommand c = parsed({"-H", "User-Agent:", "-H", "X-Empty;", "-H", "Accept:   ", "example.com"});
    EXPECT_EQ(headerLines(c.request.headers),
              (std::vector<std::string>{"User-Agent <removed>", "X-Empty: ", "Accept <removed>"}));
    EXPECT_TRUE(c.request.headers.value("User-Agent").isNull());
    EXPECT_FALSE(c.request.headers.value("X-Empty").isNull());
    EXPECT_TRUE(c.request.headers.value("X-Empty").isEmpty());
}

TEST(CurlHeaders, UserAgentAndReferer)
{
    EXPECT_EQ(headerLines(parsed({"-A", "probe/1", "example.com"}).request.headers),
              (std::vector<std::string>{"User-Agent: probe/1", "Accept: */*"}));
    EXPECT_EQ(headerLines(parsed({"-A", "", "example.com"}).request.headers),
              (std::vector<std::string>{"User-Agent <removed>", "Accept: */*"}));
    EXPECT_EQ(headerLines(parsed({"-A", "a", "-H", "User-Agent: b", "example.com"}).request.headers),
              (std::vector<std::string>{"Accept: */*", "User-Agent: b"}));
    EXPECT_EQ(
        headerLines(parsed({"--user-agent=x", "-e", "https://from.example/;auto", "example.com"}).request.headers),
        (std::vector<std::string>{"User-Agent: x", "Accept: */*", "Referer: https://from.example/"}));
    EXPECT_FALSE(parsed({"--referer", ";auto", "example.com"}).request.headers.contains("Referer"));
    EXPECT_EQ(errorOf({"-A", "a\nb", "example.com"}), "-A: the value contains a line break: \"a\nb\"");
}

TEST(CurlHeaders, BasicAuthFromUser)
{
    const CurlCommand c = parsed({"-u", "alice:s3:cret", "example.com"});
    EXPECT_EQ(headerLines(c.request.headers),
              (std::vector<std::string>{"Authorization: Basic " + QByteArray("alice:s3:cret").toBase64().toStdString(),
                                        defaultUserAgent, "Accept: */*"}));
    EXPECT_EQ(str(parsed({"--user", "bob:", "example.com"}).request.headers.value("Authorization")), "Basic Ym9iOg==");
    EXPECT_EQ(errorOf({"-u", "alice", "example.com"}), "-u: give user:password; Jitterbug does not prompt");
    EXPECT_EQ(str(parsed({"-u", "a:b", "-H", "Authorization: Bearer t", "example.com"})
                      .request.headers.values("Authorization")
                      .join('|')),
              "Bearer t");
}

TEST(CurlHeaders, CompressedAddsAcceptEncodingUnlessSet)
{
    const CurlCommand c = parsed({"--compressed", "example.com"});
    EXPECT_TRUE(c.compressed);
    EXPECT_TRUE(c.request.decompress);
    EXPECT_EQ(headerLines(c.request.headers),
              (std::vector<std::string>{defaultUserAgent, "Accept: */*", "Accept-Encoding: deflate, gzip"}));
    EXPECT_EQ(str(parsed({"--compressed", "-H", "Accept-Encoding: gzip", "example.com"})
                      .request.headers.values("accept-encoding")
                      .join('|')),
              "gzip");
}

TEST(CurlHeaders, BadHeadersAreNamed)
{
    EXPECT_EQ(errorOf({"-H", "NoColon", "example.com"}), "-H: not a header (no colon): \"NoColon\"");
    EXPECT_EQ(errorOf({"-H", "X; y", "example.com"}), "-H: not a header (no colon): \"X; y\"");
    EXPECT_EQ(errorOf({"--header", "Bad Name: x", "example.com"}), "--header: invalid header name in \"Bad Name: x\"");
    EXPECT_EQ(errorOf({"-H", ": x", "example.com"}), "-H: invalid header name in \": x\"");
    EXPECT_EQ(errorOf({"-H", "X: a\r\nY: b", "example.com"}), "-H: header contains a line break: \"X: a\r\nY: b\"");
    EXPECT_EQ(errorOf({"-X", "GE T", "example.com"}), "-X: invalid method \"GE T\"");
}

TEST_F(CurlFiles, HeadersFromAFile)
{
    write(QStringLiteral("h.txt"), "X-A: 1\r\n\r\nX-B: 2\nX-Gone:\n");
    const CurlCommand c = parsed({"-H", "@" + path(QStringLiteral("h.txt")), "-H", "X-C: 3", "example.com"});
    EXPECT_EQ(
        headerLines(c.request.headers),
        (std::vector<std::string>{defaultUserAgent, "Accept: */*", "X-A: 1", "X-B: 2", "X-Gone <removed>", "X-C: 3"}));
    const std::string missing = path(QStringLiteral("missing.txt"));
    const Expected<CurlCommand> r = parse({"-H", "@" + missing, "example.com"});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, Error::Code::Io);
    EXPECT_EQ(str(r.error().message), "-H: cannot read @" + missing + ": No such file or directory");
}

// ---- data ----------------------------------------------------------------------------------------------------

TEST(CurlData, DataMakesAFormPostAndPiecesJoinWithAmpersand)
{
    const CurlCommand c = parsed({"-d", "a=1", "--data", "b=2", "--data-ascii", "c=3", "example.com"});
    EXPECT_EQ(c.request.method, "POST");
    EXPECT_EQ(str(c.request.body), "a=1&b=2&c=3");
    EXPECT_EQ(
        headerLines(c.request.headers),
        (std::vector<std::string>{defaultUserAgent, "Accept: */*", "Content-Type: application/x-www-form-urlencoded"}));
    EXPECT_EQ(str(parsed({"-d", "", "-d", "x", "example.com"}).request.body), "&x");
    const CurlCommand empty = parsed({"-d", "", "example.com"});
    EXPECT_EQ(empty.request.method, "POST");
    EXPECT_TRUE(empty.request.body.isEmpty());
}

TEST(CurlData, MethodAndContentTypeCanBeOverridden)
{
    const CurlCommand c = parsed({"-X", "PUT", "-H", "Content-Type: text/plain", "-d", "x", "example.com"});
    EXPECT_EQ(c.request.method, "PUT");
    EXPECT_EQ(headerLines(c.request.headers),
              (std::vector<std::string>{defaultUserAgent, "Accept: */*", "Content-Type: text/plain"}));
}

TEST(CurlData, DataRawHasNoFileMeaning)
{
    EXPECT_EQ(str(parsed({"--data-raw", "@not-a-file", "example.com"}).request.body), "@not-a-file");
}

TEST_F(CurlFiles, DataFromAFileDropsLineEndsButDataBinaryKeepsEveryByte)
{
    const QByteArray bytes("a=1\r\nb=2\n\0c\r", 12);
    const std::string file = str(write(QStringLiteral("d.txt"), bytes));
    EXPECT_EQ(parsed({"-d@" + file, "example.com"}).request.body, QByteArray("a=1b=2\0c", 8));
    EXPECT_EQ(parsed({"--data-ascii", "@" + file, "example.com"}).request.body, QByteArray("a=1b=2\0c", 8));
    EXPECT_EQ(parsed({"--data-binary", "@" + file, "example.com"}).request.body, bytes);
    EXPECT_EQ(parsed({"--data-binary", "@" + file, "-d", "z", "example.com"}).request.body, QByteArray(bytes + "&z"));
    EXPECT_EQ(str(parsed({"--data-binary", "plain", "example.com"}).request.body), "plain");
}

TEST_F(CurlFiles, MissingDataFilesAreNamedWithTheirFlag)
{
    const std::string missing = path(QStringLiteral("missing.txt"));
    EXPECT_EQ(errorOf({"-d", "@" + missing, "example.com"}),
              "-d: cannot read @" + missing + ": No such file or directory");
    EXPECT_EQ(errorOf({"--data-binary", "@" + missing, "example.com"}),
              "--data-binary: cannot read @" + missing + ": No such file or directory");
    EXPECT_EQ(errorOf({"--json", "@" + missing, "example.com"}),
              "--json: cannot read @" + missing + ": No such file or directory");

    EXPECT_EQ(errorOf({"-d", "@", "example.com"}), "-d: no file name after @");
    EXPECT_EQ(errorOf({"-F", "a=<", "example.com"}), "-F: no file name after <");

    // A relative name is reported as written.
    const QString previous = QDir::currentPath();
    ASSERT_TRUE(QDir::setCurrent(m_dir.path()));
    EXPECT_EQ(errorOf({"-d", "@missing.txt", "example.com"}),
              "-d: cannot read @missing.txt: No such file or directory");
    QDir::setCurrent(previous);
}

TEST_F(CurlFiles, DataUrlencodeForms)
{
    const std::string file = str(write(QStringLiteral("u.txt"), "x y\n&"));
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"a b&c", "a+b%26c"},
        {"=x y&z", "x+y%26z"},
        {"name=é ~-._*'()!", "name=%C3%A9+~-._%2A%27%28%29%21"},
        {"a b=c d", "a b=c+d"}, // the name is sent as written
        {"a@b=c", "a@b=c"}, // a '=' anywhere wins over an '@'
        {"@" + file, "x+y%0A%26"},
        {"n@" + file, "n=x+y%0A%26"},
    };
    for (const auto& [given, expected] : cases)
        EXPECT_EQ(str(parsed({"--data-urlencode", given, "example.com"}).request.body), expected) << given;
    EXPECT_EQ(str(parsed({"--data-urlencode", "a=1 2", "-d", "b=3", "example.com"}).request.body), "a=1+2&b=3");
    EXPECT_EQ(errorOf({"--data-urlencode", "n@" + path(QStringLiteral("none")), "example.com"}),
              "--data-urlencode: cannot read @" + path(QStringLiteral("none")) + ": No such file or directory");
}

TEST_F(CurlFiles, JsonSetsBothHeadersAfterTheUsersAndConcatenates)
{
    const CurlCommand c = parsed({"--json", "{\"a\":1}", "-H", "X-A: 1", "--json", "[2]", "example.com"});
    EXPECT_EQ(c.request.method, "POST");
    EXPECT_EQ(str(c.request.body), "{\"a\":1}[2]");
    EXPECT_EQ(headerLines(c.request.headers),
              (std::vector<std::string>{defaultUserAgent, "X-A: 1", "Content-Type: application/json",
                                        "Accept: application/json"}));
    // As curl 7.88: a --json piece joins with nothing, other data with '&'.
    EXPECT_EQ(str(parsed({"-d", "a=1", "--json", "[2]", "example.com"}).request.body), "a=1[2]");
    EXPECT_EQ(str(parsed({"--json", "[2]", "-d", "a=1", "example.com"}).request.body), "[2]&a=1");

    const CurlCommand typed = parsed({"-H", "content-type: text/x", "--json", "1", "example.com"});
    EXPECT_EQ(headerLines(typed.request.headers),
              (std::vector<std::string>{defaultUserAgent, "content-type: text/x", "Accept: application/json"}));
    const CurlCommand accepting = parsed({"-H", "Accept: */*", "--json", "1", "example.com"});
    EXPECT_EQ(headerLines(accepting.request.headers),
              (std::vector<std::string>{defaultUserAgent, "Accept: */*", "Content-Type: application/json"}));

    const QByteArray json("{\r\n  \"k\": \"v\"\r\n}\n");
    const std::string file = str(write(QStringLiteral("j.json"), json));
    EXPECT_EQ(parsed({"--json", "@" + file, "example.com"}).request.body, json);
}

TEST(CurlData, GetMovesTheDataIntoTheQuery)
{
    const CurlCommand c = parsed({"-G", "-d", "a=1", "--data-urlencode", "q=x y", "http://example.com/s"});
    EXPECT_EQ(c.request.method, "GET");
    EXPECT_EQ(str(c.request.url.toString(QUrl::FullyEncoded)), "http://example.com/s?a=1&q=x+y");
    EXPECT_TRUE(c.request.body.isEmpty());
    EXPECT_EQ(headerLines(c.request.headers), (std::vector<std::string>{defaultUserAgent, "Accept: */*"}));

    EXPECT_EQ(str(parsed({"--get", "-d", "a=1", "http://example.com/s?z=0#frag"}).request.url.toString()),
              "http://example.com/s?z=0&a=1#frag");
    EXPECT_EQ(str(parsed({"-G", "-d", "a=1", "http://example.com/s?"}).request.url.toString()),
              "http://example.com/s?a=1");
    EXPECT_EQ(str(parsed({"-G", "-d", "a=b c#d", "http://example.com/"}).request.url.toString(QUrl::FullyEncoded)),
              "http://example.com/?a=b%20c%23d");
    EXPECT_EQ(str(parsed({"-G", "http://example.com/"}).request.url.toString()), "http://example.com/");

    const CurlCommand head = parsed({"-G", "-I", "-d", "a=1", "example.com"});
    EXPECT_EQ(head.request.method, "HEAD");
    EXPECT_TRUE(head.headOnly);
    EXPECT_EQ(str(head.request.url.toString()), "http://example.com?a=1");
}

TEST(CurlData, HeadIsAHeadRequestAndCannotCarryData)
{
    const CurlCommand c = parsed({"-I", "example.com"});
    EXPECT_EQ(c.request.method, "HEAD");
    EXPECT_TRUE(c.headOnly);
    EXPECT_EQ(parsed({"-I", "-X", "GET", "example.com"}).request.method, "GET");
    EXPECT_EQ(errorOf({"-I", "-d", "a", "example.com"}),
              "-I and -d cannot be combined; add -G to send the data in the URL");
    EXPECT_EQ(errorOf({"--head", "--json", "1", "example.com"}),
              "--head and --json cannot be combined; add -G to send the data in the URL");
}

// ---- multipart -----------------------------------------------------------------------------------------------

namespace {

QByteArray boundaryOf(const CurlCommand& c)
{
    const QByteArray type = c.request.headers.value("Content-Type");
    const QByteArray prefix = "multipart/form-data; boundary=";
    EXPECT_TRUE(type.startsWith(prefix)) << type.toStdString();
    return type.mid(prefix.size());
}

} // namespace

TEST_F(CurlFiles, FormBuildsCurlsMultipartBody)
{
    write(QStringLiteral("notes.txt"), "hello\nworld\n");
    write(QStringLiteral("blob.dat"), QByteArray("\0\1bin", 5));
    write(QStringLiteral("c.txt"), "abc\r\n");
    const auto p = [this](const char* name) {
        return path(QString::fromLatin1(name));
    };
    const CurlCommand c = parsed({"-F",
                                  "a=1",
                                  "-F",
                                  "f=@" + p("notes.txt"),
                                  "--form",
                                  "g=@" + p("blob.dat") + ";type=image/x-foo;filename=z.bin",
                                  "-F",
                                  "b=@" + p("blob.dat"),
                                  "-F",
                                  "h=<" + p("c.txt"),
                                  "-F",
                                  "i=v;type=text/x;charset=utf-8",
                                  "-F",
                                  "j=\"q;u\\\"o\"",
                                  "-F",
                                  "k=a;unknown=skipped",
                                  "-F",
                                  "l=text;filename=n\"ote.txt",
                                  "--form-string",
                                  "m=@not;type=a/b",
                                  "example.com"});
    EXPECT_EQ(c.request.method, "POST");
    const QByteArray boundary = boundaryOf(c);
    EXPECT_TRUE(
        QRegularExpression(QStringLiteral("^-{24}[0-9a-f]{16}$")).match(QString::fromLatin1(boundary)).hasMatch())
        << boundary.toStdString();
    EXPECT_EQ(headerLines(c.request.headers),
              (std::vector<std::string>{defaultUserAgent, "Accept: */*",
                                        "Content-Type: multipart/form-data; boundary=" + boundary.toStdString()}));

    const QByteArray line = "--" + boundary + "\r\n";
    QByteArray expected;
    expected += line + "Content-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n";
    expected += line + "Content-Disposition: form-data; name=\"f\"; filename=\"notes.txt\"\r\n"
        + "Content-Type: text/plain\r\n\r\nhello\nworld\n\r\n";
    expected += line + "Content-Disposition: form-data; name=\"g\"; filename=\"z.bin\"\r\n"
        + "Content-Type: image/x-foo\r\n\r\n" + QByteArray("\0\1bin", 5) + "\r\n";
    expected += line + "Content-Disposition: form-data; name=\"b\"; filename=\"blob.dat\"\r\n"
        + "Content-Type: application/octet-stream\r\n\r\n" + QByteArray("\0\1bin", 5) + "\r\n";
    expected += line + "Content-Disposition: form-data; name=\"h\"\r\n\r\nabc\r\n\r\n";
    expected += line + "Content-Disposition: form-data; name=\"i\"\r\nContent-Type: text/x;charset=utf-8\r\n\r\nv\r\n";
    expected += line + "Content-Disposition: form-data; name=\"j\"\r\n\r\nq;u\"o\r\n";
    expected += line + "Content-Disposition: form-data; name=\"k\"\r\n\r\na\r\n";
    expected += line + "Content-Disposition: form-data; name=\"l\"; filename=\"n%22ote.txt\"\r\n"
        + "Content-Type: text/plain\r\n\r\ntext\r\n";
    expected += line + "Content-Disposition: form-data; name=\"m\"\r\n\r\n@not;type=a/b\r\n";
    expected += "--" + boundary + "--\r\n";
    EXPECT_EQ(str(c.request.body), str(expected));
}

TEST(CurlForm, TheBoundaryIsStableAndFollowsTheContent)
{
    const CurlCommand a = parsed({"-F", "a=1", "example.com"});
    EXPECT_EQ(boundaryOf(a), boundaryOf(parsed({"-F", "a=1", "example.com"})));
    EXPECT_NE(boundaryOf(a), boundaryOf(parsed({"-F", "a=2", "example.com"})));
    const QByteArray boundary = boundaryOf(a);
    EXPECT_EQ(
        str(a.request.body),
        str("--" + boundary + "\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--" + boundary + "--\r\n"));
    // No name: curl sends the part all the same.
    const CurlCommand unnamed = parsed({"-F", "=x", "example.com"});
    EXPECT_TRUE(unnamed.request.body.contains("\r\nContent-Disposition: form-data\r\n\r\nx\r\n"));
}

TEST(CurlForm, PartHeadersAndAUserMultipartType)
{
    const CurlCommand c
        = parsed({"-F", "a=1;headers=\"X-Part: yes\"", "-H", "Content-Type: multipart/mixed", "example.com"});
    const QByteArray type = c.request.headers.value("Content-Type");
    ASSERT_TRUE(type.startsWith("multipart/mixed; boundary=")) << type.toStdString();
    const QByteArray boundary = type.mid(type.indexOf("boundary=") + 9);
    EXPECT_EQ(str(c.request.body),
              str("--" + boundary + "\r\nContent-Disposition: form-data; name=\"a\"\r\n" + "X-Part: yes\r\n\r\n1\r\n--"
                  + boundary + "--\r\n"));
    EXPECT_EQ(c.request.headers.size(), 3);
}

TEST_F(CurlFiles, FormErrors)
{
    const std::string missing = path(QStringLiteral("missing.bin"));
    EXPECT_EQ(errorOf({"-F", "a", "example.com"}), "-F: expected name=content, got \"a\"");
    EXPECT_EQ(errorOf({"-F", "f=@" + missing, "example.com"}),
              "-F: cannot read @" + missing + ": No such file or directory");
    EXPECT_EQ(errorOf({"--form", "f=<" + missing, "example.com"}),
              "--form: cannot read <" + missing + ": No such file or directory");
    EXPECT_EQ(errorOf({"-F", "a=1;type=bogus", "example.com"}), "-F: bad ;type= in \"a=1;type=bogus\"");
    EXPECT_EQ(errorOf({"-F", "a=b", "-d", "x", "example.com"}), "-F and -d cannot be combined");
    EXPECT_EQ(errorOf({"--data-raw", "x", "--form", "a=b", "example.com"}), "--form and --data-raw cannot be combined");
    EXPECT_EQ(errorOf({"-F", "a=b", "-G", "example.com"}), "-F and -G cannot be combined");
    EXPECT_EQ(errorOf({"-I", "-F", "a=b", "example.com"}), "-I and -F cannot be combined");

    const std::string file = str(write(QStringLiteral("x.txt"), "x"));
    const Expected<CurlCommand> several = parse({"-F", "f=@" + file + "," + file, "example.com"});
    ASSERT_FALSE(several);
    EXPECT_EQ(several.error().code, Error::Code::Unsupported);
    EXPECT_EQ(parse({"-F", "a=(", "example.com"}).error().code, Error::Code::Unsupported);
}

// ---- cookies -------------------------------------------------------------------------------------------------

TEST(CurlCookies, StringsAreSentAsTheyAre)
{
    const CurlCommand c = parsed({"-b", "a=1; b=2", "--cookie", "c=3", "-H", "X-A: 1", "example.com"});
    // curl 7.88 joins several -b strings with a bare ';'.
    EXPECT_EQ(headerLines(c.request.headers),
              (std::vector<std::string>{defaultUserAgent, "Accept: */*", "Cookie: a=1; b=2;c=3", "X-A: 1"}));
    EXPECT_FALSE(parsed({"-b", "", "example.com"}).request.headers.contains("Cookie"));
    EXPECT_EQ(
        str(parsed({"-b", "a=1", "-H", "Cookie: mine=1", "example.com"}).request.headers.values("Cookie").join('|')),
        "mine=1");
}

TEST_F(CurlFiles, ACookieFileSendsWhatMatchesTheUrl)
{
    const QByteArray jar = "# Netscape HTTP Cookie File\n"
                           "example.com\tFALSE\t/\tFALSE\t0\texact\t1\n"
                           ".example.com\tTRUE\t/\tFALSE\t0\ttail\t2\n"
                           "#HttpOnly_example.com\tFALSE\t/api/\tFALSE\t0\thttponly\t3\n"
                           "example.com\tFALSE\t/apix\tFALSE\t0\tsibling\t4\n"
                           "example.com\tFALSE\t/\tTRUE\t0\tsec\t5\n"
                           "example.com\tFALSE\t/\tFALSE\t1000\texpired\t6\n"
                           "example.com\tFALSE\t/\tFALSE\t4102444800\tlater\t7\n"
                           "other.com\tTRUE\t/\tFALSE\t0\tother\t8\n"
                           "broken line\n"
                           "\n"
                           "example.com\tFALSE\t/\tFALSE\t0\tnew\t9\r\n";
    const std::string file = str(write(QStringLiteral("jar.txt"), jar));
    const auto cookieFor = [&](const std::string& url) {
        return str(parsed({"-b", file, url}).request.headers.value("Cookie"));
    };
    // Longest path first, then longer names, then the newest first.
    EXPECT_EQ(cookieFor("http://example.com/api/v1"), "httponly=3; later=7; exact=1; tail=2; new=9");
    EXPECT_EQ(cookieFor("https://example.com/api"), "httponly=3; later=7; exact=1; tail=2; new=9; sec=5");
    EXPECT_EQ(cookieFor("http://www.example.com/"), "tail=2");
    EXPECT_EQ(cookieFor("http://notexample.com/"), "");
    EXPECT_EQ(cookieFor("http://example.com/apix/y"), "sibling=4; later=7; exact=1; tail=2; new=9");

    const CurlCommand both = parsed({"-b", "s=1", "-b", file, "-b", "t=2", "http://www.example.com/"});
    EXPECT_EQ(str(both.request.headers.value("Cookie")), "tail=2; s=1;t=2");

    const std::string missing = path(QStringLiteral("nojar.txt"));
    EXPECT_EQ(errorOf({"-b", missing, "example.com"}),
              "-b: cannot read cookie file " + missing + ": No such file or directory");
}

TEST_F(CurlFiles, LocalhostIsASecureOriginForCookies)
{
    const std::string file = str(write(QStringLiteral("jar.txt"),
                                       "localhost\tFALSE\t/\tTRUE\t0\tsec\t1\n"
                                       "127.0.0.1\tTRUE\t/\tFALSE\t0\tip\t2\n"
                                       "0.0.1\tTRUE\t/\tFALSE\t0\tiptail\t3\n"));
    EXPECT_EQ(str(parsed({"-b", file, "http://localhost:8080/"}).request.headers.value("Cookie")), "sec=1");
    EXPECT_EQ(str(parsed({"-b", file, "http://127.0.0.1/"}).request.headers.value("Cookie")), "ip=2");
}

// ---- output and misc -----------------------------------------------------------------------------------------

TEST_F(CurlFiles, OutputOptions)
{
    const CurlCommand c = parsed({"-o", "out.json", "-w", "%{http_code}\\n", "-sSifv", "example.com"});
    EXPECT_EQ(str(c.output.outputFile), "out.json");
    EXPECT_EQ(str(c.output.writeOut), "%{http_code}\\n");
    EXPECT_TRUE(c.output.silent && c.output.showError && c.output.includeHeaders && c.output.failOnHttpError
                && c.output.verbose);
    EXPECT_EQ(str(parsed({"--output", "-", "example.com"}).output.outputFile), "");

    const std::string format = str(write(QStringLiteral("fmt.txt"), "code=%{http_code} é\n"));
    EXPECT_EQ(str(parsed({"--write-out", "@" + format, "example.com"}).output.writeOut), "code=%{http_code} é\n");
    EXPECT_EQ(errorOf({"-w", "@" + path(QStringLiteral("nofmt")), "example.com"}),
              "-w: cannot read @" + path(QStringLiteral("nofmt")) + ": No such file or directory");
}

TEST(CurlArgs, PassThroughOptionsKeepTheirOrderAndValues)
{
    PassThroughOptions pt;
    pt.withValue = {QStringLiteral("--attempts"), QStringLiteral("--jitter")};
    pt.flags = {QStringLiteral("--retry-unsafe")};
    pt.optionalValue = {QStringLiteral("--respect-retry-after")};
    const CurlCommand c = parsed({"--attempts", "5", "-s", "--retry-unsafe", "--jitter=full", "--respect-retry-after",
                                  "example.com", "--respect-retry-after=5000", "--retry", "2"},
                                 pt);
    const QList<QPair<QString, QString>> expected = {
        {QStringLiteral("--attempts"), QStringLiteral("5")},
        {QStringLiteral("--retry-unsafe"), QString()},
        {QStringLiteral("--jitter"), QStringLiteral("full")},
        {QStringLiteral("--respect-retry-after"), QString()},
        {QStringLiteral("--respect-retry-after"), QStringLiteral("5000")},
    };
    EXPECT_EQ(c.passedThrough, expected);
    EXPECT_TRUE(c.output.silent);
    EXPECT_EQ(c.retry.retries, 2);

    EXPECT_EQ(errorOf({"example.com", "--attempts"}, pt), "--attempts: needs a value");
    EXPECT_EQ(errorOf({"example.com", "--retry-unsafe=1"}, pt), "--retry-unsafe: takes no value, got \"1\"");
    // An optional value is only ever attached: the next word stays a word.
    EXPECT_EQ(errorOf({"--respect-retry-after", "5000", "example.com"}, pt),
              "send takes one URL; got a second: example.com");
    // Only the caller's names pass: the same spelling is unknown otherwise.
    EXPECT_EQ(errorOf({"--attempts", "5", "example.com"}), "unknown option --attempts");
}

// ---- shell words ---------------------------------------------------------------------------------------------

TEST(ShellWords, Splitting)
{
    const std::vector<std::pair<std::string, std::vector<std::string>>> cases = {
        {"a b\t c\n d", {"a", "b", "c", "d"}},
        {"  lead and trail  ", {"lead", "and", "trail"}},
        {"'a b' \"c d\"", {"a b", "c d"}},
        {"'it'\\''s'", {"it's"}},
        {"'no \\escapes $here'", {"no \\escapes $here"}},
        {"\"a\\\"b\\\\c\\$d\\`e\\x\"", {"a\"b\\c$d`e\\x"}},
        {"a\\ b \\'c\\\"", {"a b", "'c\""}},
        {"a \\\n b", {"a", "b"}},
        {"a\\\nb", {"ab"}},
        {"a \\\r\n b\r\nc", {"a", "b", "c"}},
        {"\"x\\\ny\"", {"xy"}},
        {"$'a\\nb\\tc\\\\d\\'e\\\"f\\x41\\101'", {"a\nb\tc\\d'e\"fAA"}},
        {"$'\\u00e9\\xc3\\xa9\\U0001F600'", {"éé😀"}},
        {"$'\\q'", {"\\q"}},
        {"pre$'\\n'post\"mid\"'end'", {"pre\npostmidend"}},
        {"$\"x y\"", {"x y"}},
        {"'' a \"\"", {"", "a", ""}},
        {"# a comment\ncurl x # tail", {"curl", "x"}},
        {"a#b", {"a#b"}},
        {"'é' ü", {"é", "ü"}},
        {"trailing\\", {"trailing\\"}},
        {"", {}},
    };
    for (const auto& [line, expected] : cases) {
        const Expected<QStringList> words = splitShellWords(QString::fromStdString(line));
        ASSERT_TRUE(words) << line << ": " << words.error().message.toStdString();
        std::vector<std::string> got;
        for (const QString& w : *words)
            got.push_back(w.toStdString());
        EXPECT_EQ(got, expected) << line;
    }
}

TEST(ShellWords, Errors)
{
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"curl 'abc", "unterminated ' quote"},
        {"curl \"abc", "unterminated \" quote"},
        {"curl \"abc\\\"", "unterminated \" quote"},
        {"curl $'abc\\'", "unterminated $' quote"},
        {"curl x | jq .", "unquoted '|' is shell syntax Jitterbug does not run; quote it if it is part of an argument"},
        {"curl http://x/?a=1&b=2",
         "unquoted '&' is shell syntax Jitterbug does not run; quote it if it is part of an argument"},
        {"curl x > out", "unquoted '>' is shell syntax Jitterbug does not run; quote it if it is part of an argument"},
    };
    for (const auto& [line, message] : cases) {
        const Expected<QStringList> words = splitShellWords(QString::fromStdString(line));
        ASSERT_FALSE(words) << line;
        EXPECT_EQ(words.error().code, Error::Code::InvalidInput);
        EXPECT_EQ(str(words.error().message), message) << line;
    }
}

// ---- whole command lines -------------------------------------------------------------------------------------

TEST(CurlCommandLine, ChromeCopyAsCurl)
{
    // As Chrome's "Copy as cURL (bash)" writes it, '!' and non-ASCII in $'...'.
    const char* pasted = "curl 'https://api.example.com/v1/items?page=2' \\\n"
                         "  -H 'authority: api.example.com' \\\n"
                         "  -H 'accept: application/json, text/plain, */*' \\\n"
                         "  -H 'accept-language: en-US,en;q=0.9' \\\n"
                         "  -H 'content-type: application/json' \\\n"
                         "  -H 'cookie: session=abc123; theme=dark' \\\n"
                         "  -H 'user-agent: Mozilla/5.0 (X11; Linux x86_64)' \\\n"
                         "  --data-raw $'{\"name\":\"Zo\\u00eb\",\"note\":\"it\\'s\\u0021\"}' \\\n"
                         "  --compressed\n";
    const Expected<CurlCommand> r = parseCurlCommandLine(QString::fromUtf8(pasted));
    ASSERT_TRUE(r) << r.error().message.toStdString();
    EXPECT_EQ(r->request.method, "POST");
    EXPECT_EQ(str(r->request.url.toString()), "https://api.example.com/v1/items?page=2");
    EXPECT_EQ(str(r->request.body), "{\"name\":\"Zoë\",\"note\":\"it's!\"}");
    EXPECT_TRUE(r->compressed);
    EXPECT_EQ(headerLines(r->request.headers),
              (std::vector<std::string>{"Accept-Encoding: deflate, gzip", "authority: api.example.com",
                                        "accept: application/json, text/plain, */*", "accept-language: en-US,en;q=0.9",
                                        "content-type: application/json", "cookie: session=abc123; theme=dark",
                                        "user-agent: Mozilla/5.0 (X11; Linux x86_64)"}));

    // The same pasted from a Windows clipboard.
    const Expected<CurlCommand> crlf
        = parseCurlCommandLine(QString::fromUtf8(pasted).replace(QStringLiteral("\n"), QStringLiteral("\r\n")));
    ASSERT_TRUE(crlf) << crlf.error().message.toStdString();
    EXPECT_EQ(crlf->request.body, r->request.body);
    EXPECT_EQ(crlf->request.headers, r->request.headers);
}

TEST(CurlCommandLine, TheFirstWordMustBeCurl)
{
    EXPECT_TRUE(parseCurlCommandLine(u"/usr/bin/curl -sS example.com"));
    const Expected<CurlCommand> wget = parseCurlCommandLine(u"wget example.com");
    ASSERT_FALSE(wget);
    EXPECT_EQ(str(wget.error().message), "not a curl command: it starts with \"wget\"");
    const Expected<CurlCommand> empty = parseCurlCommandLine(u"  \n");
    ASSERT_FALSE(empty);
    EXPECT_EQ(str(empty.error().message), "no command given: expected a line starting with curl");
    const Expected<CurlCommand> quote = parseCurlCommandLine(u"curl 'example.com");
    ASSERT_FALSE(quote);
    EXPECT_EQ(str(quote.error().message), "unterminated ' quote");
    const Expected<CurlCommand> noUrl = parseCurlCommandLine(u"curl -s");
    ASSERT_FALSE(noUrl);
    EXPECT_EQ(str(noUrl.error().message), "send: no URL given");
}
