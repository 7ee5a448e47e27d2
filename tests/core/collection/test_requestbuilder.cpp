#include "collection/dynamicvariables.h"
#include "collection/mediatypes.h"
#include "collection/requestbuilder.h"

#include <QFile>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace jitterbug;

namespace {

// Collections are built here in code, so these tests do not depend on the file format.

QString q(const char* utf8)
{
    return QString::fromUtf8(utf8);
}

std::string str(const QString& s)
{
    return s.toStdString();
}

std::string str(const QByteArray& bytes)
{
    return bytes.toStdString();
}

Variable var(const char* name, const char* value, bool secret = false, bool enabled = true)
{
    return Variable{q(name), q(value), secret, enabled};
}

KeyValue kv(const char* name, const char* value, bool enabled = true)
{
    return KeyValue{q(name), q(value), enabled, {}};
}

FormField textField(const char* name, const char* value, const char* contentType = "")
{
    return FormField{q(name), q(value), false, q(contentType), true};
}

FormField fileField(const char* name, const char* path, const char* contentType = "")
{
    return FormField{q(name), q(path), true, q(contentType), true};
}

FormField disabled(FormField field)
{
    field.enabled = false;
    return field;
}

Auth authOf(Auth::Kind kind)
{
    Auth auth;
    auth.kind = kind;
    return auth;
}

Auth basicAuth(const char* username, const char* password)
{
    Auth auth = authOf(Auth::Kind::Basic);
    auth.username = q(username);
    auth.password = q(password);
    return auth;
}

RequestItem request(const char* name, const char* url, const char* method = "GET")
{
    RequestItem r;
    r.name = q(name);
    r.url = q(url);
    r.method = q(method);
    return r;
}

Folder folder(const char* name, std::vector<Item> items = {})
{
    Folder f;
    f.name = q(name);
    f.items = std::move(items);
    return f;
}

PolicyOverride policy(const char* json)
{
    return PolicyOverride{QJsonDocument::fromJson(QByteArray(json)).object()};
}

// One request at the top, for tests of a single request.
Collection single(const RequestItem& r)
{
    Collection c;
    c.name = q("Shop");
    c.items.push_back(Item{r});
    return c;
}

BuiltRequest built(const Collection& c, const ItemPath& path = {0}, const Environment* env = nullptr,
                   const SecretValues& secrets = {})
{
    Expected<BuiltRequest> r = buildRequest(c, path, env, secrets);
    EXPECT_TRUE(r) << "unexpected error: " << str(r.error().message);
    return r ? *r : BuiltRequest{};
}

std::string errorOf(const Collection& c, const ItemPath& path = {0}, const Environment* env = nullptr,
                    const SecretValues& secrets = {})
{
    Expected<BuiltRequest> r = buildRequest(c, path, env, secrets);
    EXPECT_FALSE(r) << "built although it should not";
    return r ? std::string() : str(r.error().message);
}

std::vector<std::string> headerLines(const HeaderList& headers)
{
    std::vector<std::string> out;
    for (const HeaderList::Field& f : headers.fields())
        out.push_back(str(f.name) + (f.value.isNull() ? " <removed>" : ": " + str(f.value)));
    return out;
}

std::string substituted(const VariableScope& scope, const char* text)
{
    const Expected<QString> r = scope.substitute(q(text));
    return r ? str(*r) : "error: " + str(r.error().message);
}

// collection > Outer > Inner > "Deep"; each scope defines the names it wins for.
Collection scopedCollection()
{
    Folder inner = folder("Inner", {Item{request("Deep", "http://h/")}});
    inner.variables = {var("a", "inner"), var("b", "inner")};
    Folder outer = folder("Outer", {Item{std::move(inner)}, Item{request("Shallow", "http://h/")}});
    outer.variables = {var("a", "outer"), var("b", "outer"), var("c", "outer")};
    Collection c;
    c.items.push_back(Item{std::move(outer)});
    c.variables = {var("a", "collection"), var("b", "collection"), var("c", "collection"), var("d", "collection")};
    return c;
}

// ---- variables ---------------------------------------------------------------------------------------------------

TEST(VariableScope, EnvironmentThenInnerFolderThenOuterFolderThenCollection)
{
    const Collection c = scopedCollection();
    const Environment env{q("dev"), {var("a", "env")}};
    const VariableScope deep = VariableScope::forRequest(c, {0, 0, 0}, &env, {});
    EXPECT_EQ(deep.value(u"a"), q("env"));
    EXPECT_EQ(deep.value(u"b"), q("inner"));
    EXPECT_EQ(deep.value(u"c"), q("outer"));
    EXPECT_EQ(deep.value(u"d"), q("collection"));
    EXPECT_EQ(deep.value(u"e"), std::nullopt);

    // A sibling of the inner folder does not see its variables; without an environment the folder wins.
    const VariableScope shallow = VariableScope::forRequest(c, {0, 1}, nullptr, {});
    EXPECT_EQ(shallow.value(u"a"), q("outer"));
    EXPECT_EQ(shallow.value(u"b"), q("outer"));
}

TEST(VariableScope, DisabledVariablesDoNotCount)
{
    Collection c = scopedCollection();
    c.variables.append(var("only_disabled", "x", false, false));
    const Environment env{q("dev"), {var("a", "env", false, false), var("b", "env", false, false)}};
    const VariableScope scope = VariableScope::forRequest(c, {0, 0, 0}, &env, {});
    EXPECT_EQ(scope.value(u"a"), q("inner"));
    EXPECT_EQ(scope.value(u"only_disabled"), std::nullopt);
}

TEST(VariableScope, LaterDuplicateInOneScopeWins)
{
    Collection c = single(request("R", "http://h/"));
    c.variables = {var("a", "first"), var("a", "second")};
    EXPECT_EQ(VariableScope::forRequest(c, {0}, nullptr, {}).value(u"a"), q("second"));
}

TEST(VariableScope, SecretsComeFromTheStoreNotTheFile)
{
    Collection c = single(request("R", "http://h/"));
    c.variables = {var("token", "left-in-file", true), var("user", "alice")};
    const SecretValues secrets{{q("token"), q("s3cret")}, {q("unused"), q("x")}};
    const VariableScope scope = VariableScope::forRequest(c, {0}, nullptr, secrets);
    EXPECT_EQ(scope.value(u"token"), q("s3cret"));
    EXPECT_EQ(scope.value(u"unused"), std::nullopt); // the store alone defines nothing
}

TEST(VariableScope, MissingSecretIsUndefinedAndHidesOuterValues)
{
    Collection c = single(request("R", "http://h/"));
    c.variables = {var("token", "dev-token")};
    const Environment prod{q("prod"), {var("token", "", true)}};
    const VariableScope scope = VariableScope::forRequest(c, {0}, &prod, {});
    EXPECT_EQ(scope.value(u"token"), std::nullopt);
    EXPECT_EQ(substituted(scope, "Bearer {{token}}"),
              "error: undefined variable {{token}} (a secret with no value in the secret store)");
}

TEST(VariableScope, SubstitutionEdgeCases)
{
    Collection c = single(request("R", "http://h/"));
    c.variables = {var("a", "A"), var("b", "B"), var("my var", "spaced"), var("loop", "{{a}}"), var("empty", "")};
    const VariableScope s = VariableScope::forRequest(c, {0}, nullptr, {});
    EXPECT_EQ(substituted(s, "{{a}}"), "A");
    EXPECT_EQ(substituted(s, "x{{ a }}y{{\ta\n}}z"), "xAyAz");
    EXPECT_EQ(substituted(s, "{{a}}{{b}}"), "AB");
    EXPECT_EQ(substituted(s, "{{my var}}"), "spaced");
    EXPECT_EQ(substituted(s, "{{loop}}"), "{{a}}"); // once, not recursively
    EXPECT_EQ(substituted(s, "[{{empty}}]"), "[]");
    EXPECT_EQ(substituted(s, "{{a"), "{{a");
    EXPECT_EQ(substituted(s, "{{a}} and {{"), "A and {{");
    EXPECT_EQ(substituted(s, "}}{{a}}{"), "}}A{");
    EXPECT_EQ(substituted(s, "{{{{a}}"), "{{A"); // a name holds no brace
    EXPECT_EQ(substituted(s, "{{a}b}}"), "{{a}b}}");
    EXPECT_EQ(substituted(s, "{{}} {{  }}"), "{{}} {{  }}"); // no name, no variable
    EXPECT_EQ(substituted(s, "{\"json\": {\"x\": 1}}"), "{\"json\": {\"x\": 1}}");
    EXPECT_EQ(substituted(s, "{{a}} {{ host }}"), "error: undefined variable {{host}}");
}

// ---- URL and params ----------------------------------------------------------------------------------------------

TEST(BuildRequest, UrlAndParamsAreResolvedAndEncodedAsPostmanDoes)
{
    RequestItem r = request("Search", "{{base}}/search");
    r.params = {
        kv("q", "a b&c=d"),
        kv("lang", "{{lang}}"),
        kv("skipped", "x", false),
        kv("pre", "100%25+1"), // already encoded: kept
        kv("pct", "50%"), // a bare % cannot stand in a URL
        kv("k=1", "/path?:@,;!$'()*\"<>#"),
        kv("empty", ""),
    };
    Collection c = single(r);
    c.variables = {var("base", "https://api.example.com:8443/v1"), var("lang", "Grüße")};
    const Request built = ::built(c).request;
    EXPECT_EQ(str(built.url.toString(QUrl::FullyEncoded)),
              // '=' stays in a value and is encoded in a key, as newman sends them
              "https://api.example.com:8443/v1/search?q=a%20b%26c=d&lang=Gr%C3%BC%C3%9Fe&pre=100%25+1&pct=50%25"
              "&k%3D1=/path?:@,;!$%27()*%22%3C%3E%23&empty=");
    EXPECT_EQ(str(built.method), "GET");
}

TEST(BuildRequest, ParamsFollowTheUrlsOwnQuery)
{
    // A bare key ("debug", no '=') can only be written in the URL: a param always has a value, if empty.
    RequestItem r = request("List", "http://h/items?page=2&debug");
    r.params = {kv("size", "10"), kv("verbose", "")};
    EXPECT_EQ(str(built(single(r)).request.url.toString(QUrl::FullyEncoded)),
              "http://h/items?page=2&debug&size=10&verbose=");

    r.params = {kv("off", "1", false)};
    EXPECT_EQ(str(built(single(r)).request.url.toString(QUrl::FullyEncoded)), "http://h/items?page=2&debug");
}

TEST(BuildRequest, EscapesTheUserWroteSurviveALonePercent)
{
    // A lone '%' anywhere must not turn the URL's other escapes into %25XX.
    Collection c = single(request("Q", "http://h/p/%2F/a%zz?b=%41&c=100%&d=%2541"));
    c.variables = {var("pct", "5%")};
    EXPECT_EQ(str(built(c).request.url.toString(QUrl::FullyEncoded)), "http://h/p/%2F/a%25zz?b=A&c=100%25&d=%2541")
        << "%41 is A (RFC 3986 equivalent); %2F and %2541 keep their meaning";
}

TEST(BuildRequest, TheRequestTargetIsSpelledAsNewmanSpellsIt)
{
    // Qt's URL type would send %7B, %7C and %2541 here; newman sends these bytes.
    RequestItem r = request("Q", "http://h/p a/x'{}|^/%41?where={\"a\":[1]}|^&q='x'&c=100%");
    r.params = {kv("f", "{\"b\":2} 'y'"), kv("k=", "v&w")};
    const Request sent = built(single(r)).request;
    EXPECT_EQ(str(sent.target),
              "/p%20a/x'%7B%7D|^/%41?where={%22a%22:[1]}|^&q=%27x%27&c=100%&f={%22b%22:2}%20%27y%27&k%3D=v%26w");
    EXPECT_EQ(str(urlAsSent(sent)), "http://h" + str(sent.target)) << "reports show what was sent";
    EXPECT_EQ(str(requestTarget(built(single(request("R", "http://h"))).request)), "/");
}

TEST(BuildRequest, AVariablesAmpersandSeparatesParamsAsInNewman)
{
    // newman puts variables into the URL text before parsing it; a literal
    // '&' typed in a parameter is the parameter's own.
    RequestItem r = request("Q", "http://h/q");
    r.params = {kv("c", "{{amp}}"), kv("lit", "a&b"), kv("k{{suffix}}", "1")};
    Collection c = single(r);
    c.variables = {var("amp", "x&y=z y"), var("suffix", "=2")};
    EXPECT_EQ(str(built(c).request.url.toString(QUrl::FullyEncoded)), "http://h/q?c=x&y=z%20y&lit=a%26b&k=2=1");
}

TEST(BuildRequest, CredentialsInTheUrlAreBasicAuthAndLeaveTheUrl)
{
    Collection c = single(request("Me", "https://{{user}}:p%40ss@api.example.com/me"));
    c.variables = {var("user", "alice")};
    const Request sent = built(c).request;
    EXPECT_EQ(str(sent.url.toString(QUrl::FullyEncoded)), "https://api.example.com/me") << "no password in reports";
    EXPECT_EQ(headerLines(sent.headers), std::vector<std::string>{"Authorization: Basic YWxpY2U6cEBzcw=="});

    // A variable's '@', ':' or space is the password's, not URL syntax.
    Collection special = single(request("Me", "http://{{u}}:{{pw}}@{{h}}/me"));
    special.variables = {var("u", "us"), var("pw", "p w:@x/"), var("h", "api.example.com")};
    EXPECT_EQ(headerLines(built(special).request.headers),
              std::vector<std::string>{"Authorization: Basic " + QByteArray("us:p w:@x/").toBase64().toStdString()});
    special.variables[2].value = q("exa mple.com");
    EXPECT_EQ(errorOf(special), "request \"Me\": url: invalid URL \"http://{{u}}:{{pw}}@{{h}}/me\"")
        << "the URL as written, not the password";

    RequestItem apiKey = request("Me", "https://alice:pw@api.example.com/me", "get");
    apiKey.auth = authOf(Auth::Kind::ApiKey);
    apiKey.auth.keyName = q("X-Key");
    apiKey.auth.keyValue = q("k");
    EXPECT_EQ(headerLines(built(single(apiKey)).request.headers),
              (std::vector<std::string>{"X-Key: k", "Authorization: Basic YWxpY2U6cHc="}))
        << "newman sends both; a lower-case get gets no Content-Length either";

    RequestItem bearer = request("Me", "https://alice:pw@api.example.com/me");
    bearer.auth = authOf(Auth::Kind::Bearer);
    bearer.auth.token = q("tok");
    EXPECT_EQ(headerLines(built(single(bearer)).request.headers), std::vector<std::string>{"Authorization: Bearer tok"})
        << "the request's own auth wins over the URL's";
}

TEST(BuildRequest, ContentLengthZeroForBodilessMethodsThatMayCarryOne)
{
    const auto headersOf = [](const char* method) {
        return headerLines(built(single(request("R", "http://h/", method))).request.headers);
    };
    EXPECT_EQ(headersOf("PURGE"), std::vector<std::string>{"Content-Length: 0"});
    EXPECT_EQ(headersOf("LOCK"), std::vector<std::string>{"Content-Length: 0"});
    for (const char* method : {"GET", "HEAD", "DELETE", "OPTIONS", "POST"})
        EXPECT_EQ(headersOf(method), std::vector<std::string>{}) << method << ": none, or the transport's own";
}

TEST(BuildRequest, DynamicVariablesAreDrawnAtEachUse)
{
    RequestItem r = request("D", "http://h/{{$randomInt}}");
    r.headers = {kv("X-A", "{{$guid}}"), kv("X-B", "{{$guid}}"), kv("X-T", "{{$timestamp}} {{$isoTimestamp}}")};
    const Collection c = single(r);
    const QDateTime at = QDateTime::fromString(QStringLiteral("2026-11-28T10:00:00.250Z"), Qt::ISODateWithMs);
    const auto draw = [&c, &at](quint64 seed) {
        DynamicVariables values(Random(seed), [&at] { return at; });
        Expected<BuiltRequest> b = buildRequest(c, {0}, nullptr, {}, &values);
        EXPECT_TRUE(b);
        EXPECT_EQ(values.uses(), 5);
        return b ? *b : BuiltRequest{};
    };
    const BuiltRequest one = draw(7);
    const QByteArray a = one.request.headers.value("X-A");
    EXPECT_TRUE(
        QRegularExpression(QStringLiteral("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"))
            .match(QString::fromLatin1(a))
            .hasMatch())
        << str(a);
    EXPECT_NE(a, one.request.headers.value("X-B")) << "each use draws anew, as in Postman";
    EXPECT_EQ(str(one.request.headers.value("X-T")), "1795860000 2026-11-28T10:00:00.250Z");
    const int path = one.request.url.path().mid(1).toInt();
    EXPECT_TRUE(path >= 0 && path <= 1000);
    EXPECT_EQ(draw(7).request.headers, one.request.headers) << "the same seed, the same values";
    EXPECT_NE(draw(8).request.headers.value("X-A"), a);

    EXPECT_EQ(errorOf(single(request("D", "http://h/{{$guid}}"))),
              "request \"D\": url: {{$guid}} has a value only when the request is sent");
    DynamicVariables values(Random(1), [&at] { return at; });
    const Expected<BuiltRequest> unknown
        = buildRequest(single(request("D", "http://h/{{$randomFirstName}}")), {0}, nullptr, {}, &values);
    ASSERT_FALSE(unknown);
    EXPECT_EQ(str(unknown.error().message),
              "request \"D\": url: unsupported dynamic variable {{$randomFirstName}} (supported: $guid, $randomUUID, "
              "$timestamp, $isoTimestamp, $randomInt, $randomBoolean, $randomHexColor)");
}

TEST(MediaTypes, FilePartsTakeNewmansTypeOfTheirLastExtension)
{
    EXPECT_EQ(mediaTypeForFileName("data.csv"), "text/csv");
    EXPECT_EQ(mediaTypeForFileName("REPORT.JSON"), "application/json");
    EXPECT_EQ(mediaTypeForFileName("backup.tar.gz"), "application/gzip");
    EXPECT_EQ(mediaTypeForFileName("app.log"), "text/plain");
    EXPECT_EQ(mediaTypeForFileName("config.yaml"), "text/yaml");
    EXPECT_EQ(mediaTypeForFileName("script.py"), "application/octet-stream") << "not in newman's table either";
    EXPECT_EQ(mediaTypeForFileName("Makefile"), "application/octet-stream");
    EXPECT_EQ(mediaTypeForFileName("archive.zip"), "application/zip");
}

TEST(VariableScope, APostmanFilesSecretValueServesWhenTheStoreHasNone)
{
    Collection c = single(request("R", "http://h/"));
    c.variables = {var("token", "from-postman", true)};
    EXPECT_EQ(VariableScope::forRequest(c, {0}, nullptr, {}).value(u"token"), q("from-postman"));
    EXPECT_EQ(VariableScope::forRequest(c, {0}, nullptr, {{q("token"), q("stored")}}).value(u"token"), q("stored"));
    EXPECT_EQ(dropSecretValues(c), QStringList{q("token")});
    EXPECT_EQ(VariableScope::forRequest(c, {0}, nullptr, {}).value(u"token"), std::nullopt);
}

TEST(BuildRequest, UrlWithoutSchemeIsHttp)
{
    RequestItem r = request("Local", "{{host}}/x?next=http://elsewhere/");
    Collection c = single(r);
    c.variables = {var("host", "localhost:3000")};
    EXPECT_EQ(str(built(c).request.url.toString(QUrl::FullyEncoded)), "http://localhost:3000/x?next=http://elsewhere/");
}

TEST(BuildRequest, UrlErrorsNameTheRequest)
{
    EXPECT_EQ(errorOf(single(request("Fetch", "ftp://files.example.com/a"))),
              "request \"Fetch\": url: unsupported scheme \"ftp\" in \"ftp://files.example.com/a\"; only http and "
              "https are supported");
    EXPECT_EQ(errorOf(single(request("Fetch", "http://"))), "request \"Fetch\": url: invalid URL \"http://\"");
    EXPECT_EQ(errorOf(single(request("Fetch", "http://h/", "GET /"))),
              "request \"Fetch\": method: invalid method \"GET /\"");

    RequestItem r = request("Search", "http://h/");
    r.params = {kv("ok", "1"), kv("q", "{{term}}")};
    EXPECT_EQ(errorOf(single(r)), "request \"Search\": params[1] (q): undefined variable {{term}}");
}

// ---- headers -----------------------------------------------------------------------------------------------------

TEST(BuildRequest, EnabledHeadersInOrderWithVariables)
{
    RequestItem r = request("Create order", "http://h/orders", "POST");
    r.headers = {
        kv("X-Trace", "{{trace}}"), kv("Accept", "text/html", false), kv("X-{{kind}}", "a"),
        kv("X-Empty", ""),          kv("x-trace", "second"),
    };
    Collection c = single(r);
    c.variables = {var("trace", "t-1"), var("kind", "Tenant")};
    const Request built = ::built(c).request;
    EXPECT_EQ(headerLines(built.headers),
              (std::vector<std::string>{"X-Trace: t-1", "X-Tenant: a", "X-Empty: ", "x-trace: second"}));
    EXPECT_EQ(str(built.method), "POST");
    EXPECT_TRUE(built.body.isEmpty());
}

TEST(BuildRequest, HeaderErrorsNameTheHeader)
{
    RequestItem r = request("Create order", "http://h/", "POST");
    r.headers = {kv("A", "1"), kv("B", "2", false), kv("X-Trace", "{{trace}}")};
    EXPECT_EQ(errorOf(single(r)), "request \"Create order\": headers[2] (X-Trace): undefined variable {{trace}}");

    Collection c = single(r);
    c.variables = {var("trace", "line\r\nInjected: yes")};
    EXPECT_EQ(errorOf(c),
              "request \"Create order\": headers[2] (X-Trace): the value contains a line break or another "
              "control character");

    r.headers = {kv("X {{n}}", "1")};
    c = single(r);
    c.variables = {var("n", "Trace")};
    EXPECT_EQ(errorOf(c), "request \"Create order\": headers[0] (X {{n}}): invalid header name \"X Trace\"");
}

// ---- bodies ------------------------------------------------------------------------------------------------------

TEST(BuildRequest, JsonBody)
{
    RequestItem r = request("Create order", "http://h/orders", "POST");
    r.body.kind = Body::Kind::Json;
    r.body.text = q("{\"sku\": \"{{sku}}\", \"qty\": 2}");
    Collection c = single(r);
    c.variables = {var("sku", "ABC-1")};
    const Request built = ::built(c).request;
    EXPECT_EQ(str(built.body), "{\"sku\": \"ABC-1\", \"qty\": 2}");
    EXPECT_EQ(headerLines(built.headers), (std::vector<std::string>{"Content-Type: application/json"}));

    // A Content-Type header the user set wins, in its place.
    c.items[0].request()->headers = {kv("content-type", "application/vnd.api+json"), kv("X-A", "1")};
    EXPECT_EQ(headerLines(::built(c).request.headers),
              (std::vector<std::string>{"content-type: application/vnd.api+json", "X-A: 1"}));

    c.items[0].request()->body.text = q("{\"sku\": \"{{missing}}\"}");
    EXPECT_EQ(errorOf(c), "request \"Create order\": body.text: undefined variable {{missing}}");
}

TEST(BuildRequest, RawBody)
{
    RequestItem r = request("Note", "http://h/notes", "PUT");
    r.body.kind = Body::Kind::Raw;
    r.body.contentType = q("text/plain; charset=utf-8");
    r.body.text = q("Hällo {{who}}\n");
    Collection c = single(r);
    c.variables = {var("who", "Welt")};
    Request built = ::built(c).request;
    EXPECT_EQ(built.body, QByteArray("H\xc3\xa4llo Welt\n"));
    EXPECT_EQ(headerLines(built.headers), (std::vector<std::string>{"Content-Type: text/plain; charset=utf-8"}));

    c.items[0].request()->body.contentType.clear(); // raw without a type sends none
    built = ::built(c).request;
    EXPECT_TRUE(built.headers.isEmpty());
    EXPECT_EQ(str(built.body), "Hällo Welt\n");
}

TEST(BuildRequest, UrlEncodedBodyAsNewmanSendsIt)
{
    RequestItem r = request("Login", "http://h/login", "POST");
    r.body.kind = Body::Kind::UrlEncoded;
    r.body.urlEncoded = {
        kv("user name", "{{user}}"),
        kv("skip", "me", false),
        kv("note", "a&b=c+d/e~f_g.h-i*"),
        kv("empty", ""),
    };
    Collection c = single(r);
    c.variables = {var("user", "Jürgen M")};
    const Request built = ::built(c).request;
    // Spaces as %20 (curl's --data-urlencode would send '+'; servers read both alike).
    EXPECT_EQ(str(built.body), "user%20name=J%C3%BCrgen%20M&note=a%26b%3Dc%2Bd%2Fe~f_g.h-i%2A&empty=");
    EXPECT_EQ(headerLines(built.headers),
              (std::vector<std::string>{"Content-Type: application/x-www-form-urlencoded"}));

    c.items[0].request()->body.urlEncoded[3].value = q("{{nope}}");
    EXPECT_EQ(errorOf(c), "request \"Login\": body.urlencoded[3] (empty): undefined variable {{nope}}");
}

class MultipartTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        ASSERT_TRUE(dir.isValid());
        write(q("notes.txt"), "file body\n");
        write(q("data.bin"), QByteArray("\x00\x01\x02", 3));
        write(q("photo.PNG"), "png");
    }
    void write(const QString& name, const QByteArray& contents)
    {
        QFile f(dir.filePath(name));
        ASSERT_TRUE(f.open(QIODevice::WriteOnly));
        f.write(contents);
    }
    QTemporaryDir dir;
};

