// Collection requests exported as curl commands that send the same request.
#include "curltestsupport.h"

using namespace jitterbug;
using namespace jitterbug::curltest;

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

TEST(CurlExport, InsecureTlsIsMinusKBothWays)
{
    const Expected<RequestItem> fromCurl = requestFromCurl(u"curl -k --retry 2 https://dev.test/p");
    ASSERT_TRUE(fromCurl);
    EXPECT_TRUE(fromCurl->insecureTls);
    EXPECT_TRUE(fromCurl->foreign.isEmpty()) << "a saved request runs -k itself";
    EXPECT_TRUE(built(*fromCurl).request.insecureTls);
    EXPECT_EQ(str(requestToCurl(built(*fromCurl))),
              "curl 'https://dev.test/p' \\\n"
              "  -k \\\n"
              "  -H 'User-Agent:' \\\n"
              "  -H 'Accept:' \\\n"
              "  --retry 2 \\\n"
              "  -m 30");
    RequestItem verified = *fromCurl;
    verified.insecureTls = false;
    EXPECT_FALSE(requestToCurl(built(verified)).contains(u"-k"));
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

// --- import: variables in the URL -------------------------------------------
