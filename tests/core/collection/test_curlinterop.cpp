#include "collection/curlinterop.h"

#include "curl/curlcommand.h"
#include "support/loopbackserver.h"
#include "transport/http1transport.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

using namespace jitterbug;

namespace {

QString q(const char* utf8)
{
    return QString::fromUtf8(utf8);
}

std::string str(const QString& s)
{
    return s.toStdString();
}

std::string str(const QByteArray& b)
{
    return b.toStdString();
}

QString fixturesDir()
{
    return QStringLiteral(JITTERBUG_CURL_FIXTURES);
}

QString fixture(const char* name)
{
    QFile file(fixturesDir() + u'/' + q(name));
    EXPECT_TRUE(file.open(QIODevice::ReadOnly)) << name;
    return QString::fromUtf8(file.readAll());
}

// -F @file and <file read from the working directory, as curl does: the
// fixtures name their files relative to the fixture directory.
class InDirectory
{
public:
    explicit InDirectory(const QString& dir)
        : m_old(QDir::currentPath())
    {
        QDir::setCurrent(dir);
    }
    ~InDirectory() { QDir::setCurrent(m_old); }

private:
    QString m_old;
};

RequestItem imported(const char* fixtureName, const QString& name = {})
{
    InDirectory in(fixturesDir());
    const Expected<RequestItem> item = requestFromCurl(fixture(fixtureName), name);
    EXPECT_TRUE(item) << fixtureName << ": " << (item ? std::string() : str(item.error().message));
    return item ? *item : RequestItem{};
}

std::vector<std::string> headerLines(const QList<KeyValue>& headers)
{
    std::vector<std::string> out;
    for (const KeyValue& h : headers)
        out.push_back(str(h.name + u": " + h.value) + (h.enabled ? "" : " (disabled)"));
    return out;
}

std::vector<std::string> headerLines(const HeaderList& headers)
{
    std::vector<std::string> out;
    for (const HeaderList::Field& f : headers.fields())
        out.push_back(str(f.name) + (f.value.isNull() ? " <removed>" : ": " + str(f.value)));
    return out;
}

std::string policyJson(const std::optional<PolicyOverride>& policy)
{
    return policy ? QJsonDocument(policy->fields).toJson(QJsonDocument::Compact).toStdString() : "none";
}

KeyValue kv(const char* name, const char* value)
{
    return KeyValue{q(name), q(value), true, {}};
}

} // namespace

// --- import: the fixture corpus ---------------------------------------------

