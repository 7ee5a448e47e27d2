#include "collection/history.h"
#include "report/timelinejson.h"
#include "support/simharness.h"

#include <QFile>
#include <QTemporaryDir>
#include <QUrl>

#include <gtest/gtest.h>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace jitterbug;
using namespace Qt::StringLiterals;

namespace {

const QDateTime kAt = QDateTime(QDate(2024, 5, 1), QTime(12, 30, 15, 250), Qt::UTC);

Timeline timeline(const QString& url, int status = 200)
{
    Timeline t;
    t.method = "POST";
    t.url = url;
    t.seed = 42;
    AttemptRecord attempt;
    attempt.status = status;
    attempt.endedMs = 12.5;
    attempt.reason = u"2xx"_s;
    t.attempts = {attempt};
    t.outcome.status = status;
    t.outcome.attempts = 1;
    t.outcome.elapsedMs = 12.5;
    t.outcome.succeeded = true;
    t.outcome.reason = u"success"_s;
    return t;
}

QByteArray readAll(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

qsizetype lineCount(const QString& path)
{
    return readAll(path).count('\n');
}

QList<qint64> ids(const QList<HistoryEntry>& entries)
{
    QList<qint64> out;
    for (const HistoryEntry& e : entries)
        out.append(e.id);
    return out;
}

} // namespace

TEST(History, AppendsAndListsNewestFirst)
{
    QTemporaryDir dir;
    History history(dir.filePath(u"jitterbug/history.jsonl"_s));
    EXPECT_TRUE(history.list()->isEmpty()); // no file yet
    for (int i = 1; i <= 3; ++i) {
        ASSERT_TRUE(history.append(u"Call %1"_s.arg(i), timeline(u"http://h/%1"_s.arg(i)), {}, kAt.addSecs(i)));
    }
    const auto entries = history.list();
    ASSERT_TRUE(entries);
    EXPECT_EQ(ids(*entries), (QList<qint64>{3, 2, 1}));
    EXPECT_EQ(entries->at(0).request, u"Call 3"_s);
    EXPECT_EQ(entries->at(0).at, kAt.addSecs(3));
    EXPECT_EQ(entries->at(0).at.timeSpec(), Qt::UTC);
    // The record exactly as timelineToJson writes it, and it reads back.
    EXPECT_EQ(entries->at(2).timelineJson, timelineToJson(timeline(u"http://h/1"_s)));
    const auto back = timelineFromJson(entries->at(2).timelineJson);
    ASSERT_TRUE(back) << back.error().message.toStdString();
    EXPECT_EQ(back->url, u"http://h/1"_s);

    EXPECT_EQ(ids(*history.list(2)), (QList<qint64>{3, 2}));
    EXPECT_EQ(ids(*history.list(0)), (QList<qint64>{3, 2, 1}));

    // One compact line each, in the documented shape.
    const QByteArray first = readAll(history.path()).split('\n').first();
    EXPECT_TRUE(
        first.startsWith(R"({"id":1,"request":"Call 1","at":"2024-05-01T12:30:16.250Z","timeline":{"request":)"))
        << first.toStdString();
}

TEST(History, FindsAnEntryById)
{
    QTemporaryDir dir;
    History history(dir.filePath(u"history.jsonl"_s));
    ASSERT_TRUE(history.append(u"a"_s, timeline(u"http://h/a"_s), {}, kAt));
    ASSERT_TRUE(history.append(u"b"_s, timeline(u"http://h/b"_s, 503), {}, kAt));
    const auto found = history.find(2);
    ASSERT_TRUE(found && *found);
    EXPECT_EQ((*found)->request, u"b"_s);
    EXPECT_EQ(timelineFromJson((*found)->timelineJson)->outcome.status, 503);
    EXPECT_FALSE(*history.find(7));
}

TEST(History, KeepsTheNewestCapEntriesRewritingOncePerTenPercentOver)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"history.jsonl"_s);
    History history(path, 10);
    for (int i = 1; i <= 11; ++i)
        ASSERT_TRUE(history.append(u"c"_s, timeline(u"http://h/"_s), {}, kAt));
    EXPECT_EQ(lineCount(path), 11); // within the slack: no rewrite yet
    EXPECT_EQ(history.list(0)->size(), 10); // but never more than the cap shown
    EXPECT_EQ(history.list(0)->last().id, 2);

    ASSERT_TRUE(history.append(u"c"_s, timeline(u"http://h/"_s), {}, kAt));
    EXPECT_EQ(lineCount(path), 10); // 12 > 10 + 1: rewritten to the newest 10

    for (int i = 13; i <= 40; ++i)
        ASSERT_TRUE(history.append(u"c"_s, timeline(u"http://h/"_s), {}, kAt));
    EXPECT_LE(lineCount(path), 11);
    const auto entries = history.list(0);
    ASSERT_EQ(entries->size(), 10);
    EXPECT_EQ(entries->first().id, 40);
    EXPECT_EQ(entries->last().id, 31);
    EXPECT_FALSE(*history.find(30));
}

