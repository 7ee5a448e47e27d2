#include "collection/collectionjson.h"

#include "sim/scenarioparser.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <functional>
#include <sys/resource.h>
#include <unistd.h>

using namespace jitterbug;
using namespace Qt::StringLiterals;

namespace {

const QString kFile = QStringLiteral("api.jitterbug.json");

KeyValue kv(const QString& name, const QString& value, bool enabled = true, const QString& description = {})
{
    return {name, value, enabled, description};
}

PolicyOverride policy(const char* json)
{
    return {QJsonDocument::fromJson(json).object()};
}

Item request(RequestItem r)
{
    return Item{std::move(r)};
}

Item folder(Folder f)
{
    return Item{std::move(f)};
}

// Every field of the model set at least once, with values that need
// escaping, so a round trip shows nothing is lost or reordered.
Collection richCollection()
{
    Collection c;
    c.id = QUuid(QStringLiteral("6f1d2c3e-8a4b-4e5f-9c7d-1a2b3c4d5e6f"));
    c.name = QStringLiteral("Shop API");
    c.description = QStringLiteral("Line one\nline \"two\" — ünïcode");
    c.auth.kind = Auth::Kind::Bearer;
    c.auth.token = QStringLiteral("{{token}}");
    c.policy = policy(R"({"max_attempts": 5, "jitter": "equal", "deadline_ms": 20000})");
    c.variables = {{QStringLiteral("host"), QStringLiteral("example.com")},
                   {QStringLiteral("token"), QString(), true},
                   {QStringLiteral("old"), QStringLiteral("x"), false, false}};
    c.environments = {
        {QStringLiteral("prod"),
         {{QStringLiteral("base_url"), QStringLiteral("https://api.example.com")},
          {QStringLiteral("password"), QString(), true, false}}},
        {QStringLiteral("empty"), {}},
    };
    c.foreign = QJsonDocument::fromJson(R"({"postman": {"schema": "v2.1", "ids": [1, 2.5, null, true]}})").object();

    RequestItem get;
    get.name = QStringLiteral("List orders");
    get.description = QStringLiteral("All of them");
    get.url = QStringLiteral("{{base_url}}/orders");
    get.params = {kv(QStringLiteral("page"), QStringLiteral("1")),
                  kv(QStringLiteral("debug"), QStringLiteral("true"), false, QStringLiteral("off by default"))};
    get.headers = {kv(QStringLiteral("Accept"), QStringLiteral("application/json")),
                   kv(QStringLiteral("X-Trace"), QStringLiteral("{{trace}}"), true, QStringLiteral("for the logs"))};
    get.auth.kind = Auth::Kind::Basic;
    get.auth.username = QStringLiteral("ann");
    get.auth.password = QStringLiteral("{{password}}");
    get.policy = policy(R"({"retry_on": [429, 503], "deadline_ms": null, "max_attempts": 2,
                           "rate_limit": {"scope": "host", "requests": 5, "period_ms": 1000},
                           "idempotency_key": {"value": "auto", "header": "X-Key"}})");
    get.foreign
        = QJsonDocument::fromJson(R"j({"event": [{"listen": "test", "script": {"exec": ["pm.test()"]}}]})j").object();

    RequestItem raw;
    raw.name = QStringLiteral("Raw note");
    raw.method = QStringLiteral("PUT");
    raw.url = QStringLiteral("https://example.com/note");
    raw.body.kind = Body::Kind::Raw;
    raw.body.contentType = QStringLiteral("text/plain; charset=utf-8");
    raw.body.text = QStringLiteral("tab\there\nnew line");
    raw.auth.kind = Auth::Kind::None;
    raw.insecureTls = true;
    raw.policy = PolicyOverride{};

    RequestItem json;
    json.name = QStringLiteral("Create order");
    json.method = QStringLiteral("POST");
    json.url = QStringLiteral("{{base_url}}/orders");
    json.body.kind = Body::Kind::Json;
    json.body.text = QStringLiteral("{\"sku\": \"KB-01\"}");
    json.auth.kind = Auth::Kind::ApiKey;
    json.auth.keyName = QStringLiteral("api_key");
    json.auth.keyValue = QStringLiteral("{{key}}");
    json.auth.keyIn = Auth::ApiKeyIn::Query;
    json.policy = policy(R"({"idempotency_key": {"header": "Idempotency-Key", "value": "auto"}})");

    RequestItem form;
    form.name = QStringLiteral("Login");
    form.method = QStringLiteral("POST");
    form.url = QStringLiteral("{{base_url}}/login");
    form.body.kind = Body::Kind::UrlEncoded;
    form.body.urlEncoded = {kv(QStringLiteral("user"), QStringLiteral("ann")),
                            kv(QStringLiteral("remember"), QStringLiteral("1"), false)};

