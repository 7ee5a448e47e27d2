#pragma once

#include "server/httprequestparser.h"
#include "server/responsewire.h" // ServerLogEntry, formatLogLine

#include <QElapsedTimer>
#include <QObject>

#include <functional>
#include <memory>
#include <unordered_map>

class QTcpServer;

namespace jitterbug {

// How the server answers one request: a response, or one of the faults a
// resilient client must survive.
struct ServerAnswer {
    enum class Kind {
        Respond, // status line, headers, body
        Hold, // never answer; keep the connection open (the client's timeout ends it)
        Reset, // abort with a TCP RST (SO_LINGER {1,0} then close): no bytes written
        Malformed, // write "HTTP/1.1 abc Malformed\r\nContent-Length: 0\r\n\r\n", then close
        Truncated, // head with Content-Length = body.size(), then only body.size()/2 bytes, then close (FIN)
        Drip, // head at once, then the body dripChunkBytes at a time every dripIntervalMs; keep-alive after
    };
    Kind kind = Kind::Respond;
    int status = 200; // three digits
    // The server adds Date, "Server: jitterbug", Content-Length (unless
    // Transfer-Encoding is set) when absent, and "Connection: close" when it
    // will close. With "Transfer-Encoding: chunked" the body goes out as one
    // chunk and the last-chunk; Truncated and Drip then work on those bytes.
    HeaderList headers;
    QByteArray body; // not sent for HEAD or 1xx/204/304 (Content-Length still describes it for HEAD)
    qint64 dripChunkBytes = 8;
    double dripIntervalMs = 250;
};

// An HTTP/1.1 server on QTcpServer for putting a simulated backend on real
// sockets. It parses requests (HttpRequestParser), hands each to the
// handler, and writes whatever answer or fault the handler gives, whenever
// it gives it; it knows nothing of scenarios. Everything runs on the
// owning thread's event loop: a slow answer on one connection never holds
// up another.
//
// Pipelining: a connection hands its next request to the handler only once
// the previous one is answered (written in full, drip included), so answers
// go out in request order without a reply queue; later requests wait in the
// parser's buffer. A Hold blocks its connection for good.
//
// Connections close with a lingering close: the answer is flushed, a FIN is
// sent, and what the client still sends is read and dropped until it closes
// too (or a few seconds pass), so a client that is still writing, say the
// body of a refused request, reads the answer instead of a reset. A client
// that half-closes its side counts as gone: QTcpSocket closes on end of stream.
class HttpServer : public QObject
{
    Q_OBJECT
public:
    // Answers one request, at most once; may be called inside the handler or
    // any time later, on the server's thread. Calling it after the connection
    // (or the server) has gone does nothing.
    using Reply = std::function<void(ServerAnswer)>;
    using Handler = std::function<void(const ServerRequest&, Reply)>;

    explicit HttpServer(Handler handler, ServerLimits limits = {}, QObject* parent = nullptr);
    // Drops every connection without calling the abandoned handler.
    ~HttpServer() override;

    // Listens on that address only; port 0 picks an ephemeral one.
    bool listen(const QHostAddress& address, quint16 port);
    QString errorString() const;
    quint16 port() const;
    // Stops listening and drops every connection; requests still waiting
    // for their Reply (or held) are reported to the abandoned handler.
    void close();

    // Called when a connection closes while one of its requests still waits
    // for its Reply, or was held (the client gave up), so the handler can let
    // go of what it keeps for it.
    void setAbandonedHandler(std::function<void(quint64 requestId)> onAbandoned);
    void setLogger(std::function<void(const ServerLogEntry&)> logger); // none by default

private:
    struct Connection;
    using ConnectionPtr = std::shared_ptr<Connection>;

    void onNewConnection();
    void onReadyRead(const ConnectionPtr& c);
    void readSocket(Connection& c);
    void process(const ConnectionPtr& c);
    void dispatch(const ConnectionPtr& c);
    void answer(const ConnectionPtr& c, quint64 requestId, ServerAnswer a);
    void respond(const ConnectionPtr& c, const ServerAnswer& a);
    void startDrip(const ConnectionPtr& c, const ServerAnswer& a);
    void dripNext(const ConnectionPtr& c);
    void refuse(const ConnectionPtr& c);
    void exchangeDone(const ConnectionPtr& c, bool closeAfter);
    void closeGracefully(const ConnectionPtr& c);
    void shutdownWrite(const ConnectionPtr& c);
    void drop(const ConnectionPtr& c, bool reportAbandoned);
    void log(const Connection& c, QString outcome, qint64 bodyBytes);

    Handler m_handler;
    ServerLimits m_limits;
    QTcpServer* m_server;
    std::unordered_map<quint64, ConnectionPtr> m_connections; // by connection id
    std::function<void(quint64)> m_onAbandoned;
    std::function<void(const ServerLogEntry&)> m_logger;
    QElapsedTimer m_clock;
    quint64 m_lastConnectionId = 0;
    quint64 m_lastRequestId = 0;
};

} // namespace jitterbug
