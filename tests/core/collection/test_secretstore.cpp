#include "collection/collectionjson.h"
#include "collection/history.h"
#include "collection/secretstore.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QTemporaryDir>
#include <QUrl>

#include <gtest/gtest.h>

#include <sys/stat.h>

using namespace jitterbug;
using namespace Qt::StringLiterals;

namespace {

const QUuid kShop(u"6f1d2c3e-8a4b-4e5f-9c7d-1a2b3c4d5e6f"_s);
const QUuid kBilling(u"0b7c1a2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d"_s);

// The mode bits as stat(2) reports them, not as Qt maps them.
unsigned modeOf(const QString& path)
{
    struct stat st {
    };
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return 0xffff;
    return st.st_mode & 0777;
}

QByteArray readAll(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void writeAll(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write(bytes);
}

// Sets an environment variable for one test and puts the old value back.
class ScopedEnv
{
public:
    ScopedEnv(const char* name, const QByteArray& value)
        : m_name(name)
        , m_had(qEnvironmentVariableIsSet(name))
        , m_old(qgetenv(name))
    {
        qputenv(name, value);
    }
    ~ScopedEnv()
    {
        if (m_had)
            qputenv(m_name, m_old);
        else
            qunsetenv(m_name);
    }

private:
    const char* m_name;
    bool m_had;
    QByteArray m_old;
};

class ScopedUmask
{
public:
    explicit ScopedUmask(mode_t mask)
        : m_old(::umask(mask))
    {
    }
    ~ScopedUmask() { ::umask(m_old); }

private:
    mode_t m_old;
};

} // namespace

TEST(SecretStore, RoundTrip)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"cfg/jitterbug/secrets.json"_s);
    SecretStore store(path);
    ASSERT_TRUE(store.load()); // missing: empty
    EXPECT_TRUE(store.valuesFor(kShop, {}).isEmpty());
    store.set(kShop, {}, u"token"_s, u"tok-\"quoted\" ünï"_s);
    store.set(kShop, u"prod"_s, u"password"_s, u"hunter2"_s);
    store.set(kBilling, {}, u"token"_s, u"other"_s);
    ASSERT_TRUE(store.save());

    SecretStore back(path);
    ASSERT_TRUE(back.load());
    EXPECT_EQ(back.valuesFor(kShop, {}), (SecretValues{{u"token"_s, u"tok-\"quoted\" ünï"_s}}));
    EXPECT_EQ(back.valuesFor(kShop, u"prod"_s),
              (SecretValues{{u"token"_s, u"tok-\"quoted\" ünï"_s}, {u"password"_s, u"hunter2"_s}}));
    EXPECT_EQ(back.valuesFor(kBilling, u"prod"_s), (SecretValues{{u"token"_s, u"other"_s}}));
    EXPECT_TRUE(back.valuesFor(QUuid::createUuid(), {}).isEmpty());
}

TEST(SecretStore, EnvironmentSecretsOverrideTheCollections)
{
    QTemporaryDir dir;
    SecretStore store(dir.filePath(u"secrets.json"_s));
    ASSERT_TRUE(store.load());
    store.set(kShop, {}, u"token"_s, u"dev-token"_s);
    store.set(kShop, {}, u"user"_s, u"alice"_s);
    store.set(kShop, u"prod"_s, u"token"_s, u"prod-token"_s);
    EXPECT_EQ(store.valuesFor(kShop, u"prod"_s),
              (SecretValues{{u"token"_s, u"prod-token"_s}, {u"user"_s, u"alice"_s}}));
    EXPECT_EQ(store.valuesFor(kShop, u"staging"_s),
              (SecretValues{{u"token"_s, u"dev-token"_s}, {u"user"_s, u"alice"_s}}));
    EXPECT_EQ(store.valuesFor(kShop, {}), (SecretValues{{u"token"_s, u"dev-token"_s}, {u"user"_s, u"alice"_s}}));
}

TEST(SecretStore, RemoveLeavesNoTraceOfTheCollection)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"secrets.json"_s);
    SecretStore store(path);
    ASSERT_TRUE(store.load());
    store.set(kShop, u"prod"_s, u"token"_s, u"x"_s);
    store.set(kBilling, {}, u"token"_s, u"y"_s);
    store.remove(kShop, u"prod"_s, u"token"_s);
    store.remove(kShop, u"prod"_s, u"absent"_s); // no-ops
    store.remove(QUuid::createUuid(), {}, u"token"_s);
    ASSERT_TRUE(store.save());
    EXPECT_FALSE(readAll(path).contains(kShop.toString(QUuid::WithoutBraces).toUtf8()));
    EXPECT_TRUE(store.valuesFor(kShop, u"prod"_s).isEmpty());
    EXPECT_EQ(store.valuesFor(kBilling, {}).value(u"token"_s), u"y"_s);
}

TEST(SecretStore, FileIsMode0600AndItsDirectory0700WhateverTheUmask)
{
    QTemporaryDir dir;
    const ScopedUmask noMask(0); // the most permissive: nothing may depend on it
    const QString path = dir.filePath(u"new/jitterbug/secrets.json"_s);
    SecretStore store(path);
    ASSERT_TRUE(store.load());
    store.set(kShop, {}, u"token"_s, u"s3cret"_s);
    ASSERT_TRUE(store.save());
    EXPECT_EQ(modeOf(path), 0600u);
    EXPECT_EQ(modeOf(dir.filePath(u"new/jitterbug"_s)), 0700u);
    EXPECT_EQ(modeOf(dir.filePath(u"new"_s)), 0700u);
    EXPECT_EQ(modeOf(dir.path()), 0700u) << "an existing directory is left as it was (QTemporaryDir makes it 0700)";

    // A file someone opened up is private again after the next save.
    ASSERT_EQ(::chmod(QFile::encodeName(path).constData(), 0644), 0);
    ASSERT_TRUE(store.save());
    EXPECT_EQ(modeOf(path), 0600u);
}

