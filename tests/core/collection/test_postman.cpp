#include "collection/collectionjson.h"
#include "collection/postman.h"
#include "collection/requestbuilder.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace jitterbug;

namespace {

// The Postman fixtures are written for these tests: shop.postman_collection.json
// uses every feature (as the Postman app exports it), legacy-v2.0 the v2.0
// shapes, old-v1 the format that is refused. Their files live in files/, named
// relative to the fixture directory as newman's --working-dir would have it.
const QString kFixtures = QStringLiteral(JITTERBUG_POSTMAN_FIXTURES);

std::string str(const QString& s)
{
    return s.toStdString();
}

QString q(const char* utf8)
{
    return QString::fromUtf8(utf8);
}

QByteArray fixture(const QString& name)
{
    QFile file(kFixtures + u'/' + name);
    EXPECT_TRUE(file.open(QIODevice::ReadOnly)) << str(file.fileName());
    return file.readAll();
}

PostmanImport imported(const QByteArray& json, const QString& name = QStringLiteral("test.json"))
{
    Expected<PostmanImport> result = collectionFromPostman(json, name);
    EXPECT_TRUE(result) << "unexpected error: " << str(result.error().message);
    return result ? *result : PostmanImport{};
}

PostmanImport importedFixture(const QString& name)
{
    return imported(fixture(name), name);
}

std::string errorOf(const QByteArray& json, const QString& name = QStringLiteral("test.json"))
{
    Expected<PostmanImport> result = collectionFromPostman(json, name);
    EXPECT_FALSE(result) << "imported although it should not";
    return result ? std::string() : str(result.error().message);
}

// A minimal v2.1 collection around the given items (JSON text).
QByteArray withItems(const char* items, const char* extra = "")
{
    return QByteArray(
               R"({"info": {"name": "T", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},)")
        + extra + R"("item": [)" + items + "]}";
}

// What a request puts on the wire, as buildRequest() makes it.
struct Wire {
    std::string method;
    std::string url;
    std::vector<std::string> headers;
    std::string body;
    std::string error;
    bool operator==(const Wire&) const = default;
};

std::ostream& operator<<(std::ostream& out, const Wire& w)
{
    if (!w.error.empty())
        return out << "error: " << w.error;
    out << w.method << ' ' << w.url << '\n';
    for (const std::string& h : w.headers)
        out << h << '\n';
    return out << '\n' << w.body;
}

// Builds requests with the fixture directory as the working directory, where
// their form files are.
class InFixtureDirectory
{
public:
    InFixtureDirectory()
        : m_previous(QDir::currentPath())
    {
        QDir::setCurrent(kFixtures);
    }
    ~InFixtureDirectory() { QDir::setCurrent(m_previous); }

private:
    QString m_previous;
};

Wire wireOf(const Collection& c, const ItemPath& path, const SecretValues& secrets = {})
{
    InFixtureDirectory here;
    const Expected<BuiltRequest> built = buildRequest(c, path, nullptr, secrets);
    if (!built) {
        Wire failed;
        failed.error = str(built.error().message);
        return failed;
    }
    Wire w;
    w.method = built->request.method.toStdString();
    w.url = built->request.url.toEncoded().toStdString();
    for (const HeaderList::Field& f : built->request.headers.fields())
        w.headers.push_back(f.name.toStdString() + ": " + f.value.toStdString());
    w.body = built->request.body.toStdString();
    return w;
}

const SecretValues kShopSecrets{{QStringLiteral("token"), QStringLiteral("tok-123")},
                                {QStringLiteral("password"), QStringLiteral("pa55")}};

// The request of `c` by its display path.
ItemPath pathOf(const Collection& c, const char* display)
{
    for (const ItemPath& path : requestPaths(c)) {
        if (requestDisplayPath(c, path) == q(display))
            return path;
    }
    ADD_FAILURE() << "no request " << display;
    return {};
}

const RequestItem& requestOf(const Collection& c, const char* display)
{
    static const RequestItem none;
    const ItemPath path = pathOf(c, display);
    const ItemLocation location = locateItem(c, path);
    return location.item && location.item->request() ? *location.item->request() : none;
}

// ---- import -----------------------------------------------------------------------------------------------------

// The whole mapping of the shop fixture, as the Jitterbug file it becomes:
// one readable expectation instead of a field-by-field list.
TEST(PostmanImport, MapsEveryFeatureOfTheShopFixture)
{
    const PostmanImport shop = importedFixture(QStringLiteral("shop.postman_collection.json"));
    const QByteArray expected = fixture(QStringLiteral("shop.expected.jitterbug.json"));
    EXPECT_EQ(collectionToJson(shop.collection).toStdString(), expected.toStdString());
}

TEST(PostmanImport, WarnsOnceForEachThingItKeepsButCannotRun)
{
    const PostmanImport shop = importedFixture(QStringLiteral("shop.postman_collection.json"));
    const QStringList expected{
        q(R"(collection "Shop API": variable "page_size": its description is dropped)"),
        q(R"(collection "Shop API": event "test" (a script) is kept but not run)"),
        q(R"(folder "Orders": event "test" (a script) is kept but not run)"),
        q(R"(item "Orders/List orders": event "prerequest" (a script) is kept but not run)"),
        q(R"(item "Orders/Create order": event "test" (a script) is kept but not run)"),
        q(R"(item "Orders/Get order": url path variables (:id) are written into the URL)"),
        q(R"(item "Orders/Get order": protocolProfileBehavior (followRedirects) is kept but not applied)"),
        q(R"(item "Login": event "test" (a script) is kept but not run)"),
        q(R"(item "Upload": body.formdata[2] (attachments): its 2 files become 2 fields of one file each)"),
        q(R"(item "Upload": body.formdata[3] (avatar): no file is selected; the field is kept switched off)"),
        q(R"(item "Digest": auth "digest" is kept but not applied; the request is sent without auth)"),
        q(R"(item "GraphQL": body mode "graphql" is kept but not sent)"),
        q(R"(item "Search with a body": body is kept but not sent (newman sends no body with GET))"),
        q(R"(item "Switched-off body": body is kept but not sent (it is switched off))"),
        q(R"(item "Through a proxy": request.proxy is kept but not applied)"),
    };
    EXPECT_EQ(shop.warnings.join(u'\n').toStdString(), expected.join(u'\n').toStdString());
}

// Kept things on folders and the collection, and the rarer cases, each with its warning and
// written back where it was.
TEST(PostmanImport, KeepsWhatItCannotRunWhereItWas)
{
    const QByteArray json = withItems(
        R"({"name": "Admin", "auth": {"type": "awsv4", "awsv4": []}, "protocolProfileBehavior": {"strictSSL": false},
            "item": [
              {"name": "Off", "request": {"method": "POST", "url": "h",
                "body": {"mode": "urlencoded", "urlencoded": [{"key": "a", "value": "1", "disabled": true}]}}},
              {"name": "Raw", "protocolProfileBehavior": {"disabledSystemHeaders": {"content-type": true, "connection": true}},
               "request": {"method": "POST", "url": "h", "certificate": {"src": "c.pem"},
                "body": {"mode": "raw", "raw": "x"}}},
              {"name": "File", "request": {"method": "PUT", "url": "h", "body": {"mode": "file", "file": {"src": "a.bin"}}}},
              {"name": "Form", "request": {"method": "POST", "url": "h",
                "body": {"mode": "formdata", "formdata": [{"key": "f", "value": "v", "description": "about f"}]}}}
            ]})",
        R"("auth": {"type": "oauth2", "oauth2": [{"key": "accessToken", "value": "t"}]},)");
    const PostmanImport result = imported(json);
    const QStringList expected{
        q(R"(collection "T": auth "oauth2" is kept but not applied; its requests are sent without auth unless they set their own)"),
        q(R"(folder "Admin": auth "awsv4" is kept but not applied; its requests are sent without auth unless they set their own)"),
        q(R"(folder "Admin": protocolProfileBehavior (strictSSL) is kept but not applied)"),
        q(R"(item "Admin/Off": body is kept but not sent (all its fields are switched off))"),
        q(R"(item "Admin/Raw": request.certificate is kept but not applied)"),
        q(R"(item "Admin/Raw": protocolProfileBehavior (disabledSystemHeaders) is kept but not applied)"),
        q(R"(item "Admin/File": body mode "file" is kept but not sent)"),
        q(R"(item "Admin/Form": body.formdata[0] (f): its description is dropped)"),
    };
    EXPECT_EQ(result.warnings.join(u'\n').toStdString(), expected.join(u'\n').toStdString());

    const Collection& c = result.collection;
    EXPECT_EQ(c.auth, Auth::none());
    EXPECT_EQ(c.foreign.value(u"postman").toObject().value(u"auth").toObject().value(u"type").toString(), q("oauth2"));
    const Folder& admin = *c.items.front().folder();
    EXPECT_EQ(admin.auth, Auth::none());
    EXPECT_EQ(QJsonDocument(admin.foreign).toJson(QJsonDocument::Compact).toStdString(),
              R"({"postman":{"auth":{"awsv4":[],"type":"awsv4"},"protocolProfileBehavior":{"strictSSL":false}}})");
    // The Content-Type switch is taken into the body; the rest of the setting is kept.
    const RequestItem& raw = requestOf(c, "Admin/Raw");
    EXPECT_EQ(raw.body.kind, Body::Kind::Raw);
    EXPECT_EQ(raw.body.contentType, QString());
    EXPECT_EQ(QJsonDocument(raw.foreign).toJson(QJsonDocument::Compact).toStdString(),
              R"({"postman":{"protocolProfileBehavior":{"disabledSystemHeaders":{"connection":true}},)"
              R"("request":{"certificate":{"src":"c.pem"}}}})");

    // All of it goes back where it was.
    const PostmanImport again = imported(collectionToPostman(c));
    EXPECT_EQ(again.warnings.join(u'\n').toStdString(),
              expected.mid(0, 7).join(u'\n').toStdString()); // the description is gone
    EXPECT_TRUE(again.collection == c);
}