TEST(CurlImport, ChromeCopyKeepsEveryHeaderInOrderAndTheJsonBody)
{
    const RequestItem r = imported("chrome_post_json.sh", q("Create order"));
    EXPECT_EQ(str(r.name), "Create order");
    EXPECT_EQ(str(r.method), "POST");
    EXPECT_EQ(str(r.url), "https://api.example.com/v1/orders?expand=items&ref=home%20page");
    EXPECT_TRUE(r.params.isEmpty()) << "the query stays in the URL";
    EXPECT_EQ(headerLines(r.headers),
              (std::vector<std::string>{
                  "authority: api.example.com",
                  "accept: application/json, text/plain, */*",
                  "accept-language: en-GB,en;q=0.9",
                  "authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI0MiJ9.c2lnbmF0dXJl",
                  "content-type: application/json",
                  "cookie: session=abc123; theme=dark",
                  "origin: https://app.example.com",
                  "referer: https://app.example.com/cart",
                  "sec-ch-ua: \"Chromium\";v=\"119\", \"Not?A_Brand\";v=\"24\"",
                  "sec-ch-ua-mobile: ?0",
                  "user-agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
                  "Chrome/119.0.0.0 Safari/537.36",
              }))
        << "no Accept-Encoding: --compressed is curl's offer, and the engine asks for no compression";
    EXPECT_EQ(r.body.kind, Body::Kind::Json) << "a JSON Content-Type";
    EXPECT_EQ(str(r.body.text), R"({"sku":"KB-01","qty":2,"note":"it's a gift"})");
    EXPECT_EQ(r.auth.kind, Auth::Kind::Inherit) << "a Bearer header stays a header";
    EXPECT_FALSE(r.policy);
    EXPECT_TRUE(r.foreign.isEmpty());
}

TEST(CurlImport, AnsiCQuotedHeaderFromDevtools)
{
    const RequestItem r = imported("chrome_get_ansi_c.sh");
    EXPECT_EQ(str(r.method), "GET");
    EXPECT_EQ(str(r.url), "https://api.example.com/search?q=caf%C3%A9&sort=-price");
    EXPECT_EQ(headerLines(r.headers),
              (std::vector<std::string>{
                  "accept: */*",
                  "x-note: it's \"quoted\" \u2713",
                  "if-none-match: W/\"5f3c\"",
                  "user-agent: Mozilla/5.0",
              }))
        << "an Accept the user wrote is kept, even when it is curl's default value";
    EXPECT_EQ(r.body.kind, Body::Kind::None);
}

TEST(CurlImport, FirefoxFormPostIsRawWithTheUsersContentType)
{
    const RequestItem r = imported("firefox_form_post.sh");
    EXPECT_EQ(str(r.method), "POST");
    EXPECT_EQ(r.headers.size(), 7);
    EXPECT_EQ(str(r.headers[3].name + u": " + r.headers[3].value), "Accept-Encoding: gzip, deflate, br")
        << "an Accept-Encoding the user wrote is theirs";
    EXPECT_EQ(r.body.kind, Body::Kind::Raw);
    EXPECT_EQ(str(r.body.contentType), "application/x-www-form-urlencoded");
    EXPECT_EQ(str(r.body.text), "user=alice&pass=p%40ss%26word&remember=on") << "as sent, not re-encoded";
}

TEST(CurlImport, ApiDocsWithContinuationsCommentsAndATemplateVariable)
{
    const RequestItem r = imported("docs_put_continuations.sh");
    EXPECT_EQ(str(r.method), "PUT");
    EXPECT_EQ(str(r.url), "https://api.example.com/v1/users/42");
    EXPECT_EQ(headerLines(r.headers),
              (std::vector<std::string>{"Content-Type: application/json", "Authorization: Bearer {{token}}"}));
    EXPECT_EQ(r.body.kind, Body::Kind::Json);
    EXPECT_EQ(str(r.body.text), "{\n  \"name\": \"Ada Lovelace\",\n  \"email\": \"ada@example.com\"\n}");
}

TEST(CurlImport, UserOptionIsBasicAuthSplitAtTheFirstColon)
{
    const RequestItem r = imported("basic_auth.sh");
    EXPECT_EQ(r.auth.kind, Auth::Kind::Basic);
    EXPECT_EQ(str(r.auth.username), "alice");
    EXPECT_EQ(str(r.auth.password), "s3cr:et");
    EXPECT_TRUE(r.headers.isEmpty()) << "no Authorization header besides the auth";
    EXPECT_EQ(str(r.url), "https://api.example.com/me");
}

TEST(CurlImport, CredentialsInTheUrlAreBasicAuthToo)
{
    const Expected<RequestItem> r = requestFromCurl(u"curl https://bob:pa%40ss@api.example.com/x");
    ASSERT_TRUE(r) << str(r.error().message);
    EXPECT_EQ(r->auth.kind, Auth::Kind::Basic);
    EXPECT_EQ(str(r->auth.username), "bob");
    EXPECT_EQ(str(r->auth.password), "pa@ss");
    EXPECT_EQ(str(r->url), "https://api.example.com/x");
}

TEST(CurlImport, MultipartTextFileAndFileContentFields)
{
    const RequestItem r = imported("multipart_upload.sh");
    EXPECT_EQ(str(r.method), "POST");
    ASSERT_EQ(r.body.kind, Body::Kind::Multipart);
    const QList<FormField> want{
        FormField{q("title"), q("Holiday in Lisbon"), false, {}, true},
        FormField{q("photo"), q("avatar.png"), true, {}, true}, // image/png is what .png gets anyway
        FormField{q("notes"), q("first line\nsecond line\n"), false, {}, true},
        FormField{q("raw"), q("data.bin"), true, {}, true},
        FormField{q("thumb"), q("avatar.png"), true, q("application/x-thumbnail"), true},
        FormField{q("caption"), q("@not-a-file; really"), false, {}, true},
    };
    ASSERT_EQ(r.body.multipart.size(), want.size());
    for (qsizetype i = 0; i < want.size(); ++i) {
        const FormField& f = r.body.multipart[i];
        EXPECT_EQ(f, want[i]) << i << ": " << str(f.name) << " = " << str(f.value) << " file " << f.isFile << " type "
                              << str(f.contentType);
    }
    EXPECT_TRUE(r.headers.isEmpty()) << "curl's multipart Content-Type is the body's";
}

TEST(CurlImport, MultipartFieldsASavedFieldCannotHoldAreNamed)
{
    InDirectory in(fixturesDir());
    const Expected<RequestItem> renamed = requestFromCurl(u"curl -F 'f=@notes.txt;filename=other.txt' http://x/");
    ASSERT_FALSE(renamed);
    EXPECT_EQ(str(renamed.error().message),
              "-F \"f=@notes.txt;filename=other.txt\": a saved multipart field cannot hold ;filename= (a file part "
              "sends its own name)");
    const Expected<RequestItem> headers = requestFromCurl(u"curl -F 'f=x;headers=\"X-A: 1\"' http://x/");
    ASSERT_FALSE(headers);
    EXPECT_EQ(str(headers.error().message),
              "-F \"f=x;headers=\"X-A: 1\"\": a saved multipart field cannot hold ;headers=");
    const Expected<RequestItem> stdinFile = requestFromCurl(u"curl -F 'f=@-' http://x/");
    ASSERT_FALSE(stdinFile);
    EXPECT_EQ(str(stdinFile.error().message), "-F \"f=@-\": a saved multipart field cannot read standard input");
}

TEST(CurlImport, GetDataBecomesDecodedParams)
{
    const RequestItem r = imported("get_with_data.sh");
    EXPECT_EQ(str(r.method), "GET");
    EXPECT_EQ(str(r.url), "https://api.example.com/search?lang=en") << "the URL's own query stays in it";
    EXPECT_EQ(r.params, (QList<KeyValue>{kv("q", "caf\u00e9 au lait"), kv("page", "2"), kv("tag", "a&b")}));
    EXPECT_EQ(r.body.kind, Body::Kind::None);
}

TEST(CurlImport, GetDataStaysInTheUrlWhenParamsWouldSendOtherBytes)
{
    // A param always sends "name=", curl sends a bare name as written.
    const Expected<RequestItem> r = requestFromCurl(u"curl -G http://x/s -d 'flag' -d 'n=1'");
    ASSERT_TRUE(r);
    EXPECT_EQ(str(r->url), "http://x/s?flag&n=1");
    EXPECT_TRUE(r->params.isEmpty());
    // Already-encoded values the builder would leave alone are kept as written.
    const Expected<RequestItem> raw = requestFromCurl(u"curl -G http://x/s -d 'path=a%2Fb'");
    ASSERT_TRUE(raw);
    EXPECT_EQ(str(raw->url), "http://x/s");
    EXPECT_EQ(raw->params, QList<KeyValue>{kv("path", "a%2Fb")});
}

TEST(CurlImport, JsonOptionIsAJsonBodyWithItsAccept)
{
    const RequestItem r = imported("json_flag.sh");
    EXPECT_EQ(str(r.method), "POST");
    EXPECT_EQ(r.body.kind, Body::Kind::Json);
    EXPECT_EQ(str(r.body.text), R"({"name": "keyboard", "tags": ["kb"]})");
    EXPECT_EQ(headerLines(r.headers), std::vector<std::string>{"Accept: application/json"});
}

TEST(CurlImport, RetryFlagsBecomeThePolicyFieldsTheySet)
{
    const RequestItem r = imported("retry_flags.sh");
    EXPECT_EQ(policyJson(r.policy),
              R"({"attempt_timeout_ms":10000,"backoff":"constant","base_delay_ms":2000,"connect_timeout_ms":3000,)"
              R"("jitter":"none","max_attempts":6,"max_delay_ms":2000,"max_retry_after_ms":86400000,)"
              R"("respect_retry_after":true,"retry_on":[408,429,500,502,503,504,522,524],)"
              R"("retry_on_errors":["timeout","connection_refused"],"retry_unsafe":true,"retry_window_ms":60000})")
        << "multiplier is left out: a constant delay does not use it";
}

TEST(CurlImport, RetryAllErrorsKeepsFieldsEqualToTheDefaults)
{
    // max_attempts 4 and respect_retry_after equal the defaults, but --retry
    // set them: inside a collection with other defaults they must still hold.
    const RequestItem r = imported("retry_all_errors.sh");
    EXPECT_EQ(str(r.method), "DELETE");
    EXPECT_EQ(policyJson(r.policy),
              R"({"backoff":"exponential","base_delay_ms":1000,"jitter":"none","max_attempts":4,"max_delay_ms":600000,)"
              R"("max_retry_after_ms":86400000,"multiplier":2,"respect_retry_after":true,)"
              R"("retry_on":[408,429,500,502,503,504,522,524],"retry_on_errors":["timeout","connection_refused",)"
              R"("connection_reset","host_not_found","network_unreachable","protocol_error","network_error"],)"
              R"("retry_unsafe":true})");
}

TEST(CurlImport, TimeoutAloneIsTheOnlyPolicyField)
{
    const Expected<RequestItem> r = requestFromCurl(u"curl -m 2.5 http://x/");
    ASSERT_TRUE(r);
    EXPECT_EQ(policyJson(r->policy), R"({"attempt_timeout_ms":2500})");
}

TEST(CurlImport, AgentRefererAndCookiesAreHeadersAndRemovalsAreDropped)
{
    const RequestItem r = imported("agent_referer_cookie.sh");
    EXPECT_EQ(headerLines(r.headers),
              (std::vector<std::string>{
                  "User-Agent: MyTool/1.0",
                  "Referer: https://ref.example/",
                  "Cookie: a=1; b=2",
                  "X-Empty: ",
              }));
}

TEST(CurlImport, OptionsASavedRequestCannotRunAreKeptUnderForeign)
{
    const RequestItem r = imported("location_insecure.sh");
    EXPECT_EQ(QJsonDocument(r.foreign).toJson(QJsonDocument::Compact).toStdString(),
              R"({"curl":["--location","--max-redirs 5","--insecure"]})")
        << "-s, -S and -o only change curl's output";
}

TEST(CurlImport, HeadAndWindowsLineEnds)
{
    EXPECT_EQ(str(imported("head_request.sh").method), "HEAD");
    const RequestItem r = imported("windows_line_ends.sh");
    EXPECT_EQ(str(r.url), "https://api.example.com/v1/ping");
    EXPECT_EQ(headerLines(r.headers), std::vector<std::string>{"X-Trace: 7"});
    EXPECT_EQ(str(r.body.text), "a=1");
    EXPECT_EQ(str(r.body.contentType), "application/x-www-form-urlencoded");
}

TEST(CurlImport, UnsupportedOptionsAndBadInputAreTheParsersErrors)
{
    const Expected<RequestItem> proxy = requestFromCurl(fixture("unsupported_option.sh"));
    ASSERT_FALSE(proxy);
    EXPECT_EQ(str(proxy.error().message), "unknown option --proxy");
    const auto errorOf = [](const char16_t* line) {
        const Expected<RequestItem> r = requestFromCurl(QStringView(line));
        return r ? std::string("parsed") : str(r.error().message);
    };
    EXPECT_EQ(errorOf(u"wget http://x/"), "not a curl command: it starts with \"wget\"");
    EXPECT_EQ(errorOf(u"curl 'http://x/"), "unterminated ' quote");
    EXPECT_EQ(errorOf(u"curl http://x/ | jq ."),
              "unquoted '|' is shell syntax Jitterbug does not run; quote it if it is part of an argument");
    EXPECT_EQ(errorOf(u"curl --data-binary $'\\xff\\xfe' http://x/"), "parsed")
        << "the parser reads arguments as UTF-8, so these bytes arrive as replacement characters";
}

TEST(CurlImport, BodiesThatAreNotTextAreRefused)
{
    InDirectory in(fixturesDir());
    const Expected<RequestItem> r = requestFromCurl(u"curl --data-binary @data.bin http://x/");
    ASSERT_FALSE(r);
    EXPECT_EQ(str(r.error().message),
              "the body is not UTF-8 text, which a saved request holds; send it with jitterbug-cli send instead");
    const Expected<RequestItem> field = requestFromCurl(u"curl -F 'f=<data.bin' http://x/");
    ASSERT_FALSE(field);
    EXPECT_EQ(str(field.error().message),
              "-F \"f=<data.bin\": a saved multipart text field holds UTF-8 text; this file is not");
}

TEST(CurlImport, TheScannerReadsOptionBoundariesAsTheParserDoes)
{
    // requestFromCurl walks the words again with its own list of the options
    // that take a value. The parser says which short options do...
    const QString takesValue = QStringLiteral("XHdFuAebmow");
    for (char16_t c = u'!'; c <= u'~'; ++c) {
        if (c == u'-')
            continue;
        const QString flag = u'-' + QString(QChar(c));
        const Expected<CurlCommand> r = parseCurlArguments(QStringList{flag});
        const bool needsValue = !r && r.error().message == flag + QStringLiteral(": needs a value");
        EXPECT_EQ(needsValue, takesValue.contains(QChar(c))) << str(flag);
    }
    // ... and a value that looks like -G, after each of them, must stay a value.
    const std::vector<std::pair<const char16_t*, Body::Kind>> lines{
        {u"curl -X -G -d a=1 http://x/", Body::Kind::Raw},
        {u"curl -H '-GX: 1' -d a=1 http://x/", Body::Kind::Raw},
        {u"curl --header '-GX: 1' -d a=1 http://x/", Body::Kind::Raw},
        {u"curl -d -G http://x/", Body::Kind::Raw},
        {u"curl --data-raw -G http://x/", Body::Kind::Raw},
        {u"curl -F -G=x http://x/", Body::Kind::Multipart},
        {u"curl -u -G:pw -d a=1 http://x/", Body::Kind::Raw},
        {u"curl -A -G -d a=1 http://x/", Body::Kind::Raw},
        {u"curl -e -G -d a=1 http://x/", Body::Kind::Raw},
        {u"curl -b -G=1 -d a=1 http://x/", Body::Kind::Raw},
        {u"curl -o -G -d a=1 http://x/", Body::Kind::Raw},
        {u"curl -w -G -d a=1 http://x/", Body::Kind::Raw},
        {u"curl -sSH '-GX: 1' -d a=1 http://x/", Body::Kind::Raw},
        {u"curl -sSH-GX:1 -d a=1 http://x/", Body::Kind::Raw},
    };
    for (const auto& [line, kind] : lines) {
        const Expected<RequestItem> r = requestFromCurl(QStringView(line));
        ASSERT_TRUE(r) << str(QString::fromUtf16(line)) << ": " << str(r.error().message);
        EXPECT_EQ(r->body.kind, kind) << str(QString::fromUtf16(line));
        EXPECT_TRUE(r->params.isEmpty()) << str(QString::fromUtf16(line));
    }
    // Clusters, attached values and --name=value.
    const Expected<RequestItem> r = requestFromCurl(u"curl -sSXPUT -HX-B:2 -Gd a=1 --header=X-C:3 --url http://x/p");
    ASSERT_TRUE(r) << str(r.error().message);
    EXPECT_EQ(str(r->method), "PUT");
    EXPECT_EQ(headerLines(r->headers), (std::vector<std::string>{"X-B: 2", "X-C: 3"}));
    EXPECT_EQ(r->params, QList<KeyValue>{kv("a", "1")});
}

// --- export -------------------------------------------------------------------

namespace {

RequestItem requestItem(const char* method, const char* url)
{
    RequestItem r;
    r.name = q("Request");
    r.method = q(method);
    r.url = q(url);
    return r;
}

PolicyOverride policyOf(const char* json)
{
    return PolicyOverride{QJsonDocument::fromJson(json).object()};
}

BuiltRequest built(const RequestItem& item)
{
    Collection collection;
    collection.name = q("c");
    collection.items.push_back(Item{item});
    const Expected<BuiltRequest> b = buildRequest(collection, ItemPath{0}, nullptr, {});
    EXPECT_TRUE(b) << str(b.error().message);
    return b ? *b : BuiltRequest{};
}

// What the engine puts on the wire besides the built request: a fixed idempotency key.
Request onWire(const BuiltRequest& b)
{
    Request r = b.request;
    const QByteArray& header = b.policy.idempotencyHeader;
    if (!header.isEmpty() && !r.headers.contains(header) && !b.policy.idempotencyKey.isEmpty()
        && b.policy.idempotencyKey != "auto")
        r.headers.set(header, b.policy.idempotencyKey);
    return r;
}

} // namespace

TEST(CurlExport, DefaultPolicyGet)
{
    RequestItem item = requestItem("GET", "https://api.example.com/items");
    item.params = {kv("page", "2")};
    item.headers = {kv("Accept", "application/json")};
    EXPECT_EQ(str(requestToCurl(built(item), q("List\nitems"))),
              "# List items\n"
              "# backoff: exponential from 100 ms, multiplier 2, up to 20 s; curl waits 1 s, doubling up to 10 min\n"
              "# jitter: full; curl waits without jitter\n"
              "# retry_on: curl does not retry 425\n"
              "# retry_on: curl also retries 522, 524\n"
              "# max_retry_after_ms 60000: curl follows Retry-After without a cap\n"
              "curl 'https://api.example.com/items?page=2' \\\n"
              "  -H 'Accept: application/json' \\\n"
              "  -H 'User-Agent:' \\\n"
              "  --retry 3 \\\n"
              "  --retry-all-errors \\\n"
              "  -m 30");
}

TEST(CurlExport, EverythingCurlCannotExpressIsACommentLine)
{
    RequestItem item = requestItem("POST", "https://api.example.com/orders");
    item.body.kind = Body::Kind::Json;
    item.body.text = q(R"({"a":1})");
    item.policy = policyOf(R"({"max_attempts": 3, "backoff": "constant", "base_delay_ms": 1500, "jitter": "none",
        "deadline_ms": 20000, "attempt_timeout_ms": 5000, "connect_timeout_ms": 2000, "retry_on": [503],
        "retry_on_errors": ["timeout", "connection_refused"], "respect_retry_after": false,
        "idempotency_key": {"header": "Idempotency-Key", "value": "auto"}, "circuit_breaker": {},
        "rate_limit": {"requests": 5}, "retry_budget": {}, "fallback": {"status": 200, "body": "{}"}})");
    EXPECT_EQ(str(requestToCurl(built(item), q("Create order"))),
              "# Create order\n"
              "# backoff: constant 1.5 s; --retry-delay takes whole seconds, so 2 s\n"
              "# deadline_ms 20000: curl has no deadline for the whole call; --retry-max-time 20 only stops new "
              "retries after 20 s\n"
              "# retry_on: curl also retries 408, 429, 500, 502, 504, 522, 524\n"
              "# respect_retry_after false: curl waits as long as Retry-After says\n"
              "# retry_budget: curl has no retry budget\n"
              "# circuit_breaker: curl has no circuit breaker\n"
              "# rate_limit: curl has no rate limiter\n"
              "# fallback: curl has no fallback response\n"
              "# idempotency_key auto: Jitterbug sends a fresh Idempotency-Key per call; curl sends none (add -H "
              "\"Idempotency-Key: $(uuidgen)\")\n"
              "curl 'https://api.example.com/orders' \\\n"
              "  -H 'Content-Type: application/json' \\\n"
              "  -H 'User-Agent:' \\\n"
              "  -H 'Accept:' \\\n"
              "  --data-binary '{\"a\":1}' \\\n"
              "  --retry 2 \\\n"
              "  --retry-delay 2 \\\n"
              "  --retry-max-time 20 \\\n"
              "  --retry-connrefused \\\n"
              "  -m 5 \\\n"
              "  --connect-timeout 2");
}

