// newman is the reference for what a collection sends: `jitterbug-cli run`
// of fixtures/newman/wire.postman_collection.json must put on the wire what
// newman put there for the same file (recorded by fixtures/newman/record.py
// into newman.requests.json), apart from the headers each tool adds on its
// own. The request line is compared byte for byte.
#include "clirunner.h"
#include "support/loopbackserver.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <algorithm>

using namespace jitterbug;
using namespace jitterbug::test;

namespace {

const QString fixtures = QStringLiteral(JITTERBUG_SOURCE_DIR "/tests/cli/fixtures/newman");

struct WireRequest {
    std::string method;
    std::string target;
    std::vector<std::string> headers; // "name: value", name lower-cased, sorted
    std::string body;
};

// Each tool's own headers (its name, newman's token and caching, the
// connection) say nothing about the request the collection describes.
bool ownHeader(const QByteArray& name)
{
    static const QByteArrayList own{"user-agent",      "postman-token", "cache-control", "accept",
                                    "accept-encoding", "connection",    "host"};
    return own.contains(name.toLower());
}

WireRequest normalised(QByteArray method, QByteArray target, QList<std::pair<QByteArray, QByteArray>> headers,
                       QByteArray body)
{
    WireRequest out{method.toStdString(), target.toStdString(), {}, {}};
    // A multipart boundary is each tool's random choice, and with it the length.
    static const QRegularExpression boundaryIn(QStringLiteral("boundary=(\\S+)"));
    QByteArray boundary;
    for (const auto& [name, value] : headers) {
        if (name.toLower() == "content-type") {
            const auto m = boundaryIn.match(QString::fromLatin1(value));
            if (m.hasMatch())
                boundary = m.captured(1).toLatin1();
        }
    }
    // Dynamic variables draw fresh values: their shape is what both must share.
    static const QList<std::pair<QByteArray, QRegularExpression>> drawn{
        {"x-guid",
         QRegularExpression(QStringLiteral("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"))},
        {"x-timestamp", QRegularExpression(QStringLiteral("^1[0-9]{9}$"))},
        {"x-int", QRegularExpression(QStringLiteral("^([0-9]|[1-9][0-9]{1,2}|1000)$"))},
    };
    for (auto [name, value] : headers) {
        name = name.toLower();
        if (ownHeader(name) || (!boundary.isEmpty() && name == "content-length"))
            continue;
        if (!boundary.isEmpty())
            value.replace(boundary, "BOUNDARY");
        for (const auto& [dynamicName, shape] : drawn) {
            if (name == dynamicName)
                value = shape.match(QString::fromLatin1(value)).hasMatch() ? QByteArray("(drawn)")
                                                                           : QByteArray("(wrong shape) " + value);
        }
        out.headers.push_back(QByteArray(name + ": " + value).toStdString());
    }
    std::sort(out.headers.begin(), out.headers.end());
    out.body = (boundary.isEmpty() ? body : body.replace(boundary, "BOUNDARY")).toStdString();
    return out;
}

std::vector<WireRequest> recordedByNewman(QString* version)
{
    const QJsonObject recording = QJsonDocument::fromJson(readFileBytes(fixtures + u"/newman.requests.json")).object();
    *version = recording.value(u"newman").toString();
    std::vector<WireRequest> out;
    for (const QJsonValue r : recording.value(u"requests").toArray()) {
        QList<std::pair<QByteArray, QByteArray>> headers;
        for (const QJsonValue h : r[u"headers"].toArray())
            headers.append({h[0].toString().toLatin1(), h[1].toString().toLatin1()});
        out.push_back(normalised(r[u"method"].toString().toLatin1(), r[u"target"].toString().toLatin1(), headers,
                                 r[u"body"].toString().toLatin1()));
    }
    return out;
}

// Relative file paths in a collection are taken from where it runs, as
// newman's --working-dir takes them.
class WorkingDirectory
{
public:
    explicit WorkingDirectory(const QString& path)
        : m_previous(QDir::currentPath())
    {
        QDir::setCurrent(path);
    }
    ~WorkingDirectory() { QDir::setCurrent(m_previous); }

private:
    QString m_previous;
};

} // namespace

TEST(NewmanReference, RunSendsWhatNewmanSentForTheSameCollection)
{
    QString version;
    const std::vector<WireRequest> expected = recordedByNewman(&version);
    ASSERT_EQ(expected.size(), 16u) << "the recording holds every request of the collection";

    LoopbackServer server;
    ASSERT_TRUE(server.listen());
    const QString port = QString::number(server.port());
    QTemporaryDir reports;
    const QString har = reports.filePath(QStringLiteral("run.har"));
    const QString json = reports.filePath(QStringLiteral("run.json"));
    CliResult r;
    {
        WorkingDirectory here(fixtures);
        r = runCli({QStringLiteral("run"), QStringLiteral("wire.postman_collection.json"), QStringLiteral("--env-var"),
                    QStringLiteral("base=http://127.0.0.1:") + port, QStringLiteral("--env-var"),
                    QStringLiteral("host=127.0.0.1:") + port, QStringLiteral("--report"), QStringLiteral("har"), har,
                    QStringLiteral("--report"), QStringLiteral("json"), json});
    }
    ASSERT_EQ(r.exitCode, 0) << r.out.data() << r.err.data();
    // The file's "type": "secret" token was sent (as newman sends it) and no
    // report shows it: in an Authorization header it is masked, as any credential.
    EXPECT_TRUE(readFileBytes(har).contains("Bearer \xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2"));
    for (const QString& report : {har, json}) {
        const QByteArray written = readFileBytes(report);
        EXPECT_FALSE(written.isEmpty()) << report.toStdString();
        EXPECT_FALSE(written.contains("tok-9")) << report.toStdString();
    }

    const auto& received = server.received();
    ASSERT_EQ(static_cast<std::size_t>(received.size()), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        const LoopbackServer::Received& got = received[static_cast<qsizetype>(i)];
        QList<std::pair<QByteArray, QByteArray>> headers;
        for (const auto& f : got.headers.fields())
            headers.append({f.name, f.value});
        const WireRequest ours = normalised(got.method, got.target, headers, got.body);
        SCOPED_TRACE("request " + std::to_string(i + 1) + " (" + expected[i].method + " " + expected[i].target
                     + "), newman " + version.toStdString());
        EXPECT_EQ(ours.method, expected[i].method);
        EXPECT_EQ(ours.target, expected[i].target);
        EXPECT_EQ(ours.headers, expected[i].headers);
        EXPECT_EQ(ours.body, expected[i].body);
    }
}
