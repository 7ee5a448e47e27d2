// Security basics from outside: credentials and secret values reach the
// wire and nothing else `send` and `run` write (timelines, the verbose trace,
// reports); insecure TLS is opt-in and recorded; `serve` listens on loopback.
#include "clirunner.h"
#include "core/transport/transporttestsupport.h"
#include "serveprocess.h"

#include "collection/secretstore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkInterface>
#include <QTcpSocket>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace jitterbug;
using namespace jitterbug::test;

namespace {

// The values under test: each must be on the wire and in no record.
const QList<QByteArray> kSecretValues{"abc123", "xyz", "k-789", "s3cr3t"};
const QByteArray kMask = "\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2"; // ••••

void expectNoSecrets(const QByteArray& written, const char* what)
{
    for (const QByteArray& value : kSecretValues)
        EXPECT_FALSE(written.contains(value)) << what << " shows " << value.data() << ":\n" << written.data();
}

LoopbackServer::Reply answer(int status)
{
    LoopbackServer::Reply r;
    r.status = status;
    r.headers.append("Set-Cookie", "s=xyz; Path=/; HttpOnly");
    r.body = "status " + QByteArray::number(status);
    return r;
}

QStringList sendArguments(const LoopbackServer& server)
{
    return {QStringLiteral("send"),
            QStringLiteral("-H"),
            QStringLiteral("Authorization: Bearer abc123"),
            QStringLiteral("-H"),
            QStringLiteral("Cookie: s=xyz"),
            QStringLiteral("-H"),
            QStringLiteral("X-API-Key: k-789"),
            QStringLiteral("--attempts"),
            QStringLiteral("2"),
            QStringLiteral("--base-delay"),
            QStringLiteral("1"),
            server.url(QStringLiteral("/secure?api_key=k-789&page=1")).toString()};
}

void expectRealValuesOnTheWire(const LoopbackServer::Received& got)
{
    EXPECT_EQ(got.headers.value("Authorization"), "Bearer abc123");
    EXPECT_EQ(got.headers.value("Cookie"), "s=xyz");
    EXPECT_EQ(got.headers.value("X-API-Key"), "k-789");
    EXPECT_EQ(got.target, "/secure?api_key=k-789&page=1");
}

// Sets XDG_CONFIG_HOME for the child processes, where the secret store is.
class ConfigHome
{
public:
    ConfigHome()
        : m_old(qgetenv("XDG_CONFIG_HOME"))
        , m_had(qEnvironmentVariableIsSet("XDG_CONFIG_HOME"))
    {
        qputenv("XDG_CONFIG_HOME", m_dir.path().toUtf8());
    }
    ~ConfigHome()
    {
        if (m_had)
            qputenv("XDG_CONFIG_HOME", m_old);
        else
            qunsetenv("XDG_CONFIG_HOME");
    }
    QString path() const { return m_dir.path(); }

private:
    QTemporaryDir m_dir;
    QByteArray m_old;
    bool m_had;
};

} // namespace