TEST_F(MultipartTest, TextAndFilePartsAsCurlFormLaysThemOut)
{
    RequestItem r = request("Upload", "http://h/upload", "POST");
    r.body.kind = Body::Kind::Multipart;
    r.body.multipart = {
        textField("title", "Hello {{who}}"),
        fileField("doc", "{{dir}}/notes.txt"),
        disabled(textField("off", "x")),
        fileField("blob", "{{dir}}/data.bin"),
        fileField("pic", "{{dir}}/photo.PNG"),
        textField("meta", "{}", "application/json"),
        fileField("typed", "{{dir}}/notes.txt", "text/markdown"),
    };
    Collection c = single(r);
    c.variables = {var("who", "World"), var("dir", dir.path().toUtf8().constData())};
    const Request built = ::built(c).request;

    ASSERT_EQ(built.headers.size(), 1);
    const QByteArray type = built.headers.value("Content-Type");
    const QRegularExpressionMatch m
        = QRegularExpression(q("^multipart/form-data; boundary=(-{24}[0-9a-f]{16})$")).match(QString::fromUtf8(type));
    ASSERT_TRUE(m.hasMatch()) << str(type);
    const QByteArray b = m.captured(1).toUtf8();
    const QByteArray expected = "--" + b + "\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nHello World\r\n"
        + "--" + b
        + "\r\nContent-Disposition: form-data; name=\"doc\"; filename=\"notes.txt\"\r\nContent-Type: "
          "text/plain\r\n\r\nfile body\n\r\n"
        + "--" + b
        + "\r\nContent-Disposition: form-data; name=\"blob\"; filename=\"data.bin\"\r\nContent-Type: "
          "application/octet-stream\r\n\r\n"
        + QByteArray("\x00\x01\x02", 3) + "\r\n" + "--" + b
        + "\r\nContent-Disposition: form-data; name=\"pic\"; filename=\"photo.PNG\"\r\nContent-Type: "
          "image/png\r\n\r\npng\r\n"
        + "--" + b + "\r\nContent-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json\r\n\r\n{}\r\n"
        + "--" + b
        + "\r\nContent-Disposition: form-data; name=\"typed\"; filename=\"notes.txt\"\r\nContent-Type: "
          "text/markdown\r\n\r\nfile body\n\r\n"
        + "--" + b + "--\r\n";
    EXPECT_EQ(str(built.body), str(expected));
}

