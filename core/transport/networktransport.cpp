// PLACEHOLDER: to be replaced by the real transport.
#include "networktransport.h"
#include <QNetworkAccessManager>
namespace jitterbug {
struct NetworkTransport::Pending {};
NetworkTransport::NetworkTransport(QObject* parent) : QObject(parent), m_manager(new QNetworkAccessManager(this)) {}
NetworkTransport::~NetworkTransport() = default;
Transport::ExchangeId NetworkTransport::start(const Request&, const ExchangeOptions&, Done) { return 0; }
void NetworkTransport::abort(ExchangeId) {}
void NetworkTransport::complete(ExchangeId, ExchangeResult) {}
}
