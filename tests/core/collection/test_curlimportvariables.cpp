// curl commands with {{variables}}, as API docs and Postman's code view give them.
#include "curltestsupport.h"

using namespace jitterbug;
using namespace jitterbug::curltest;

namespace {

// The imported request, or the import's error as its message.
Expected<RequestItem> importedLine(const char16_t* line)
{
    return requestFromCurl(QStringView(line));
}

std::string importError(const char16_t* line)
{
    const Expected<RequestItem> r = importedLine(line);
    return r ? "imported as " + str(r->url) : str(r.error().message);
}

std::string urlOf(const char16_t* line)
{
    const Expected<RequestItem> r = importedLine(line);
    return r ? str(r->url) : "error: " + str(r.error().message);
}

BuiltRequest builtWith(const RequestItem& item, const QList<Variable>& variables)
{
    Collection collection;
    collection.name = q("c");
    collection.variables = variables;
    collection.items.push_back(Item{item});
    const Expected<BuiltRequest> b = buildRequest(collection, ItemPath{0}, nullptr, {});
    EXPECT_TRUE(b) << str(b.error().message);
    return b ? *b : BuiltRequest{};
}

// What goes on the wire, as one string to compare and to read in a failure.
std::string wire(const BuiltRequest& b)
{
    const Request r = onWire(b);
    std::string out = str(r.method) + ' ' + str(r.url.toString(QUrl::FullyEncoded)) + '\n';
    for (const std::string& line : headerLines(r.headers))
        out += line + '\n';
    return out + '\n' + str(r.body);
}

} // namespace

TEST(CurlImportVariables, PostmanCodeViewKeepsTheWholeBaseAndEveryReference)
{
    const RequestItem r = imported("postman_code_variables.sh");
    EXPECT_EQ(str(r.url), "{{base_url}}/users/{{id}}?fields={{fields}}")
        << "no http:// before the base: the variable's value says the scheme";
    EXPECT_TRUE(r.params.isEmpty()) << "the query stays in the URL, as without variables";
    EXPECT_EQ(headerLines(r.headers), std::vector<std::string>{"Authorization: Bearer {{token}}"});
    EXPECT_EQ(QJsonDocument(r.foreign).toJson(QJsonDocument::Compact).toStdString(), R"({"curl":["--location"]})");
}

TEST(CurlImportVariables, HostPortAndCredentials)
{
    EXPECT_EQ(urlOf(u"curl https://{{host}}/v1/x"), "https://{{host}}/v1/x");
    EXPECT_EQ(urlOf(u"curl 'https://api.{{domain}}/x'"), "https://api.{{domain}}/x");
    EXPECT_EQ(urlOf(u"curl 'http://localhost:{{port}}/v1/x'"), "http://localhost:{{port}}/v1/x")
        << "a port takes a number in its place while parsing";
    EXPECT_EQ(urlOf(u"curl '{{host}}:{{port}}'"), "{{host}}:{{port}}");
    EXPECT_EQ(urlOf(u"curl --url '{{base_url}}/a' -s"), "{{base_url}}/a");
    EXPECT_EQ(urlOf(u"curl --url={{base_url}}/a"), "{{base_url}}/a");

    const Expected<RequestItem> r = importedLine(u"curl 'https://{{user}}:{{password}}@{{host}}/me'");
    ASSERT_TRUE(r) << str(r.error().message);
    EXPECT_EQ(str(r->url), "https://{{host}}/me");
    EXPECT_EQ(r->auth.kind, Auth::Kind::Basic) << "credentials in the URL, as without variables";
    EXPECT_EQ(str(r->auth.username), "{{user}}");
    EXPECT_EQ(str(r->auth.password), "{{password}}");
}

TEST(CurlImportVariables, PathAndQueryKeepTheReferenceAsWritten)
{
    EXPECT_EQ(urlOf(u"curl 'https://api.example.com/v1/users/{{ user id }}/posts?limit={{limit}}&sort=new'"),
              "https://api.example.com/v1/users/{{ user id }}/posts?limit={{limit}}&sort=new")
        << "spaces inside the braces too: the saved text is what the builder reads";
    EXPECT_EQ(urlOf(u"curl 'http://x.example/orders/{{$guid}}/{{a}}{{b}}'"),
              "http://x.example/orders/{{$guid}}/{{a}}{{b}}");
    EXPECT_EQ(urlOf(u"curl http://x.example/a%20b/{{id}}?q=%C3%A9"), "http://x.example/a%20b/{{id}}?q=%C3%A9")
        << "the rest of the URL as curl sends it";
}