TEST_F(MultipartTest, UserContentTypeGetsTheBoundary)
{
    RequestItem r = request("Upload", "http://h/upload", "POST");
    r.headers = {kv("Content-Type", "multipart/mixed")};
    r.body.kind = Body::Kind::Multipart;
    r.body.multipart = {textField("a", "1")};
    const Request built = ::built(single(r)).request;
    ASSERT_EQ(built.headers.size(), 1);
    EXPECT_TRUE(built.headers.value("Content-Type").startsWith("multipart/mixed; boundary=------------------------"));
}

TEST_F(MultipartTest, UnreadableFileIsAnError)
{
    RequestItem r = request("Upload", "http://h/upload", "POST");
    r.body.kind = Body::Kind::Multipart;
    r.body.multipart = {fileField("file", "/x/y")};
    const Expected<BuiltRequest> result = buildRequest(single(r), {0}, nullptr, {});
    ASSERT_FALSE(result);
    EXPECT_EQ(str(result.error().message),
              "request \"Upload\": body.multipart[0] (file): cannot read /x/y: No such file or directory");
    EXPECT_EQ(result.error().code, Error::Code::Io);

    r.body.multipart = {textField("a", "1"), fileField("file", "{{path}}")};
    EXPECT_EQ(errorOf(single(r)), "request \"Upload\": body.multipart[1] (file): undefined variable {{path}}");
    r.body.multipart = {fileField("file", "")};
    EXPECT_EQ(errorOf(single(r)), "request \"Upload\": body.multipart[0] (file): no file path given");
}

