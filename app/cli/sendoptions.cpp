#include "sendoptions.h"

#include "flagvalues.h"

#include "curl/curlpolicy.h"
#include "policyoptions.h"
#include "util/random.h"

#include <QFileInfo>

namespace jitterbug::cli {

namespace {

// Run options of `send` that are not policy: each takes a value.
const QStringList runOptionsWithValue{QStringLiteral("--seed"),     QStringLiteral("--backend"),
                                      QStringLiteral("--scenario"), QStringLiteral("--timeline"),
                                      QStringLiteral("--repeat"),   QStringLiteral("--concurrency")};

PassThroughOptions passThroughOptions()
{
    PassThroughOptions pass;
    for (const QString& name : runOptionsWithValue)
        pass.withValue.insert(name);
    pass.flags.insert(QStringLiteral("--fallback-ok"));
    for (const PolicyFlag& flag : policyFlags()) {
        const QString name = QStringLiteral("--") + QLatin1StringView(flag.name);
        if (flag.optionalValue)
            pass.optionalValue.insert(name);
        else if (flag.valueName)
            pass.withValue.insert(name);
        else
            pass.flags.insert(name);
    }
    return pass;
}

} // namespace

Expected<SendOptions> parseSendOptions(const QStringList& arguments)
{
    auto curl = parseCurlArguments(arguments, passThroughOptions());
    if (!curl)
        return std::unexpected(curl.error());

    SendOptions options;
    options.curl = *curl;

    // A policy file is the base whatever its position; curl's options come
    // next; Jitterbug's own policy flags override both, in the order given.
    RetryPolicy base;
    for (const auto& [name, value] : std::as_const(curl->passedThrough)) {
        if (name == u"--policy") {
            auto loaded = loadPolicyFile(value);
            if (!loaded)
                return std::unexpected(loaded.error());
            base = *loaded;
        }
    }
    options.policy = curlRetryPolicy(*curl, base);

    bool timelineGiven = false;
    bool scenarioGiven = false;
    bool seedGiven = false;
    for (const auto& [name, value] : std::as_const(curl->passedThrough)) {
        if (name == u"--policy")
            continue;
        if (name == u"--seed") {
            auto seed = parseSeed(value);
            if (!seed)
                return std::unexpected(seed.error());
            options.seed = *seed;
            seedGiven = true;
        } else if (name == u"--backend") {
            if (value == u"net")
                options.backend = Backend::Network;
            else if (value == u"sim")
                options.backend = Backend::Simulated;
            else
                return badFlagValue(name, QStringLiteral("net or sim"), value);
        } else if (name == u"--scenario") {
            options.scenarioFile = value;
            scenarioGiven = true;
        } else if (name == u"--timeline") {
            timelineGiven = true;
            if (value == u"table")
                options.timeline = TimelineFormat::Table;
            else if (value == u"json")
                options.timeline = TimelineFormat::Json;
            else if (value == u"none")
                options.timeline = TimelineFormat::None;
            else
                return badFlagValue(name, QStringLiteral("json, table or none"), value);
        } else if (name == u"--repeat") {
            auto n = parseWholeNumber(name, value, 1);
            if (!n)
                return std::unexpected(n.error());
            options.repeat = *n;
        } else if (name == u"--concurrency") {
            auto n = parseWholeNumber(name, value, 1);
            if (!n)
                return std::unexpected(n.error());
            options.concurrency = *n;
        } else if (name == u"--fallback-ok") {
            options.fallbackOk = true;
        } else {
            if (auto applied = applyPolicyFlag(options.policy, name.mid(2), value); !applied)
                return std::unexpected(applied.error());
        }
    }

    if (scenarioGiven && options.backend != Backend::Simulated)
        return invalidInput(QStringLiteral("--scenario needs --backend sim"));
    if (options.repeat > 1 && !options.curl.output.outputFile.isEmpty())
        return invalidInput(QStringLiteral("-o cannot be combined with --repeat: the bodies of repeated calls are "
                                           "not written"));
    // Bad input loses nothing and sends nothing: an -o that cannot be
    // written is found before the request goes out.
    if (const QString out = options.curl.output.outputFile; !out.isEmpty() && out != u"-") {
        const QFileInfo file(out);
        const QFileInfo dir(file.absolutePath());
        if (file.isDir() || !dir.isDir() || !dir.isWritable() || (file.exists() && !file.isWritable()))
            return invalidInput(QStringLiteral("-o: cannot write %1").arg(out));
    }
    if (!timelineGiven) {
        // A pasted `curl -s` wants quiet, and a batch wants its summary only.
        if (options.curl.output.silent || options.repeat > 1)
            options.timeline = TimelineFormat::None;
    }
    if (!seedGiven)
        options.seed = Random::systemSeed();
    if (auto valid = options.policy.validate(); !valid)
        return std::unexpected(valid.error());
    return options;
}

QString sendUsage()
{
    QString text
        = QStringLiteral("Usage: jitterbug-cli send [curl options] [policy options] URL\n"
                         "\n"
                         "One HTTP call with a retry policy. curl's common options keep curl's meaning:\n"
                         "  -X -H -d --data-raw --data-binary --data-urlencode --json -F -u -A -e -b -L -k -I -G\n"
                         "  --compressed -m/--max-time --connect-timeout --max-filesize --http1.1\n"
                         "  --retry N --retry-delay S --retry-max-time S --retry-all-errors --retry-connrefused\n"
                         "  -o FILE -s -S -i -v -w FORMAT -f\n"
                         "\n"
                         "Run options:\n"
                         "  --backend net|sim      the real network [net] or the simulated backend\n"
                         "  --scenario FILE        the simulated backend's scenario [built-in demo]\n"
                         "  --seed N               the run's random seed [a fresh one, shown]\n"
                         "  --timeline table|json|none  the timeline on stderr [table]\n"
                         "  --repeat N             send the call N times [1]\n"
                         "  --concurrency C        at most C calls at once with --repeat [1]\n"
                         "  --fallback-ok          a call answered by a fallback counts as a success\n"
                         "\n"
                         "Policy options (they override curl's retry options):\n");
    for (const PolicyFlag& flag : policyFlags()) {
        QString left = QStringLiteral("  --") + QLatin1StringView(flag.name);
        if (flag.valueName)
            left += (flag.optionalValue ? QStringLiteral("[=") : QStringLiteral(" "))
                + QLatin1StringView(flag.valueName) + (flag.optionalValue ? QStringLiteral("]") : QString());
        text += left.leftJustified(38) + QString::fromUtf8(flag.help) + QLatin1Char('\n');
    }
    text += QStringLiteral(
        "\nExit status: 0 success, 1 the call failed (or fell back), 2 bad usage or input, 3 internal error.\n");
    return text;
}

} // namespace jitterbug::cli
