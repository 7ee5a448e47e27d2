#pragma once

#include "http/headerlist.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QObject>
#include <QUrl>

class QTcpServer;
class QTcpSocket;

namespace jitterbug::test {

// A small HTTP/1.1 server on 127.0.0.1 for tests: it records every request it
// parses and answers from a per-path script, including the faults a resilient
// client must survive (no answer, reset, close, garbage). It runs on the test's
// event loop, so the test spins that loop (QSignalSpy::wait, QTRY_ macros,
// waitForRequests) while a transport or a jitterbug-cli child process talks to it.
class LoopbackServer final : public QObject
{
    Q_OBJECT
public:
    struct Received {
        qint64 atMs = 0; // since listen()
        int connection = 0; // 1 for the first connection accepted, 2 for the next, ...
        QByteArray method{};
        QByteArray target{}; // as on the request line: path and query
        QByteArray httpVersion{}; // "1.1", "1.0"
        HeaderList headers{};
        QByteArray body{}; // chunked bodies arrive decoded
    };

    struct Reply {
        enum class Kind {
            Respond,
            NeverAnswer, // keep the connection open and say nothing
            Reset, // abort the connection with a TCP RST
            CloseWithoutAnswer, // orderly close (FIN) before any byte of a response
            Malformed, // "garbage\r\n\r\n", then close
        };
        int status = 200;
        // Sent as given; Content-Length and Date are added unless set here
        // (a lying Content-Length is how a test truncates a body). With
        // "Transfer-Encoding: chunked" here, the body goes out in chunks.
        HeaderList headers{};
        QByteArray body{};
        int delayMs = 0; // before the reply (or the fault) goes out
        Kind kind = Kind::Respond;
        qint64 generatedBodyBytes = -1; // >= 0: a body of that many 'x' instead of `body`
    };

    explicit LoopbackServer(QObject* parent = nullptr);
    ~LoopbackServer() override;

    // Listens on 127.0.0.1 on an ephemeral port. Never on another address.
    bool listen();
    // Stops accepting and drops every open connection.
    void close();
    quint16 port() const;
    // http://127.0.0.1:PORT + pathAndQuery ("/a?b=1").
    QUrl url(const QString& pathAndQuery) const;

    // Replies for one path (the query is ignored), served in turn; the last
    // repeats. Paths without a script get 200 "ok\n".
    void setScript(const QByteArray& path, QList<Reply> replies);

    const QList<Received>& received() const { return m_received; }
    QList<Received> receivedFor(const QByteArray& path) const;
    // Spins the event loop until `count` requests have arrived in all.
    bool waitForRequests(int count, int timeoutMs);

    int connectionsAccepted() const { return m_accepted; }
    int openConnections() const { return static_cast<int>(m_connections.size()); }

Q_SIGNALS:
    void requestReceived();
    void connectionClosed();

private:
    struct Connection {
        int id = 0;
        QByteArray buffer;
        bool busy = false; // a delayed reply is pending, or the script said never answer
        bool sentContinue = false;
    };
    enum class Parse { Incomplete, Complete, Bad };

    void onNewConnection();
    void processBuffer(QTcpSocket* socket);
    Parse parseRequest(Connection& connection, QTcpSocket* socket, Received& out, bool& closeAfter);
    Reply nextReply(const QByteArray& path);
    void answer(QTcpSocket* socket, const Reply& reply, const Received& request, bool closeAfter);
    void drop(QTcpSocket* socket);

    QTcpServer* m_server;
    QElapsedTimer m_clock;
    QHash<QTcpSocket*, Connection> m_connections;
    QHash<QByteArray, QList<Reply>> m_scripts;
    QHash<QByteArray, int> m_hits;
    QList<Received> m_received;
    int m_accepted = 0;
};

} // namespace jitterbug::test
