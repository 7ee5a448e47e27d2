// curl commands as they are pasted, imported as collection requests.
#include "curltestsupport.h"

using namespace jitterbug;
using namespace jitterbug::curltest;

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

TEST(CurlImport, OptionsASavedRequestCannotRunAreKeptUnderForeignAndInsecureIsTheRequests)
{
    const RequestItem r = imported("location_insecure.sh");
    EXPECT_EQ(QJsonDocument(r.foreign).toJson(QJsonDocument::Compact).toStdString(),
              R"({"curl":["--location","--max-redirs 5"]})")
        << "-s, -S and -o only change curl's output";
    EXPECT_TRUE(r.insecureTls) << "-k is the request's own insecure_tls";
    EXPECT_FALSE(imported("head_request.sh").insecureTls);
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