TEST(CurlExport, CurlsOwnRetryingNeedsNoComment)
{
    // The policy `send` makes of curl's flags goes back to the same flags.
    const Expected<RequestItem> fromCurl
        = requestFromCurl(u"curl --retry 2 --retry-connrefused -m 7.5 --connect-timeout 1 http://x/p");
    ASSERT_TRUE(fromCurl);
    EXPECT_EQ(str(requestToCurl(built(*fromCurl))),
              "curl 'http://x/p' \\\n"
              "  -H 'User-Agent:' \\\n"
              "  -H 'Accept:' \\\n"
              "  --retry 2 \\\n"
              "  --retry-connrefused \\\n"
              "  -m 7.5 \\\n"
              "  --connect-timeout 1");
}

TEST(CurlExport, UnsafeMethodWithoutAKeyIsNotRetried)
{
    RequestItem item = requestItem("POST", "http://x/pay");
    item.body.kind = Body::Kind::Raw;
    item.body.contentType = q("text/plain");
    item.body.text = q("@100 EUR");
    item.policy = policyOf(R"({"jitter": "none", "deadline_ms": 4000, "rate_limit": {"requests": 1}})");
    EXPECT_EQ(str(requestToCurl(built(item))),
              "# POST is not retried: it carries no Idempotency-Key and retry_unsafe is off (curl would retry it)\n"
              "# rate_limit: curl has no rate limiter\n"
              "curl 'http://x/pay' \\\n"
              "  -H 'Content-Type: text/plain' \\\n"
              "  -H 'User-Agent:' \\\n"
              "  -H 'Accept:' \\\n"
              "  --data-raw '@100 EUR' \\\n"
              "  -m 4")
        << "one attempt: the deadline bounds it; --data-raw because --data-binary would read a file named 100 EUR";
}

