#include "call.h"

#include "clock.h"
#include "engine.h"
#include "http/credentials.h"
#include "http/origin.h"
#include "http/retryafter.h"
#include "policy/backoff.h"
#include "resilience/circuitbreaker.h"
#include "resilience/retrybudget.h"
#include "resilience/tokenbucket.h"
#include "util/duration.h"

#include <cmath>
#include <limits>

namespace jitterbug {

namespace {

// Whether an attempt counts against the breaker: server trouble and network
// trouble do; a client error (400, 404) says nothing about the server's health.
bool isBreakerFailure(int status, ErrorCode error, const Classification& c)
{
    if (status == 0)
        return error != ErrorCode::None && error != ErrorCode::Cancelled;
    return c.isRetryable() || status >= 500;
}

// Most responses carry no rate-limit fields; skip the parser for them.
bool mentionsRateLimit(const HeaderList& headers)
{
    static constexpr QByteArrayView needle = "ratelimit";
    for (const HeaderList::Field& f : headers.fields()) {
        const QByteArrayView name = f.name;
        for (qsizetype i = 0; i + needle.size() <= name.size(); ++i) {
            if (name.sliced(i, needle.size()).compare(needle, Qt::CaseInsensitive) == 0)
                return true;
        }
    }
    return false;
}

} // namespace

Call::Call(Engine& engine, Request request, RetryPolicy policy, qint64 index, Random random, QObject* parent)
    : QObject(parent)
    , m_engine(engine)
    , m_request(std::move(request))
    , m_policy(std::move(policy))
    , m_random(std::move(random))
{
    m_timeline.method = m_request.method;
    // The record masks credentials once, here, so no writer of it can show them.
    m_timeline.url = maskCredentialsInText(urlAsSent(m_request), m_request.credentialNames);
    m_timeline.insecureTls = m_request.insecureTls;
    m_timeline.policy = m_policy;
    m_timeline.seed = engine.seed();
    m_timeline.callIndex = index;
    m_startMs = engine.clock().nowMs();
}

Call::~Call()
{
    Clock& clock = m_engine.clock();
    if (m_timer)
        clock.cancel(m_timer);
    if (m_inFlight) {
        m_engine.transport().abort(m_exchange);
        if (m_breaker)
            m_breaker->release(m_permit); // a half-open probe must not stay taken
    }
}

void Call::scheduleStart()
{
    m_timer = m_engine.clock().callAfter(0, [this] {
        m_timer = 0;
        begin();
    });
}

double Call::sinceStart() const
{
    return m_engine.clock().nowMs() - m_startMs;
}

double Call::remainingMs() const
{
    if (!m_policy.deadlineMs)
        return std::numeric_limits<double>::infinity();
    return *m_policy.deadlineMs - sinceStart();
}

void Call::begin()
{
    Clock& clock = m_engine.clock();
    m_startMs = clock.nowMs();

    // The idempotency key: one per call, the same on every attempt. A key
    // the user put in the headers themselves wins.
    const QByteArray header = m_policy.idempotencyHeader;
    if (!header.isEmpty() && m_request.headers.contains(header)) {
        m_timeline.idempotencyKey = m_request.headers.value(header);
    } else if (m_policy.idempotencyKey == "auto") {
        m_timeline.idempotencyKey = m_random.uuid4().toByteArray(QUuid::WithoutBraces);
        m_request.headers.set(header, m_timeline.idempotencyKey);
    } else if (!m_policy.idempotencyKey.isEmpty()) {
        m_timeline.idempotencyKey = m_policy.idempotencyKey;
        m_request.headers.set(header, m_timeline.idempotencyKey);
    }
    m_carriesKey = !m_timeline.idempotencyKey.isEmpty();

    if (m_policy.rateLimit && m_policy.rateLimit->scope == RateLimitScope::Call) {
        m_ownLimiter = std::make_unique<TokenBucket>(*m_policy.rateLimit);
        m_limiter = m_ownLimiter.get();
    } else {
        m_limiter = m_engine.sharedLimiter(m_policy, m_request.url);
    }
    m_breaker = m_engine.breaker(m_policy, m_request.url);
    if (m_breaker)
        m_breakerEventsSeen = m_breaker->transitions().size();
    m_budget = m_engine.budget(m_policy, m_request.url);
    if (m_budget)
        m_budget->recordFirstAttempt(m_startMs);

    const double queued = (m_limiter ? m_limiter->peek(m_startMs) : m_startMs) - m_startMs;
    if (queued > 0 && queued >= remainingMs()) {
        // The token stays in the bucket for a call that can use it.
        giveUpBeforeAttempt(ErrorCode::DeadlineExceeded,
                            QStringLiteral("waiting %1 for a rate-limit token would cross the %2 deadline")
                                .arg(formatDuration(queued), formatDuration(*m_policy.deadlineMs)));
        return;
    }
    if (m_limiter)
        m_limiter->reserve(m_startMs);
    if (queued <= 0) {
        startAttempt(1);
        return;
    }
    m_timeline.queuedMs = queued;
    Q_EMIT waitStarted({WaitSource::RateLimit, 0, queued});
    if (m_finished)
        return; // a handler cancelled the call
    m_timer = clock.callAfter(queued, [this] {
        m_timer = 0;
        startAttempt(1);
    });
}

void Call::giveUpBeforeAttempt(ErrorCode error, QString reason)
{
    if (m_finished)
        return;
    m_finished = true;
    m_timeline.outcome.error = error;
    m_timeline.outcome.reason = std::move(reason);
    m_timeline.outcome.elapsedMs = sinceStart();
    if (error != ErrorCode::Cancelled)
        tryFallback();
    Q_EMIT finished(m_timeline);
}

void Call::startAttempt(int attempt)
{
    m_attemptReported = false;
    Clock& clock = m_engine.clock();
    const double now = clock.nowMs();

    AttemptRecord record;
    record.attempt = attempt;
    record.startedMs = now - m_startMs;
    record.endedMs = record.startedMs;

    m_permit = m_breaker ? m_breaker->tryAcquire(now) : CircuitBreaker::Permit{};
    if (!m_permit.granted()) {
        collectBreakerEvents();
        record.onWire = false;
        record.error = ErrorCode::CircuitOpen;
        record.errorDetail = QStringLiteral("refused locally, nothing was sent");
        m_timeline.attempts.append(record);
        Q_EMIT attemptStarted(attempt, record.startedMs);
        if (m_finished)
            return;
        const QString why = m_breaker->state() == CircuitBreaker::State::Open
            ? QStringLiteral("%1 is open for another %2")
                  .arg(breakerDescription(), formatDuration(m_breaker->openUntilMs() - now))
            : QStringLiteral("%1 is half-open and its probes are taken").arg(breakerDescription());
        finish(Decision::GiveUp, why, ErrorCode::CircuitOpen);
        return;
    }
    collectBreakerEvents();

    record.timeoutMs = std::min(m_policy.attemptTimeoutMs, remainingMs());
    m_timeline.attempts.append(record);
    Q_EMIT attemptStarted(attempt, record.startedMs);
    if (m_finished) {
        // A handler cancelled the call before anything was sent.
        if (m_breaker)
            m_breaker->release(m_permit);
        return;
    }

    ExchangeOptions options;
    options.connectTimeoutMs = m_policy.connectTimeoutMs;
    options.maxResponseBytes = m_engine.maxResponseBytes();
    m_inFlight = true;
    m_exchange = m_engine.transport().start(m_request, options, [this](ExchangeResult result) {
        m_inFlight = false;
        onExchangeDone(std::move(result));
    });
    m_timer = clock.callAfter(record.timeoutMs, [this] {
        m_timer = 0;
        onTimeout();
    });
}

void Call::onTimeout()
{
    m_engine.transport().abort(m_exchange);
    m_inFlight = false;
    const AttemptRecord& record = m_timeline.attempts.back();
    ExchangeResult result;
    result.error = ErrorCode::Timeout;
    result.errorDetail = record.timeoutMs < m_policy.attemptTimeoutMs
        ? QStringLiteral("cut at %1 by the call's deadline").arg(formatDuration(record.timeoutMs))
        : QStringLiteral("no answer within %1").arg(formatDuration(record.timeoutMs));
    onExchangeDone(std::move(result));
}

void Call::onExchangeDone(ExchangeResult result)
{
    Clock& clock = m_engine.clock();
    if (m_timer) {
        clock.cancel(m_timer);
        m_timer = 0;
    }
    const double now = clock.nowMs();
    AttemptRecord& record = m_timeline.attempts.back();
    record.endedMs = now - m_startMs;
    record.error = result.error;
    // The transport's words may quote a URL (a redirect's target).
    record.errorDetail = maskCredentialsInText(result.errorDetail, m_request.credentialNames);
    if (result.response) {
        const Response& r = *result.response;
        record.status = r.status;
        record.error = ErrorCode::None;
        record.responseBytes = r.body.size();
        const QByteArray retryAfter = r.headers.value("Retry-After");
        if (!retryAfter.isNull()) {
            const QDateTime date = parseHttpDate(r.headers.value("Date")).value_or(clock.wallTime());
            record.retryAfterMs = parseRetryAfterMs(retryAfter, date);
        }
        if (mentionsRateLimit(r.headers))
            record.rateLimit = parseRateLimitHeaders(r.headers, clock.wallTime().toMSecsSinceEpoch());
    }
    m_response = std::move(result.response);

    const Classification c = classifyOutcome(record.status, record.error, m_policy);
    if (m_breaker) {
        m_breaker->record(now, isBreakerFailure(record.status, record.error, c), m_permit);
        collectBreakerEvents();
    }
    if (m_response) { // after the breaker has counted it, so a cancel from the signal leaves no permit taken
        Q_EMIT responseReceived(m_timeline.attempts.back().attempt, *m_response);
        if (m_finished)
            return;
    }
    if (c.isSuccess()) {
        // Kept only for calls that may fall back on it: storing every body of
        // a long run would cost memory nobody asked to spend.
        if (m_policy.fallback && m_policy.fallback->mode == FallbackMode::LastGood)
            m_engine.rememberGoodResponse(m_request.method, m_request.url, *m_response);
        finish(Decision::Success, c.reason, ErrorCode::None);
        return;
    }
    decideAfterFailure(c);
}

void Call::decideAfterFailure(const Classification& c)
{
    AttemptRecord& record = m_timeline.attempts.back();
    const int attempt = record.attempt;
    const ErrorCode error = record.error;

    if (!c.isRetryable()) {
        finish(Decision::GiveUp, c.reason, error);
        return;
    }
    if (attempt >= m_policy.maxAttempts) {
        finish(Decision::GiveUp, c.reason + QStringLiteral(", but all %1 attempts are used").arg(m_policy.maxAttempts),
               error);
        return;
    }
    if (m_policy.retryWindowMs && sinceStart() >= *m_policy.retryWindowMs) {
        finish(
            Decision::GiveUp,
            c.reason
                + QStringLiteral(", but the %1 retry window has passed").arg(formatDuration(*m_policy.retryWindowMs)),
            error);
        return;
    }
    const RetryPermission permission = retryPermission(m_request.method, m_carriesKey, m_policy);
    if (!permission.allowed) {
        finish(Decision::GiveUp, c.reason + QStringLiteral(", but ") + permission.reason, error);
        return;
    }

    Clock& clock = m_engine.clock();
    const double now = clock.nowMs();
    const double remaining = remainingMs();

    // The planned wait: backoff, or a longer Retry-After from the server.
    const double backoff = backoffDelayMs(m_policy, attempt + 1, m_previousBackoffMs, m_random);
    m_previousBackoffMs = backoff;
    WaitSegment first{WaitSource::Backoff, record.endedMs, backoff};
    if (m_policy.respectRetryAfter && record.retryAfterMs) {
        const double honoured = std::min(*record.retryAfterMs, m_policy.maxRetryAfterMs);
        if (honoured > backoff)
            first = {WaitSource::RetryAfter, record.endedMs, honoured};
    }
    // PRODUCT.md: a Retry-After beyond the deadline gives up at once, even
    // when the cap would have shortened the wait: the server said "not before".
    const bool retryAfterTooLate
        = m_policy.respectRetryAfter && record.retryAfterMs && *record.retryAfterMs >= remaining;
    if (first.durationMs >= remaining || retryAfterTooLate) {
        const QString what = retryAfterTooLate || first.source == WaitSource::RetryAfter
            ? QStringLiteral("waiting the %1 that Retry-After asks for").arg(formatDuration(*record.retryAfterMs))
            : QStringLiteral("the next wait (%1)").arg(formatDuration(first.durationMs));
        finish(Decision::GiveUp,
               c.reason
                   + QStringLiteral(", but %1 would cross the deadline (%2 left)")
                         .arg(what, formatDuration(std::max(0.0, remaining))),
               error);
        return;
    }
    QList<WaitSegment> waits{first};
    double readyAt = now + first.durationMs;
    // An open breaker would refuse the attempt: wait until it lets probes in.
    if (m_breaker && m_breaker->state() == CircuitBreaker::State::Open && m_breaker->openUntilMs() > readyAt) {
        const double extra = m_breaker->openUntilMs() - readyAt;
        if (readyAt + extra - now >= remaining) {
            finish(Decision::GiveUp,
                   c.reason + QStringLiteral(", but the circuit breaker stays open past the deadline"),
                   ErrorCode::CircuitOpen);
            return;
        }
        waits.append({WaitSource::CircuitOpen, readyAt - m_startMs, extra});
        readyAt += extra;
    }
    const double tokenAt = m_limiter ? m_limiter->peek(readyAt) : readyAt;
    if (m_limiter) {
        if (tokenAt > readyAt) {
            if (tokenAt - now >= remaining) {
                finish(Decision::GiveUp,
                       c.reason + QStringLiteral(", but the rate limit's next token comes after the deadline"), error);
                return;
            }
            waits.append({WaitSource::RateLimit, readyAt - m_startMs, tokenAt - readyAt});
        }
    }
    // Shared budget and bucket are spent last, once the retry will happen.
    if (m_budget && !m_budget->tryRetry(now)) {
        finish(Decision::GiveUp,
               c.reason + QStringLiteral(", but the retry budget for %1 is spent").arg(originOf(m_request.url)),
               ErrorCode::BudgetExhausted);
        return;
    }
    if (m_limiter)
        readyAt = m_limiter->reserve(readyAt);

    record.decision = Decision::Retry;
    record.reason = c.reason;
    record.waits = waits;
    record.waitMs = readyAt - now;
    const WaitSegment* longest = &waits.front();
    for (const WaitSegment& w : waits) {
        if (w.durationMs > longest->durationMs)
            longest = &w;
    }
    record.waitSource = longest->source;

    m_attemptReported = true;
    Q_EMIT attemptFinished(record);
    for (const WaitSegment& w : waits) {
        if (m_finished)
            return; // a handler cancelled the call
        Q_EMIT waitStarted(w);
    }
    if (m_finished)
        return;
    m_timer = clock.callAfter(readyAt - now, [this, attempt] {
        m_timer = 0;
        startAttempt(attempt + 1);
    });
}

void Call::finish(Decision decision, QString reason, ErrorCode outcomeError)
{
    if (m_finished)
        return;
    m_finished = true;
    AttemptRecord& record = m_timeline.attempts.back();
    record.decision = decision;
    record.reason = reason;

    CallOutcome& outcome = m_timeline.outcome;
    outcome.status = record.status;
    outcome.error = outcomeError;
    outcome.attempts = static_cast<int>(m_timeline.attempts.size());
    outcome.succeeded = decision == Decision::Success;
    outcome.reason = std::move(reason);
    outcome.elapsedMs = sinceStart();
    // A cancelled call is the user's choice, not a failure to cover up.
    if (!outcome.succeeded && outcomeError != ErrorCode::Cancelled)
        tryFallback();
    // An attempt already reported as a retry (cancelled during its wait) is
    // not reported again: finished() carries its final record.
    if (!m_attemptReported)
        Q_EMIT attemptFinished(m_timeline.attempts.back());
    Q_EMIT finished(m_timeline);
}

void Call::tryFallback()
{
    if (!m_policy.fallback)
        return;
    const FallbackSettings& settings = *m_policy.fallback;
    Response fallback;
    if (settings.mode == FallbackMode::Static) {
        fallback.status = settings.status;
        fallback.body = settings.body;
        fallback.headers.append("Content-Type", settings.contentType);
        fallback.headers.append("X-Jitterbug-Fallback", "static");
    } else if (auto good = m_engine.lastGoodResponse(m_request.method, m_request.url)) {
        fallback = *good;
        fallback.headers.set("X-Jitterbug-Fallback", "last_good");
    } else {
        m_timeline.outcome.reason += QStringLiteral("; no earlier good response to fall back on");
        return;
    }
    fallback.finalUrl = m_request.url;
    m_timeline.outcome.fallback = true;
    m_timeline.outcome.status = fallback.status;
    m_timeline.outcome.reason += settings.mode == FallbackMode::Static
        ? QStringLiteral("; answered with the static fallback")
        : QStringLiteral("; answered with the last good response");
    if (!m_timeline.attempts.isEmpty())
        m_timeline.attempts.back().decision = Decision::Fallback;
    m_response = std::move(fallback);
}

void Call::collectBreakerEvents()
{
    if (!m_breaker)
        return;
    const auto& all = m_breaker->transitions();
    for (; m_breakerEventsSeen < all.size(); ++m_breakerEventsSeen) {
        const CircuitBreaker::Transition& t = all[m_breakerEventsSeen];
        m_timeline.breakerEvents.append(
            {t.atMs - m_startMs, breakerOwner(), breakerStateName(t.from), breakerStateName(t.to), t.reason});
    }
}

QString Call::breakerOwner() const
{
    return m_policy.circuitBreaker->scope == BreakerScope::Run ? QStringLiteral("run") : originOf(m_request.url);
}

QString Call::breakerDescription() const
{
    return m_policy.circuitBreaker->scope == BreakerScope::Run
        ? QStringLiteral("the run's circuit breaker")
        : QStringLiteral("the circuit breaker for ") + originOf(m_request.url);
}

void Call::cancel()
{
    if (m_finished)
        return;
    Clock& clock = m_engine.clock();
    if (m_timer) {
        clock.cancel(m_timer);
        m_timer = 0;
    }
    const bool attemptInFlight = m_inFlight;
    if (m_inFlight) {
        m_engine.transport().abort(m_exchange);
        m_inFlight = false;
        if (m_breaker)
            m_breaker->release(m_permit);
    }
    if (m_timeline.attempts.isEmpty()) {
        giveUpBeforeAttempt(ErrorCode::Cancelled, QStringLiteral("cancelled before the first attempt"));
        return;
    }
    AttemptRecord& record = m_timeline.attempts.back();
    if (attemptInFlight) {
        record.endedMs = sinceStart();
        record.error = ErrorCode::Cancelled;
        record.errorDetail = QStringLiteral("cancelled by the user");
    } else if (!m_attemptReported) {
        // Cancelled from attemptStarted: the attempt never went out.
        record.onWire = false;
        record.error = ErrorCode::Cancelled;
        record.errorDetail = QStringLiteral("cancelled before it was sent");
    }
    record.waits.clear();
    record.waitMs = 0;
    record.waitSource = WaitSource::None;
    finish(Decision::GiveUp, QStringLiteral("cancelled"), ErrorCode::Cancelled);
}

} // namespace jitterbug