    RequestItem upload;
    upload.name = QStringLiteral("Upload");
    upload.method = QStringLiteral("POST");
    upload.url = QStringLiteral("{{base_url}}/upload");
    upload.body.kind = Body::Kind::Multipart;
    upload.body.multipart = {
        {QStringLiteral("title"), QStringLiteral("Holiday"), false, QString(), true},
        {QStringLiteral("photo"), QStringLiteral("./photo.png"), true, QStringLiteral("image/png"), true},
        {QStringLiteral("draft"), QStringLiteral("yes"), false, QStringLiteral("text/plain"), false},
    };

    Folder inner;
    inner.name = QStringLiteral("Empty");

    Folder admin;
    admin.name = QStringLiteral("Admin");
    admin.description = QStringLiteral("Needs a key");
    admin.auth.kind = Auth::Kind::ApiKey;
    admin.auth.keyName = QStringLiteral("X-Api-Key");
    admin.auth.keyValue = QStringLiteral("{{admin_key}}");
    admin.policy = policy(R"({"circuit_breaker": {"window": 10, "minimum_calls": 5}, "fallback": null})");
    admin.variables
        = {{QStringLiteral("admin_key"), QString(), true}, {QStringLiteral("region"), QStringLiteral("eu")}};
    admin.items.push_back(request(upload));
    admin.items.push_back(folder(inner));
    admin.foreign = QJsonDocument::fromJson(R"({"auth": {"type": "oauth2"}})").object();

    c.items.push_back(request(get));
    c.items.push_back(request(raw));
    c.items.push_back(request(json));
    c.items.push_back(request(form));
    c.items.push_back(folder(admin));
    return c;
}

Collection loaded(const QByteArray& bytes)
{
    auto c = collectionFromJson(bytes, kFile);
    EXPECT_TRUE(c) << c.error().message.toStdString();
    return c.value_or(Collection{});
}

RequestItem& requestAt(Collection& c, std::size_t i)
{
    return *c.items.at(i).request();
}

Folder& folderAt(Collection& c, std::size_t i)
{
    return *c.items.at(i).folder();
}

QByteArray readAll(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("(unreadable)");
}

bool writeAll(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

// While it lives, a write that would take a file past `bytes` fails with
// EFBIG, as on a full disk, instead of killing the process with SIGXFSZ.
// The destructor puts back the limit and the signal's action on every way
// out of the test, a failed ASSERT included, so no later test is limited.
class FileSizeLimit
{
public:
    explicit FileSizeLimit(rlim_t bytes)
    {
        struct sigaction ignore = {};
        ignore.sa_handler = SIG_IGN;
        sigemptyset(&ignore.sa_mask);
        m_ignoring = sigaction(SIGXFSZ, &ignore, &m_previousAction) == 0;
        if (m_ignoring && getrlimit(RLIMIT_FSIZE, &m_previousLimit) == 0) {
            rlimit lowered = m_previousLimit;
            lowered.rlim_cur = bytes;
            m_limited = setrlimit(RLIMIT_FSIZE, &lowered) == 0;
        }
    }
    ~FileSizeLimit()
    {
        if (m_limited)
            setrlimit(RLIMIT_FSIZE, &m_previousLimit);
        if (m_ignoring)
            sigaction(SIGXFSZ, &m_previousAction, nullptr);
    }
    FileSizeLimit(const FileSizeLimit&) = delete;
    FileSizeLimit& operator=(const FileSizeLimit&) = delete;

    bool active() const { return m_ignoring && m_limited; }

private:
    struct sigaction m_previousAction = {};
    rlimit m_previousLimit = {};
    bool m_ignoring = false;
    bool m_limited = false;
};

QStringList entriesIn(const QString& dir)
{
    return QDir(dir).entryList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot);
}

} // namespace

TEST(CollectionJson, RoundTripsEveryField)
{
    const Collection original = richCollection();
    const QByteArray bytes = collectionToJson(original);
    const Collection back = loaded(bytes);
    EXPECT_TRUE(back == original) << bytes.toStdString();
    EXPECT_EQ(collectionToJson(back), bytes);
}