// What newman sends for the fixture's requests (postman-runtime's rules),
// checked on the requests Jitterbug builds from the import.
TEST(PostmanImport, SendsWhatNewmanSends)
{
    const Collection c = importedFixture(QStringLiteral("shop.postman_collection.json")).collection;
    const auto wire = [&c](const char* name) {
        return wireOf(c, pathOf(c, name), kShopSecrets);
    };

    // The URL object's parts, enabled query parameters, the collection's bearer token.
    Wire list = wire("Orders/List orders");
    EXPECT_EQ(list.url, "http://127.0.0.1:8080/orders?page=1&size=20");
    EXPECT_EQ(list.headers, (std::vector<std::string>{"Accept: application/json", "Authorization: Bearer tok-123"}));

    // Path variables, with the folder's variable; an apikey in the query goes last.
    EXPECT_EQ(wire("Orders/Get order").url, "http://127.0.0.1:8080/orders/A-17.json");
    EXPECT_EQ(wire("Orders/Admin/Export").url, "http://127.0.0.1:8080/export?format=csv&api_key=ek-1#top");
    // newman says "Content-Length: 0" for a method that may carry a body (recorded).
    EXPECT_EQ(wire("Orders/Admin/Purge cache").headers,
              (std::vector<std::string>{"X-Admin-Key: ak-1", "Content-Length: 0"}));

    // Raw bodies: the language's Content-Type (text/plain without one), a header's, or none when switched off.
    EXPECT_EQ(wire("Notes").headers,
              (std::vector<std::string>{"Content-Type: text/plain", "Authorization: Bearer tok-123"}));
    EXPECT_EQ(wire("Page").headers.front(), "Content-Type: text/html");
    EXPECT_EQ(wire("Script").headers.front(), "Content-Type: application/javascript");
    EXPECT_EQ(wire("Feed").headers.front(), "Content-Type: application/atom+xml");
    EXPECT_EQ(wire("Orders/Create order").headers.front(), "Content-Type: application/json");
    const Wire bytes = wire("Bytes without a type");
    EXPECT_EQ(bytes.body, "01020304");
    EXPECT_EQ(bytes.headers, std::vector<std::string>{"Authorization: Bearer tok-123"});

    // Bodies newman leaves out; the one a GET sends because pruning is off.
    EXPECT_EQ(wire("Search with a body").body, "");
    EXPECT_EQ(wire("Search that sends its body").body, R"({"q": "boots"})");
    EXPECT_EQ(wire("Switched-off body").body, "");
    EXPECT_EQ(wire("Empty body").body, "");
    EXPECT_EQ(wire("Empty body").headers, std::vector<std::string>{"Authorization: Bearer tok-123"});

    // A parameter without a value stays bare; a switched-off one is not sent.
    EXPECT_EQ(wire("Flags").url, "http://127.0.0.1:8080/flags?verbose&limit=5&q=a%20b");
    // Header lines, a string URL with its query, the method upper-cased.
    const Wire status = wire("Status");
    EXPECT_EQ(status.method, "HEAD");
    EXPECT_EQ(status.url, "http://127.0.0.1:8080/status?full=1");
    EXPECT_EQ(status.headers, (std::vector<std::string>{"X-A: 1", "X-B: two words", "Authorization: Bearer tok-123"}));
    EXPECT_EQ(wire("Orders/Admin/Export").method, "GET");

    // noauth, basic, and an auth type Jitterbug cannot run: sent without auth, not with the collection's.
    // The form body byte for byte as newman 6 sent it for this fixture.
    EXPECT_EQ(wire("Login").body, "username=ann&password=p%26ss%20w%3Drd");
    EXPECT_EQ(wire("Login").headers, std::vector<std::string>{"Content-Type: application/x-www-form-urlencoded"});
    EXPECT_EQ(wire("Upload").headers.back(), "Authorization: Basic YW5uOnBhNTU=");
    EXPECT_EQ(wire("Digest").headers, std::vector<std::string>{});

    // Form data: one part per file of a list; the field without a file is off.
    const std::string upload = wire("Upload").body;
    EXPECT_NE(upload.find("name=\"title\"\r\n\r\nHoliday"), std::string::npos);
    EXPECT_NE(upload.find("filename=\"photo.txt\"\r\nContent-Type: image/png"), std::string::npos);
    EXPECT_NE(upload.find("filename=\"a.txt\""), std::string::npos);
    EXPECT_NE(upload.find("filename=\"b.csv\"\r\nContent-Type: text/csv"), std::string::npos)
        << "a file's type by its extension, as newman looks it up";
    EXPECT_EQ(upload.find("avatar"), std::string::npos);
    EXPECT_EQ(upload.find("draft"), std::string::npos);
}