// ---- auth --------------------------------------------------------------------------------------------------------

TEST(BuildRequest, BasicBearerAndApiKeyAuth)
{
    RequestItem r = request("Me", "http://h/me");
    r.params = {kv("q", "1")};
    r.headers = {kv("Authorization", "replaced"), kv("X-A", "1")};
    r.auth.kind = Auth::Kind::Basic;
    r.auth.username = q("{{user}}");
    r.auth.password = q("s3:cret");
    Collection c = single(r);
    c.variables = {var("user", "alice"), var("tok", "abc.def"), var("key", "k 1")};
    EXPECT_EQ(headerLines(built(c).request.headers),
              (std::vector<std::string>{"X-A: 1", "Authorization: Basic YWxpY2U6czM6Y3JldA=="}));

    Auth& auth = c.items[0].request()->auth;
    auth = authOf(Auth::Kind::Bearer);
    auth.token = q("{{tok}}");
    EXPECT_EQ(headerLines(built(c).request.headers),
              (std::vector<std::string>{"X-A: 1", "Authorization: Bearer abc.def"}));

    auth = authOf(Auth::Kind::ApiKey);
    auth.keyName = q("X-Api-Key");
    auth.keyValue = q("{{key}}");
    EXPECT_EQ(headerLines(built(c).request.headers),
              (std::vector<std::string>{"Authorization: replaced", "X-A: 1", "X-Api-Key: k 1"}));

    auth.keyIn = Auth::ApiKeyIn::Query;
    auth.keyName = q("api key");
    const Request inQuery = built(c).request;
    EXPECT_EQ(str(inQuery.url.toString(QUrl::FullyEncoded)), "http://h/me?q=1&api%20key=k%201");
    EXPECT_EQ(headerLines(inQuery.headers), (std::vector<std::string>{"Authorization: replaced", "X-A: 1"}));
    // Records mask the key under whatever name the auth gives it.
    EXPECT_EQ(inQuery.credentialNames, QByteArrayList{"api key"});
    EXPECT_FALSE(inQuery.insecureTls) << "TLS is verified unless the request says otherwise";
    c.items[0].request()->insecureTls = true;
    EXPECT_TRUE(built(c).request.insecureTls);

    auth = authOf(Auth::Kind::None);
    EXPECT_EQ(headerLines(built(c).request.headers), (std::vector<std::string>{"Authorization: replaced", "X-A: 1"}));
}

