#include "capacitytransport.h"

#include <cmath>

namespace jitterbug {

namespace {

// The window the capacity is counted over.
constexpr double kWindowMs = 1000;

} // namespace

CapacityServer::CapacityServer(const CapacitySettings& settings, QList<double>* acceptedTimes)
    : m_settings(settings)
    , m_acceptedTimes(acceptedTimes)
    , m_load(settings.bucketMs)
{
}

bool CapacityServer::inOutage(double atMs) const
{
    return m_settings.outageFromMs && m_settings.outageToMs && atMs >= *m_settings.outageFromMs
        && atMs < *m_settings.outageToMs;
}

bool CapacityServer::admit(double atMs)
{
    HerdLoadBucket& bucket = m_load.at(atMs);
    bucket.offered += 1;
    ++m_offered;
    // The window is (atMs − 1 s, atMs]: an acceptance exactly one second ago
    // no longer counts, so no second ever holds more than the capacity.
    while (!m_window.empty() && m_window.front() <= atMs - kWindowMs)
        m_window.pop_front();
    const bool accepted = !inOutage(atMs) && std::ssize(m_window) < m_settings.capacityPerSecond;
    if (!accepted) {
        bucket.rejected += 1;
        ++m_rejected;
        return false;
    }
    bucket.accepted += 1;
    m_window.push_back(atMs);
    if (m_acceptedTimes)
        m_acceptedTimes->append(atMs);
    return true;
}

CapacityClientTransport::CapacityClientTransport(Clock& clock, CapacityServer& server, const CapacitySettings& settings,
                                                 Random clientStreams)
    : m_clock(clock)
    , m_server(server)
    , m_settings(settings)
    , m_clientStreams(clientStreams)
    , m_callStreams(clientStreams.fork(0))
{
    m_ok.status = 200;
    m_ok.reasonPhrase = "OK";
    m_busy.status = 503;
    m_busy.reasonPhrase = "Service Unavailable";
    if (settings.retryAfterSeconds)
        m_busy.headers.append("Retry-After", QByteArray::number(static_cast<qint64>(*settings.retryAfterSeconds)));
}

CapacityClientTransport::~CapacityClientTransport()
{
    for (const auto& [id, exchange] : m_exchanges)
        m_clock.cancel(exchange.timer);
}

void CapacityClientTransport::beginCall(int index)
{
    m_callStreams = m_clientStreams.fork(static_cast<quint64>(index));
    m_attempt = 0;
}

Transport::ExchangeId CapacityClientTransport::start(const Request& request, const ExchangeOptions& options, Done done)
{
    Q_UNUSED(request);
    Q_UNUSED(options);
    const ExchangeId id = m_nextId++;
    Random delays = m_callStreams.fork(++m_attempt);
    const double requestDelayMs = std::abs(delays.normal(m_settings.netDelayMeanMs, m_settings.netDelaySdMs));
    Exchange& exchange = m_exchanges[id];
    exchange.done = std::move(done);
    exchange.replyDelayMs = std::abs(delays.normal(m_settings.netDelayMeanMs, m_settings.netDelaySdMs));
    // Even a zero delay answers on a later turn of the clock, as the seam promises.
    exchange.timer = m_clock.callAfter(requestDelayMs, [this, id] { arrive(id); });
    return id;
}

void CapacityClientTransport::arrive(ExchangeId id)
{
    Exchange& exchange = m_exchanges.at(id);
    exchange.accepted = m_server.admit(m_clock.nowMs());
    // A refusal costs the server nothing; an accepted request takes its service time.
    const double answerMs = (exchange.accepted ? m_settings.serviceMs : 0) + exchange.replyDelayMs;
    exchange.timer = m_clock.callAfter(answerMs, [this, id] { deliver(id); });
}

void CapacityClientTransport::deliver(ExchangeId id)
{
    const auto it = m_exchanges.find(id);
    ExchangeResult result;
    result.response = it->second.accepted ? m_ok : m_busy;
    const Done done = std::move(it->second.done);
    m_exchanges.erase(it);
    done(std::move(result));
}

void CapacityClientTransport::abort(ExchangeId id)
{
    const auto it = m_exchanges.find(id);
    if (it == m_exchanges.end())
        return;
    m_clock.cancel(it->second.timer);
    m_exchanges.erase(it);
}

} // namespace jitterbug