TEST(CurlExport, FixedKeyMethodsAndEmptyBodies)
{
    RequestItem put = requestItem("PUT", "http://x/a");
    put.policy = policyOf(R"({"max_attempts": 1, "idempotency_key": {"header": "Idempotency-Key", "value": "k-1"}})");
    EXPECT_EQ(str(requestToCurl(built(put))),
              "curl 'http://x/a' \\\n"
              "  -X PUT \\\n"
              "  -H 'Idempotency-Key: k-1' \\\n"
              "  -H 'User-Agent:' \\\n"
              "  -H 'Accept:' \\\n"
              "  -H 'Content-Type:' \\\n"
              "  --data-binary '' \\\n"
              "  -m 30")
        << "the engine sends Content-Length: 0 for an empty PUT, as curl does with empty data";
    RequestItem head = requestItem("HEAD", "http://x/a");
    head.headers = {kv("X-Empty", "")};
    head.policy = policyOf(R"({"max_attempts": 1})");
    EXPECT_EQ(str(requestToCurl(built(head))),
              "curl 'http://x/a' \\\n"
              "  -I \\\n"
              "  -H 'X-Empty;' \\\n"
              "  -H 'User-Agent:' \\\n"
              "  -H 'Accept:' \\\n"
              "  -m 30");
    RequestItem get = requestItem("DELETE", "http://x/a");
    get.params = {kv("filter[name]", "a b")};
    get.policy = policyOf(R"({"max_attempts": 1})");
    EXPECT_EQ(str(requestToCurl(built(get))),
              "curl 'http://x/a?filter[name]=a%20b' \\\n"
              "  -g \\\n"
              "  -X DELETE \\\n"
              "  -H 'User-Agent:' \\\n"
              "  -H 'Accept:' \\\n"
              "  -m 30")
        << "-g: curl would read [] as a glob";
}

