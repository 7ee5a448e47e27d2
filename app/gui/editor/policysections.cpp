// Which fields the Resilience tab shows, in which section, with which help;
// and the form's helpers: its width, and which field a message names.
#include "editor/policyfield.h"

#include <QEvent>
#include <QObject>
#include <QScrollArea>
#include <QStyle>

namespace jitterbug::gui {

namespace {

constexpr int kMostAttempts = 1000;

// Keeps a scroll area as wide as its form needs: the form only scrolls up
// and down, and grows wider when a section (rate limit, breaker, ...) opens.
class WidthFollower : public QObject
{
public:
    explicit WidthFollower(QScrollArea* scroll)
        : QObject(scroll)
        , m_scroll(scroll)
    {
        scroll->widget()->installEventFilter(this);
        follow();
    }
    bool eventFilter(QObject*, QEvent* event) override
    {
        if (event->type() == QEvent::LayoutRequest)
            follow();
        return false;
    }

private:
    void follow()
    {
        const int scrollBar = m_scroll->style()->pixelMetric(QStyle::PM_ScrollBarExtent, nullptr, m_scroll);
        m_scroll->setMinimumWidth(m_scroll->widget()->minimumSizeHint().width() + scrollBar
                                  + 2 * m_scroll->frameWidth());
    }
    QScrollArea* m_scroll;
};

PolicyField helped(PolicyField field, const QString& help)
{
    field.help = help;
    return field;
}

} // namespace

QList<PolicySection> makePolicySections(QWidget* parent, const std::function<FieldEdited(const QString&)>& editedFor)
{
    const auto k = [](const char* key) {
        return QLatin1StringView(key).toString();
    };
    const auto tr = [](const char* text) {
        return QObject::tr(text);
    };

    PolicySection attempts{tr("Attempts and backoff"), {}};
    attempts.fields = {
        helped(
            integerField(k("max_attempts"), tr("Max attempts"), 1, kMostAttempts, parent, editedFor(k("max_attempts"))),
            tr("Attempts in all, the first one included: 4 means one try and three retries.")),
        helped(choiceField(k("backoff"), tr("Backoff"),
                           {{k("constant"), tr("constant"), tr("every wait is the base delay")},
                            {k("linear"), tr("linear"), tr("base × n before the n-th retry")},
                            {k("exponential"), tr("exponential"), tr("base × multiplier^(n−1) before the n-th retry")}},
                           parent, editedFor(k("backoff"))),
               tr("How the wait grows from one retry to the next, before jitter and the cap.")),
        helped(durationField(k("base_delay_ms"), tr("Base delay"), parent, editedFor(k("base_delay_ms"))),
               tr("The wait before the first retry, before jitter.")),
        helped(numberField(k("multiplier"), tr("Multiplier"), 0, 1000, 0.5, parent, editedFor(k("multiplier"))),
               tr("Exponential backoff's growth per retry (at least 1). Constant and linear backoff and "
                  "decorrelated jitter do not use it.")),
        helped(durationField(k("max_delay_ms"), tr("Max delay"), parent, editedFor(k("max_delay_ms"))),
               tr("No backoff wait is longer than this.")),
        helped(choiceField(k("jitter"), tr("Jitter"),
                           {{k("none"), tr("none"), tr("exactly the backoff")},
                            {k("full"), tr("full"), tr("anywhere from 0 to the backoff")},
                            {k("equal"), tr("equal"), tr("half the backoff, plus up to the other half")},
                            {k("decorrelated"), tr("decorrelated"),
                             tr("from the base delay to 3 × the previous wait, capped; ignores the backoff kind")}},
                           parent, editedFor(k("jitter"))),
               tr("Randomness in each wait, so clients that failed together do not retry together.")),
    };

    PolicySection limits{tr("Time limits"), {}};
    limits.fields = {
        helped(
            durationField(k("attempt_timeout_ms"), tr("Attempt timeout"), parent, editedFor(k("attempt_timeout_ms"))),
            tr("How long one attempt may take before it counts as a timeout.")),
        helped(optionalDurationField(k("connect_timeout_ms"), tr("Connect timeout"), tr("at most"), 10000, parent,
                                     editedFor(k("connect_timeout_ms"))),
               tr("How long connecting may take, within the attempt's timeout.")),
        helped(optionalDurationField(k("deadline_ms"), tr("Deadline"), tr("within"), 60000, parent,
                                     editedFor(k("deadline_ms"))),
               tr("The whole call, waits included: no attempt starts whose wait would cross it, and each "
                  "attempt's timeout is cut to what is left.")),
        helped(optionalDurationField(k("retry_window_ms"), tr("Retry window"), tr("within"), 60000, parent,
                                     editedFor(k("retry_window_ms"))),
               tr("Retries start only while the call is younger than this; unlike the deadline it cuts no "
                  "attempt and no wait (curl's --retry-max-time).")),
    };

    PolicySection retried{tr("What is retried"), {}};
    retried.fields = {
        helped(statusListField(k("retry_on"), tr("Retry on status"), parent, editedFor(k("retry_on"))),
               tr("HTTP statuses worth another attempt, separated by commas; a range as 500-504.")),
        helped(errorListField(k("retry_on_errors"), tr("Retry on errors"), parent, editedFor(k("retry_on_errors"))),
               tr("Network errors worth another attempt: timeout, connection refused, connection reset, host not "
                  "found, network unreachable, protocol error, other network errors. TLS errors are never retried.")),
        helped(booleanField(k("respect_retry_after"), tr("Retry-After"), tr("wait as long as the server asks"), parent,
                            editedFor(k("respect_retry_after"))),
               tr("A Retry-After header longer than the backoff replaces it.")),
        helped(
            durationField(k("max_retry_after_ms"), tr("Max Retry-After"), parent, editedFor(k("max_retry_after_ms"))),
            tr("The longest Retry-After honoured.")),
        helped(idempotencyField(parent, editedFor(k("idempotency_key"))),
               tr("A header that lets the server recognise a repeated POST or PATCH; with a key, such requests "
                  "are retried. auto sends one new UUID per call, the same on each of its attempts.")),
        helped(booleanField(k("retry_unsafe"), tr("Unsafe methods"), tr("retry POST, PATCH without a key"), parent,
                            editedFor(k("retry_unsafe"))),
               tr("Retrying a POST that reached the server may do its work twice.")),
    };

    PolicySection protection{tr("Protecting the server"), {}};
    protection.fields = {
        helped(rateLimitField(parent, editedFor(k("rate_limit"))),
               tr("N requests per period with a burst; waiting for a token is a wait on the timeline.")),
        helped(circuitBreakerField(parent, editedFor(k("circuit_breaker"))),
               tr("Opens when the failure ratio over the last calls crosses the threshold; while open, calls fail "
                  "at once with no traffic; after the break a few probes decide.")),
        helped(retryBudgetField(parent, editedFor(k("retry_budget"))),
               tr("Retries at most a ratio of first attempts over a sliding window, plus a floor per second, so an "
                  "outage does not multiply the load.")),
    };

    PolicySection givingUp{tr("When the call gives up"), {}};
    givingUp.fields = {
        helped(fallbackField(parent, editedFor(k("fallback"))),
               tr("Answer for a failed call with a static response or the last good one, marked as a fallback.")),
    };

    return {attempts, limits, retried, protection, givingUp};
}

void followFormWidth(QScrollArea* scroll)
{
    new WidthFollower(scroll); // owned by the scroll area
}

QString policyFieldNamedIn(const QString& message)
{
    const QString prefix = QStringLiteral("policy.");
    if (!message.startsWith(prefix))
        return {};
    qsizetype end = prefix.size();
    while (end < message.size() && message[end] != u'.' && message[end] != u'[' && message[end] != u':')
        ++end;
    return message.mid(prefix.size(), end - prefix.size());
}

} // namespace jitterbug::gui
