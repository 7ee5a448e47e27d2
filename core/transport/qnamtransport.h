#pragma once

#include "transport.h"

#include <QHash>
#include <QObject>
#include <QString>

#include <memory>
#include <unordered_map>
#include <vector>

class QNetworkAccessManager;
class QNetworkReply;

namespace jitterbug {

// The real network behind the transport seam, over QNetworkAccessManager:
// redirects only when the request asks (curl's default is not to follow),
// TLS verification on unless the request allows insecure TLS, a response size
// cap that ends the exchange with `response_too_large`, an optional connect
// timeout, and QNetworkReply errors mapped to the stable snake_case codes.
// Replies are released with deleteLater(). Lives on the caller's thread.
class QnamTransport final : public QObject, public Transport
{
    Q_OBJECT
public:
    explicit QnamTransport(QObject* parent = nullptr);
    ~QnamTransport() override;

    ExchangeId start(const Request& request, const ExchangeOptions& options, Done done) override;
    void abort(ExchangeId id) override;

private:
    struct Pending;
    void send(ExchangeId id, Pending& pending);
    void onMetaData(ExchangeId id);
    void onFinished(ExchangeId id);
    bool followRedirect(ExchangeId id, Pending& pending, int status);
    void cancelConnectTimer(Pending& pending);
    void complete(ExchangeId id, ExchangeResult result);
    void deliver(ExchangeId id);
    void release(Pending& pending);
    Pending* find(ExchangeId id) const;

    // QNAM opens at most six HTTP/1.1 connections per host and queues the
    // rest, while the engine's clock already runs for them. So a seventh
    // exchange to one host goes to another manager: what the timeline says
    // was sent is what was sent.
    struct Manager {
        QNetworkAccessManager* manager;
        QHash<QString, int> inFlight; // per scheme://host:port
    };
    int managerFor(const QString& host);
    QNetworkAccessManager* newManager();

    std::vector<Manager> m_managers;
    std::unordered_map<ExchangeId, std::unique_ptr<Pending>> m_pending;
    ExchangeId m_nextId = 1;
};

} // namespace jitterbug