TEST(SecretStore, BrokenFileIsRefusedAndNeverOverwritten)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"secrets.json"_s);
    const QList<std::pair<QByteArray, QString>> broken = {
        {"{\n  \"format\": 1,\n  \"collections\": {\n", u"line 4"_s},
        {"[]", u"expected a JSON object"_s},
        {R"({"collections": {}})", u"format: expected an integer"_s},
        {R"({"format": 2, "collections": {}})", u"format 2 is newer than this Jitterbug reads (1)"_s},
        {R"({"format": 1, "collections": {"not-a-uuid": {}}})", u"collections.not-a-uuid"_s},
        {R"({"format": 1, "collections": {"6f1d2c3e-8a4b-4e5f-9c7d-1a2b3c4d5e6f": {"": {"token": 5}}}})",
         u"collections.6f1d2c3e-8a4b-4e5f-9c7d-1a2b3c4d5e6f..token: expected a string"_s},
    };
    for (const auto& [bytes, place] : broken) {
        SCOPED_TRACE(bytes.toStdString());
        writeAll(path, bytes);
        SecretStore store(path);
        const auto loaded = store.load();
        ASSERT_FALSE(loaded);
        EXPECT_TRUE(loaded.error().message.startsWith(path + u": "_s)) << loaded.error().message.toStdString();
        EXPECT_TRUE(loaded.error().message.contains(place)) << loaded.error().message.toStdString();

        store.set(kShop, {}, u"token"_s, u"new"_s);
        const auto saved = store.save();
        ASSERT_FALSE(saved);
        EXPECT_TRUE(saved.error().message.contains(u"not overwritten"_s));
        EXPECT_EQ(readAll(path), bytes);
    }
}

TEST(SecretStore, SaveBeforeLoadIsRefused)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"secrets.json"_s);
    writeAll(path, R"({"format": 1, "collections": {}})");
    SecretStore store(path);
    store.set(kShop, {}, u"token"_s, u"x"_s);
    EXPECT_FALSE(store.save());
    EXPECT_EQ(readAll(path), QByteArray(R"({"format": 1, "collections": {}})"));
}

TEST(SecretStore, DefaultPathIsUnderXdgConfigHome)
{
    QTemporaryDir dir;
    const ScopedEnv env("XDG_CONFIG_HOME", QFile::encodeName(dir.path()));
    EXPECT_EQ(SecretStore::defaultPath(), dir.path() + u"/jitterbug/secrets.json"_s);
    EXPECT_EQ(History::defaultPath(), dir.path() + u"/jitterbug/history.jsonl"_s);

    SecretStore store;
    EXPECT_EQ(store.path(), SecretStore::defaultPath());
    ASSERT_TRUE(store.load());
    store.set(kShop, {}, u"token"_s, u"x"_s);
    ASSERT_TRUE(store.save());
    EXPECT_TRUE(QFile::exists(dir.path() + u"/jitterbug/secrets.json"_s));
}

// The one place a secret's value is written is the store: not the
// collection file, and not the history.
TEST(SecretStore, ValuesAppearInNoOtherFile)
{
    QTemporaryDir dir;
    const QString secret = u"s3cr3t-Value/with+chars"_s;

    Collection collection;
    collection.id = kShop;
    collection.name = u"Shop"_s;
    // Even a model that holds the value (as the GUI's editor might) does not write it.
    collection.variables = {{u"token"_s, secret, true}};
    collection.environments = {{u"prod"_s, {{u"password"_s, secret, true}}}};
    RequestItem request;
    request.name = u"Orders"_s;
    request.url = u"https://api.example.com/orders?token={{token}}"_s;
    collection.items.push_back(Item{request});
    EXPECT_FALSE(collectionToJson(collection).contains(secret.toUtf8()));
    ASSERT_TRUE(saveCollection(collection, dir.filePath(u"shop.jitterbug.json"_s)));

    SecretStore store(dir.filePath(u"jitterbug/secrets.json"_s));
    ASSERT_TRUE(store.load());
    store.set(kShop, {}, u"token"_s, secret);
    ASSERT_TRUE(store.save());

    Timeline timeline;
    timeline.method = "GET";
    timeline.url = u"https://api.example.com/orders?token="_s + QString::fromUtf8(QUrl::toPercentEncoding(secret));
    History history(dir.filePath(u"jitterbug/history.jsonl"_s));
    ASSERT_TRUE(history.append(u"Orders"_s, timeline, store.valuesFor(kShop, {}), QDateTime::currentDateTimeUtc()));

    QStringList holding;
    for (QDirIterator it(dir.path(), QDir::Files, QDirIterator::Subdirectories); it.hasNext();) {
        const QString file = it.next();
        const QByteArray bytes = readAll(file);
        if (bytes.contains(secret.toUtf8()) || bytes.contains(QUrl::toPercentEncoding(secret)))
            holding.append(QDir(dir.path()).relativeFilePath(file));
    }
    EXPECT_EQ(holding, QStringList{u"jitterbug/secrets.json"_s});
}