// Orders (bearer) > Admin (inherit) > requests with their own auth or none.
Collection authCollection()
{
    RequestItem inherits = request("List", "http://h/");
    RequestItem none = request("Public", "http://h/");
    none.auth.kind = Auth::Kind::None;
    Folder admin = folder("Admin", {Item{inherits}, Item{none}});
    Folder orders = folder("Orders", {Item{std::move(admin)}, Item{inherits}});
    orders.auth.kind = Auth::Kind::Bearer;
    orders.auth.token = q("{{tok}}");
    Folder other = folder("Other", {Item{inherits}});
    Collection c;
    c.items.push_back(Item{std::move(orders)});
    c.items.push_back(Item{std::move(other)});
    c.items.push_back(Item{inherits});
    c.variables = {var("tok", "T"), var("pw", "p")};
    return c;
}

TEST(BuildRequest, InheritedAuthComesFromTheNearestFolderThenTheCollection)
{
    Collection c = authCollection();
    EXPECT_EQ(str(built(c, {0, 0, 0}).request.headers.value("Authorization")), "Bearer T");
    EXPECT_EQ(str(built(c, {0, 1}).request.headers.value("Authorization")), "Bearer T");
    EXPECT_FALSE(built(c, {0, 0, 1}).request.headers.contains("Authorization"));
    EXPECT_FALSE(built(c, {1, 0}).request.headers.contains("Authorization")); // the collection's default: none

    // The inner folder's own auth wins over the outer one's.
    Folder& admin = *c.items[0].folder()->items[0].folder();
    admin.auth = basicAuth("admin", "{{pw}}");
    EXPECT_EQ(str(built(c, {0, 0, 0}).request.headers.value("Authorization")), "Basic YWRtaW46cA==");

    c.auth = authOf(Auth::Kind::Bearer);
    c.auth.token = q("collection");
    EXPECT_EQ(str(built(c, {1, 0}).request.headers.value("Authorization")), "Bearer collection");
    EXPECT_EQ(str(built(c, {2}).request.headers.value("Authorization")), "Bearer collection");
}

