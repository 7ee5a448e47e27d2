#include "callrunner.h"

#include "engine/call.h"
#include "engine/engine.h"
#include "engine/realclock.h"
#include "engine/virtualclock.h"
#include "http/errorcode.h"
#include "sim/scenarioparser.h"
#include "sim/simtransport.h"
#include "transport/networktransport.h"
#include "util/duration.h"

namespace jitterbug::gui {

CallRunner::CallRunner(QObject* parent)
    : QObject(parent)
{
}

CallRunner::~CallRunner()
{
    teardown();
}

void CallRunner::teardown()
{
    // The call goes before the engine and transport it points into.
    delete m_call;
    m_call = nullptr;
    m_engine.reset();
    m_transport.reset();
    m_clock.reset();
    m_virtualClock = nullptr;
}

const Timeline& CallRunner::timeline() const
{
    return isRunning() ? m_call->timeline() : m_timeline;
}

std::optional<Response> CallRunner::responseOf(int attempt) const
{
    const auto it = m_answers.find(attempt);
    if (it == m_answers.end())
        return std::nullopt;
    return it->second;
}

bool CallRunner::isRunning() const
{
    return m_call && !m_call->isFinished();
}

void CallRunner::cancel()
{
    if (isRunning())
        m_call->cancel();
}

Expected<void> CallRunner::send(const BuiltRequest& request, const BackendChoice& backend)
{
    cancel();
    teardown();
    if (backend.kind == BackendChoice::Kind::Simulated) {
        Expected<SimScenario> scenario = resolveScenario(backend.scenario);
        if (!scenario)
            return std::unexpected(scenario.error());
        if (m_instant) {
            auto clock = std::make_unique<VirtualClock>();
            m_virtualClock = clock.get();
            m_clock = std::move(clock);
        } else {
            m_clock = std::make_unique<RealClock>();
        }
        m_transport = std::make_unique<SimTransport>(*m_clock, std::move(*scenario), backend.seed);
    } else {
        m_clock = std::make_unique<RealClock>();
        m_transport = std::make_unique<NetworkTransport>();
    }
    m_engine = std::make_unique<Engine>(*m_clock, *m_transport, backend.seed);
    m_response.reset();
    m_answers.clear();
    m_answerBytes = 0;
    m_sent = request.request;
    m_startedAt = m_clock->wallTime();
    m_call = m_engine->send(request.request, request.policy, nullptr);
    m_call->setParent(nullptr); // owned here, deleted before the engine
    connectCall();
    Q_EMIT started();
    // The record's URL, whose credentials are masked (the window redacts secrets from every line).
    Q_EMIT logLine(QStringLiteral("%1 %2 (seed %3)")
                       .arg(QString::fromLatin1(request.request.method), m_call->timeline().url)
                       .arg(backend.seed));
    if (m_virtualClock) {
        while (!m_call->isFinished() && m_virtualClock->runNext()) { }
    }
    return {};
}

void CallRunner::connectCall()
{
    Call* call = m_call;
    // The call's own timeline is passed, not copied: a call of many attempts
    // would otherwise copy its growing record at every step.
    connect(call, &Call::attemptStarted, this, [this, call](int attempt, double startedMs) {
        Q_EMIT logLine(QStringLiteral("attempt %1 at %2").arg(attempt).arg(formatDuration(startedMs)));
        Q_EMIT timelineChanged(call->timeline());
    });
    connect(call, &Call::attemptFinished, this, [this, call](const AttemptRecord& record) {
        const QString result = record.status ? QString::number(record.status) : errorCodeName(record.error);
        Q_EMIT logLine(QStringLiteral("attempt %1: %2 in %3 — %4: %5")
                           .arg(record.attempt)
                           .arg(result, formatDuration(record.endedMs - record.startedMs),
                                decisionName(record.decision), record.reason));
        Q_EMIT timelineChanged(call->timeline());
    });
    connect(call, &Call::responseReceived, this, [this](int attempt, const Response& response) {
        m_answerBytes += response.body.size();
        m_answers[attempt] = response;
        while (m_answerBytes > kKeptBodyBytes && m_answers.size() > 1) {
            m_answerBytes -= m_answers.begin()->second.body.size();
            m_answers.erase(m_answers.begin());
        }
    });
    connect(call, &Call::waitStarted, this, [this, call](const WaitSegment& wait) {
        Q_EMIT logLine(
            QStringLiteral("waiting %1 (%2)").arg(formatDuration(wait.durationMs), waitSourceName(wait.source)));
        Q_EMIT timelineChanged(call->timeline());
    });
    connect(call, &Call::finished, this, [this, call](const Timeline& timeline) {
        m_timeline = timeline;
        m_response = call->response();
        m_sent = call->request();
        const CallOutcome& o = timeline.outcome;
        Q_EMIT logLine(QStringLiteral("done: %1 after %2 attempt(s) in %3")
                           .arg(o.status ? QString::number(o.status) : errorCodeName(o.error))
                           .arg(o.attempts)
                           .arg(formatDuration(o.elapsedMs)));
        Q_EMIT timelineChanged(m_timeline);
        Q_EMIT finished(m_timeline);
    });
}

} // namespace jitterbug::gui