TEST(History, SkipsCorruptLinesAndRecoversFromATornOne)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"history.jsonl"_s);
    History history(path);
    ASSERT_TRUE(history.append(u"good"_s, timeline(u"http://h/1"_s), {}, kAt));
    {
        QFile file(path);
        ASSERT_TRUE(file.open(QIODevice::Append));
        file.write("not json at all\n");
        file.write(R"({"id":"2","request":"wrong type","at":"2024-05-01T00:00:00Z","timeline":{}})"
                   "\n");
        file.write(R"({"id":3,"request":"no timeline","at":"2024-05-01T00:00:00Z"})"
                   "\n");
        file.write("\n");
        file.write(R"({"id":9,"request":"torn","at":"2024-05-01T00:00:00Z","timeline":{"requ)"); // no newline
    }
    // A line written by another tool, spaced differently, still reads.
    const auto entries = history.list();
    ASSERT_TRUE(entries);
    EXPECT_EQ(ids(*entries), (QList<qint64>{1}));

    // Appending after the torn line starts a line of its own.
    History other(path); // as another process would, knowing nothing of the file
    ASSERT_TRUE(other.append(u"after"_s, timeline(u"http://h/2"_s), {}, kAt));
    const auto after = history.list();
    EXPECT_EQ(ids(*after), (QList<qint64>{2, 1}));
    EXPECT_EQ(after->first().request, u"after"_s);
}

TEST(History, ReadsALineWrittenByHand)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"history.jsonl"_s);
    {
        QFile file(path);
        ASSERT_TRUE(file.open(QIODevice::WriteOnly));
        file.write("{ \"timeline\": " + timelineToJson(timeline(u"http://h/x"_s))
                   + ", \"id\": 5, \"request\": \"by hand\", \"at\": \"2024-05-01T12:00:00Z\" }\n");
        // Compact, but with the timeline before other keys.
        file.write(R"({"id":6,"timeline":)" + timelineToJson(timeline(u"http://h/y"_s))
                   + R"(,"request":"reordered","at":"2024-05-01T12:00:00Z"})"
                     "\n");
    }
    const auto reordered = History(path).find(6);
    ASSERT_TRUE(reordered && *reordered);
    EXPECT_EQ(timelineFromJson((*reordered)->timelineJson)->url, u"http://h/y"_s);
    const auto found = History(path).find(5);
    ASSERT_TRUE(found && *found);
    EXPECT_EQ(timelineFromJson((*found)->timelineJson)->url, u"http://h/x"_s);
}

TEST(History, IdsStayUniqueAcrossInstancesSharingTheFile)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"history.jsonl"_s);
    History gui(path);
    History cli(path);
    ASSERT_TRUE(gui.append(u"1"_s, timeline(u"http://h/"_s), {}, kAt));
    ASSERT_TRUE(cli.append(u"2"_s, timeline(u"http://h/"_s), {}, kAt));
    ASSERT_TRUE(gui.append(u"3"_s, timeline(u"http://h/"_s), {}, kAt));
    EXPECT_EQ(ids(*gui.list()), (QList<qint64>{3, 2, 1}));
}

