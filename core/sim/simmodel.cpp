#include "simmodel.h"

#include "http/statusreason.h"
#include "util/jsonwriter.h"
#include "util/random.h"

#include <QLocale>

namespace jitterbug {

namespace {

int pickStatus(const QList<SimWeightedStatus>& statuses, double u)
{
    double total = 0;
    for (const SimWeightedStatus& s : statuses)
        total += s.weight;
    double point = u * total;
    for (const SimWeightedStatus& s : statuses) {
        if (point < s.weight)
            return s.status;
        point -= s.weight;
    }
    return statuses.isEmpty() ? 503 : statuses.constLast().status;
}

QByteArray httpDate(const QDateTime& time)
{
    return QLocale::c().toString(time.toUTC(), u"ddd, dd MMM yyyy hh:mm:ss 'GMT'").toLatin1();
}

QByteArray retryAfterValue(const SimRetryAfter& retryAfter, double u, const QDateTime& wallTime)
{
    const qint64 span = retryAfter.maxSeconds - retryAfter.minSeconds + 1;
    const qint64 seconds = retryAfter.minSeconds + std::min(static_cast<qint64>(u * span), span - 1);
    return retryAfter.httpDate ? httpDate(wallTime.addSecs(seconds)) : QByteArray::number(seconds);
}

} // namespace

SimModelDraw drawModelAnswer(const SimModel& model, Random& random, const QDateTime& wallTime)
{
    const double fate = random.uniform01();
    const double statusPick = random.uniform01();
    const double latencyMs = model.latency.draw(random);
    const double retryAfterPick = random.uniform01();

    SimModelDraw drawn;
    drawn.latencyMs = latencyMs;
    if (fate < model.timeoutRate) {
        drawn.answer.fault = SimFault::Timeout;
    } else if (fate < model.timeoutRate + model.resetRate) {
        drawn.answer.fault = SimFault::Reset;
    } else if (fate < model.timeoutRate + model.resetRate + model.failureRate) {
        const int status = pickStatus(model.failureStatuses, statusPick);
        drawn.answer = simErrorAnswer(status, reasonPhrase(status));
        if (!model.failureBody.isEmpty())
            drawn.answer.body = model.failureBody;
        if (model.retryAfter)
            drawn.answer.headers.append("Retry-After", retryAfterValue(*model.retryAfter, retryAfterPick, wallTime));
    } else {
        drawn.answer.status = model.status;
        drawn.answer.headers = model.headers;
        drawn.answer.body = model.body;
    }
    return drawn;
}

SimAnswer simErrorAnswer(int status, QByteArrayView message)
{
    JsonWriter json;
    json.beginObject().key(u"error").value(message.toByteArray()).endObject();
    SimAnswer answer;
    answer.status = status;
    answer.headers.append("Content-Type", "application/json");
    answer.body = json.take() + '\n';
    return answer;
}

} // namespace jitterbug
