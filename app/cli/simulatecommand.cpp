#include "simulatecommand.h"

#include "clioutput.h"
#include "flagvalues.h"
#include "herdreport.h"

#include "herd/capacitymodel.h"
#include "herd/herdstrategyspec.h"
#include "herd/occmodel.h"
#include "util/random.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>

#include <cmath>
#include <cstdio>

#include <unistd.h>

namespace jitterbug::cli {

namespace {

const char* const herdUsage = "Usage: jitterbug-cli simulate herd [options]";

struct HerdOptions {
    QString model = QStringLiteral("occ");
    QList<int> clients;
    QList<HerdStrategy> strategies;
    OccSettings occ;
    CapacitySettings capacity;
    quint64 seed = 0;
    enum class Format { Table, Csv, Json } format = Format::Table;
};

// Longest delay a flag takes: a day. Longer ones would only make a run's
// times meaningless (and its buckets wide).
constexpr double kLongestDelayMs = 86'400'000;

Expected<double> parseMs(const QString& flag, const QString& value, bool zeroAllowed = true)
{
    bool ok = false;
    const double v = value.toDouble(&ok);
    if (!ok || !(v >= 0 && v <= kLongestDelayMs) || (!zeroAllowed && v == 0))
        return badFlagValue(
            flag,
            (zeroAllowed ? QStringLiteral("a number from 0 to %1") : QStringLiteral("a number > 0 up to %1"))
                .arg(kLongestDelayMs, 0, 'f', 0),
            value);
    return v;
}

Expected<QList<int>> parseClients(const QString& value)
{
    QList<int> clients;
    for (const QString& part : value.split(u',')) {
        bool ok = false;
        const int n = part.trimmed().toInt(&ok);
        if (!ok || n < 1 || n > 1'000'000)
            return badFlagValue(QStringLiteral("--clients"),
                                QStringLiteral("a list of whole numbers from 1 to 1000000"), value);
        if (clients.contains(n))
            return invalidInput(QStringLiteral("--clients: %1 is listed twice").arg(n));
        clients.append(n);
    }
    return clients;
}

// "FROM-TO" in milliseconds.
Expected<std::pair<double, double>> parseOutage(const QString& value)
{
    const QStringList ends = value.split(u'-');
    bool fromOk = false;
    bool toOk = false;
    const double from = ends.value(0).toDouble(&fromOk);
    const double to = ends.value(1).toDouble(&toOk);
    if (ends.size() != 2 || !fromOk || !toOk || from < 0 || !(to > from))
        return badFlagValue(QStringLiteral("--outage"), QStringLiteral("FROM-TO in ms with FROM < TO"), value);
    return std::pair(from, to);
}

Expected<HerdOptions> readOptions(const QCommandLineParser& parser)
{
    HerdOptions o;
    const auto value = [&parser](const char* name) {
        return parser.value(QString::fromLatin1(name));
    };
    const auto isSet = [&parser](const char* name) {
        return parser.isSet(QString::fromLatin1(name));
    };
    o.model = value("model");
    if (o.model != u"occ" && o.model != u"capacity")
        return badFlagValue(QStringLiteral("--model"), QStringLiteral("occ or capacity"), o.model);
    const bool capacity = o.model == u"capacity";
    auto clients = parseClients(value("clients"));
    if (!clients)
        return std::unexpected(clients.error());
    o.clients = *clients;
    auto trials = parseWholeNumber(QStringLiteral("--trials"),
                                   isSet("trials") ? value("trials") : QString::fromLatin1(capacity ? "10" : "100"), 1);
    auto base = parseMs(QStringLiteral("--base-delay"), value("base-delay"));
    auto cap = parseMs(QStringLiteral("--max-delay"), value("max-delay"));
    auto mean = parseMs(QStringLiteral("--net-delay-mean"), value("net-delay-mean"));
    auto sd = parseMs(QStringLiteral("--net-delay-sd"), value("net-delay-sd"));
    auto bucket = parseMs(QStringLiteral("--bucket"),
                          isSet("bucket") ? value("bucket") : QString::fromLatin1(capacity ? "1000" : "100"), false);
    for (const Expected<double>* e : {&base, &cap, &mean, &sd, &bucket}) {
        if (!*e)
            return std::unexpected(e->error());
    }
    if (!trials)
        return std::unexpected(trials.error());
    auto strategies = herdStrategiesFromList(value("strategies"), *base, *cap);
    if (!strategies)
        return invalidInput(QStringLiteral("--strategies: ") + strategies.error().message);
    o.strategies = *strategies;
    o.seed = Random::systemSeed();
    if (isSet("seed")) {
        auto seed = parseSeed(value("seed"));
        if (!seed)
            return std::unexpected(seed.error());
        o.seed = *seed;
    }

    o.occ.trials = *trials;
    o.occ.netDelayMeanMs = *mean;
    o.occ.netDelaySdMs = *sd;
    o.occ.bucketMs = *bucket;
    o.occ.seed = o.seed;
    CapacitySettings& c = o.capacity;
    c.trials = *trials;
    c.netDelayMeanMs = *mean;
    c.netDelaySdMs = *sd;
    c.bucketMs = *bucket;
    c.seed = o.seed;
    auto perSecond = parseWholeNumber(QStringLiteral("--capacity"), value("capacity"), 1);
    auto calls = parseWholeNumber(QStringLiteral("--calls"), value("calls"), 1);
    auto service = parseMs(QStringLiteral("--service"), value("service"));
    if (!perSecond)
        return std::unexpected(perSecond.error());
    if (!calls)
        return std::unexpected(calls.error());
    if (!service)
        return std::unexpected(service.error());
    c.capacityPerSecond = *perSecond;
    c.callsPerClient = *calls;
    c.serviceMs = *service;
    if (isSet("retry-after")) {
        auto seconds = parseWholeNumber(QStringLiteral("--retry-after"), value("retry-after"), 0);
        if (!seconds)
            return std::unexpected(seconds.error());
        c.retryAfterSeconds = *seconds;
    }
    if (isSet("outage")) {
        auto window = parseOutage(value("outage"));
        if (!window)
            return std::unexpected(window.error());
        c.outageFromMs = window->first;
        c.outageToMs = window->second;
    }
    if (!capacity) {
        for (const char* flag : {"capacity", "calls", "service", "retry-after", "outage"}) {
            if (isSet(flag))
                return invalidInput(QStringLiteral("--%1: only for --model capacity").arg(QLatin1StringView(flag)));
        }
    }
    if (isSet("csv") && isSet("json"))
        return invalidInput(QStringLiteral("--csv and --json: choose one"));
    o.format = isSet("csv") ? HerdOptions::Format::Csv
        : isSet("json")     ? HerdOptions::Format::Json
                            : HerdOptions::Format::Table;
    for (int n : std::as_const(o.clients)) {
        o.occ.clients = n;
        c.clients = n;
        if (auto valid = capacity ? validateCapacitySettings(c) : validateOccSettings(o.occ); !valid)
            return std::unexpected(valid.error());
    }
    return o;
}

QJsonObject settingsJson(const HerdOptions& o)
{
    QJsonArray clients;
    for (int n : o.clients)
        clients.append(n);
    QJsonArray strategies;
    for (const HerdStrategy& s : o.strategies)
        strategies.append(s.name);
    QJsonObject settings{{QStringLiteral("clients"), clients},
                         {QStringLiteral("strategies"), strategies},
                         {QStringLiteral("net_delay_mean_ms"), o.occ.netDelayMeanMs},
                         {QStringLiteral("net_delay_sd_ms"), o.occ.netDelaySdMs},
                         {QStringLiteral("bucket_ms"), o.occ.bucketMs}};
    if (o.model == u"capacity") {
        const CapacitySettings& c = o.capacity;
        settings.insert(QStringLiteral("capacity_per_s"), c.capacityPerSecond);
        settings.insert(QStringLiteral("calls_per_client"), c.callsPerClient);
        settings.insert(QStringLiteral("service_ms"), c.serviceMs);
        if (c.retryAfterSeconds)
            settings.insert(QStringLiteral("retry_after_s"), *c.retryAfterSeconds);
        if (c.outageFromMs)
            settings.insert(QStringLiteral("outage_ms"), QJsonArray{*c.outageFromMs, *c.outageToMs});
    }
    return settings;
}

void writeTo(FILE* stream, const QByteArray& bytes)
{
    std::fwrite(bytes.constData(), 1, static_cast<std::size_t>(bytes.size()), stream);
    std::fflush(stream);
}

} // namespace

int runSimulate(const QStringList& arguments)
{
    if (arguments.isEmpty() || arguments.front() != u"herd") {
        CliOutput::usageError(
            arguments.isEmpty()
                ? QStringLiteral("simulate: name what to simulate: simulate herd")
                : QStringLiteral("simulate: unknown simulation \"%1\"; there is herd").arg(arguments.front()));
        return 2;
    }
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Many clients, one retry strategy each run, one contended server, in virtual time."));
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    parser.addHelpOption();
    const auto option = [&parser](const char* name, const char* help, const char* valueName = nullptr,
                                  const char* fallback = nullptr) {
        QCommandLineOption o(QString::fromLatin1(name), QString::fromUtf8(help));
        if (valueName)
            o.setValueName(QString::fromLatin1(valueName));
        if (fallback)
            o.setDefaultValue(QString::fromLatin1(fallback));
        parser.addOption(o);
    };
    option("model", "occ (one shared row, conditional writes) or capacity (a server of C requests/s) [occ].", "MODEL",
           "occ");
    option("clients", "Client counts to run, a list [10,25,50,100].", "LIST", "10,25,50,100");
    option("trials", "Trials per client count and strategy [100 for occ, 10 for capacity].", "N");
    option("strategies",
           "none, exponential, equal, full, decorrelated, a policy FILE, or COLLECTION#REQUEST, a list "
           "[none,exponential,equal,full,decorrelated].",
           "LIST", "none,exponential,equal,full,decorrelated");
    option("base-delay", "The named strategies' base delay, ms (the first retry's) [5].", "MS", "5");
    option("max-delay", "The named strategies' cap, ms [2000].", "MS", "2000");
    option("net-delay-mean", "Mean of each message's network delay, ms [10].", "MS", "10");
    option("net-delay-sd", "Its standard deviation, ms [2].", "MS", "2");
    option("capacity", "capacity: requests the server completes per second [100].", "N", "100");
    option("calls", "capacity: calls each client makes, one after another [10].", "M", "10");
    option("service", "capacity: time the server takes per accepted request, ms [0].", "MS", "0");
    option("retry-after", "capacity: send Retry-After: S with every 503.", "S");
    option("outage", "capacity: every request gets 503 from FROM to TO ms.", "FROM-TO");
    option("bucket", "Width of the load-over-time buckets, ms [100 for occ, 1000 for capacity].", "MS");
    option("seed", "Random seed [a fresh one, shown].", "N");
    option("csv", "Print CSV.");
    option("json", "Print JSON, with load over time and completion percentiles.");
    QStringList args{QStringLiteral("jitterbug-cli simulate herd")};
    args.append(arguments.mid(1));
    if (!parser.parse(args)) {
        CliOutput::usageError(QStringLiteral("simulate herd: ") + parser.errorText());
        return 2;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        const QString help = parser.helpText();
        CliOutput::printUsage(QLatin1StringView(herdUsage) + help.mid(help.indexOf(QLatin1Char('\n'))));
        return 0;
    }
    if (!parser.positionalArguments().isEmpty()) {
        CliOutput::usageError(
            QStringLiteral("simulate herd: unexpected argument \"%1\"").arg(parser.positionalArguments().first()));
        return 2;
    }
    Expected<HerdOptions> options = readOptions(parser);
    if (!options) {
        CliOutput::usageError(options.error().message);
        return 2;
    }

    // A progress line on a terminal, for runs long enough to wonder about.
    const bool terminal = ::isatty(STDERR_FILENO);
    const qsizetype runs = options->clients.size() * options->strategies.size();
    QElapsedTimer sinceStart;
    sinceStart.start();
    qint64 lastShownMs = -1;
    bool shown = false;
    QList<HerdResult> results;
    for (int clients : std::as_const(options->clients)) {
        for (const HerdStrategy& strategy : std::as_const(options->strategies)) {
            HerdRunControl control;
            if (terminal) {
                control.progress = [&, clients](int done, int total) {
                    const qint64 now = sinceStart.elapsed();
                    if (now < 500 || now - lastShownMs < 100)
                        return;
                    lastShownMs = now;
                    shown = true;
                    writeTo(stderr,
                            QStringLiteral("\r\033[Ksimulate herd: run %1 of %2 (%3 clients, %4), trial %5 of %6")
                                .arg(results.size() + 1)
                                .arg(runs)
                                .arg(clients)
                                .arg(strategy.name)
                                .arg(done)
                                .arg(total)
                                .toUtf8());
                };
            }
            if (options->model == u"capacity") {
                options->capacity.clients = clients;
                results.append(runCapacity(options->capacity, strategy, control));
            } else {
                options->occ.clients = clients;
                results.append(runOcc(options->occ, strategy, control));
            }
            if (!results.back().stopped.isEmpty()) {
                if (shown)
                    writeTo(stderr, "\r\033[K");
                CliOutput::usageError(
                    QStringLiteral("simulate herd: %1 (%2)").arg(results.back().stopped, strategy.name));
                return 2;
            }
        }
    }
    if (shown)
        writeTo(stderr, "\r\033[K");

    HerdRunDescription run{options->model,
                           options->model == u"capacity" ? options->capacity.trials : options->occ.trials,
                           options->seed, settingsJson(*options)};
    switch (options->format) {
    case HerdOptions::Format::Csv:
        writeTo(stdout, herdCsv(results));
        break;
    case HerdOptions::Format::Json:
        writeTo(stdout, herdJson(results, run));
        break;
    case HerdOptions::Format::Table:
        writeTo(stdout, herdTable(results, run).toUtf8());
        break;
    }
    return 0;
}

} // namespace jitterbug::cli