TEST(CurlExport, MultipartWithFilesUsesFormOptions)
{
    QTemporaryDir dir;
    QFile photo(dir.filePath(QStringLiteral("photo.png")));
    ASSERT_TRUE(photo.open(QIODevice::WriteOnly));
    photo.write("\x89PNG fake");
    photo.close();
    RequestItem item = requestItem("POST", "http://x/up");
    item.body.kind = Body::Kind::Multipart;
    item.body.multipart = {
        FormField{q("title"), q("Holiday"), false, {}, true},
        FormField{q("photo"), photo.fileName(), true, {}, true},
        FormField{q("note"), q("a;b"), false, {}, true},
        FormField{q("meta"), q("{\"k\": \"v\"}"), false, q("application/json"), true},
    };
    item.policy = policyOf(R"({"max_attempts": 1})");
    EXPECT_EQ(str(requestToCurl(built(item))),
              "# -F reads photo.png from the current directory\n"
              "curl 'http://x/up' \\\n"
              "  -H 'User-Agent:' \\\n"
              "  -H 'Accept:' \\\n"
              "  -F 'title=Holiday' \\\n"
              "  -F 'photo=@photo.png;type=image/png' \\\n"
              "  --form-string 'note=a;b' \\\n"
              "  -F 'meta=\"{\\\"k\\\": \\\"v\\\"}\";type=application/json' \\\n"
              "  -m 30");
}