TEST(BuildRequest, AuthErrorsSayWhereTheAuthComesFrom)
{
    Collection c = authCollection();
    c.variables.clear();
    EXPECT_EQ(
        errorOf(c, {0, 0, 0}),
        "request \"Orders/Admin/List\": auth.token (inherited from folder \"Orders\"): undefined variable {{tok}}");

    RequestItem& own = *c.items[2].request();
    own.auth = basicAuth("u", "{{pw}}");
    EXPECT_EQ(errorOf(c, {2}), "request \"List\": auth.password: undefined variable {{pw}}");

    own.auth = authOf(Auth::Kind::ApiKey);
    own.auth.keyName = q("Bad Name");
    EXPECT_EQ(errorOf(c, {2}), "request \"List\": auth.name: invalid header name \"Bad Name\"");

    c.auth = authOf(Auth::Kind::Bearer);
    c.auth.token = q("{{gone}}");
    EXPECT_EQ(errorOf(c, {1, 0}),
              "request \"Other/List\": auth.token (inherited from the collection): undefined variable {{gone}}");
}

// ---- policy ------------------------------------------------------------------------------------------------------

TEST(BuildRequest, PolicyMergesCollectionFoldersAndRequest)
{
    RequestItem r = request("Create", "http://h/", "POST");
    r.policy = policy(R"({"max_attempts": 2, "deadline_ms": 9000})");
    Folder inner = folder("Inner", {Item{r}});
    inner.policy = policy(R"({"base_delay_ms": 50, "rate_limit": {"requests": 2, "period_ms": 500}})");
    Folder outer = folder("Outer", {Item{std::move(inner)}, Item{request("Plain", "http://h/")}});
    outer.policy = policy(R"({"jitter": "none", "max_attempts": 5})");
    Collection c;
    c.items.push_back(Item{std::move(outer)});
    c.policy = policy(R"({"max_attempts": 6, "base_delay_ms": 200, "rate_limit": {"requests": 5, "burst": 9}})");

    RetryPolicy expected;
    expected.maxAttempts = 2;
    expected.jitter = Jitter::None;
    expected.baseDelayMs = 50;
    expected.deadlineMs = 9000;
    expected.rateLimit = RateLimitSettings{2, 500, 0, RateLimitScope::Run}; // replaced whole: no burst of 9
    EXPECT_EQ(built(c, {0, 0, 0}).policy, expected);

    RetryPolicy plain;
    plain.maxAttempts = 5;
    plain.jitter = Jitter::None;
    plain.baseDelayMs = 200;
    plain.rateLimit = RateLimitSettings{5, 1000, 9, RateLimitScope::Run};
    EXPECT_EQ(built(c, {0, 1}).policy, plain);

    // null switches off what a parent set.
    c.policy->fields.insert(q("deadline_ms"), 4000);
    EXPECT_EQ(built(c, {0, 1}).policy.deadlineMs, 4000);
    c.items[0].folder()->items[1].request()->policy = policy(R"({"rate_limit": null, "deadline_ms": null})");
    const RetryPolicy off = built(c, {0, 1}).policy;
    EXPECT_EQ(off.rateLimit, std::nullopt);
    EXPECT_EQ(off.deadlineMs, std::nullopt);
}

