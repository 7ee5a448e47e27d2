#pragma once

#include "collection/requestbuilder.h"
#include "engine/timeline.h"
#include "http/response.h"

#include <QDateTime>
#include <QObject>
#include <QString>

#include <map>
#include <memory>
#include <optional>

namespace jitterbug {
class Call;
class Clock;
class Engine;
class Transport;
class VirtualClock;
} // namespace jitterbug

namespace jitterbug::gui {

// Where a call goes: the network, or the simulated backend with a scenario
// (a built-in name or a file) and a seed.
struct BackendChoice {
    enum class Kind { Network, Simulated };
    Kind kind = Kind::Simulated;
    QString scenario = QStringLiteral("demo");
    quint64 seed = 42;
};

// Sends one request at a time for the window, on the engine, and reports
// its timeline as it grows. The simulated backend runs on the wall clock, so
// the user watches each attempt and wait happen; `instant` runs it on a
// virtual clock to the end at once (for tests and previews). Nothing here
// blocks the event loop except an instant run.
class CallRunner : public QObject
{
    Q_OBJECT
public:
    explicit CallRunner(QObject* parent = nullptr);
    ~CallRunner() override;

    void setInstant(bool instant) { m_instant = instant; }

    // Starts the call; a call still running is cancelled first. A scenario
    // that does not load is an error, and nothing is sent.
    Expected<void> send(const BuiltRequest& request, const BackendChoice& backend);
    void cancel();
    bool isRunning() const;

    // The call's timeline so far (while it runs), or as it ended.
    const Timeline& timeline() const;
    const std::optional<Response>& response() const { return m_response; }
    // What attempt `attempt` (from 1) received; nullopt for an attempt without
    // an answer, or one whose answer was let go to stay within kKeptBodyBytes.
    std::optional<Response> responseOf(int attempt) const;
    static constexpr qint64 kKeptBodyBytes = qint64{64} * 1024 * 1024;
    // What the last call sent (its idempotency key included) and when it began, for a HAR.
    const Request& sentRequest() const { return m_sent; }
    const QDateTime& startedAt() const { return m_startedAt; }

Q_SIGNALS:
    void started();
    void timelineChanged(const jitterbug::Timeline& timeline);
    void logLine(const QString& line);
    void finished(const jitterbug::Timeline& timeline);

private:
    void connectCall();
    void teardown();

    bool m_instant = false;
    std::unique_ptr<Clock> m_clock;
    VirtualClock* m_virtualClock = nullptr;
    std::unique_ptr<Transport> m_transport;
    std::unique_ptr<Engine> m_engine;
    Call* m_call = nullptr;
    Timeline m_timeline;
    std::optional<Response> m_response;
    Request m_sent;
    std::map<int, Response> m_answers; // by attempt; the oldest go first past the byte budget
    qint64 m_answerBytes = 0;
    QDateTime m_startedAt;
};

} // namespace jitterbug::gui
