#include "plancommand.h"

#include "clioutput.h"
#include "flagvalues.h"
#include "policyoptions.h"

#include "policy/policyjson.h"
#include "policy/waitplan.h"
#include "util/duration.h"
#include "util/jsonwriter.h"
#include "util/random.h"

#include <QCommandLineParser>

#include <cstdio>

namespace jitterbug::cli {

namespace {

QByteArray planJson(const WaitPlan& plan, const RetryPolicy& policy)
{
    JsonWriter out;
    out.beginObject();
    out.key(u"attempts").beginArray();
    for (const PlannedAttempt& a : plan.attempts) {
        out.beginObject();
        out.key(u"attempt").value(a.attempt);
        out.key(u"wait_ms").beginObject();
        out.key(u"min").value(a.wait.minMs);
        out.key(u"mean").value(a.wait.meanMs);
        out.key(u"p50").value(a.wait.p50Ms);
        out.key(u"p99").value(a.wait.p99Ms);
        out.key(u"max").value(a.wait.maxMs);
        out.endObject();
        out.key(u"bound_ms").beginObject();
        out.key(u"low").value(a.bounds.lowMs);
        out.key(u"high").value(a.bounds.highMs);
        out.endObject();
        out.endObject();
    }
    out.endArray();
    out.key(u"worst_case_ms").value(plan.worstCaseMs);
    out.key(u"worst_case_with_retry_after_ms").value(plan.worstCaseWithRetryAfterMs);
    out.key(u"samples").value(plan.samples);
    out.key(u"seed").value(plan.seed);
    out.key(u"policy");
    writePolicy(out, policy);
    out.endObject();
    return out.take() + '\n';
}

QString planTable(const WaitPlan& plan, const RetryPolicy& policy)
{
    QString out = QStringLiteral("%1 attempts; %2 backoff from %3, ×%4, cap %5; %6 jitter\n")
                      .arg(policy.maxAttempts)
                      .arg(backoffKindName(policy.backoff), formatDuration(policy.baseDelayMs))
                      .arg(policy.multiplier)
                      .arg(formatDuration(policy.maxDelayMs), jitterName(policy.jitter));
    if (plan.attempts.isEmpty()) {
        out += QStringLiteral("no retries: the call makes one attempt.\n");
    } else {
        const QStringList header{QStringLiteral("before"), QStringLiteral("min"), QStringLiteral("mean"),
                                 QStringLiteral("p50"),    QStringLiteral("p99"), QStringLiteral("max"),
                                 QStringLiteral("bounds")};
        out += QStringLiteral("%1 %2 %3 %4 %5 %6  %7\n")
                   .arg(header[0], -10)
                   .arg(header[1], 10)
                   .arg(header[2], 10)
                   .arg(header[3], 10)
                   .arg(header[4], 10)
                   .arg(header[5], 10)
                   .arg(header[6]);
        for (const PlannedAttempt& a : plan.attempts) {
            out += QStringLiteral("%1 %2 %3 %4 %5 %6  %7 – %8\n")
                       .arg(QStringLiteral("attempt %1").arg(a.attempt), -10)
                       .arg(formatDuration(a.wait.minMs), 10)
                       .arg(formatDuration(a.wait.meanMs), 10)
                       .arg(formatDuration(a.wait.p50Ms), 10)
                       .arg(formatDuration(a.wait.p99Ms), 10)
                       .arg(formatDuration(a.wait.maxMs), 10)
                       .arg(formatDuration(a.bounds.lowMs), formatDuration(a.bounds.highMs));
        }
    }
    out += QStringLiteral("worst case: %1 (%2 attempts × %3 timeout + every wait at its bound")
               .arg(formatDuration(plan.worstCaseMs))
               .arg(policy.maxAttempts)
               .arg(formatDuration(policy.attemptTimeoutMs));
    if (policy.deadlineMs)
        out += QStringLiteral(", capped by the %1 deadline").arg(formatDuration(*policy.deadlineMs));
    out += QStringLiteral(")\n");
    if (policy.respectRetryAfter && plan.worstCaseWithRetryAfterMs > plan.worstCaseMs)
        out += QStringLiteral("with Retry-After up to %1 per wait: %2\n")
                   .arg(formatDuration(policy.maxRetryAfterMs), formatDuration(plan.worstCaseWithRetryAfterMs));
    out += QStringLiteral("(%1 sampled calls, seed %2)\n").arg(plan.samples).arg(plan.seed);
    return out;
}

Expected<void> applyPolicyFlagsInOrder(const QStringList& arguments, RetryPolicy& policy)
{
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        QString name = arguments[i];
        if (!name.startsWith(u'-'))
            continue;
        name = name.mid(name.startsWith(u"--") ? 2 : 1);
        std::optional<QString> value;
        if (const qsizetype eq = name.indexOf(u'='); eq >= 0) {
            value = name.mid(eq + 1);
            name.truncate(eq);
        }
        if (name == u"samples" || name == u"seed" || name == u"policy") {
            i += value ? 0 : 1; // their values are read elsewhere
            continue;
        }
        const auto flag = std::find_if(policyFlags().begin(), policyFlags().end(),
                                       [&name](const PolicyFlag& f) { return name == QLatin1StringView(f.name); });
        if (flag == policyFlags().end())
            continue;
        if (flag->valueName && !flag->optionalValue && !value)
            value = arguments.value(++i);
        if (auto r = applyPolicyFlag(policy, name, value.value_or(QString())); !r)
            return r;
    }
    return {};
}

} // namespace