TEST(PostmanImport, ReadsV20Collections)
{
    const PostmanImport legacy = importedFixture(QStringLiteral("legacy-v2.0.postman_collection.json"));
    const Collection& c = legacy.collection;
    EXPECT_TRUE(legacy.warnings.isEmpty()) << str(legacy.warnings.join(u'\n'));
    EXPECT_EQ(c.name, q("Legacy API"));
    // v2.0 writes auth attributes as an object, variables with "id".
    EXPECT_EQ(c.auth.kind, Auth::Kind::Basic);
    EXPECT_EQ(c.auth.username, q("ann"));
    EXPECT_EQ(c.auth.password, q("{{password}}"));
    EXPECT_EQ(c.variables.value(0).name, q("base_url"));
    EXPECT_EQ(requestOf(c, "Token").auth.token, q("abc"));
    EXPECT_EQ(requestOf(c, "Ping").url, q("{{base_url}}/ping?x=1"));
    EXPECT_EQ(requestOf(c, "Ping").body.kind, Body::Kind::None);
    const Wire token = wireOf(c, pathOf(c, "Token"));
    EXPECT_EQ(token.body, "grant=client");
    EXPECT_EQ(token.headers.back(), "Authorization: Bearer abc");
}

TEST(PostmanImport, TakesAUuidPostmanIdAndDerivesAStableOneOtherwise)
{
    EXPECT_EQ(importedFixture(QStringLiteral("shop.postman_collection.json")).collection.id,
              QUuid(QStringLiteral("8e0c3c52-7d1b-4f7a-9a63-2b5d1e4f9c10")));

    // "legacy-api-1" is no UUID: the id is a v5 UUID of it, the same on every import.
    const QUuid first = importedFixture(QStringLiteral("legacy-v2.0.postman_collection.json")).collection.id;
    const QUuid second = importedFixture(QStringLiteral("legacy-v2.0.postman_collection.json")).collection.id;
    EXPECT_FALSE(first.isNull());
    EXPECT_EQ(first, second);
    EXPECT_EQ(first.version(), QUuid::Sha1);

    // Without _postman_id, from the name: same name, same id; another name, another.
    const QUuid a = imported(withItems("")).collection.id;
    EXPECT_EQ(a, imported(withItems("")).collection.id);
    EXPECT_NE(a, imported(QByteArray(R"({"info": {"name": "U"}, "item": []})")).collection.id);
}

