// `jitterbug-cli run`: collections run headless, against the simulated
// backend and against `serve` on 127.0.0.1, with their reports.
#include "clirunner.h"
#include "serveprocess.h"

#include "report/timelinejson.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QXmlStreamReader>

#include <gtest/gtest.h>

using jitterbug::test::readFileBytes;
using jitterbug::test::runCli;
using jitterbug::test::ServeProcess;
using jitterbug::test::writeTestFile;

namespace {

const QString sample = QStringLiteral(JITTERBUG_SOURCE_DIR "/resources/collections/sample.jitterbug.json");

// A two-request collection against {{base_url}}, written for these tests.
QByteArray twoRequests(const char* second = "/items/{{item}}")
{
    return QByteArray(R"({
  "format": 1,
  "id": "6f1c2b8e-6d2a-4a8e-9a61-0c1b7c3d2e11",
  "name": "Check",
  "policy": {"max_attempts": 3, "base_delay_ms": 1, "jitter": "none"},
  "variables": [{"name": "item", "value": "7"}],
  "environments": [{"name": "local", "variables": [{"name": "base_url", "value": "http://127.0.0.1:1"}]}],
  "items": [
    {"request": "Flaky", "method": "GET", "url": "{{base_url}}/flaky"},
    {"folder": "Items", "items": [{"request": "Item", "method": "GET", "url": "{{base_url}})")
        + second + R"("}]}
  ]
}
)";
}

int failuresIn(const QByteArray& xml, int* cases)
{
    QXmlStreamReader reader(xml);
    int failures = 0;
    *cases = 0;
    while (!reader.atEnd()) {
        reader.readNext();
        if (reader.isStartElement() && reader.name() == u"testcase")
            ++*cases;
        if (reader.isStartElement() && reader.name() == u"failure")
            ++failures;
    }
    EXPECT_FALSE(reader.hasError()) << reader.errorString().toStdString();
    return failures;
}

} // namespace

TEST(CliRun, TheSampleRunsOnTheSimulatedBackendWithReports)
{
    QTemporaryDir dir;
    const QString json = dir.filePath(QStringLiteral("run.json"));
    const QString junit = dir.filePath(QStringLiteral("run.xml"));
    const auto r = runCli({QStringLiteral("run"), sample, QStringLiteral("--backend"), QStringLiteral("sim"),
                           QStringLiteral("--env"), QStringLiteral("sim"), QStringLiteral("--seed"),
                           QStringLiteral("1"), QStringLiteral("--report"), QStringLiteral("json"), json,
                           QStringLiteral("--report"), QStringLiteral("junit"), junit});
    EXPECT_EQ(r.exitCode, 1) << r.err.data(); // the sample shows failures too: a fallback and a 404
    EXPECT_TRUE(r.out.contains("ok   Flaky: two 503s, then 200 → 200 after 3 attempts")) << r.out.data();
    EXPECT_TRUE(r.out.contains("│ requests    │")) << r.out.data();

    const QJsonObject report = QJsonDocument::fromJson(readFileBytes(json)).object();
    const QJsonArray calls = report.value(u"calls").toArray();
    EXPECT_EQ(report.value(u"seed").toInteger(), 1);
    EXPECT_EQ(report.value(u"summary").toObject().value(u"calls").toInt(), calls.size());
    int failedInJson = 0;
    for (const QJsonValue& call : calls) {
        const QJsonObject timeline = call.toObject().value(u"timeline").toObject();
        // Each record reads back as a timeline record: the schema `send --timeline json` writes.
        const auto parsed = jitterbug::timelineFromJson(QJsonDocument(timeline).toJson(QJsonDocument::Compact));
        EXPECT_TRUE(parsed.has_value()) << (parsed ? "" : parsed.error().message.toStdString());
        EXPECT_TRUE(timeline.value(u"outcome").toObject().contains(u"succeeded"));
        failedInJson += !timeline.value(u"outcome").toObject().value(u"succeeded").toBool();
    }
    int cases = 0;
    EXPECT_EQ(failuresIn(readFileBytes(junit), &cases), failedInJson);
    EXPECT_EQ(cases, calls.size());

    // HAR 1.2: one entry per attempt, each with the attempt's decision.
    const QString har = dir.filePath(QStringLiteral("run.har"));
    runCli({QStringLiteral("run"), sample, QStringLiteral("--backend"), QStringLiteral("sim"), QStringLiteral("--env"),
            QStringLiteral("sim"), QStringLiteral("--seed"), QStringLiteral("1"), QStringLiteral("--quiet"),
            QStringLiteral("--report"), QStringLiteral("har"), har});
    const QJsonObject log = QJsonDocument::fromJson(readFileBytes(har)).object().value(u"log").toObject();
    EXPECT_EQ(log.value(u"version").toString(), QStringLiteral("1.2"));
    EXPECT_EQ(log.value(u"entries").toArray().size(), report.value(u"summary").toObject().value(u"attempts").toInt());
    EXPECT_TRUE(log.value(u"entries").toArray().at(0).toObject().value(u"_jitterbug").toObject().contains(u"decision"));

    // The same seed gives the same report, byte for byte, in virtual time.
    const QString again = dir.filePath(QStringLiteral("again.json"));
    runCli({QStringLiteral("run"), sample, QStringLiteral("--backend"), QStringLiteral("sim"), QStringLiteral("--env"),
            QStringLiteral("sim"), QStringLiteral("--seed"), QStringLiteral("1"), QStringLiteral("--quiet"),
            QStringLiteral("--report"), QStringLiteral("json"), again});
    EXPECT_EQ(readFileBytes(json), readFileBytes(again));
}