TEST(CollectionJson, WritesTheDocumentedLayout)
{
    Collection c;
    c.id = QUuid(QStringLiteral("{6f1d2c3e-8a4b-4e5f-9c7d-1a2b3c4d5e6f}"));
    c.name = QStringLiteral("Demo");
    c.variables = {{QStringLiteral("base_url"), QStringLiteral("http://sim.local")}};
    RequestItem r;
    r.name = QStringLiteral("Create order");
    r.method = QStringLiteral("POST");
    r.url = QStringLiteral("{{base_url}}/orders");
    r.headers = {kv(QStringLiteral("Accept"), QStringLiteral("application/json")),
                 kv(QStringLiteral("X-Debug"), QStringLiteral("1"), false)};
    r.body.kind = Body::Kind::Json;
    r.body.text = QStringLiteral("{\"sku\": \"KB-01\"}");
    r.policy = policy(R"({"rate_limit": {"period_ms": 1000, "requests": 5}, "retry_on": [503],
                         "idempotency_key": {"value": "auto"}, "max_attempts": 3})");
    c.items.push_back(request(r));

    const QByteArray expected = R"({
  "format": 1,
  "id": "6f1d2c3e-8a4b-4e5f-9c7d-1a2b3c4d5e6f",
  "name": "Demo",
  "variables": [
    {"name": "base_url", "value": "http://sim.local"}
  ],
  "items": [
    {
      "request": "Create order",
      "method": "POST",
      "url": "{{base_url}}/orders",
      "headers": [
        {"name": "Accept", "value": "application/json"},
        {"name": "X-Debug", "value": "1", "enabled": false}
      ],
      "body": {
        "kind": "json",
        "text": "{\"sku\": \"KB-01\"}"
      },
      "policy": {
        "max_attempts": 3,
        "retry_on": [503],
        "idempotency_key": {"value": "auto"},
        "rate_limit": {"requests": 5, "period_ms": 1000}
      }
    }
  ]
}
)";
    EXPECT_EQ(collectionToJson(c).toStdString(), expected.toStdString());
}

TEST(CollectionJson, PolicyFieldsFollowThePolicyFileOrder)
{
    // The order of writePolicy in core/policy/policyjson.cpp.
    const QStringList order{
        u"max_attempts"_s,
        u"backoff"_s,
        u"base_delay_ms"_s,
        u"multiplier"_s,
        u"max_delay_ms"_s,
        u"jitter"_s,
        u"attempt_timeout_ms"_s,
        u"connect_timeout_ms"_s,
        u"deadline_ms"_s,
        u"retry_window_ms"_s,
        u"retry_on"_s,
        u"retry_on_errors"_s,
        u"respect_retry_after"_s,
        u"max_retry_after_ms"_s,
        u"idempotency_key"_s,
        u"retry_unsafe"_s,
        u"rate_limit"_s,
        u"circuit_breaker"_s,
        u"retry_budget"_s,
        u"fallback"_s,
    };
    Collection c;
    c.id = QUuid::createUuid();
    c.policy = PolicyOverride{};
    // Every field present, including every nested one, in an order of its own.
    c.policy->fields = QJsonDocument::fromJson(R"({
        "fallback": {"content_type": "text/plain", "body": "cached", "status": 200, "mode": "static"},
        "retry_budget": {"min_per_second": 1, "window_ms": 1000, "ratio": 0.1},
        "circuit_breaker": {"half_open_probes": 1, "break_ms": 100, "failure_ratio": 0.5, "minimum_calls": 2, "window": 4},
        "rate_limit": {"scope": "call", "burst": 2, "period_ms": 10, "requests": 1},
        "retry_unsafe": false, "idempotency_key": {"value": "k", "header": "K"},
        "max_retry_after_ms": 1, "respect_retry_after": true, "retry_on_errors": ["timeout"],
        "retry_on": [500], "retry_window_ms": 1, "deadline_ms": 1, "connect_timeout_ms": 1,
        "attempt_timeout_ms": 1, "jitter": "none", "max_delay_ms": 1, "multiplier": 1.5,
        "base_delay_ms": 1, "backoff": "linear", "max_attempts": 1})")
                           .object();
    ASSERT_EQ(c.policy->fields.size(), order.size());
    const QByteArray bytes = collectionToJson(c);
    qsizetype last = -1;
    for (const QString& key : order) {
        const qsizetype at = bytes.indexOf(QByteArray("\"" + key.toUtf8() + "\":"));
        EXPECT_GT(at, last) << key.toStdString();
        last = at;
    }
    EXPECT_TRUE(bytes.contains(R"("idempotency_key": {"header": "K", "value": "k"})"));
    EXPECT_TRUE(bytes.contains(R"("rate_limit": {"requests": 1, "period_ms": 10, "burst": 2, "scope": "call"})"));
    EXPECT_TRUE(bytes.contains(R"("circuit_breaker": {"window": 4, "minimum_calls": 2, "failure_ratio": 0.5, )"
                               R"("break_ms": 100, "half_open_probes": 1})"));
    EXPECT_TRUE(bytes.contains(R"("retry_budget": {"ratio": 0.1, "window_ms": 1000, "min_per_second": 1})"));
    EXPECT_TRUE(bytes.contains(R"("fallback": {"mode": "static", "status": 200, "body": "cached", )"
                               R"("content_type": "text/plain"})"));
    EXPECT_TRUE(loaded(bytes) == c);
}