TEST(PostmanImport, UnwrapsThePostmanApisAnswer)
{
    const PostmanImport wrapped = imported(QByteArray(R"({"collection": )") + withItems("") + "}");
    EXPECT_EQ(wrapped.collection.name, q("T"));
}

TEST(PostmanImport, RefusesV1AndOtherSchemasInOneLine)
{
    EXPECT_EQ(errorOf(fixture(QStringLiteral("old-v1.postman_collection.json")),
                      QStringLiteral("old-v1.postman_collection.json")),
              "old-v1.postman_collection.json: a Postman v1 collection; export it as v2.1 from Postman");
    EXPECT_EQ(
        errorOf(
            R"({"info": {"name": "x", "schema": "https://schema.getpostman.com/json/collection/v1.0.0/collection.json"}, "item": []})"),
        "test.json: a Postman v1 collection; export it as v2.1 from Postman");
    EXPECT_EQ(errorOf(R"({"info": {"name": "x", "schema": "https://example.com/other.json"}, "item": []})"),
              "test.json: info.schema: \"https://example.com/other.json\" is not a Postman v2.0 or v2.1 schema; "
              "export it as v2.1 from Postman");
    EXPECT_EQ(
        errorOf(R"({"format": 1, "items": []})"),
        "test.json: info: missing; not a Postman collection (a v2.1 collection starts with \"info\" and \"item\")");
}

TEST(PostmanImport, BadInputNamesTheFileAndThePlace)
{
    const std::vector<std::pair<QByteArray, std::string>> cases{
        {"{\n  \"info\": {,\n}", "test.json: line 2: unterminated object"},
        {"[]", "test.json: expected a JSON object at the top"},
        {R"({"info": {"name": "T"}})",
         R"(test.json: item: missing; a Postman collection has an "item" list (it may be empty))"},
        {R"({"info": {"name": "T"}, "item": {}})", "test.json: item: expected an array, got an object"},
        {withItems("3"), "test.json: item[0]: expected an object, got 3"},
        {withItems(R"({"name": "x"})"), R"(test.json: item[0]: expected "request" (a request) or "item" (a folder))"},
        {withItems(R"({"name": "x", "request": "h", "item": []})"),
         R"(test.json: item[0]: has both "request" (a request) and "item" (a folder))"},
        {withItems(R"({"name": "F", "item": [{"request": 7}]})"),
         "test.json: item[0].item[0].request: expected an object or a URL, got 7"},
        {withItems(R"({"request": {"url": true}})"),
         "test.json: item[0].request.url: expected an object or a string, got true"},
        {withItems(R"({"request": {"url": "h", "header": [{"key": ["X"]}]}})"),
         "test.json: item[0].request.header[0].key: expected a string, got an array"},
        {withItems(R"({"request": {"url": {"host": ["h"], "query": {}}}})"),
         "test.json: item[0].request.url.query: expected an array, got an object"},
        {withItems(R"({"request": {"url": {"host": [{}]}}})"),
         "test.json: item[0].request.url.host[0]: expected a string, got an object"},
        {withItems(R"({"request": {"url": "h", "auth": {"bearer": []}}})"),
         R"(test.json: item[0].request.auth.type: missing; expected an auth type such as "bearer" or "noauth")"},
        {withItems(R"({"request": {"url": "h", "auth": {"type": "bearer", "bearer": "t"}}})"),
         R"(test.json: item[0].request.auth.bearer: expected a list of attributes, got "t")"},
        {withItems(
             R"({"request": {"method": "POST", "url": "h", "body": {"mode": "formdata", "formdata": [{"key": "f", "type": "file", "src": 3}]}}})"),
         "test.json: item[0].request.body.formdata[0].src: expected a file path or a list of them, got 3"},
        {withItems(R"({"request": "h", "_jitterbug": {"policy": {"max_attempts": 0}}})"),
         "test.json: item[0]._jitterbug.policy.max_attempts: must be at least 1, got 0"},
        {withItems("", R"("variable": [{"key": "a", "disabled": "no"}],)"),
         R"(test.json: variable[0].disabled: expected true or false, got "no")"},
        // Found by fuzz_postman: kept, it made an import that could not be saved.
        {withItems(R"({"request": {"method": "GET /x", "url": "h"}})"),
         R"(test.json: item[0].request.method: expected an HTTP method such as GET or POST, got "GET /x")"},
    };
    for (const auto& [json, message] : cases)
        EXPECT_EQ(errorOf(json), message) << json.toStdString();
}

// ---- round trips --------------------------------------------------------------------------------------------------

// Each fixture, imported, exported and imported again: the same model, and
// every request the same on the wire, as buildRequest() makes it.
TEST(PostmanRoundTrip, PostmanToOursToPostmanKeepsEveryRequestOnTheWire)
{
    const QStringList fixtures{QStringLiteral("shop.postman_collection.json"),
                               QStringLiteral("legacy-v2.0.postman_collection.json")};
    for (const QString& name : fixtures) {
        SCOPED_TRACE(str(name));
        const Collection first = importedFixture(name).collection;
        const QByteArray exported = collectionToPostman(first);
        const PostmanImport again = imported(exported, QStringLiteral("exported.json"));
        EXPECT_EQ(collectionToJson(again.collection).toStdString(), collectionToJson(first).toStdString());
        EXPECT_TRUE(again.collection == first);
        EXPECT_EQ(collectionToPostman(again.collection).toStdString(), exported.toStdString());

        const QList<ItemPath> paths = requestPaths(first);
        EXPECT_GE(paths.size(), 2);
        for (const ItemPath& path : paths) {
            SCOPED_TRACE(str(requestDisplayPath(first, path)));
            const Wire before = wireOf(first, path, kShopSecrets);
            EXPECT_TRUE(before.error.empty()) << before.error;
            EXPECT_EQ(wireOf(again.collection, path, kShopSecrets), before);
        }
    }
}

KeyValue kv(const char* name, const char* value, bool enabled = true, const char* description = "")
{
    return KeyValue{q(name), q(value), enabled, q(description)};
}

QJsonObject json(const char* text)
{
    return QJsonDocument::fromJson(QByteArray(text)).object();
}

RequestItem request(const char* name, const char* method, const char* url)
{
    RequestItem r;
    r.name = q(name);
    r.method = q(method);
    r.url = q(url);
    return r;
}

Body rawBody(const char* contentType, const char* text)
{
    Body body;
    body.kind = Body::Kind::Raw;
    body.contentType = q(contentType);
    body.text = q(text);
    return body;
}

// Everything a Postman file can hold, set at least once, with text that
// needs escaping or encoding.
Collection richCollection()
{
    Collection c;
    c.id = QUuid(QStringLiteral("0d8a4c1e-5b7f-4e2a-9c3d-6f1b2a3c4d5e"));
    c.name = q("Shop — ünïcode \"quoted\"");
    c.description = q("Line one\nline two");
    c.auth.kind = Auth::Kind::Bearer;
    c.auth.token = q("{{token}}");
    c.policy = PolicyOverride{json(R"({"max_attempts": 4, "jitter": "full", "deadline_ms": 20000})")};
    c.variables = {
        {q("base_url"), q("http://127.0.0.1:8080")}, {q("token"), QString(), true}, {q("old"), q("x"), false, false}};
    c.environments
        = {{q("prod"), {{q("base_url"), q("https://api.example.com")}, {q("password"), QString(), true, false}}},
           {q("empty"), {}}};
    c.foreign = json(R"({"postman": {"event": [{"listen": "test", "script": {"exec": ["pm.test('x', () => {});"]}}],
                                     "info": {"_exporter_id": "42"}},
                         "curl": {"argv": ["-s", 3]}})");

    RequestItem list = request("List & find", "GET", "{{base_url}}/orders");
    list.description = q("All of them");
    list.params = {kv("page", "1"), kv("q", "a&b=c #1"), kv("debug", "true", false, "off by default")};
    list.headers = {kv("Accept", "application/json"), kv("X-Debug", "1", false, "for the logs")};
    list.policy = PolicyOverride{json(R"({"retry_on": [429, 503], "deadline_ms": null,
                                          "rate_limit": {"scope": "host", "requests": 5, "period_ms": 1000}})")};
    list.foreign = json(R"({"postman": {"event": [{"listen": "prerequest", "script": {"exec": ["1;"]}}]}})");

    RequestItem create = request("Create", "POST", "{{base_url}}/orders");
    create.body.kind = Body::Kind::Json;
    create.body.text = q("{\"sku\": \"KB-01\"}");
    create.foreign = json(R"({"postman": {"response": [{"name": "201"}]}})");
    create.insecureTls = true; // newman's protocolProfileBehavior.strictSSL: false

    Folder deep;
    deep.name = q("Deep");
    deep.auth = Auth::none();

    Folder orders;
    orders.name = q("Orders");
    orders.description = q("Orders and more");
    orders.auth.kind = Auth::Kind::ApiKey;
    orders.auth.keyName = q("X-Key");
    orders.auth.keyValue = q("{{key}}");
    orders.policy = PolicyOverride{json(R"({"attempt_timeout_ms": 60000})")};
    orders.variables = {{q("key"), q("k-1")}, {q("folder_secret"), QString(), true}};
    orders.foreign
        = json(R"({"postman": {"event": [{"listen": "test", "script": {"exec": ["2;"]}}]}, "har": {"x": true}})");
    orders.items = {Item{list}, Item{create}, Item{deep}};

    RequestItem login = request("Login", "POST", "{{base_url}}/login");
    login.auth.kind = Auth::Kind::Basic;
    login.auth.username = q("ann");
    login.auth.password = q("{{password}}");
    login.body.kind = Body::Kind::UrlEncoded;
    login.body.urlEncoded = {kv("user", "ann"), kv("pass", "p&ss w=rd"), kv("remember", "yes", false, "later")};

    RequestItem upload = request("Upload", "PUT", "{{base_url}}/upload");
    upload.auth = Auth::none();
    upload.body.kind = Body::Kind::Multipart;
    upload.body.multipart = {FormField{q("title"), q("Holiday"), false, {}, true},
                             FormField{q("photo"), q("files/photo.txt"), true, q("image/png"), true},
                             FormField{q("photo"), q("files/a.txt"), true, {}, true},
                             FormField{q("note"), q("n"), false, q("text/markdown"), false},
                             FormField{q("avatar"), QString(), true, {}, false}};

    RequestItem query = request("Key in the query", "DELETE", "http://user:pw@127.0.0.1:8080/a/b#frag");
    query.auth.kind = Auth::Kind::ApiKey;
    query.auth.keyName = q("api_key");
    query.auth.keyValue = q("{{key}}");
    query.auth.keyIn = Auth::ApiKeyIn::Query;
    query.params = {kv("x", "1")};

    RequestItem digest = request("Digest", "GET", "{{base_url}}/digest");
    digest.auth = Auth::none();
    digest.foreign
        = json(R"({"postman": {"request": {"auth": {"type": "digest", "digest": [{"key": "username", "value": "a"}]},
                                                     "proxy": {"host": "127.0.0.1", "port": 3128}}}})");

    RequestItem csv = request("Csv", "POST", "{{base_url}}/import");
    csv.body = rawBody("text/csv", "a,b\n1,2\n");
    csv.headers = {kv("Accept", "*/*")};
    RequestItem plain = request("Plain", "PATCH", "{{base_url}}/notes/1");
    plain.body = rawBody("text/plain", "milk");
    RequestItem untyped = request("No type", "POST", "{{base_url}}/bytes");
    untyped.body = rawBody("", "0102");
    RequestItem jsonRaw = request("Raw JSON", "POST", "{{base_url}}/raw");
    jsonRaw.body = rawBody("application/json", "[1]");
    RequestItem xml = request("XML with its own header", "POST", "{{base_url}}/xml");
    xml.headers = {kv("Content-Type", "application/xml; charset=utf-8")};
    xml.body = rawBody("application/xml", "<a/>");
    RequestItem search = request("Search", "GET", "{{base_url}}/search");
    search.body.kind = Body::Kind::Json;
    search.body.text = q("{\"q\": 1}");
    RequestItem bare = request("Bare flag", "GET", "{{base_url}}/flags?verbose");
    bare.params = {kv("off", "1", false)};
    RequestItem root = request("Root", "OPTIONS", "http://127.0.0.1/");

    c.items = {Item{orders},  Item{login},   Item{upload}, Item{query},  Item{digest}, Item{csv}, Item{plain},
               Item{untyped}, Item{jsonRaw}, Item{xml},    Item{search}, Item{bare},   Item{root}};
    return c;
}