TEST(BuildRequest, NoOverridesGiveTheDefaultPolicy)
{
    EXPECT_EQ(built(single(request("R", "http://h/"))).policy, RetryPolicy{});
}

TEST(BuildRequest, PolicyErrorsNameTheRequestAndTheField)
{
    RequestItem r = request("Create order", "http://h/", "POST");
    r.policy = policy(R"({"max_attempts": 0})");
    EXPECT_EQ(errorOf(single(r)), "request \"Create order\": policy.max_attempts: must be at least 1, got 0");

    r.policy = policy(R"({"jitter": "wobbly"})");
    EXPECT_EQ(errorOf(single(r)),
              "request \"Create order\": policy.jitter: expected one of none, full, equal, "
              "decorrelated, got \"wobbly\"");

    Collection c = single(request("Create order", "http://h/"));
    c.policy = policy(R"({"rate_limit": {"requests": 0}})");
    EXPECT_EQ(errorOf(c), "request \"Create order\": policy.rate_limit.requests: must be at least 1, got 0");
}

// ---- errors and paths --------------------------------------------------------------------------------------------

TEST(BuildRequest, ErrorsNameTheRequestWithItsFolders)
{
    Collection c;
    c.items.push_back(Item{folder("Orders", {Item{request("Create order", "{{base_url}}/orders", "POST")}})});
    EXPECT_EQ(errorOf(c, {0, 0}), "request \"Orders/Create order\": url: undefined variable {{base_url}}");
    EXPECT_EQ(errorOf(c, {0}), "no request at item path [0]");
    EXPECT_EQ(errorOf(c, {0, 3}), "no request at item path [0, 3]");
    EXPECT_EQ(errorOf(c, {}), "no request at item path []");
}