// Changing one field of the model changes one line of the file; switching
// something off may instead add one line ("enabled": false sits on the
// record's own line, so that is one changed line too).
TEST(CollectionJson, OneFieldChangedIsOneLineChanged)
{
    struct Change {
        const char* what;
        std::function<void(Collection&)> apply;
    };
    const std::vector<Change> changes{
        {"collection name",
         [](Collection& c) {
             c.name = QStringLiteral("Shop API v2");
         }},
        {"collection policy field",
         [](Collection& c) {
             c.policy->fields[u"max_attempts"_s] = 7;
         }},
        {"collection variable value",
         [](Collection& c) {
             c.variables[0].value = QStringLiteral("example.org");
         }},
        {"environment variable value",
         [](Collection& c) {
             c.environments[0].variables[0].value = QStringLiteral("https://eu.example.com");
         }},
        {"variable enabled",
         [](Collection& c) {
             c.variables[0].enabled = false;
         }},
        {"request URL",
         [](Collection& c) {
             requestAt(c, 0).url = QStringLiteral("{{base_url}}/orders/v2");
         }},
        {"request method",
         [](Collection& c) {
             requestAt(c, 0).method = QStringLiteral("HEAD");
         }},
        {"header value",
         [](Collection& c) {
             requestAt(c, 0).headers[0].value = QStringLiteral("text/csv");
         }},
        {"header enabled",
         [](Collection& c) {
             requestAt(c, 0).headers[0].enabled = false;
         }},
        {"param enabled",
         [](Collection& c) {
             requestAt(c, 0).params[1].enabled = true;
         }},
        {"request policy field",
         [](Collection& c) {
             requestAt(c, 0).policy->fields[u"max_attempts"_s] = 3;
         }},
        {"nested policy field",
         [](Collection& c) {
             requestAt(c, 0).policy->fields[u"rate_limit"_s]
                 = QJsonDocument::fromJson(R"({"scope": "host", "requests": 9, "period_ms": 1000})").object();
         }},
        {"auth password",
         [](Collection& c) {
             requestAt(c, 0).auth.password = QStringLiteral("{{pw}}");
         }},
        {"raw body text",
         [](Collection& c) {
             requestAt(c, 1).body.text = QStringLiteral("other");
         }},
        {"api key place",
         [](Collection& c) {
             requestAt(c, 2).auth.keyIn = Auth::ApiKeyIn::Header;
         }},
        {"form field value",
         [](Collection& c) {
             requestAt(c, 3).body.urlEncoded[0].value = QStringLiteral("bob");
         }},
        {"folder name",
         [](Collection& c) {
             folderAt(c, 4).name = QStringLiteral("Administration");
         }},
        {"folder variable value",
         [](Collection& c) {
             folderAt(c, 4).variables[1].value = QStringLiteral("us");
         }},
        {"multipart field enabled",
         [](Collection& c) {
             folderAt(c, 4).items[0].request()->body.multipart[2].enabled = true;
         }},
        {"request description added",
         [](Collection& c) {
             requestAt(c, 3).description = QStringLiteral("Sign in");
         }},
    };
    const QList<QByteArray> before = collectionToJson(richCollection()).split('\n');
    for (const Change& change : changes) {
        SCOPED_TRACE(change.what);
        Collection c = richCollection();
        change.apply(c);
        const QList<QByteArray> after = collectionToJson(c).split('\n');
        qsizetype first = 0;
        while (first < before.size() && first < after.size() && before[first] == after[first])
            ++first;
        ASSERT_LT(first, after.size()) << "nothing changed";
        // After the first difference, the rest lines up again: either the
        // same line replaced or one line inserted.
        const bool replaced = after.size() == before.size() && before.mid(first + 1) == after.mid(first + 1);
        const bool inserted = after.size() == before.size() + 1 && before.mid(first) == after.mid(first + 1);
        EXPECT_TRUE(replaced || inserted) << "line " << first + 1 << ": " << after[first].toStdString();
    }
}

TEST(CollectionJson, SecretValuesAreNeverWritten)
{
    Collection c = richCollection();
    c.variables[1].value = QStringLiteral("collection-s3cr3t");
    c.environments[0].variables[1].value = QStringLiteral("environment-s3cr3t");
    folderAt(c, 4).variables[0].value = QStringLiteral("folder-s3cr3t");
    const QByteArray bytes = collectionToJson(c);
    EXPECT_FALSE(bytes.contains("s3cr3t")) << bytes.toStdString();
    EXPECT_TRUE(bytes.contains(R"({"name": "token", "secret": true})"));
    EXPECT_TRUE(bytes.contains(R"({"name": "password", "secret": true, "enabled": false})"));

    // What loads back is the secret's name, with no value.
    const Collection back = loaded(bytes);
    EXPECT_TRUE(back.variables[1].secret);
    EXPECT_TRUE(back.variables[1].value.isEmpty());
    EXPECT_TRUE(back == richCollection());

    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString path = dir.filePath(kFile);
    ASSERT_TRUE(saveCollection(c, path));
    EXPECT_FALSE(readAll(path).contains("s3cr3t"));
}