TEST(CurlImportVariables, GetDataWithReferencesBecomesParams)
{
    const Expected<RequestItem> r = importedLine(
        u"curl -G '{{base_url}}/search?lang={{lang}}' -d 'q={{query}}' --data-urlencode 'tag={{tag}}' -d page=2");
    ASSERT_TRUE(r) << str(r.error().message);
    EXPECT_EQ(str(r->method), "GET");
    EXPECT_EQ(str(r->url), "{{base_url}}/search?lang={{lang}}");
    EXPECT_EQ(r->params, (QList<KeyValue>{kv("q", "{{query}}"), kv("tag", "{{tag}}"), kv("page", "2")}));
    EXPECT_EQ(r->body.kind, Body::Kind::None);

    const Expected<RequestItem> attached = importedLine(u"curl -sGd'{{name}}={{value}}' https://x.example/s");
    ASSERT_TRUE(attached) << str(attached.error().message);
    EXPECT_EQ(str(attached->url), "https://x.example/s");
    EXPECT_EQ(attached->params, QList<KeyValue>{kv("{{name}}", "{{value}}")});

    // A bare name stays in the URL, as without variables.
    EXPECT_EQ(urlOf(u"curl -G {{base_url}}/s -d 'flag{{x}}' -d n=1"), "{{base_url}}/s?flag{{x}}&n=1");

    // Without -G the data is the body, as written.
    const Expected<RequestItem> post = importedLine(u"curl {{base_url}}/s -d 'q={{q}}' --data-urlencode 'r={{r}}'");
    ASSERT_TRUE(post) << str(post.error().message);
    EXPECT_EQ(str(post->url), "{{base_url}}/s");
    EXPECT_TRUE(post->params.isEmpty());
    EXPECT_EQ(str(post->body.text), "q={{q}}&r=%7B%7Br%7D%7D") << "unchanged: --data-urlencode encodes the braces";
}

TEST(CurlImportVariables, StandInsAreNoTextTheCommandHolds)
{
    // The command holds the text a stand-in would be, and the first port tried.
    EXPECT_EQ(urlOf(u"curl 'http://jitterbugvar0z.example:{{port}}/{{id}}?n=49152&jitterbugvarx0z'"),
              "http://jitterbugvar0z.example:{{port}}/{{id}}?n=49152&jitterbugvarx0z");
    EXPECT_EQ(urlOf(u"curl 'http://JitterbugVar0Z.example/{{id}}'"), "http://jitterbugvar0z.example/{{id}}")
        << "a host is lower case once parsed";
}

TEST(CurlImportVariables, BadUrlsStayRefusedWithTheParsersError)
{
    EXPECT_EQ(importError(u"curl ftp://x"),
              "send: unsupported scheme \"ftp\" in ftp://x; only http and https are supported");
    EXPECT_EQ(importError(u"curl 'ftp://{{host}}/x'"),
              "send: unsupported scheme \"ftp\" in ftp://{{host}}/x; only http and https are supported")
        << "the message shows the reference, never a stand-in";
    EXPECT_EQ(importError(u"curl '{{scheme}}://x.example/'"),
              "send: unsupported scheme \"{{scheme}}\" in {{scheme}}://x.example/; only http and https are supported");
    EXPECT_EQ(importError(u"curl 'http://x.example:{{port}}{{more}}/'"),
              "send: invalid URL \"http://x.example:{{port}}{{more}}/\"");
    EXPECT_EQ(importError(u"curl 'http://x.example/{{a'"), "send: invalid URL \"http://x.example/{{a\"")
        << "not a reference: the URL as it is";
    EXPECT_EQ(importError(u"curl {{base_url}}/a {{base_url}}/b"), "send takes one URL; got a second: {{base_url}}/b");
    EXPECT_EQ(importError(u"wget {{base_url}}/a"), "not a curl command: it starts with \"wget\"");
    EXPECT_EQ(importError(u"curl -G {{base_url}}/a -d @{{file}}"),
              "-d: cannot read @{{file}}: No such file or directory")
        << "a file's name is not URL text: it is read as written";
}

TEST(CurlImportVariables, ExportedAndReimportedSendsWhatTheValuesSay)
{
    const QList<Variable> values{
        {q("base_url"), q("https://api.example.com/v2"), false, true},
        {q("host"), q("api.example.com"), false, true},
        {q("port"), q("8443"), false, true},
        {q("id"), q("42"), false, true},
        {q("query"), q("shoes"), false, true},
        {q("token"), q("t0k3n"), false, true},
    };
    const std::vector<const char16_t*> lines{
        u"curl '{{base_url}}/users/{{id}}?q={{query}}' -H 'Authorization: Bearer {{token}}'",
        u"curl https://{{host}}:{{port}}/v1/x",
        u"curl -G '{{base_url}}/search' -d 'q={{query}}' -d page=2",
        u"curl -X PUT 'http://{{host}}/users/{{id}}' --json '{\"id\": \"{{id}}\"}'",
    };
    for (const char16_t* line : lines) {
        SCOPED_TRACE(str(QString::fromUtf16(line)));
        const Expected<RequestItem> item = importedLine(line);
        ASSERT_TRUE(item) << str(item.error().message);
        const BuiltRequest first = builtWith(*item, values);

        // The same as the command with the values written in...
        QString written = QString::fromUtf16(line);
        for (const Variable& v : values)
            written.replace(u"{{" + v.name + u"}}", v.value);
        const Expected<RequestItem> plain = requestFromCurl(written);
        ASSERT_TRUE(plain) << str(plain.error().message);
        EXPECT_EQ(wire(first), wire(built(*plain)));

        // ... and exported, what it sends comes back.
        const QString command = requestToCurl(first);
        const Expected<RequestItem> back = requestFromCurl(command);
        ASSERT_TRUE(back) << str(command) << "\n" << str(back.error().message);
        EXPECT_EQ(wire(first), wire(built(*back))) << str(command);
    }
}