TEST(CliRun, IterationsAndConcurrencyAgainstServeSendEveryRequest)
{
    QTemporaryDir dir;
    ServeProcess serve({QStringLiteral("--seed"), QStringLiteral("1"), QStringLiteral("--scenario"),
                        writeTestFile(dir.path(), QStringLiteral("scenario.json"), R"({"routes": [
        {"method": "GET", "path": "/flaky", "then": "cycle", "script": [{"status": 503}, {"status": 200}]},
        {"method": "GET", "path": "/items/:id", "script": [{"status": 200, "json": {"id": 7}}]}]})")});
    ASSERT_GT(serve.port(), 0);
    QByteArray collection = twoRequests();
    collection.replace("http://127.0.0.1:1", QByteArray("http://127.0.0.1:" + QByteArray::number(serve.port())));
    // Two flaky calls can be in flight at once and share the route's cycle:
    // one may take the 200 the other's retry was due. Enough attempts that
    // no scheduling on a loaded machine exhausts them.
    collection.replace(R"("max_attempts": 3)", R"("max_attempts": 12)");
    const QString path = writeTestFile(dir.path(), QStringLiteral("check.jitterbug.json"), collection);
    const QByteArray before = readFileBytes(path);

    const QString junit = dir.filePath(QStringLiteral("run.xml"));
    const QString json = dir.filePath(QStringLiteral("run.json"));
    const auto r
        = runCli({QStringLiteral("run"), path, QStringLiteral("--env"), QStringLiteral("local"),
                  QStringLiteral("--iterations"), QStringLiteral("3"), QStringLiteral("--concurrency"),
                  QStringLiteral("2"), QStringLiteral("--seed"), QStringLiteral("2"), QStringLiteral("--report"),
                  QStringLiteral("junit"), junit, QStringLiteral("--report"), QStringLiteral("json"), json});
    EXPECT_EQ(r.exitCode, 0) << r.out.data() << r.err.data();
    int cases = 0;
    EXPECT_EQ(failuresIn(readFileBytes(junit), &cases), 0);
    EXPECT_EQ(cases, 6);
    const QJsonArray calls = QJsonDocument::fromJson(readFileBytes(json)).object().value(u"calls").toArray();
    ASSERT_EQ(calls.size(), 6);
    for (const QJsonValue& call : calls) {
        const QJsonObject request = call.toObject().value(u"timeline").toObject().value(u"request").toObject();
        EXPECT_TRUE(request.value(u"url").toString().startsWith(QStringLiteral("http://127.0.0.1:")));
    }
    EXPECT_TRUE(r.out.contains("ok   Items/Item #3 → 200")) << r.out.data();
    const QJsonObject stats = QJsonDocument::fromJson(serve.stats()).object();
    const QJsonArray routes = stats.value(u"routes").toArray();
    EXPECT_EQ(routes[1].toObject().value(u"hits").toInt(), 3); // /items/7, once per iteration
    EXPECT_GE(routes[0].toObject().value(u"hits").toInt(), 3); // /flaky, with its retries
    EXPECT_EQ(readFileBytes(path), before); // running never rewrites the collection
}