TEST(CollectionJson, SaveReplacesTheFileAndLeavesNothingElse)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString path = dir.filePath(kFile);
    ASSERT_TRUE(writeAll(path, "old"));
    const Collection c = richCollection();
    auto saved = saveCollection(c, path);
    ASSERT_TRUE(saved) << saved.error().message.toStdString();
    EXPECT_EQ(readAll(path), collectionToJson(c));
    EXPECT_EQ(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList{kFile});
    auto back = loadCollection(path);
    ASSERT_TRUE(back) << back.error().message.toStdString();
    EXPECT_TRUE(*back == c);
}

TEST(CollectionJson, ASaveThatFailsWhileWritingLeavesTheOldFileAlone)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString path = dir.filePath(kFile);
    const Collection old = richCollection();
    ASSERT_TRUE(saveCollection(old, path));
    const QByteArray oldBytes = readAll(path);
    ASSERT_EQ(oldBytes, collectionToJson(old));

    // The new version is many times the size limit, so the write starts,
    // puts the limit's worth of bytes down, then fails: the failure comes in
    // the middle of the write, not before it. The limit is above the old
    // file's size, so what stops the save is the new bytes, not the old.
    constexpr rlim_t kLimit = 16 * 1024;
    Collection bigger = richCollection();
    for (int i = 0; i < 500; ++i) {
        RequestItem copy = requestAt(bigger, 1);
        copy.name = QStringLiteral("Raw note %1").arg(i);
        bigger.items.push_back(request(copy));
    }
    ASSERT_LT(oldBytes.size(), qsizetype(kLimit));
    ASSERT_GT(collectionToJson(bigger).size(), qsizetype(4 * kLimit));

    // The guard lifts the limit as soon as the save returns, before any
    // other file (GoogleTest's report, the next test's) is written.
    Expected<void> saved;
    {
        FileSizeLimit limit(kLimit);
        ASSERT_TRUE(limit.active()) << "cannot lower RLIMIT_FSIZE: " << std::strerror(errno);
        saved = saveCollection(bigger, path);
    }
    ASSERT_FALSE(saved);
    EXPECT_EQ(saved.error().code, Error::Code::Io);
    EXPECT_TRUE(saved.error().message.startsWith(path + QStringLiteral(": cannot write: ")))
        << saved.error().message.toStdString();
    // Written in place, the file would now hold the first kLimit bytes of
    // the new version; the save must also clean up what it wrote beside it.
    EXPECT_EQ(readAll(path), oldBytes);
    EXPECT_EQ(entriesIn(dir.path()), QStringList{kFile});
}

TEST(CollectionJson, ASaveThatCannotCreateItsFileLeavesTheOldFileAlone)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    QString path;
    QString untouched; // the file that must keep its bytes
    if (geteuid() == 0) {
        // Permission bits do not stop root: a parent that is a regular file
        // stops everyone.
        untouched = dir.filePath(QStringLiteral("notadir"));
        path = untouched + QStringLiteral("/") + kFile;
    } else {
        const QString sub = dir.filePath(QStringLiteral("readonly"));
        ASSERT_TRUE(QDir().mkdir(sub));
        untouched = path = sub + QStringLiteral("/") + kFile;
    }
    ASSERT_TRUE(writeAll(untouched, "old bytes\n"));
    if (geteuid() != 0) {
        ASSERT_TRUE(QFile::setPermissions(QFileInfo(path).path(), QFile::ReadOwner | QFile::ExeOwner));
    }

    auto saved = saveCollection(richCollection(), path);
    QFile::setPermissions(QFileInfo(path).path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    ASSERT_FALSE(saved);
    EXPECT_EQ(saved.error().code, Error::Code::Io);
    EXPECT_TRUE(saved.error().message.startsWith(path + QStringLiteral(": cannot write: ")))
        << saved.error().message.toStdString();
    EXPECT_EQ(readAll(untouched), "old bytes\n");
    const QFileInfo kept(untouched);
    EXPECT_EQ(entriesIn(kept.path()), QStringList{kept.fileName()});
}

TEST(CollectionJson, SaveRefusesWhatCouldNotLoadBack)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString path = dir.filePath(kFile);
    ASSERT_TRUE(writeAll(path, "old bytes\n"));

    Collection badMethod = richCollection();
    requestAt(badMethod, 0).method = QStringLiteral("GE T");
    auto saved = saveCollection(badMethod, path);
    ASSERT_FALSE(saved);
    EXPECT_EQ(saved.error().message,
              path + QStringLiteral(": items[0].method: expected an HTTP method such as GET or POST, got \"GE T\""));

    Collection noId = richCollection();
    noId.id = QUuid();
    saved = saveCollection(noId, path);
    ASSERT_FALSE(saved);
    EXPECT_TRUE(saved.error().message.startsWith(path + QStringLiteral(": id: expected a UUID")));
    EXPECT_EQ(readAll(path), "old bytes\n");
}

