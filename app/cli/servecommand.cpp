#include "servecommand.h"

#include "clioutput.h"
#include "flagvalues.h"
#include "quitonsignal.h"

#include "server/simserver.h"
#include "sim/scenarioparser.h"
#include "util/random.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>

namespace jitterbug::cli {

namespace {

struct ServeOptions {
    QHostAddress address{QHostAddress::LocalHost};
    bool addressGiven = false;
    quint16 port = 8080;
    SimScenario scenario;
    quint64 seed = 0;
    bool log = false;
    ServerLimits limits;
};

Expected<qint64> parseByteCount(const QString& flag, const QString& value)
{
    bool ok = false;
    const qint64 bytes = value.toLongLong(&ok);
    if (!ok || bytes < 1)
        return badFlagValue(flag, QStringLiteral("a number of bytes ≥ 1"), value);
    return bytes;
}

Expected<ServeOptions> readOptions(const QCommandLineParser& parser)
{
    ServeOptions options;
    if (parser.isSet(QStringLiteral("host"))) {
        const QString host = parser.value(QStringLiteral("host"));
        if (!options.address.setAddress(host))
            return badFlagValue(QStringLiteral("--host"), QStringLiteral("an IP address"), host);
        options.addressGiven = true;
    }
    if (parser.isSet(QStringLiteral("port"))) {
        const QString port = parser.value(QStringLiteral("port"));
        bool ok = false;
        const uint value = port.toUInt(&ok);
        if (!ok || value > 65535)
            return badFlagValue(QStringLiteral("--port"), QStringLiteral("a port from 0 to 65535"), port);
        options.port = static_cast<quint16>(value);
    }
    if (parser.isSet(QStringLiteral("scenario"))) {
        auto scenario = resolveScenario(parser.value(QStringLiteral("scenario")));
        if (!scenario)
            return std::unexpected(
                Error{scenario.error().code, QStringLiteral("--scenario: ") + scenario.error().message});
        options.scenario = *scenario;
    } else {
        options.scenario = builtinDemoScenario();
    }
    options.seed = Random::systemSeed();
    if (parser.isSet(QStringLiteral("seed"))) {
        auto seed = parseSeed(parser.value(QStringLiteral("seed")));
        if (!seed)
            return std::unexpected(seed.error());
        options.seed = *seed;
    }
    for (const auto& [flag, limit] : {std::pair{QStringLiteral("max-header-bytes"), &ServerLimits::maxHeadBytes},
                                      std::pair{QStringLiteral("max-body-bytes"), &ServerLimits::maxBodyBytes}}) {
        if (!parser.isSet(flag))
            continue;
        auto bytes = parseByteCount(QStringLiteral("--") + flag, parser.value(flag));
        if (!bytes)
            return std::unexpected(bytes.error());
        options.limits.*limit = *bytes;
    }
    options.log = parser.isSet(QStringLiteral("log"));
    return options;
}

void printLine(FILE* stream, const QString& line)
{
    const QByteArray bytes = line.toUtf8() + '\n';
    std::fwrite(bytes.constData(), 1, static_cast<std::size_t>(bytes.size()), stream);
    std::fflush(stream);
}

} // namespace

int runServe(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Serves a simulated backend over HTTP/1.1 so any client can meet its faults."));
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    parser.addHelpOption();
    parser.addOptions({
        {QStringLiteral("port"), QStringLiteral("Port to listen on; 0 picks a free one [8080]."), QStringLiteral("P")},
        {QStringLiteral("host"), QStringLiteral("Address to listen on [127.0.0.1]."), QStringLiteral("ADDRESS")},
        {QStringLiteral("scenario"), QStringLiteral("Scenario file, or a built-in scenario's name [demo]."),
         QStringLiteral("FILE")},
        {QStringLiteral("seed"), QStringLiteral("Seed for the scenario's models [a fresh one, shown]."),
         QStringLiteral("S")},
        {QStringLiteral("log"), QStringLiteral("Print one line per request.")},
        {QStringLiteral("max-header-bytes"), QStringLiteral("Largest request head; beyond, 431 [65536]."),
         QStringLiteral("N")},
        {QStringLiteral("max-body-bytes"), QStringLiteral("Largest request body; beyond, 413 [10485760]."),
         QStringLiteral("N")},
    });
    if (!parser.parse(QStringList{QStringLiteral("jitterbug-cli serve")} + arguments)) {
        CliOutput::usageError(QStringLiteral("serve: ") + parser.errorText());
        return 2;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        QString help = parser.helpText();
        help = QStringLiteral("Usage: jitterbug-cli serve [--port P] [--scenario FILE] [--seed S] [--log]")
            + help.mid(help.indexOf(QLatin1Char('\n')));
        CliOutput::printUsage(help);
        return 0;
    }
    if (!parser.positionalArguments().isEmpty()) {
        CliOutput::usageError(
            QStringLiteral("serve: unexpected argument \"%1\"").arg(parser.positionalArguments().first()));
        return 2;
    }
    auto options = readOptions(parser);
    if (!options) {
        CliOutput::usageError(options.error().message);
        return 2;
    }

    // Both before listening: a request may come, and a script may stop the
    // server, as soon as the port is printed.
    quitOnTerminationSignals();
    SimServer server(options->scenario, options->seed, options->limits);
    if (options->log)
        server.setLogger([](const ServerLogEntry& entry) { printLine(stdout, formatLogLine(entry)); });
    if (!server.listen(options->address, options->port)) {
        CliOutput::usageError(QStringLiteral("serve: cannot listen on %1 port %2: %3")
                                  .arg(options->address.toString())
                                  .arg(options->port)
                                  .arg(server.errorString()));
        return 2;
    }
    // The port alone on the first line, for scripts that ask for --port 0.
    printLine(stdout, QString::number(server.port()));
    if (options->addressGiven && !options->address.isLoopback())
        printLine(stderr,
                  QStringLiteral("jitterbug-cli: warning: serving on %1, reachable from other machines")
                      .arg(options->address.toString()));
    const QString host = options->address.protocol() == QAbstractSocket::IPv6Protocol
        ? QLatin1Char('[') + options->address.toString() + QLatin1Char(']')
        : options->address.toString();
    printLine(stderr,
              QStringLiteral("serving scenario \"%1\" at http://%2:%3 (seed %4); statistics at %5")
                  .arg(options->scenario.name, host)
                  .arg(server.port())
                  .arg(options->seed)
                  .arg(SimBackend::statsPath));
    QCoreApplication::exec();
    server.close();
    return 0;
}

} // namespace jitterbug::cli
