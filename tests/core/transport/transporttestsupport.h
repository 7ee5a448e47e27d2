#pragma once

// What the transport tests share: a fixture that runs one exchange to its end
// against a LoopbackServer, small helpers, a server of canned bytes (HTTP or
// HTTPS), and a listener whose connects hang.

#include "support/loopbackserver.h"
#include "transport/transport.h"

#include <QFile>
#include <QHash>
#include <QHostAddress>
#include <QProcess>
#include <QSet>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#if QT_CONFIG(ssl)
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#endif

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <vector>

namespace jitterbug::test {

inline constexpr int kWaitMs = 5000;

inline HeaderList headersOf(std::initializer_list<std::pair<QByteArray, QByteArray>> fields)
{
    HeaderList out;
    for (const auto& [name, value] : fields)
        out.append(name, value);
    return out;
}

inline QList<QByteArray> namesOf(const HeaderList& headers)
{
    QList<QByteArray> out;
    for (const HeaderList::Field& f : headers.fields())
        out.append(f.name);
    return out;
}

// A fixture for one transport type T (default-constructible, a Transport).
template<typename T>
class TransportFixture : public ::testing::Test
{
protected:
    void SetUp() override { ASSERT_TRUE(server.listen()); }

    Request request(const QString& pathAndQuery, QByteArray method = "GET") const
    {
        Request r;
        r.method = std::move(method);
        r.url = server.url(pathAndQuery);
        return r;
    }

    // Runs one exchange to its end and checks the seam's promises on the
    // way: `done` not from inside start(), and exactly once.
    ExchangeResult run(const Request& r, ExchangeOptions options = {})
    {
        auto calls = std::make_shared<int>(0);
        auto result = std::make_shared<std::optional<ExchangeResult>>();
        transport->start(r, options, [calls, result](ExchangeResult got) {
            ++*calls;
            *result = std::move(got);
        });
        EXPECT_EQ(*calls, 0) << "done ran inside start()";
        EXPECT_TRUE(QTest::qWaitFor([&] { return result->has_value(); }, kWaitMs)) << "done never ran";
        QTest::qWait(20); // room for a second, wrong call
        EXPECT_EQ(*calls, 1);
        return result->value_or(ExchangeResult{});
    }

    LoopbackServer server;
    std::unique_ptr<T> transport = std::make_unique<T>();
};

// A server that answers every request with canned bytes, for what
// LoopbackServer will not say (interim 1xx answers, HTTP/1.0, keep-alive after
// a request that said close, a body delimited by the close), and that records
// each request's raw bytes. With listenTls() it speaks HTTPS.
class RawServer final : public QObject
{
public:
    struct Answer {
        QByteArray bytes;
        bool close = false; // close the connection right after the answer
        int closeAfterMs = -1; // >= 0: close the idle connection this much later
        bool early = false; // answer once the head is in, then read no more on that connection
        int delayMs = 0; // before the answer goes out (nothing after it is read meanwhile)
    };
    struct Request {
        int connection = 0; // 1 for the first connection accepted, ...
        QByteArray bytes; // head and body, as they came
    };

    RawServer() = default;
    ~RawServer() override
    {
        for (auto it = m_buffers.begin(); it != m_buffers.end(); ++it) {
            it.key()->disconnect(this);
            it.key()->abort();
        }
    }

    bool listen() { return listenOn(new QTcpServer(this)); }
#if QT_CONFIG(ssl)
    // HTTPS with this configuration; a connection counts once its handshake is done.
    bool listenTls(const QSslConfiguration& configuration)
    {
        auto* server = new QSslServer(this);
        server->setSslConfiguration(configuration);
        return listenOn(server);
    }
#endif
    QUrl url(const QString& pathAndQuery) const
    {
        return QUrl(QStringLiteral("%1://127.0.0.1:%2").arg(m_tls ? u"https" : u"http").arg(m_server->serverPort())
                    + pathAndQuery);
    }
    quint16 port() const
    {
        return m_server->serverPort();
    }
    // Served in turn; the last repeats.
    void setAnswers(QList<Answer> answers)
    {
        m_answers = std::move(answers);
    }

    QList<Request> requests;
    int accepted = 0;

private:
    bool listenOn(QTcpServer* server)
    {
        m_server = server;
        m_tls = server->inherits("QSslServer");
        // A QSslServer has the connection ready only once its handshake is
        // done, after newConnection.
        connect(m_server, &QTcpServer::newConnection, this, &RawServer::onNewConnection);
        connect(m_server, &QTcpServer::pendingConnectionAvailable, this, &RawServer::onNewConnection);
        return m_server->listen(QHostAddress::LocalHost, 0);
    }

