#include "clioutput.h"

#include "http/credentials.h"
#include "report/runsummary.h"
#include "report/timelinejson.h"
#include "report/timelinetable.h"
#include "sim/simbackend.h"

#include <QSaveFile>

#include <cstdio>

namespace jitterbug::cli {

namespace {

void writeAll(FILE* stream, const QByteArray& bytes)
{
    std::fwrite(bytes.constData(), 1, static_cast<std::size_t>(bytes.size()), stream);
    std::fflush(stream);
}

} // namespace

CliOutput::CliOutput(const SendOptions& options)
    : m_options(options)
{
}

void CliOutput::printUsage(const QString& text)
{
    writeAll(stdout, text.toUtf8());
}

void CliOutput::usageError(const QString& message)
{
    // One line, whatever the message quotes: a bad -H value may hold CR/LF.
    QString line = message;
    line.replace(QLatin1Char('\r'), QStringLiteral("\\r")).replace(QLatin1Char('\n'), QStringLiteral("\\n"));
    writeAll(stderr, QStringLiteral("jitterbug-cli: %1\n").arg(line).toUtf8());
}

void CliOutput::stdoutWrite(const QByteArray& bytes)
{
    writeAll(stdout, bytes);
}

void CliOutput::stderrWrite(const QString& text)
{
    writeAll(stderr, text.toUtf8());
}

QByteArray CliOutput::headerBlock(const Response& r)
{
    QByteArray out = "HTTP/" + r.httpVersion + ' ' + QByteArray::number(r.status);
    if (!r.reasonPhrase.isEmpty())
        out += ' ' + r.reasonPhrase;
    out += "\r\n";
    for (const HeaderList::Field& f : r.headers.fields())
        out += f.name + ": " + f.value + "\r\n";
    return out + "\r\n";
}

bool CliOutput::writeBody(const std::optional<Response>& response, int exitStatus)
{
    if (!response)
        return true;
    const CurlOutputOptions& o = m_options.curl.output;
    // curl -f prints no body for an HTTP error.
    if (o.failOnHttpError && exitStatus != 0 && response->status >= 400)
        return true;
    QByteArray bytes;
    if (m_options.curl.headOnly || o.includeHeaders)
        bytes += headerBlock(*response);
    if (!m_options.curl.headOnly)
        bytes += response->body;

    if (o.outputFile.isEmpty() || o.outputFile == u"-") {
        stdoutWrite(bytes);
        return true;
    }
    QSaveFile file(o.outputFile);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        usageError(QStringLiteral("-o: cannot write %1: %2").arg(o.outputFile, file.errorString()));
        return false;
    }
    return true;
}

void CliOutput::writeTimeline(const Timeline& t)
{
    switch (m_options.timeline) {
    case TimelineFormat::Table:
        stderrWrite(timelineTable(t));
        break;
    case TimelineFormat::Json:
        writeAll(stderr, timelineToJson(t) + '\n');
        break;
    case TimelineFormat::None:
        break;
    }
}

void CliOutput::failureLine(const Timeline& t)
{
    const CurlOutputOptions& o = m_options.curl.output;
    // The table and the JSON record already say why (and JSON on stderr must
    // stay parseable); a run without a timeline still owes its one line,
    // unless -s asked for quiet without -S.
    if (m_options.timeline != TimelineFormat::None || (o.silent && !o.showError))
        return;
    stderrWrite(QStringLiteral("jitterbug-cli: gave up: %1\n").arg(t.outcome.reason));
}

// Unlike curl's, the trace masks credentials (Authorization, Cookie, API
// keys in headers and the query): it is a log, and logs get pasted into
// tickets. What the server sent back with -i or -I is output, shown as is.
void CliOutput::verboseRequest(int attempt, const Request& r)
{
    QString out = QStringLiteral("* attempt %1\n").arg(attempt);
    QByteArray target = r.url.path(QUrl::FullyEncoded).toUtf8();
    if (target.isEmpty())
        target = "/";
    if (r.url.hasQuery())
        target += '?' + r.url.query(QUrl::FullyEncoded).toUtf8();
    out += QStringLiteral("> %1 %2 HTTP/1.1\n> Host: %3\n")
               .arg(QString::fromLatin1(r.method), maskCredentialsInText(QString::fromUtf8(target), r.credentialNames),
                    r.url.authority());
    for (const HeaderList::Field& f : r.headers.fields()) {
        if (!f.value.isNull())
            out += QStringLiteral("> %1: %2\n")
                       .arg(QString::fromLatin1(f.name),
                            QString::fromUtf8(maskedHeaderValue(f.name, f.value, r.credentialNames)));
    }
    out += QStringLiteral(">\n");
    stderrWrite(out);
}

void CliOutput::verboseResponse(const Response& r)
{
    Response shown = r;
    shown.headers = maskedHeaders(r.headers);
    QString out;
    for (const QByteArray& line : headerBlock(shown).split('\n')) {
        if (!line.trimmed().isEmpty())
            out += QStringLiteral("< ") + QString::fromUtf8(line.trimmed()) + QLatin1Char('\n');
    }
    stderrWrite(out + QStringLiteral("<\n"));
}

void CliOutput::summary(const RunSummary& summary, double wallMs)
{
    if (m_options.timeline == TimelineFormat::Json) {
        writeAll(stderr, "{\"summary\":" + summary.json(wallMs) + "}\n");
        return;
    }
    if (m_options.curl.output.silent && !m_options.curl.output.showError)
        return;
    stderrWrite(summary.text(wallMs));
}

void CliOutput::serverStats(const SimBackend& backend)
{
    if (m_options.timeline == TimelineFormat::Json) {
        writeAll(stderr, "{\"server\":" + backend.statsJson(JsonWriter::Style::Compact).trimmed() + "}\n");
        return;
    }
    if (m_options.curl.output.silent && !m_options.curl.output.showError)
        return;
    stderrWrite(simStatsText(backend.scenario(), backend.stats()));
}

} // namespace jitterbug::cli