TEST(PostmanRoundTrip, OursToPostmanToOursIsIdentity)
{
    const Collection c = richCollection();
    const PostmanImport back = imported(collectionToPostman(c), QStringLiteral("exported.json"));
    EXPECT_EQ(collectionToJson(back.collection).toStdString(), collectionToJson(c).toStdString());
    EXPECT_TRUE(back.collection == c);
    // And the requests are what Jitterbug sent before.
    for (const ItemPath& path : requestPaths(c)) {
        SCOPED_TRACE(str(requestDisplayPath(c, path)));
        EXPECT_EQ(wireOf(back.collection, path, {{q("token"), q("t")}, {q("password"), q("p")}}),
                  wireOf(c, path, {{q("token"), q("t")}, {q("password"), q("p")}}));
    }
}

// ---- export -----------------------------------------------------------------------------------------------------

TEST(PostmanExport, WritesV21AsPostmanLaysItOut)
{
    Collection c;
    c.id = QUuid(QStringLiteral("6f1d2c3e-8a4b-4e5f-9c7d-1a2b3c4d5e6f"));
    c.name = q("Mini");
    RequestItem r = request("Find", "GET", "{{base_url}}/items?sort=asc");
    r.params = {kv("q", "a b&c"), kv("page", "2", false)};
    r.headers = {kv("Accept", "text/plain")};
    c.items.push_back(Item{r});
    c.variables = {{q("base_url"), q("http://127.0.0.1:8080")}};

    EXPECT_EQ(collectionToPostman(c).toStdString(), R"({
  "info": {
    "_postman_id": "6f1d2c3e-8a4b-4e5f-9c7d-1a2b3c4d5e6f",
    "name": "Mini",
    "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"
  },
  "item": [
    {
      "name": "Find",
      "request": {
        "method": "GET",
        "header": [
          {
            "key": "Accept",
            "value": "text/plain",
            "type": "text"
          }
        ],
        "url": {
          "raw": "{{base_url}}/items?sort=asc&q=a b%26c",
          "host": [
            "{{base_url}}"
          ],
          "path": [
            "items"
          ],
          "query": [
            {
              "key": "sort",
              "value": "asc",
              "_jitterbug": {
                "in_url": true
              }
            },
            {
              "key": "q",
              "value": "a b&c"
            },
            {
              "key": "page",
              "value": "2",
              "disabled": true
            }
          ]
        }
      }
    }
  ],
  "variable": [
    {
      "key": "base_url",
      "value": "http://127.0.0.1:8080",
      "type": "string"
    }
  ]
}
)");
}

