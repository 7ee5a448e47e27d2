// The window's records of a call (the log dock, the history, the HAR export)
// and the files it writes (the collection, the Postman and curl exports) hold
// no credential and no secret value, while the wire carries the real ones.
// A real call on 127.0.0.1: secrets are resolved from the user's store.
#include "collection/collectionjson.h"
#include "collection/history.h"
#include "collection/secretstore.h"
#include "document/interop.h"
#include "document/recoveryfile.h"
#include "editor/requesteditor.h"
#include "mainwindow.h"
#include "run/callrunner.h"
#include "server/httpserver.h"

#include <QFile>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace jitterbug;
using namespace jitterbug::gui;

namespace {

const QList<QByteArray> kSecretValues{"abc123", "xyz", "k-789", "s3cr3t"};
const QString kMask = QStringLiteral("••••");

void expectNoSecrets(const QByteArray& written, const char* what)
{
    for (const QByteArray& value : kSecretValues)
        EXPECT_FALSE(written.contains(value)) << what << " shows " << value.data() << ":\n" << written.data();
}

QByteArray readAll(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

KeyValue header(const char* name, const char* value)
{
    return KeyValue{QString::fromLatin1(name), QString::fromLatin1(value), true, {}};
}

Collection secureCollection(quint16 port)
{
    Collection c;
    c.id = QUuid(QStringLiteral("b7e2d9c4-3f1a-4e6b-8d2c-5a9f0e1b7c3d"));
    c.name = QStringLiteral("Secrets");
    c.variables = {{QStringLiteral("base_url"), QStringLiteral("http://127.0.0.1:%1").arg(port)},
                   {QStringLiteral("token"), QString(), true}};
    c.policy = PolicyOverride{QJsonObject{{QStringLiteral("base_delay_ms"), 1}}};
    RequestItem r;
    r.name = QStringLiteral("Secure");
    r.url = QStringLiteral("{{base_url}}/secure/{{token}}");
    r.headers = {header("Authorization", "Bearer abc123"), header("Cookie", "s=xyz"), header("X-API-Key", "k-789"),
                 header("X-Token", "{{token}}")};
    r.auth.kind = Auth::Kind::ApiKey;
    r.auth.keyName = QStringLiteral("partner_key");
    r.auth.keyValue = QStringLiteral("k-789");
    r.auth.keyIn = Auth::ApiKeyIn::Query;
    c.items.push_back(Item{r});
    return c;
}

} // namespace

TEST(MainWindowSecrets, TheLogHistoryAndExportsHoldNoCredentialsOrSecrets)
{
    QList<ServerRequest> received;
    HttpServer server([&received](const ServerRequest& request, const HttpServer::Reply& reply) {
        received.append(request);
        ServerAnswer answer;
        answer.status = received.size() == 1 ? 503 : 200;
        answer.headers.append("Set-Cookie", "s=xyz; Path=/");
        answer.body = "answer";
        reply(answer);
    });
    ASSERT_TRUE(server.listen(QHostAddress(QHostAddress::LocalHost), 0));

    const Collection collection = secureCollection(server.port());
    SecretStore store; // the test's own XDG_CONFIG_HOME (guitestmain)
    ASSERT_TRUE(store.load());
    store.set(collection.id, QString(), QStringLiteral("token"), QStringLiteral("s3cr3t"));
    ASSERT_TRUE(store.save());
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("secrets.jitterbug.json"));
    ASSERT_TRUE(saveCollection(collection, path));

    MainWindow window;
    window.setRecoveryFile(std::make_unique<RecoveryFile>(dir.filePath(QStringLiteral("recovery"))));
    ASSERT_TRUE(window.openCollection(path));
    ASSERT_TRUE(window.selectRequest(QStringLiteral("Secure")));
    window.editor()->setBackend(BackendChoice{BackendChoice::Kind::Network});
    ASSERT_TRUE(window.editor()->problem().isEmpty()) << window.editor()->problem().toStdString();
    QSignalSpy finished(&window.runner(), &CallRunner::finished);
    window.send();
    ASSERT_TRUE(finished.wait(10'000)) << "the call did not finish";
    ASSERT_EQ(window.runner().timeline().outcome.status, 200);

    // The wire: every value for real, on both attempts.
    ASSERT_EQ(received.size(), 2);
    for (const ServerRequest& got : received) {
        EXPECT_EQ(got.target, "/secure/s3cr3t?partner_key=k-789");
        EXPECT_EQ(got.headers.value("Authorization"), "Bearer abc123");
        EXPECT_EQ(got.headers.value("Cookie"), "s=xyz");
        EXPECT_EQ(got.headers.value("X-API-Key"), "k-789");
        EXPECT_EQ(got.headers.value("X-Token"), "s3cr3t");
    }

    const QString log = window.logView()->toPlainText();
    expectNoSecrets(log.toUtf8(), "the log dock");
    EXPECT_TRUE(log.contains(u"/secure/{{token}}?partner_key=" + kMask)) << log.toStdString();

    const QByteArray history = readAll(History::defaultPath());
    ASSERT_FALSE(history.isEmpty());
    expectNoSecrets(history, "the history");
    EXPECT_TRUE(history.contains((u"/secure/{{token}}?partner_key=" + kMask).toUtf8())) << history.data();

    // The window's HAR export, with the values the call used as the window passes them.
    const QByteArray har = harOfCall(
        QStringLiteral("Secure"), window.runner().timeline(), window.runner().sentRequest(), window.runner().response(),
        window.runner().startedAt(), {{QStringLiteral("token"), QStringLiteral("s3cr3t")}});
    expectNoSecrets(har, "the HAR export");
    EXPECT_TRUE(har.contains((u"Bearer " + kMask).toUtf8()));
    EXPECT_TRUE(har.contains((u"s=" + kMask + u"; Path=/").toUtf8())) << "the response's Set-Cookie";

    // Files meant to be run again keep what the user wrote, never a secret's value.
    ASSERT_TRUE(window.saveAs(dir.filePath(QStringLiteral("saved.jitterbug.json"))));
    const QByteArray saved = readAll(dir.filePath(QStringLiteral("saved.jitterbug.json")));
    EXPECT_FALSE(saved.contains("s3cr3t"));
    EXPECT_TRUE(saved.contains("Bearer abc123")) << "a header the user wrote is the user's";
    EXPECT_FALSE(postmanExportOf(window.collection()).contains("s3cr3t"));
    const Expected<QByteArray> curl = curlExportOf(window.collection(), window.currentPath(), nullptr);
    ASSERT_FALSE(curl) << "a request that needs a secret does not export as curl";
    EXPECT_TRUE(curl.error().message.contains(QStringLiteral("{{token}}"))) << curl.error().message.toStdString();
}
