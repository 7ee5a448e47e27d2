#include "runreport.h"

#include "report/timelinejson.h"
#include "util/jsonwriter.h"

#include <QXmlStreamWriter>

namespace jitterbug {

QByteArray runReportJson(const RunReport& report)
{
    JsonWriter out(JsonWriter::Style::Indented);
    out.beginObject();
    out.key(u"collection").value(report.collection);
    out.key(u"seed").value(report.seed);
    out.key(u"summary").raw(report.summary.json(report.wallMs));
    out.key(u"calls").beginArray();
    for (const RunCallResult& call : report.calls) {
        out.beginObject();
        out.key(u"request").value(call.request);
        out.key(u"iteration").value(call.iteration);
        out.key(u"timeline");
        writeTimeline(out, call.timeline);
        out.endObject();
    }
    out.endArray();
    out.endObject();
    return out.take() + '\n';
}

namespace {

QString seconds(double ms)
{
    return QString::number(ms / 1000.0, 'f', 3);
}

// Why a call counts as failed, in the words of its last decision.
QString failureMessage(const Timeline& t)
{
    if (t.attempts.isEmpty())
        return errorCodeName(t.outcome.error);
    const AttemptRecord& last = t.attempts.constLast();
    QString what = last.status ? QString::number(last.status) : errorCodeName(last.error);
    if (t.outcome.fallback)
        what += QStringLiteral(" (answered by fallback)");
    return what + QStringLiteral(": ") + last.reason;
}

} // namespace

QByteArray runReportJunit(const RunReport& report)
{
    QByteArray xml;
    QXmlStreamWriter out(&xml);
    out.setAutoFormatting(true);
    out.writeStartDocument();
    out.writeStartElement(QStringLiteral("testsuites"));
    out.writeAttribute(QStringLiteral("name"), report.collection);
    out.writeAttribute(QStringLiteral("tests"), QString::number(report.summary.calls()));
    out.writeAttribute(QStringLiteral("failures"), QString::number(report.summary.failed()));
    out.writeAttribute(QStringLiteral("time"), seconds(report.wallMs));
    out.writeStartElement(QStringLiteral("testsuite"));
    out.writeAttribute(QStringLiteral("name"), report.collection);
    out.writeAttribute(QStringLiteral("tests"), QString::number(report.summary.calls()));
    out.writeAttribute(QStringLiteral("failures"), QString::number(report.summary.failed()));
    out.writeAttribute(QStringLiteral("errors"), QStringLiteral("0"));
    out.writeAttribute(QStringLiteral("time"), seconds(report.wallMs));
    for (const RunCallResult& call : report.calls) {
        out.writeStartElement(QStringLiteral("testcase"));
        out.writeAttribute(QStringLiteral("classname"), report.collection);
        out.writeAttribute(QStringLiteral("name"),
                           call.iteration > 1 ? QStringLiteral("%1 #%2").arg(call.request).arg(call.iteration)
                                              : call.request);
        out.writeAttribute(QStringLiteral("time"), seconds(call.timeline.outcome.elapsedMs));
        if (!call.timeline.outcome.succeeded) {
            out.writeStartElement(QStringLiteral("failure"));
            out.writeAttribute(QStringLiteral("message"), failureMessage(call.timeline));
            out.writeCharacters(QString::fromUtf8(timelineToJson(call.timeline)));
            out.writeEndElement();
        }
        out.writeEndElement();
    }
    out.writeEndElement();
    out.writeEndElement();
    out.writeEndDocument();
    return xml;
}

} // namespace jitterbug