// newman does not read folder variables: the export sets them from scripts
// it marks as its own, which the import drops again.
TEST(PostmanExport, SetsFolderVariablesFromMarkedScriptsForNewman)
{
    Folder inner;
    inner.name = q("Inner");
    inner.variables = {{q("a"), q("2 \"quoted\"")}};
    inner.items.push_back(Item{request("R", "GET", "http://127.0.0.1/{{a}}/{{b}}")});
    Folder outer;
    outer.name = q("Outer");
    outer.variables = {{q("a"), q("1")}, {q("b"), q("x")}, {q("s"), QString(), true}, {q("off"), q("y"), false, false}};
    outer.items.push_back(Item{inner});
    Collection c;
    c.id = QUuid(QStringLiteral("6f1d2c3e-8a4b-4e5f-9c7d-1a2b3c4d5e6f"));
    c.name = q("Scoped");
    c.items.push_back(Item{outer});

    const QByteArray exported = collectionToPostman(c);
    const QJsonObject document = QJsonDocument::fromJson(exported).object();
    // The script of the first event, which must be Jitterbug's.
    const auto lines = [](const QJsonValue& owner) {
        QStringList out;
        const QJsonObject event = owner.toObject().value(u"event").toArray().at(0).toObject();
        EXPECT_EQ(event.value(u"listen").toString(), q("prerequest"));
        EXPECT_EQ(event.value(u"_jitterbug").toObject().value(u"generated").toString(), q("folder variables"));
        for (const QJsonValue& line : event.value(u"script").toObject().value(u"exec").toArray())
            out.append(line.toString());
        return str(out.join(u'\n'));
    };
    const QJsonValue outerItem = document.value(u"item").toArray().at(0);
    const QJsonValue innerItem = outerItem.toObject().value(u"item").toArray().at(0);
    EXPECT_EQ(lines(document), R"(for (const name of ["a", "b"]) pm.variables.unset(name);)");
    EXPECT_EQ(lines(outerItem),
              "if (!pm.environment.has(\"a\")) pm.variables.set(\"a\", \"1\");\n"
              "if (!pm.environment.has(\"b\")) pm.variables.set(\"b\", \"x\");");
    EXPECT_EQ(lines(innerItem), R"(if (!pm.environment.has("a")) pm.variables.set("a", "2 \"quoted\"");)");

    const PostmanImport back = imported(exported);
    EXPECT_TRUE(back.warnings.isEmpty()) << str(back.warnings.join(u'\n'));
    EXPECT_TRUE(back.collection == c);
}