TEST(CliSecrets, SendShowsCredentialsMaskedInEveryRecordAndSendsThemForReal)
{
    LoopbackServer server;
    ASSERT_TRUE(server.listen());
    server.setScript("/secure", {answer(503), answer(200)});

    // The table and the verbose trace, then the JSON record.
    const auto traced = runCli(sendArguments(server) << QStringLiteral("-v"));
    ASSERT_EQ(traced.exitCode, 0) << traced.err.data();
    expectNoSecrets(traced.err, "send -v");
    EXPECT_TRUE(traced.err.contains(QByteArray("> Authorization: Bearer " + kMask))) << traced.err.data();
    EXPECT_TRUE(traced.err.contains(QByteArray("> Cookie: s=" + kMask))) << traced.err.data();
    EXPECT_TRUE(traced.err.contains(QByteArray("> X-API-Key: " + kMask))) << traced.err.data();
    EXPECT_TRUE(traced.err.contains(QByteArray("> GET /secure?api_key=" + kMask + "&page=1 HTTP/1.1")))
        << traced.err.data();
    EXPECT_TRUE(traced.err.contains(QByteArray("< Set-Cookie: s=" + kMask + "; Path=/; HttpOnly")))
        << traced.err.data();
    EXPECT_TRUE(traced.err.contains(QByteArray("/secure?api_key=" + kMask + "&page=1 → 200")))
        << "the table's summary line";

    server.setScript("/secure", {answer(503), answer(200)});
    const auto json = runCli(sendArguments(server) << QStringLiteral("--timeline") << QStringLiteral("json"));
    ASSERT_EQ(json.exitCode, 0) << json.err.data();
    expectNoSecrets(json.err, "send --timeline json");
    const QJsonObject request = QJsonDocument::fromJson(json.err).object().value(u"request").toObject();
    EXPECT_EQ(request.value(u"url").toString().toUtf8(),
              server.url(QStringLiteral("/secure?api_key=")).toEncoded() + kMask + "&page=1");
    EXPECT_EQ(request.value(u"insecure_tls"), QJsonValue(false));

    // What the server sent back is output, with -i as curl shows it.
    server.setScript("/secure", {answer(503), answer(200)});
    const auto included = runCli(sendArguments(server) << QStringLiteral("-i") << QStringLiteral("-s"));
    EXPECT_TRUE(included.out.contains("Set-Cookie: s=xyz; Path=/; HttpOnly\r\n")) << included.out.data();
    expectNoSecrets(included.err, "send -i");

    ASSERT_EQ(server.received().size(), 6);
    for (const LoopbackServer::Received& got : server.received())
        expectRealValuesOnTheWire(got);
}

TEST(CliSecrets, RunReportsHoldNeitherCredentialsNorSecretValues)
{
    ConfigHome home;
    const QUuid id(QStringLiteral("5d0c7e61-7a3f-4c2e-9d5b-3e8f1a2b4c6d"));
    SecretStore store(home.path() + QStringLiteral("/jitterbug/secrets.json"));
    ASSERT_TRUE(store.load());
    store.set(id, QString(), QStringLiteral("token"), QStringLiteral("s3cr3t"));
    ASSERT_TRUE(store.save());

    LoopbackServer server;
    ASSERT_TRUE(server.listen());
    server.setScript("/secure/s3cr3t", {answer(503), answer(503)}); // a failure: JUnit carries the timeline
    QTemporaryDir dir;
    const QByteArray collection = R"({
  "format": 1,
  "id": ")"
        + id.toString(QUuid::WithoutBraces).toUtf8() + R"(",
  "name": "Secrets",
  "policy": {"max_attempts": 2, "base_delay_ms": 1},
  "variables": [
    {"name": "base_url", "value": ")"
        + server.url(QString()).toEncoded() + R"("},
    {"name": "token", "secret": true}
  ],
  "items": [
    {
      "request": "Secure",
      "method": "GET",
      "url": "{{base_url}}/secure/{{token}}",
      "headers": [
        {"name": "Authorization", "value": "Bearer abc123"},
        {"name": "Cookie", "value": "s=xyz"},
        {"name": "X-API-Key", "value": "k-789"},
        {"name": "X-Token", "value": "{{token}}"}
      ],
      "auth": {"kind": "apikey", "name": "partner_key", "value": "k-789", "in": "query"}
    }
  ]
}
)";
    const QString path = writeTestFile(dir.path(), QStringLiteral("secrets.jitterbug.json"), collection);
    QStringList arguments{QStringLiteral("run"), path};
    for (const char* kind : {"json", "junit", "har"})
        arguments << QStringLiteral("--report") << QString::fromLatin1(kind)
                  << dir.filePath(QStringLiteral("report.") + QString::fromLatin1(kind));
    const auto r = runCli(arguments);
    EXPECT_EQ(r.exitCode, 1) << r.err.data();
    expectNoSecrets(r.out, "run's output");
    expectNoSecrets(r.err, "run's messages");
    for (const char* kind : {"json", "junit", "har"}) {
        const QByteArray written = readFileBytes(dir.filePath(QStringLiteral("report.") + QString::fromLatin1(kind)));
        ASSERT_FALSE(written.isEmpty()) << kind;
        expectNoSecrets(written, kind);
        EXPECT_TRUE(written.contains(QByteArray("/secure/{{token}}?partner_key=" + kMask)))
            << kind << ": " << written.data();
    }
    const QByteArray har = readFileBytes(dir.filePath(QStringLiteral("report.har")));
    EXPECT_TRUE(har.contains(QByteArray("\"value\": \"Bearer " + kMask + "\""))) << har.data();
    EXPECT_TRUE(har.contains("\"value\": \"{{token}}\"")) << "X-Token: a secret in a plain header";
    EXPECT_TRUE(har.contains(QByteArray("\"value\": \"s=" + kMask + "; Path=/; HttpOnly\"")))
        << "the response's Set-Cookie";
    EXPECT_TRUE(QFile::exists(path)) << "and the collection file was never written";
    EXPECT_EQ(readFileBytes(path), collection);

    ASSERT_EQ(server.received().size(), 2);
    for (const LoopbackServer::Received& got : server.received()) {
        EXPECT_EQ(got.headers.value("Authorization"), "Bearer abc123");
        EXPECT_EQ(got.headers.value("Cookie"), "s=xyz");
        EXPECT_EQ(got.headers.value("X-API-Key"), "k-789");
        EXPECT_EQ(got.headers.value("X-Token"), "s3cr3t");
        EXPECT_EQ(got.target, "/secure/s3cr3t?partner_key=k-789");
    }
}

