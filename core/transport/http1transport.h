#pragma once

#include "httpresponseparser.h"
#include "transport.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>

#include <memory>
#include <unordered_map>

class QTcpSocket;
class QTimer;

namespace jitterbug {

// HTTP/1.1 over QTcpSocket (QSslSocket for https), written for a workbench
// that must show exactly what went on the wire: one attempt is one request,
// never re-sent behind the engine's back; the request goes out with its own
// headers and nothing added but Host and Content-Length; keep-alive
// connections are reused while they are fresh. Redirects follow the shared
// rules (wirerules.h). Lives on the caller's thread, on its event loop.
class Http1Transport final : public QObject, public Transport
{
    Q_OBJECT
public:
    explicit Http1Transport(QObject* parent = nullptr);
    ~Http1Transport() override;

    ExchangeId start(const Request& request, const ExchangeOptions& options, Done done) override;
    void abort(ExchangeId id) override;

    // An idle connection older than this is closed rather than reused:
    // servers close theirs after a few seconds (Node and Apache after 5),
    // and a request sent on one the server is closing would fail for no
    // fault of the server's.
    static constexpr qint64 maxIdleMs = 2000;

private:
    struct Exchange;
    struct IdleConnection {
        QTcpSocket* socket;
        qint64 idleSinceMs;
    };

    void open(ExchangeId id, Exchange& exchange);
    void attach(ExchangeId id, Exchange& exchange, QTcpSocket* socket);
    void send(Exchange& exchange);
    void onReadyRead(ExchangeId id);
    void onClosed(ExchangeId id, int socketError);
    void onComplete(ExchangeId id, Exchange& exchange);
    QTcpSocket* takeIdle(const QString& key);
    void finish(ExchangeId id, ExchangeResult result, bool reuseConnection);
    void deliver(ExchangeId id);
    void dropExpiredIdle();
    void dropSocket(QTcpSocket* socket);
    Exchange* find(ExchangeId id) const;

    std::unordered_map<ExchangeId, std::unique_ptr<Exchange>> m_exchanges;
    QHash<QString, QList<IdleConnection>> m_idle;
    QElapsedTimer m_clock;
    ExchangeId m_nextId = 1;
};

} // namespace jitterbug