TEST(CurlExport, ShellQuotingOfHardValuesSurvivesBash)
{
    const std::vector<QByteArray> values{
        "plain",
        "",
        "it's",
        "$HOME and `date` and $(id)",
        "two\nlines\r\n",
        "caf\xc3\xa9 \xe2\x98\x95 \xf0\x9f\x90\x9b",
        "back\\slash \\n",
        "bang! ! !!",
        "tab\there",
        "\x01\x7f control",
        "not utf-8: \xff\xfe",
        "quote ' and \"double\" and \\'",
        "-starts-with-dash",
        "*.glob ~ {a,b} [x] #hash",
    };
    if (QStandardPaths::findExecutable(QStringLiteral("bash")).isEmpty())
        GTEST_SKIP() << "bash is not installed";
    for (const QByteArray& value : values) {
        const QString quoted = shellQuote(value);
        QProcess bash;
        bash.start(QStringLiteral("bash"), {QStringLiteral("-c"), u"printf %s " + quoted});
        ASSERT_TRUE(bash.waitForFinished(10000));
        EXPECT_EQ(bash.readAllStandardOutput().toHex(), value.toHex()) << str(quoted);
        // And the paste parser reads it back (as UTF-8 text, which the invalid bytes are not).
        if (QString::fromUtf8(value).toUtf8() == value) {
            const Expected<QStringList> words = splitShellWords(QString(u"curl " + quoted));
            ASSERT_TRUE(words) << str(quoted);
            ASSERT_EQ(words->size(), 2) << str(quoted);
            EXPECT_EQ(str(words->at(1)), str(value)) << str(quoted);
        }
    }
    EXPECT_EQ(str(shellQuote("it's")), "'it'\\''s'");
    EXPECT_EQ(str(shellQuote("a\nb!")), "$'a\\nb\\x21'");
    EXPECT_EQ(str(shellQuote("x=1,y")), "x=1,y");
}

// --- round trips: request → curl → request ----------------------------------