#if QT_CONFIG(ssl)
TEST(CliSecrets, TlsIsVerifiedUnlessTheCallAllowsInsecureAndTheTimelineSaysSo)
{
    const std::optional<QSslConfiguration> tls = selfSignedTlsConfiguration();
    if (!tls)
        GTEST_SKIP() << "no openssl command or no TLS backend";
    RawServer https;
    ASSERT_TRUE(https.listenTls(*tls));
    const QString url = https.url(QStringLiteral("/tls")).toString();

    const auto verified = runCli({QStringLiteral("send"), QStringLiteral("--timeline"), QStringLiteral("json"), url});
    EXPECT_EQ(verified.exitCode, 1);
    const QJsonObject refused = QJsonDocument::fromJson(verified.err).object();
    EXPECT_EQ(refused.value(u"outcome").toObject().value(u"error").toString(), QStringLiteral("tls"));
    EXPECT_EQ(refused.value(u"request").toObject().value(u"insecure_tls"), QJsonValue(false));
    EXPECT_TRUE(https.requests.isEmpty()) << "nothing is sent to a server whose certificate does not verify";

    const auto insecure = runCli(
        {QStringLiteral("send"), QStringLiteral("-k"), QStringLiteral("--timeline"), QStringLiteral("json"), url});
    ASSERT_EQ(insecure.exitCode, 0) << insecure.err.data();
    EXPECT_EQ(QJsonDocument::fromJson(insecure.err).object().value(u"request").toObject().value(u"insecure_tls"),
              QJsonValue(true));
    const auto table = runCli({QStringLiteral("send"), QStringLiteral("-k"), url});
    ASSERT_EQ(table.exitCode, 0) << table.err.data();
    EXPECT_TRUE(table.err.contains("insecure TLS allowed: certificates were not verified")) << table.err.data();
    EXPECT_EQ(https.requests.size(), 2);
}
#endif

TEST(CliSecrets, ServeListensOnLoopbackOnly)
{
    ServeProcess serve({});
    ASSERT_GT(serve.port(), 0);
    QTcpSocket local;
    local.connectToHost(QHostAddress::LocalHost, static_cast<quint16>(serve.port()));
    EXPECT_TRUE(local.waitForConnected(5000)) << local.errorString().toStdString();

    QHostAddress outside;
    for (const QHostAddress& address : QNetworkInterface::allAddresses()) {
        if (address.protocol() == QAbstractSocket::IPv4Protocol && !address.isLoopback())
            outside = address;
    }
    if (outside.isNull())
        GTEST_SKIP() << "this machine has no address but loopback";
    QTcpSocket remote;
    remote.connectToHost(outside, static_cast<quint16>(serve.port()));
    EXPECT_FALSE(remote.waitForConnected(5000)) << "serve answered on " << outside.toString().toStdString();
    EXPECT_EQ(remote.error(), QAbstractSocket::ConnectionRefusedError) << remote.errorString().toStdString();
}