int runPlan(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Shows what a retry policy will do, before anything is sent."));
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    parser.addHelpOption();
    const QCommandLineOption samples(QStringLiteral("samples"), QStringLiteral("Calls to sample [10000]."),
                                     QStringLiteral("N"), QStringLiteral("10000"));
    const QCommandLineOption seed(QStringLiteral("seed"), QStringLiteral("Random seed [a fresh one, shown]."),
                                  QStringLiteral("N"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print JSON for machines."));
    parser.addOptions({samples, seed, json});
    for (const PolicyFlag& flag : policyFlags()) {
        QCommandLineOption option(QString::fromLatin1(flag.name), QString::fromUtf8(flag.help));
        if (flag.valueName && !flag.optionalValue)
            option.setValueName(QString::fromLatin1(flag.valueName));
        parser.addOption(option);
    }
    // QCommandLineParser has no optional values: --respect-retry-after=MS is
    // checked as the plain flag, and its value read by the walk below.
    QStringList args{QStringLiteral("jitterbug-cli plan")};
    for (const QString& a : arguments)
        args.append(a.startsWith(u"--respect-retry-after=") ? QStringLiteral("--respect-retry-after") : a);
    if (!parser.parse(args)) {
        CliOutput::usageError(QStringLiteral("plan: ") + parser.errorText());
        return 2;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        // Qt's first line names the binary's path; name the command instead.
        QString help = parser.helpText();
        help = QStringLiteral("Usage: jitterbug-cli plan [policy options] [--samples N] [--seed S] [--json]")
            + help.mid(help.indexOf(QLatin1Char('\n')));
        CliOutput::printUsage(help);
        return 0;
    }
    if (!parser.positionalArguments().isEmpty()) {
        CliOutput::usageError(
            QStringLiteral("plan: unexpected argument \"%1\"").arg(parser.positionalArguments().first()));
        return 2;
    }

    RetryPolicy policy;
    if (parser.isSet(QStringLiteral("policy"))) {
        auto loaded = loadPolicyFile(parser.value(QStringLiteral("policy")));
        if (!loaded) {
            CliOutput::usageError(loaded.error().message);
            return 2;
        }
        policy = *loaded;
    }
    // Flags apply in command-line order, as in `send`: the parser checked
    // the syntax, this walk keeps the order (and every repeated value).
    if (auto applied = applyPolicyFlagsInOrder(arguments, policy); !applied) {
        CliOutput::usageError(applied.error().message);
        return 2;
    }
    if (auto valid = policy.validate(); !valid) {
        CliOutput::usageError(valid.error().message);
        return 2;
    }

    bool ok = false;
    const int sampleCount = parser.value(samples).toInt(&ok);
    if (!ok || sampleCount < 1 || sampleCount > 10'000'000) {
        CliOutput::usageError(QStringLiteral("--samples: expected a whole number from 1 to 10000000, got \"%1\"")
                                  .arg(parser.value(samples)));
        return 2;
    }
    // planWaits keeps every draw to sort it: bound the memory it may take.
    constexpr qint64 maxDraws = 50'000'000;
    if (static_cast<qint64>(policy.maxAttempts - 1) * sampleCount > maxDraws) {
        CliOutput::usageError(QStringLiteral("--samples × --attempts: at most %1 waits can be sampled; got %2 × %3")
                                  .arg(maxDraws)
                                  .arg(sampleCount)
                                  .arg(policy.maxAttempts));
        return 2;
    }
    quint64 seedValue = Random::systemSeed();
    if (parser.isSet(seed)) {
        const auto given = parseSeed(parser.value(seed));
        if (!given) {
            CliOutput::usageError(given.error().message);
            return 2;
        }
        seedValue = *given;
    }

    const WaitPlan plan = planWaits(policy, sampleCount, seedValue);
    const QByteArray text = parser.isSet(json) ? planJson(plan, policy) : planTable(plan, policy).toUtf8();
    std::fwrite(text.constData(), 1, static_cast<std::size_t>(text.size()), stdout);
    return 0;
}

} // namespace jitterbug::cli