TEST(PostmanExport, TheIdempotencyKeyPolicyReachesNewmanAsAMarkedHeader)
{
    Collection c;
    c.id = QUuid::fromString(u"5b0f5c1e-3f43-4f6b-9a55-7d3c9a0e1a22");
    c.name = q("Keys");
    c.policy = PolicyOverride{json(R"({"idempotency_key": {"value": "auto"}})")};
    c.items.push_back(Item{request("Create", "POST", "http://h/orders")});
    RequestItem fixed = request("Pay", "POST", "http://h/pay");
    fixed.policy = PolicyOverride{json(R"({"idempotency_key": {"header": "X-Request-Id", "value": "pay-1"}})")};
    c.items.push_back(Item{fixed});
    RequestItem own = request("Own key", "POST", "http://h/own");
    own.headers = {kv("idempotency-key", "mine")};
    c.items.push_back(Item{own});

    const QJsonArray items = QJsonDocument::fromJson(collectionToPostman(c)).object().value(u"item").toArray();
    const auto headersOf = [&items](int i) {
        return items[i][u"request"][u"header"].toArray();
    };
    ASSERT_EQ(headersOf(0).size(), 1);
    EXPECT_EQ(headersOf(0)[0][u"key"].toString(), q("Idempotency-Key"));
    EXPECT_EQ(headersOf(0)[0][u"value"].toString(), q("{{$guid}}")) << "one fresh key per request in newman";
    EXPECT_EQ(headersOf(0)[0][u"_jitterbug"][u"generated"].toString(), q("idempotency_key"));
    ASSERT_EQ(headersOf(1).size(), 1);
    EXPECT_EQ(headersOf(1)[0][u"key"].toString(), q("X-Request-Id"));
    EXPECT_EQ(headersOf(1)[0][u"value"].toString(), q("pay-1"));
    ASSERT_EQ(headersOf(2).size(), 1) << "a key the user wrote is the one the engine sends";
    EXPECT_EQ(headersOf(2)[0][u"value"].toString(), q("mine"));

    const PostmanImport back = imported(collectionToPostman(c));
    EXPECT_TRUE(back.collection == c) << "the import leaves the key to the policy again";
}

