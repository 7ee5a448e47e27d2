// `jitterbug-cli convert`: between our collections, Postman v2.1 and curl
// command files, as a separate process; and `run` of what it wrote.
#include "clirunner.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using jitterbug::test::readFileBytes;
using jitterbug::test::runCli;
using jitterbug::test::writeTestFile;

namespace {

const QString sample = QStringLiteral(JITTERBUG_SOURCE_DIR "/resources/collections/sample.jitterbug.json");

} // namespace

TEST(CliConvert, OursToPostmanAndBackIsTheSameFile)
{
    QTemporaryDir dir;
    const QString postman = dir.filePath(QStringLiteral("sample.postman_collection.json"));
    const QString back = dir.filePath(QStringLiteral("back.jitterbug.json"));
    ASSERT_EQ(runCli({QStringLiteral("convert"), sample, postman}).exitCode, 0);
    const QJsonObject info = QJsonDocument::fromJson(readFileBytes(postman)).object().value(u"info").toObject();
    EXPECT_EQ(info.value(u"schema").toString(),
              QStringLiteral("https://schema.getpostman.com/json/collection/v2.1.0/collection.json"));
    const auto r = runCli({QStringLiteral("convert"), postman, back});
    EXPECT_EQ(r.exitCode, 0) << r.err.data();
    EXPECT_EQ(readFileBytes(back), readFileBytes(sample));
}

TEST(CliConvert, CurlCommandsBecomeNamedRequestsAndRunOnTheSimulatedBackend)
{
    QTemporaryDir dir;
    const QString commands = writeTestFile(dir.path(), QStringLiteral("calls.sh"), R"(# Flaky
curl 'http://sim.local/flaky' \
  -H 'Accept: application/json' --retry 3

# Create order
curl -X POST http://sim.local/orders -H 'Content-Type: application/json' \
  --data-raw '{"item": "book"}'
)");
    const QString collection = dir.filePath(QStringLiteral("calls.jitterbug.json"));
    const auto converted = runCli({QStringLiteral("convert"), commands, collection});
    ASSERT_EQ(converted.exitCode, 0) << converted.err.data();
    const QByteArray saved = readFileBytes(collection);
    EXPECT_TRUE(saved.contains("\"request\": \"Flaky\"")) << saved.data();
    EXPECT_TRUE(saved.contains("\"request\": \"Create order\""));

    const auto run = runCli({QStringLiteral("run"), collection, QStringLiteral("--backend"), QStringLiteral("sim"),
                             QStringLiteral("--seed"), QStringLiteral("3")});
    EXPECT_EQ(run.exitCode, 1) << run.out.data() << run.err.data();
    // curl's --retry 3 became the request's policy; the POST has no idempotency
    // key, so its 503 is not retried, as curl would not retry it either.
    EXPECT_TRUE(run.out.contains("ok   Flaky → 200 after 3 attempts")) << run.out.data();
    EXPECT_TRUE(run.out.contains("FAIL Create order → 503 after 1 attempt")) << run.out.data();
}

TEST(CliConvert, RunReadsPostmanCollectionsAndListsWhatItCannotRun)
{
    QTemporaryDir dir;
    const QString postman = writeTestFile(dir.path(), QStringLiteral("scripts.postman_collection.json"), R"({
  "info": {"name": "Scripts", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
  "item": [{"name": "OK", "event": [{"listen": "test", "script": {"exec": ["pm.test('ok', () => {});"]}}],
            "request": {"method": "GET", "url": "http://sim.local/ok"}}]
})");
    const auto r = runCli({QStringLiteral("run"), postman, QStringLiteral("--backend"), QStringLiteral("sim"),
                           QStringLiteral("--seed"), QStringLiteral("1")});
    EXPECT_EQ(r.exitCode, 0) << r.err.data();
    EXPECT_TRUE(r.err.startsWith("jitterbug-cli: warning: ")) << r.err.data();
    EXPECT_TRUE(r.err.contains("OK")) << r.err.data();
    EXPECT_TRUE(r.out.contains("ok   OK → 200")) << r.out.data();
}

TEST(CliConvert, BadInputIsOneLineAndWritesNothing)
{
    QTemporaryDir dir;
    const QString v1 = writeTestFile(dir.path(), QStringLiteral("old.postman_collection.json"),
                                     R"({"id": "x", "name": "Old", "order": [], "requests": []})");
    const QString broken = writeTestFile(dir.path(), QStringLiteral("broken.jitterbug.json"), "{\"format\": 1,");
    const QString existing = writeTestFile(dir.path(), QStringLiteral("existing.jitterbug.json"), "keep me\n");
    struct Case {
        QStringList args;
        QByteArray start;
    };
    const QList<Case> cases{
        {{sample, dir.filePath(QStringLiteral("out.xyz"))}, "jitterbug-cli: convert: cannot tell the format of "},
        {{sample, dir.filePath(QStringLiteral("out.json")), QStringLiteral("--to"), QStringLiteral("insomnia")},
         "jitterbug-cli: --to: expected jitterbug, postman or curl, got \"insomnia\""},
        {{v1, existing}, "jitterbug-cli: old.postman_collection.json: a Postman v1 collection"},
        {{broken, existing}, "jitterbug-cli: broken.jitterbug.json: line 1: "},
        {{sample}, "jitterbug-cli: convert: expected IN and OUT, got 1 file names"},
        {{sample, dir.filePath(QStringLiteral("no/such/dir/out.jitterbug.json"))}, "jitterbug-cli: "},
    };
    for (const Case& c : cases) {
        const auto r = runCli(QStringList{QStringLiteral("convert")} + c.args, 10000);
        EXPECT_EQ(r.exitCode, 2) << c.args.join(u' ').toStdString();
        EXPECT_TRUE(r.err.startsWith(c.start)) << r.err.data();
        EXPECT_EQ(r.err.count('\n'), 1) << r.err.data();
    }
    EXPECT_EQ(readFileBytes(existing), "keep me\n");
    EXPECT_FALSE(QFile::exists(dir.filePath(QStringLiteral("out.xyz"))));
}