// r0, F1 [r, F1a [r, r], r], r2, Empty []
Collection tree()
{
    Collection c;
    c.items.push_back(Item{request("r0", "http://h/")});
    c.items.push_back(
        Item{folder("F1",
                    {Item{request("a", "http://h/")},
                     Item{folder("F1a", {Item{request("b", "http://h/")}, Item{request("c", "http://h/")}})},
                     Item{request("d", "http://h/")}})});
    c.items.push_back(Item{request("r2", "http://h/")});
    c.items.push_back(Item{folder("Empty")});
    return c;
}

TEST(RequestPaths, DepthFirstInOrder)
{
    const Collection c = tree();
    EXPECT_EQ(requestPaths(c), (QList<ItemPath>{{0}, {1, 0}, {1, 1, 0}, {1, 1, 1}, {1, 2}, {2}}));
    EXPECT_EQ(requestPaths(c, q("F1")), (QList<ItemPath>{{1, 0}, {1, 1, 0}, {1, 1, 1}, {1, 2}}));
    EXPECT_EQ(requestPaths(c, q("F1/F1a")), (QList<ItemPath>{{1, 1, 0}, {1, 1, 1}}));
    EXPECT_TRUE(requestPaths(c, q("F1a")).isEmpty()); // a display path from the top, not a name anywhere
    EXPECT_TRUE(requestPaths(c, q("Empty")).isEmpty());
    EXPECT_TRUE(requestPaths(c, q("r0")).isEmpty()); // a request is not a folder
    EXPECT_TRUE(requestPaths(Collection{}).isEmpty());
}

TEST(RequestPaths, DisplayPaths)
{
    const Collection c = tree();
    EXPECT_EQ(str(requestDisplayPath(c, {1, 1, 1})), "F1/F1a/c");
    EXPECT_EQ(str(requestDisplayPath(c, {2})), "r2");
    EXPECT_EQ(str(requestDisplayPath(c, {1, 1})), "F1/F1a");
}

} // namespace