TEST(CollectionJson, LoadNamesAMissingFileAndWritesNothing)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString missing = dir.filePath(QStringLiteral("missing.jitterbug.json"));
    auto c = loadCollection(missing);
    ASSERT_FALSE(c);
    EXPECT_EQ(c.error().code, Error::Code::Io);
    EXPECT_TRUE(c.error().message.startsWith(missing + QStringLiteral(": cannot read: ")));

    // A file that fails to load keeps its bytes; nothing appears beside it.
    const QString broken = dir.filePath(kFile);
    ASSERT_TRUE(writeAll(broken, "{\"format\": 1, \"oops\"\n"));
    c = loadCollection(broken);
    ASSERT_FALSE(c);
    EXPECT_TRUE(c.error().message.startsWith(kFile + QStringLiteral(": line "))) << c.error().message.toStdString();
    EXPECT_EQ(readAll(broken), "{\"format\": 1, \"oops\"\n");
    EXPECT_EQ(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList{kFile});
}

TEST(CollectionJson, LoadsMinimalFilesWithDefaults)
{
    const Collection c = loaded(R"({"format": 1, "id": "6F1D2C3E-8A4B-4E5F-9C7D-1A2B3C4D5E6F", "name": "n",
        "auth": {"kind": "none"},
        "items": [{"request": "r", "method": "GET", "url": "u",
                   "headers": [{"name": "A"}], "auth": {"kind": "apikey"},
                   "body": {"kind": "multipart", "fields": [{"name": "f"}]}},
                  {"folder": "f", "items": []}]})");
    EXPECT_EQ(c.id, QUuid(QStringLiteral("6f1d2c3e-8a4b-4e5f-9c7d-1a2b3c4d5e6f")));
    EXPECT_EQ(c.auth.kind, Auth::Kind::None);
    ASSERT_EQ(c.items.size(), 2u);
    const RequestItem& r = *c.items[0].request();
    EXPECT_EQ(r.headers, QList<KeyValue>{kv(QStringLiteral("A"), QString())});
    EXPECT_EQ(r.auth.kind, Auth::Kind::ApiKey);
    EXPECT_EQ(r.auth.keyIn, Auth::ApiKeyIn::Header);
    EXPECT_FALSE(r.policy);
    ASSERT_EQ(r.body.multipart.size(), 1);
    EXPECT_FALSE(r.body.multipart[0].isFile);
    EXPECT_EQ(c.items[1].folder()->auth.kind, Auth::Kind::Inherit);
}

namespace {

struct InvalidCase {
    const char* json;
    const char* error; // after "api.jitterbug.json: "
};

// A valid top level around `items`, for errors further down.
QByteArray withItems(const char* items)
{
    return QByteArray(R"({"format": 1, "id": "6f1d2c3e-8a4b-4e5f-9c7d-1a2b3c4d5e6f", "name": "n", "items": [)") + items
        + "]}";
}

QByteArray withTop(const char* fields)
{
    return QByteArray(R"({"format": 1, "id": "6f1d2c3e-8a4b-4e5f-9c7d-1a2b3c4d5e6f", "name": "n", )") + fields + "}";
}

} // namespace