// Two processes appending at once, across compactions: no id is given
// twice and no line is lost or torn.
TEST(History, TwoProcessesAppendingAtOnce)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"history.jsonl"_s);
    constexpr int kEach = 60;
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    History history(path, 50);
    for (int i = 0; i < kEach; ++i) {
        if (!history.append(child == 0 ? u"child"_s : u"parent"_s, timeline(u"http://h/"_s), {}, kAt)) {
            if (child == 0)
                ::_exit(1);
            ADD_FAILURE() << "append failed";
        }
    }
    if (child == 0)
        ::_exit(0);
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);

    const auto entries = history.list(0);
    ASSERT_TRUE(entries);
    QList<qint64> expected;
    for (qint64 id = 2 * kEach; id > 2 * kEach - 50; --id)
        expected.append(id);
    EXPECT_EQ(ids(*entries), expected);
    EXPECT_LE(lineCount(path), 55);
}

TEST(History, FileIsMode0600WhateverTheUmask)
{
    QTemporaryDir dir;
    const mode_t old = ::umask(0);
    const QString path = dir.filePath(u"new/history.jsonl"_s);
    History history(path, 2);
    for (int i = 0; i < 5; ++i) // past a compaction, which writes a new file
        EXPECT_TRUE(history.append(u"c"_s, timeline(u"http://h/"_s), {}, kAt));
    ::umask(old);
    struct stat st {
    };
    ASSERT_EQ(::stat(QFile::encodeName(path).constData(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    ASSERT_EQ(::stat(QFile::encodeName(dir.filePath(u"new"_s)).constData(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0700u);
}

// What the timeline record carries: the method, the URL (userinfo and query
// included), the idempotency key, the policy (a fallback body, a fixed key),
// reasons and error details. Every string of it is redacted.
TEST(History, SecretsAreRedactedFromEveryStringOfTheRecord)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"history.jsonl"_s);
    const SecretValues secrets{{u"password"_s, u"p@ss word"_s}, {u"key"_s, u"k3y+value/ü"_s}, {u"empty"_s, QString()}};
    const QString basic = u"Basic "_s + QString::fromLatin1(QByteArray("alice:p@ss word").toBase64());

    Timeline t = timeline(u"https://alice:p%40ss%20word@api.example.com/orders?api_key="_s
                          + QString::fromUtf8(QUrl::toPercentEncoding(u"k3y+value/ü"_s)) + u"&q=a+b"_s);
    t.idempotencyKey = "order-k3y+value/ü-1";
    t.policy.idempotencyKey = "k3y+value/ü";
    t.attempts[0].errorDetail = u"server said: Authorization: "_s + basic + u" rejected"_s;
    t.outcome.reason = u"gave up on p@ss word"_s;
    History history(path);
    ASSERT_TRUE(history.append(u"POST https://api.example.com/orders?api_key=k3y%2Bvalue%2F%C3%BC"_s, t, secrets, kAt));

    const QByteArray bytes = readAll(path);
    for (const QByteArray& leaked : {QByteArray("p@ss word"), QByteArray("p%40ss%20word"), QByteArray("k3y+value"),
                                     QByteArray("k3y%2Bvalue"), QByteArray("alice:p@ss word").toBase64()}) {
        EXPECT_FALSE(bytes.contains(leaked)) << leaked.toStdString() << " in " << bytes.toStdString();
    }

    const auto entry = history.find(1);
    ASSERT_TRUE(entry && *entry);
    EXPECT_EQ((*entry)->request, u"POST https://api.example.com/orders?api_key={{key}}"_s);
    const auto record = timelineFromJson((*entry)->timelineJson);
    ASSERT_TRUE(record) << record.error().message.toStdString();
    EXPECT_EQ(record->url, u"https://alice:{{password}}@api.example.com/orders?api_key={{key}}&q=a+b"_s);
    EXPECT_EQ(record->idempotencyKey, QByteArray("order-{{key}}-1"));
    EXPECT_EQ(record->policy.idempotencyKey, QByteArray("{{key}}"));
    EXPECT_EQ(record->attempts[0].errorDetail, u"server said: Authorization: Basic {{password}} rejected"_s);
    EXPECT_EQ(record->outcome.reason, u"gave up on {{password}}"_s);
    EXPECT_EQ(record->method, QByteArray("POST")); // the rest as it was
}

// A record the engine made: credentials in the URL are already masked,
// secrets elsewhere (here the path) become {{name}}.
TEST(History, ACallsRecordHoldsNeitherCredentialsNorSecrets)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"history.jsonl"_s);
    test::SimHarness sim(test::scriptOf(u"/users/s3cr3t"_s, {test::reply(200)}));
    Request r = test::get(u"http://api.test/users/s3cr3t?api_key=k-789&partner=p-1"_s);
    r.credentialNames = {"partner"};
    r.headers.append("Authorization", "Bearer abc123");
    const Timeline t = sim.run(r, test::noJitter());
    ASSERT_EQ(t.outcome.status, 200);
    History history(path);
    ASSERT_TRUE(history.append(u"Users/Get"_s, t, {{u"token"_s, u"s3cr3t"_s}}, kAt));

    const QByteArray bytes = readAll(path);
    for (const char* leaked : {"s3cr3t", "k-789", "p-1", "abc123"})
        EXPECT_FALSE(bytes.contains(leaked)) << leaked << " in " << bytes.toStdString();
    const auto entry = history.find(1);
    ASSERT_TRUE(entry && *entry);
    const auto record = timelineFromJson((*entry)->timelineJson);
    ASSERT_TRUE(record) << record.error().message.toStdString();
    EXPECT_EQ(record->url, u"http://api.test/users/{{token}}?api_key=••••&partner=••••"_s);
}

TEST(Redaction, SpelledOutPercentEncodedAndBase64)
{
    const SecretValues secrets{{u"password"_s, u"pa:ss w/rd"_s}, {u"token"_s, u"tok"_s}, {u"long"_s, u"tok-long"_s}};
    const auto redact = [&](const QString& text) {
        return redactSecrets(text, secrets);
    };

    EXPECT_EQ(redact(u"pa:ss w/rd"_s), u"{{password}}"_s);
    EXPECT_EQ(redact(u"x=pa%3Ass%20w%2frd&y=pa:ss+w/rd"_s), u"x={{password}}&y={{password}}"_s);
    EXPECT_EQ(redact(u"tok-long and tok"_s), u"{{long}} and {{token}}"_s); // the longer value whole
    // An Authorization: Basic header, with the secret as the password or the
    // whole credential, padded or not, in either base64 alphabet.
    const QByteArray credential = "bob:pa:ss w/rd";
    EXPECT_EQ(redact(u"Basic "_s + QString::fromLatin1(credential.toBase64())), u"Basic {{password}}"_s);
    EXPECT_EQ(redact(QString::fromLatin1(
                  QByteArray("pa:ss w/rd").toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals))),
              u"{{password}}"_s);
    // Base64 percent-encoded in a query, and glued to a prefix.
    EXPECT_EQ(
        redact(u"?auth="_s + QString::fromLatin1(QUrl::toPercentEncoding(QString::fromLatin1(credential.toBase64())))),
        u"?auth={{password}}"_s);
    EXPECT_EQ(redact(u"abc"_s + QString::fromLatin1(credential.toBase64())), u"{{password}}"_s);

    // Left alone: text without secrets, base64 of something else, and
    // everything when there are no (non-empty) secrets.
    EXPECT_EQ(redact(u"Basic "_s + QString::fromLatin1(QByteArray("bob:other").toBase64())),
              u"Basic "_s + QString::fromLatin1(QByteArray("bob:other").toBase64()));
    EXPECT_EQ(redactSecrets(u"pa:ss w/rd"_s, {}), u"pa:ss w/rd"_s);
    EXPECT_EQ(redactSecrets(u"abc"_s, {{u"e"_s, QString()}}), u"abc"_s);
}