namespace {

struct RoundTrip {
    const char* what;
    RequestItem item;
};

std::vector<RoundTrip> roundTrips(const QString& photoPath)
{
    std::vector<RoundTrip> out;
    RequestItem get = requestItem("GET", "https://api.example.com/search");
    get.params = {kv("q", "caf\u00e9 & cr\u00e8me"), kv("tags[]", "a"), kv("empty", "")};
    get.headers = {kv("Accept", "application/json"), kv("X-Trace", "it's $HOME"), kv("X-Empty", "")};
    out.push_back({"get with params and hard headers", get});

    RequestItem json = requestItem("POST", "https://api.example.com/orders");
    json.headers = {kv("Accept", "*/*")};
    json.body.kind = Body::Kind::Json;
    json.body.text = q("{\n  \"note\": \"it's $5 \u2713\",\n  \"tab\": \"\t\"\n}");
    json.auth.kind = Auth::Kind::Bearer;
    json.auth.token = q("t0k3n");
    out.push_back({"json with bearer auth", json});

    RequestItem raw = requestItem("PATCH", "http://x/doc");
    raw.body.kind = Body::Kind::Raw;
    raw.body.contentType = q("text/plain; charset=utf-8");
    raw.body.text = q("@first line\r\nsecond 'line' \\ $x\n");
    raw.auth.kind = Auth::Kind::Basic;
    raw.auth.username = q("al:ice");
    raw.auth.password = q("p\u00e4ss");
    out.push_back({"raw text with basic auth", raw});

    RequestItem rawNoType = requestItem("POST", "http://x/blob");
    rawNoType.body.kind = Body::Kind::Raw;
    rawNoType.body.text = q("no content type at all");
    out.push_back({"raw without a content type", rawNoType});

    RequestItem form = requestItem("POST", "http://x/login");
    form.body.kind = Body::Kind::UrlEncoded;
    form.body.urlEncoded = {kv("user", "al ice"), kv("pass", "p&ss=w\u00f6rd")};
    out.push_back({"urlencoded", form});

    RequestItem put = requestItem("PUT", "http://x/empty");
    out.push_back({"empty put", put});

    RequestItem del = requestItem("DELETE", "http://x/thing/1");
    del.body.kind = Body::Kind::Json;
    del.body.text = q("{\"reason\": \"dup\"}");
    out.push_back({"delete with a body", del});

    RequestItem head = requestItem("HEAD", "http://x/status");
    out.push_back({"head", head});

    RequestItem apikey = requestItem("GET", "http://x/k");
    apikey.auth.kind = Auth::Kind::ApiKey;
    apikey.auth.keyName = q("api_key");
    apikey.auth.keyValue = q("s e/c");
    apikey.auth.keyIn = Auth::ApiKeyIn::Query;
    out.push_back({"api key in the query", apikey});

    RequestItem textParts = requestItem("POST", "http://x/form");
    textParts.body.kind = Body::Kind::Multipart;
    textParts.body.multipart = {FormField{q("a"), q("1"), false, {}, true},
                                FormField{q("b"), q("two; \"three\""), false, q("text/plain"), true}};
    out.push_back({"multipart text only", textParts});

    RequestItem upload = requestItem("POST", "http://x/upload");
    upload.headers = {kv("X-Upload", "yes")};
    upload.body.kind = Body::Kind::Multipart;
    upload.body.multipart
        = {FormField{q("title"), q("Holiday"), false, {}, true}, FormField{q("photo"), photoPath, true, {}, true},
           FormField{q("meta"), q("{\"k\": 1}"), false, q("application/json"), true},
           FormField{q("note"), q(" padded; "), false, {}, true}};
    out.push_back({"multipart with a file", upload});

    RequestItem big = requestItem("POST", "http://x/big");
    big.body.kind = Body::Kind::Raw;
    big.body.contentType = q("text/csv");
    big.body.text = QString(3000, u'x');
    out.push_back({"a body over 1 KiB", big});

    RequestItem keyed = requestItem("POST", "http://x/pay");
    keyed.body.kind = Body::Kind::Json;
    keyed.body.text = q("{}");
    keyed.policy = policyOf(R"({"idempotency_key": {"header": "Idempotency-Key", "value": "pay-42"}})");
    out.push_back({"a fixed idempotency key", keyed});
    return out;
}

class RoundTripTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        ASSERT_TRUE(dir.isValid());
        QFile photo(dir.filePath(QStringLiteral("photo.png")));
        ASSERT_TRUE(photo.open(QIODevice::WriteOnly));
        photo.write(QByteArray("\x89PNG\r\n\x1a\n", 8) + "not really an image");
    }
    QTemporaryDir dir;
};

} // namespace

TEST_F(RoundTripTest, RequestToCurlAndBackSendsTheSameBytes)
{
    for (const RoundTrip& t : roundTrips(dir.filePath(QStringLiteral("photo.png")))) {
        SCOPED_TRACE(t.what);
        const BuiltRequest first = built(t.item);
        const QString command = requestToCurl(first, q(t.what));
        // -F names files relative to where curl runs.
        InDirectory in(dir.path());
        const Expected<RequestItem> back = requestFromCurl(command, q(t.what));
        ASSERT_TRUE(back) << str(command) << "\n" << str(back.error().message);
        const BuiltRequest second = built(*back);
        const Request a = onWire(first);
        const Request b = onWire(second);
        EXPECT_EQ(str(a.method), str(b.method)) << str(command);
        EXPECT_EQ(str(a.url.toString(QUrl::FullyEncoded)), str(b.url.toString(QUrl::FullyEncoded))) << str(command);
        EXPECT_EQ(headerLines(a.headers), headerLines(b.headers)) << str(command);
        EXPECT_EQ(a.body.toHex(), b.body.toHex()) << str(command);
    }
}

// --- real curl as the reference -----------------------------------------------

namespace {

// The request as the loopback server received it: the request line, the
// fields in order and the body.
struct WireRequest {
    QByteArray method;
    QByteArray target;
    std::vector<std::string> headers;
    QByteArray body;
};

WireRequest wireOf(const test::LoopbackServer::Received& r)
{
    return WireRequest{r.method, r.target, headerLines(r.headers), r.body};
}

} // namespace