TEST(CollectionJson, InsecureTlsIsWrittenOnlyWhenARequestTurnsItOn)
{
    Collection c = loaded(withItems(R"({"request": "Self-signed", "method": "GET", "url": "https://dev.test/"},
                                       {"request": "Plain", "method": "GET", "url": "https://dev.test/"})"));
    EXPECT_FALSE(requestAt(c, 0).insecureTls) << "verification is on by default";
    requestAt(c, 0).insecureTls = true;
    const QByteArray bytes = collectionToJson(c);
    EXPECT_EQ(bytes.count("\"insecure_tls\": true"), 1) << bytes.toStdString();
    EXPECT_FALSE(bytes.contains("\"insecure_tls\": false"));
    EXPECT_TRUE(loaded(bytes) == c);
}

TEST(CollectionJson, InvalidDocumentsNameTheFileAndThePlace)
{
    const char* get = R"("method": "GET", "url": "u")";
    const std::vector<std::pair<QByteArray, QString>> cases{
        {"{\"format\": 1,\n  \"name\": }", u"line 2: object is missing after a comma"_s},
        {"{\"format\": 1,\n  \"name\": \"n\"\n  \"items\": []}", u"line 3: unterminated object"_s},
        {"[]", u"expected a JSON object at the top"_s},
        {R"({"name": "n", "items": []})", u"format: missing; a Jitterbug collection starts with \"format\": 1"_s},
        {R"({"format": 2, "whatever": true})", u"format 2 is newer than this Jitterbug reads (1); update Jitterbug"_s},
        {R"({"format": "1"})", u"format: expected 1, got \"1\""_s},
        {R"({"format": 0})", u"format: expected 1, got 0"_s},
        {R"({"format": 1.5})", u"format: expected 1, got 1.5"_s},
        {R"({"format": 1, "name": "n", "items": []})", u"id: expected a string, got nothing"_s},
        {R"({"format": 1, "id": "42", "name": "n", "items": []})",
         u"id: expected a UUID such as 0b5e3a4c-6d2f-4c8e-9a71-2f6d8e4b1c3a, got \"42\""_s},
        {withTop(R"("name": 3, "items": [])").replace(R"("name": "n", )", ""), u"name: expected a string, got 3"_s},
        {withTop(R"("items": [], "nmae": "x")"), u"nmae: unknown field"_s},
        {withTop(R"("variables": [{"name": "v"}])"),
         u"items: expected a list of items (it may be empty), got nothing"_s},
        {withTop(R"("items": {})"), u"items: expected an array, got an object"_s},
        {withItems("3"), u"items[0]: expected an object, got 3"_s},
        {withItems(R"({"name": "r"})"), u"items[0]: expected a \"request\" or a \"folder\" key"_s},
        {withItems(R"({"request": "r", "folder": "f"})"),
         u"items[0]: an item is a \"request\" or a \"folder\", not both"_s},
        {withItems(R"({"request": "r", "url": "u"})"), u"items[0].method: expected a string, got nothing"_s},
        {withItems(R"({"request": "r", "method": "GE T", "url": "u"})"),
         u"items[0].method: expected an HTTP method such as GET or POST, got \"GE T\""_s},
        {withItems(R"({"request": "r", "method": "GET"})"), u"items[0].url: expected a string, got nothing"_s},
        {withItems(R"({"request": "r", "method": "GET", "url": "u", "hedaers": []})"),
         u"items[0].hedaers: unknown field"_s},
        {withItems(R"({"request": "r", "method": "GET", "url": "u", "headers": ["Accept: x"]})"),
         u"items[0].headers[0]: expected an object, got \"Accept: x\""_s},
        {withItems(R"({"request": "r", "method": "GET", "url": "u", "params": [{"name": "a", "vaule": "x"}]})"),
         u"items[0].params[0].vaule: unknown field"_s},
        {withItems(R"({"request": "r", "method": "GET", "url": "u", "headers": [{"name": "a", "enabled": "no"}]})"),
         u"items[0].headers[0].enabled: expected true or false, got \"no\""_s},
        {withItems(R"({"request": "r", "method": "GET", "url": "u", "insecure_tls": "yes"})"),
         u"items[0].insecure_tls: expected true or false, got \"yes\""_s},
        {withItems(R"({"request": "r", "method": "POST", "url": "u", "body": {"kind": "xml"}})"),
         u"items[0].body.kind: expected one of raw, json, urlencoded, multipart, got \"xml\""_s},
        {withItems(R"({"request": "r", "method": "POST", "url": "u", "body": {"kind": "raw", "fields": []}})"),
         u"items[0].body.fields: unknown field"_s},
        {withItems(R"({"request": "r", "method": "POST", "url": "u", "body": {"kind": "multipart",
                      "fields": [{"name": "f", "value": "v", "file": "p"}]}})"),
         u"items[0].body.fields[0].file: a field holds a \"value\" or a \"file\", not both"_s},
        {withItems(R"({"request": "r", "method": "GET", "url": "u", "auth": {"kind": "oauth2"}})"),
         u"items[0].auth.kind: expected one of none, basic, bearer, apikey, got \"oauth2\""_s},
        {withItems(R"({"request": "r", "method": "GET", "url": "u", "auth": {"kind": "apikey", "in": "cookie"}})"),
         u"items[0].auth.in: expected one of header, query, got \"cookie\""_s},
        {withItems(R"({"request": "r", "method": "GET", "url": "u", "auth": {"kind": "bearer", "username": "a"}})"),
         u"items[0].auth.username: unknown field"_s},
        {withItems(R"({"folder": "f"})"), u"items[0].items: expected a list of items (it may be empty), got nothing"_s},
        {withItems(QByteArray(R"({"request": "a", )" + QByteArray(get) + R"(}, {"folder": "f", "items": [
                      {"request": "r", "method": "GET", "url": "u", "policy": {"max_attempts": 0}}]})")
                       .constData()),
         u"items[1].items[0].policy.max_attempts: must be at least 1, got 0"_s},
        {withItems(R"({"folder": "f", "policy": {"max_attempt": 3}, "items": []})"),
         u"items[0].policy.max_attempt: unknown field"_s},
        {withTop(R"("policy": {"jitter": "lots"}, "items": [])"),
         u"policy.jitter: expected one of none, full, equal, decorrelated, got \"lots\""_s},
        {withTop(R"("policy": 5, "items": [])"), u"policy: expected an object, got 5"_s},
        {withItems(R"({"folder": "f", "items": [{"folder": "g", "items": [], "bdoy": 1}]})"),
         u"items[0].items[0].bdoy: unknown field"_s},
        {withItems(R"({"folder": "f", "variables": [{"name": "v", "value": "x", "secret": true}], "items": []})"),
         u"items[0].variables[0].value: a secret variable keeps its value out of the file"_s},
        {withTop(R"("environments": [{"variables": []}], "items": [])"),
         u"environments[0].name: expected a string, got nothing"_s},
        {withTop(R"("environments": [{"name": "e", "vars": []}], "items": [])"),
         u"environments[0].vars: unknown field"_s},
        {withTop(R"("foreign": "x", "items": [])"), u"foreign: expected an object, got \"x\""_s},
    };
    for (const auto& [json, error] : cases) {
        SCOPED_TRACE(json.toStdString());
        auto c = collectionFromJson(json, kFile);
        ASSERT_FALSE(c);
        EXPECT_EQ(c.error().code, Error::Code::InvalidInput);
        EXPECT_EQ(c.error().message.toStdString(), QString(kFile + QStringLiteral(": ") + error).toStdString());
    }
}