TEST(CliRun, BadInputStopsTheRunBeforeAnythingIsSent)
{
    QTemporaryDir dir;
    ServeProcess serve({QStringLiteral("--seed"), QStringLiteral("1"), QStringLiteral("--scenario"),
                        writeTestFile(dir.path(), QStringLiteral("scenario.json"),
                                      R"({"routes": [{"path": "/*", "script": [{"status": 200}]}]})")});
    QByteArray collection = twoRequests("/items/{{missing}}");
    collection.replace("http://127.0.0.1:1", QByteArray("http://127.0.0.1:" + QByteArray::number(serve.port())));
    const QString undefinedVariable = writeTestFile(dir.path(), QStringLiteral("undefined.jitterbug.json"), collection);
    const QString broken
        = writeTestFile(dir.path(), QStringLiteral("broken.jitterbug.json"), "{\"format\": 1,\n  \"name\": }");
    const QByteArray brokenBytes = readFileBytes(broken);

    struct Case {
        QStringList args;
        QByteArray message;
    };
    const QList<Case> cases{
        {{undefinedVariable, QStringLiteral("--env"), QStringLiteral("local")},
         "jitterbug-cli: request \"Items/Item\": url: undefined variable {{missing}}\n"},
        {{broken}, "jitterbug-cli: broken.jitterbug.json: line 2: object is missing after a comma\n"},
        {{undefinedVariable, QStringLiteral("--env"), QStringLiteral("prod")},
         "jitterbug-cli: --env: no environment \"prod\" in the collection (local) and no such file\n"},
        {{undefinedVariable, QStringLiteral("--folder"), QStringLiteral("Nope")},
         "jitterbug-cli: --folder: no folder \"Nope\" with requests in " + undefinedVariable.toUtf8() + "\n"},
        {{undefinedVariable, QStringLiteral("--iterations"), QStringLiteral("0")},
         "jitterbug-cli: --iterations: expected a whole number ≥ 1, got \"0\"\n"},
        {{undefinedVariable, QStringLiteral("--report"), QStringLiteral("xml"), QStringLiteral("out.xml")},
         "jitterbug-cli: --report: expected json, junit or har and a FILE, got \"xml out.xml\"\n"},
        {{dir.filePath(QStringLiteral("none.jitterbug.json"))},
         "jitterbug-cli: " + dir.filePath(QStringLiteral("none.jitterbug.json")).toUtf8()
             + ": cannot read: No such file or directory\n"},
    };
    for (const Case& c : cases) {
        const auto r = runCli(QStringList{QStringLiteral("run")} + c.args, 10000);
        EXPECT_EQ(r.exitCode, 2) << c.args.join(u' ').toStdString();
        EXPECT_EQ(r.err, c.message);
    }
    // A report that cannot be written stops the run before it starts too.
    QByteArray good = twoRequests();
    good.replace("http://127.0.0.1:1", QByteArray("http://127.0.0.1:" + QByteArray::number(serve.port())));
    const QString valid = writeTestFile(dir.path(), QStringLiteral("valid.jitterbug.json"), good);
    const auto unwritable = runCli({QStringLiteral("run"), valid, QStringLiteral("--env"), QStringLiteral("local"),
                                    QStringLiteral("--report"), QStringLiteral("json"),
                                    dir.filePath(QStringLiteral("valid.jitterbug.json/report.json"))});
    EXPECT_EQ(unwritable.exitCode, 2);
    EXPECT_TRUE(unwritable.err.startsWith("jitterbug-cli: --report json: cannot write ")) << unwritable.err.data();

    EXPECT_EQ(QJsonDocument::fromJson(serve.stats()).object().value(u"requests").toInt(), 0);
    EXPECT_EQ(readFileBytes(broken), brokenBytes);
}

TEST(CliRun, BailStartsNoMoreCallsAfterAFailure)
{
    QTemporaryDir dir;
    QByteArray collection = twoRequests();
    const QString path = writeTestFile(dir.path(), QStringLiteral("bail.jitterbug.json"), collection);
    // Nothing listens on port 1: every call fails with connection_refused.
    const auto r = runCli({QStringLiteral("run"), path, QStringLiteral("--env"), QStringLiteral("local"),
                           QStringLiteral("--iterations"), QStringLiteral("5"), QStringLiteral("--bail")});
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_EQ(r.out.count("FAIL "), 1) << r.out.data();
    EXPECT_TRUE(r.out.contains("│ requests    │          1 │")) << r.out.data();
}

TEST(CliRun, EnvVarsFillVariablesOverTheEnvironment)
{
    QTemporaryDir dir;
    ServeProcess serve({QStringLiteral("--seed"), QStringLiteral("1"), QStringLiteral("--scenario"),
                        writeTestFile(dir.path(), QStringLiteral("scenario.json"),
                                      R"({"routes": [{"path": "/*", "script": [{"status": 200}]}]})")});
    const QString path
        = writeTestFile(dir.path(), QStringLiteral("vars.jitterbug.json"), twoRequests("/items/{{secret_id}}"));
    // base_url from the environment is overridden too, so the run reaches serve.
    QStringList reports;
    for (const char* kind : {"json", "junit", "har"})
        reports << QStringLiteral("--report") << QString::fromLatin1(kind)
                << dir.filePath(QStringLiteral("report.") + QString::fromLatin1(kind));
    const auto r = runCli(QStringList{QStringLiteral("run"), path, QStringLiteral("--env"), QStringLiteral("local"),
                                      QStringLiteral("--env-var"), QStringLiteral("secret_id=S3cr3t-Val"),
                                      QStringLiteral("--env-var"),
                                      QStringLiteral("base_url=http://127.0.0.1:%1").arg(serve.port())}
                          + reports);
    EXPECT_EQ(r.exitCode, 0) << r.out.data() << r.err.data();
    // Values given on the command line are CI secrets: no report holds them.
    for (const char* kind : {"json", "junit", "har"}) {
        const QByteArray written = readFileBytes(dir.filePath(QStringLiteral("report.") + QString::fromLatin1(kind)));
        EXPECT_FALSE(written.isEmpty()) << kind;
        EXPECT_FALSE(written.contains("S3cr3t-Val")) << kind;
        if (qstrcmp(kind, "junit") != 0) { // JUnit names passing calls only
            EXPECT_TRUE(written.contains("{{secret_id}}")) << kind;
        }
    }
    const QJsonArray routes = QJsonDocument::fromJson(serve.stats()).object().value(u"routes").toArray();
    EXPECT_EQ(routes[0].toObject().value(u"hits").toInt(), 2);
    const auto bad = runCli({QStringLiteral("run"), path, QStringLiteral("--env-var"), QStringLiteral("novalue")});
    EXPECT_EQ(bad.exitCode, 2);
    EXPECT_EQ(bad.err, "jitterbug-cli: --env-var: expected NAME=VALUE, got \"novalue\"\n");
    const QByteArray before = readFileBytes(path);
    const auto self = runCli({QStringLiteral("run"), path, QStringLiteral("--report"), QStringLiteral("json"), path});
    EXPECT_EQ(self.exitCode, 2);
    EXPECT_TRUE(self.err.endsWith("is the collection itself\n")) << self.err.data();
    EXPECT_EQ(readFileBytes(path), before);
    const auto huge = runCli({QStringLiteral("run"), path, QStringLiteral("--backend"), QStringLiteral("sim"),
                              QStringLiteral("--iterations"), QStringLiteral("1500000000")});
    EXPECT_EQ(huge.exitCode, 2) << huge.err.data();
}

namespace {

// Error codes of three calls: two failures on one host, then a call to another.
QStringList errorsWithBreakerScope(const char* scope)
{
    QTemporaryDir dir;
    const QString scenario = writeTestFile(dir.path(), QStringLiteral("down.json"),
                                           R"({"routes": [{"path": "/down", "script": [{"status": 503}]}]})");
    const QString collection = writeTestFile(dir.path(), QStringLiteral("breaker.jitterbug.json"),
                                             QByteArray(R"({
  "format": 1,
  "id": "0b6d4f52-1c7e-4f0a-8d55-2a9e6c4b7f10",
  "name": "Breaker",
  "policy": {"max_attempts": 1, "circuit_breaker": {"window": 2, "minimum_calls": 2, "scope": ")")
                                                 + scope + R"("}},
  "items": [
    {"request": "One", "method": "GET", "url": "http://one.test/down"},
    {"request": "One again", "method": "GET", "url": "http://one.test/down"},
    {"request": "Two", "method": "GET", "url": "http://two.test/down"}
  ]
}
)");
    const QString report = dir.filePath(QStringLiteral("report.json"));
    const auto r
        = runCli({QStringLiteral("run"), collection, QStringLiteral("--backend"), QStringLiteral("sim"),
                  QStringLiteral("--scenario"), scenario, QStringLiteral("--report"), QStringLiteral("json"), report});
    EXPECT_EQ(r.exitCode, 1) << r.err.data();
    QStringList errors;
    for (const QJsonValue call : QJsonDocument::fromJson(readFileBytes(report)).object().value(u"calls").toArray()) {
        const QJsonObject outcome = call[u"timeline"][u"outcome"].toObject();
        errors << (outcome[u"error"].isNull() ? QString::number(outcome[u"status"].toInt())
                                              : outcome[u"error"].toString());
    }
    return errors;
}

} // namespace

TEST(CliRun, TheBreakerIsPerHostOrSharedByTheRunAsThePolicySays)
{
    EXPECT_EQ(errorsWithBreakerScope("host"),
              (QStringList{QStringLiteral("503"), QStringLiteral("503"), QStringLiteral("503")}));
    EXPECT_EQ(errorsWithBreakerScope("run"),
              (QStringList{QStringLiteral("503"), QStringLiteral("503"), QStringLiteral("circuit_open")}));
}

TEST(CliRun, NewmansShortFlagsCarryOver)
{
    QTemporaryDir dir;
    const QString path = writeTestFile(dir.path(), QStringLiteral("short.jitterbug.json"), twoRequests("/items/1"));
    const QString env
        = writeTestFile(dir.path(), QStringLiteral("env.json"),
                        R"({"name": "file", "values": [{"key": "base_url", "value": "http://sim.test"}]})");
    const auto r
        = runCli({QStringLiteral("run"), path, QStringLiteral("-e"), env, QStringLiteral("-n"), QStringLiteral("3"),
                  QStringLiteral("--backend"), QStringLiteral("sim"), QStringLiteral("--quiet")});
    EXPECT_TRUE(r.out.contains("│ requests    │          6 │")) << r.out.data() << r.err.data();
}