TEST_F(RoundTripTest, RealCurlSendsWhatTheEngineSends)
{
    if (QStandardPaths::findExecutable(QStringLiteral("curl")).isEmpty()
        || QStandardPaths::findExecutable(QStringLiteral("bash")).isEmpty())
        GTEST_SKIP() << "curl or bash is not installed";
    test::LoopbackServer server;
    ASSERT_TRUE(server.listen());
    Http1Transport transport;

    int n = 0;
    for (RoundTrip t : roundTrips(dir.filePath(QStringLiteral("photo.png")))) {
        SCOPED_TRACE(t.what);
        if (t.item.method == u"HEAD")
            continue; // -I prints the headers and would not tell us more
        // Each case gets its own path on the loopback server.
        const QString base = server.url(QStringLiteral("/case%1").arg(++n)).toString();
        t.item.url.replace(QRegularExpression(QStringLiteral("^https?://[^/]+/")), base + u'/');
        const BuiltRequest b = built(t.item);

        bool done = false;
        transport.start(onWire(b), {}, [&done](ExchangeResult) { done = true; });
        ASSERT_TRUE(QTest::qWaitFor([&] { return done; }, 5000));

        QProcess bash;
        bash.setWorkingDirectory(dir.path());
        QSignalSpy finished(&bash, &QProcess::finished);
        const QString command = requestToCurl(b);
        bash.start(QStringLiteral("bash"), {QStringLiteral("-c"), command + QStringLiteral(" -s -o /dev/null")});
        ASSERT_TRUE(finished.wait(10000)) << str(command);
        ASSERT_EQ(bash.exitCode(), 0) << str(command) << str(bash.readAllStandardError());

        const QList<test::LoopbackServer::Received> received = server.received();
        ASSERT_GE(received.size(), 2);
        WireRequest ours = wireOf(received[received.size() - 2]);
        WireRequest curls = wireOf(received.back());
        if (t.item.body.kind == Body::Kind::Multipart && b.request.body.contains("filename=")) {
            // -F: curl picks its own boundary and puts its Content-Type after Content-Length.
            const QByteArray type = b.request.headers.value("Content-Type");
            const QByteArray ourBoundary = type.mid(type.indexOf("boundary=") + 9);
            const auto it = std::find_if(curls.headers.begin(), curls.headers.end(),
                                         [](const std::string& h) { return h.starts_with("Content-Type: "); });
            ASSERT_NE(it, curls.headers.end());
            const QByteArray curlBoundary = QByteArray::fromStdString(it->substr(it->find("boundary=") + 9));
            curls.body.replace(curlBoundary, ourBoundary);
            *it = "Content-Type: " + str(type);
            std::sort(ours.headers.begin(), ours.headers.end());
            std::sort(curls.headers.begin(), curls.headers.end());
        }
        EXPECT_EQ(str(ours.method), str(curls.method)) << str(command);
        EXPECT_EQ(str(ours.target), str(curls.target)) << str(command);
        EXPECT_EQ(ours.headers, curls.headers) << str(command);
        EXPECT_EQ(ours.body.toHex(), curls.body.toHex()) << str(command);
    }
    EXPECT_EQ(n, 12) << "every case but HEAD went through curl";
}

TEST(CurlExport, ImportedUploadGoesBackToFormOptions)
{
    InDirectory in(fixturesDir());
    const RequestItem r = imported("multipart_upload.sh");
    EXPECT_EQ(str(requestToCurl(built(r))),
              "# -F reads avatar.png, data.bin from the current directory\n"
              "# POST is not retried: it carries no Idempotency-Key and retry_unsafe is off (curl would retry it)\n"
              "curl 'https://upload.example.com/photos' \\\n"
              "  -H 'User-Agent:' \\\n"
              "  -H 'Accept:' \\\n"
              "  -F 'title=Holiday in Lisbon' \\\n"
              "  -F 'photo=@avatar.png;type=image/png' \\\n"
              "  --form-string $'notes=first line\\nsecond line\\n' \\\n"
              "  -F 'raw=@data.bin;type=application/octet-stream' \\\n"
              "  -F 'thumb=@avatar.png;type=application/x-thumbnail' \\\n"
              "  --form-string 'caption=@not-a-file; really' \\\n"
              "  -m 30");
    // And back: the same body bytes (the boundary is a hash of the parts).
    const Expected<RequestItem> back = requestFromCurl(requestToCurl(built(r)));
    ASSERT_TRUE(back) << str(back.error().message);
    EXPECT_EQ(built(*back).request.body.toHex(), built(r).request.body.toHex());
}

TEST(CurlExport, BodiesWithNulBytesGoThroughAFile)
{
    RequestItem item = requestItem("POST", "http://x/bin");
    item.body.kind = Body::Kind::Raw;
    item.body.contentType = q("application/octet-stream");
    item.body.text = QString::fromUtf8("a\0b", 3);
    item.policy = policyOf(R"({"max_attempts": 1})");
    EXPECT_EQ(str(requestToCurl(built(item))),
              "# the body holds NUL bytes, which a shell argument cannot carry: save its 3 bytes as body.bin\n"
              "curl 'http://x/bin' \\\n"
              "  -H 'Content-Type: application/octet-stream' \\\n"
              "  -H 'User-Agent:' \\\n"
              "  -H 'Accept:' \\\n"
              "  --data-binary @body.bin \\\n"
              "  -m 30");
}