TEST(PostmanImport, StrictSslOffIsTheRequestsInsecureTls)
{
    const PostmanImport dev = imported(withItems(R"({"name": "Dev", "protocolProfileBehavior": {"strictSSL": false},
                                                    "request": {"method": "GET", "url": "https://dev.test/"}},
                                                   {"name": "Prod", "request": {"method": "GET", "url": "https://x/"}})"));
    EXPECT_TRUE(requestOf(dev.collection, "Dev").insecureTls);
    EXPECT_TRUE(requestOf(dev.collection, "Dev").foreign.isEmpty()) << "nothing kept: it is applied";
    EXPECT_FALSE(requestOf(dev.collection, "Prod").insecureTls);
    EXPECT_TRUE(dev.warnings.isEmpty()) << str(dev.warnings.join(u'\n'));
    const QByteArray exported = collectionToPostman(dev.collection);
    EXPECT_EQ(exported.count("\"strictSSL\": false"), 1) << exported.toStdString();
}

TEST(PostmanExport, SecretValuesNeverAppear)
{
    Collection c = richCollection();
    c.variables.append(Variable{q("api_secret"), q("s3cret-collection"), true});
    Folder& orders = *c.items.front().folder();
    orders.variables.append(Variable{q("folder_token"), q("s3cret-folder"), true});
    c.environments.front().variables.append(Variable{q("env_token"), q("s3cret-environment"), true});
    const QByteArray exported = collectionToPostman(c);
    EXPECT_FALSE(exported.contains("s3cret")) << exported.toStdString();
    EXPECT_TRUE(exported.contains("\"api_secret\""));

    // A Postman secret's value is imported into the model (for the secret store) and never written.
    const PostmanImport shop
        = imported(withItems("", R"("variable": [{"key": "tok", "value": "s3cret-postman", "type": "secret"}],)"));
    EXPECT_EQ(shop.collection.variables.value(0).value, q("s3cret-postman"));
    EXPECT_TRUE(shop.collection.variables.value(0).secret);
    EXPECT_FALSE(collectionToPostman(shop.collection).contains("s3cret"));
    EXPECT_FALSE(collectionToJson(shop.collection).contains("s3cret"));
}

} // namespace