namespace {

QString sourceRoot()
{
    // This file is tests/core/collection/test_collectionjson.cpp.
    QDir dir = QFileInfo(QString::fromUtf8(__FILE__)).absoluteDir();
    dir.cd(QStringLiteral("../../.."));
    return dir.absolutePath();
}

// Whether `path` (no query) matches a scenario route's path pattern, where
// ":name" matches one segment.
bool pathMatches(const QString& pattern, const QString& path)
{
    const QStringList want = pattern.split(QLatin1Char('/'));
    const QStringList got = path.split(QLatin1Char('/'));
    if (want.size() != got.size())
        return false;
    for (qsizetype i = 0; i < want.size(); ++i) {
        if (!want[i].startsWith(QLatin1Char(':')) && want[i] != got[i])
            return false;
    }
    return true;
}

void expectRoutesExist(const std::vector<Item>& items, const SimScenario& scenario)
{
    for (const Item& item : items) {
        const RequestItem* r = item.request();
        if (!r)
            continue;
        SCOPED_TRACE(r->name.toStdString());
        ASSERT_TRUE(r->url.startsWith(u"{{base_url}}/"));
        const QString path = r->url.mid(12).section(QLatin1Char('?'), 0, 0);
        const bool found = std::ranges::any_of(scenario.routes, [&](const SimRoute& route) {
            return route.method == r->method.toLatin1() && pathMatches(route.path, path);
        });
        EXPECT_TRUE(found) << r->method.toStdString() << " " << path.toStdString();
    }
}

} // namespace

TEST(CollectionJson, TheSampleCollectionLoadsAndTargetsTheBuiltInScenarios)
{
    const QString path = sourceRoot() + QStringLiteral("/resources/collections/sample.jitterbug.json");
    auto sample = loadCollection(path);
    ASSERT_TRUE(sample) << sample.error().message.toStdString();
    // Written as Jitterbug writes it, so saving it unchanged changes nothing.
    EXPECT_EQ(collectionToJson(*sample).toStdString(), readAll(path).toStdString());

    const auto sim = std::ranges::find(sample->environments, u"sim"_s, &Environment::name);
    ASSERT_NE(sim, sample->environments.end());
    EXPECT_TRUE(sim->variables.contains(Variable{u"base_url"_s, u"http://sim.local"_s}));
    ASSERT_TRUE(sample->policy);

    const auto demo = builtinScenario(u"demo");
    const auto orders = builtinScenario(u"flaky-orders");
    ASSERT_TRUE(demo && orders);
    expectRoutesExist(sample->items, *demo);
    const auto folder = std::ranges::find_if(sample->items,
                                             [](const Item& i) { return i.folder() && i.folder()->name == u"Orders"; });
    ASSERT_NE(folder, sample->items.end());
    expectRoutesExist(folder->folder()->items, *orders);

    // The POST that creates an order sends an idempotency key of its own.
    const auto post = std::ranges::find_if(sample->items,
                                           [](const Item& i) { return i.request() && i.request()->method == u"POST"; });
    ASSERT_NE(post, sample->items.end());
    ASSERT_TRUE(post->request()->policy);
    EXPECT_EQ(post->request()->policy->fields.value(u"idempotency_key").toObject().value(u"value"), u"auto"_s);
}