    void onNewConnection()
    {
        while (QTcpSocket* socket = m_server->nextPendingConnection()) {
            const int id = ++accepted;
            m_buffers.insert(socket, {});
            connect(socket, &QTcpSocket::readyRead, this, [this, socket, id] { process(socket, id); });
            connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
                m_buffers.remove(socket);
                m_stalled.remove(socket);
                socket->deleteLater();
            });
            if (socket->bytesAvailable() > 0)
                process(socket, id);
        }
    }

    void process(QTcpSocket* socket, int id)
    {
        if (m_stalled.contains(socket))
            return;
        QByteArray& buffer = m_buffers[socket];
        buffer += socket->readAll();
        for (;;) {
            const qsizetype end = buffer.indexOf("\r\n\r\n");
            if (end < 0)
                return;
            qsizetype length = 0;
            for (const QByteArray& line : buffer.left(end).split('\n')) {
                if (line.toLower().startsWith("content-length:"))
                    length = line.mid(15).trimmed().toLongLong();
            }
            const Answer answer = m_answers.isEmpty() ? Answer{"HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nok\n"}
                                                      : m_answers.at(std::min<qsizetype>(m_next, m_answers.size() - 1));
            if (answer.early) {
                ++m_next;
                requests.append({id, buffer.left(end + 4)});
                m_stalled.insert(socket);
                socket->setReadBufferSize(64 * 1024); // the kernel's buffers fill, the client's write stalls
                socket->write(answer.bytes);
                return;
            }
            if (buffer.size() < end + 4 + length)
                return;
            ++m_next;
            requests.append({id, buffer.left(end + 4 + length)});
            buffer.remove(0, end + 4 + length);
            if (answer.delayMs > 0) {
                m_stalled.insert(socket);
                QTimer::singleShot(answer.delayMs, socket, [this, socket, id, answer] {
                    m_stalled.remove(socket);
                    socket->write(answer.bytes);
                    if (answer.close)
                        socket->disconnectFromHost();
                    else
                        process(socket, id);
                });
                return;
            }
            socket->write(answer.bytes);
            if (answer.close) {
                socket->disconnectFromHost();
                return;
            }
            if (answer.closeAfterMs >= 0)
                QTimer::singleShot(answer.closeAfterMs, socket, [socket] { socket->disconnectFromHost(); });
        }
    }

    QTcpServer* m_server = nullptr;
    bool m_tls = false;
    QHash<QTcpSocket*, QByteArray> m_buffers;
    QSet<QTcpSocket*> m_stalled;
    QList<Answer> m_answers;
    qsizetype m_next = 0;
};

#if QT_CONFIG(ssl)
// A TLS server configuration with a self-signed certificate for 127.0.0.1,
// made once per run with the openssl command; nullopt when that cannot be.
inline std::optional<QSslConfiguration> selfSignedTlsConfiguration()
{
    static const std::optional<QSslConfiguration> configuration = []() -> std::optional<QSslConfiguration> {
        QTemporaryDir dir;
        if (!dir.isValid() || !QSslSocket::supportsSsl())
            return std::nullopt;
        QProcess openssl;
        openssl.start(QStringLiteral("openssl"),
                      {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("ec"),
                       QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:prime256v1"),
                       QStringLiteral("-nodes"), QStringLiteral("-keyout"), dir.filePath(QStringLiteral("key.pem")),
                       QStringLiteral("-out"), dir.filePath(QStringLiteral("cert.pem")), QStringLiteral("-days"),
                       QStringLiteral("1"), QStringLiteral("-subj"), QStringLiteral("/CN=127.0.0.1")});
        if (!openssl.waitForFinished(10000) || openssl.exitStatus() != QProcess::NormalExit || openssl.exitCode() != 0)
            return std::nullopt;
        QFile certFile(dir.filePath(QStringLiteral("cert.pem")));
        QFile keyFile(dir.filePath(QStringLiteral("key.pem")));
        if (!certFile.open(QIODevice::ReadOnly) || !keyFile.open(QIODevice::ReadOnly))
            return std::nullopt;
        const QSslCertificate certificate(certFile.readAll(), QSsl::Pem);
        const QSslKey key(keyFile.readAll(), QSsl::Ec, QSsl::Pem);
        if (certificate.isNull() || key.isNull())
            return std::nullopt;
        QSslConfiguration out = QSslConfiguration::defaultConfiguration();
        out.setLocalCertificate(certificate);
        out.setPrivateKey(key);
        out.setPeerVerifyMode(QSslSocket::VerifyNone);
        return out;
    }();
    return configuration;
}
#endif

// A listener on 127.0.0.1 whose accept queue is full, so that a further
// connect hangs: Linux drops the SYN and the client keeps retrying it. That is
// the only way to hold a connect open here without leaving 127.0.0.1.
class HangingListener
{
public:
    // False when this kernel accepts past a full queue (the test should skip).
    bool start()
    {
        m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
        if (m_fd < 0)
            return false;
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t length = sizeof address;
        if (::bind(m_fd, reinterpret_cast<sockaddr*>(&address), length) != 0 || ::listen(m_fd, 0) != 0
            || ::getsockname(m_fd, reinterpret_cast<sockaddr*>(&address), &length) != 0)
            return false;
        m_port = ntohs(address.sin_port);
        for (int i = 0; i < 4; ++i) {
            m_fillers.push_back(std::make_unique<QTcpSocket>());
            m_fillers.back()->connectToHost(QHostAddress::LocalHost, m_port);
        }
        QTest::qWait(100);
        return std::any_of(m_fillers.begin(), m_fillers.end(),
                           [](const auto& s) { return s->state() != QAbstractSocket::ConnectedState; });
    }
    ~HangingListener()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    QUrl url() const { return QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(m_port)); }

private:
    int m_fd = -1;
    quint16 m_port = 0;
    std::vector<std::unique_ptr<QTcpSocket>> m_fillers;
};

} // namespace jitterbug::test
