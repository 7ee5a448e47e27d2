#include "runoptions.h"

#include "flagvalues.h"

#include "util/jsonfields.h"
#include "util/random.h"

#include <QCommandLineParser>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>

namespace jitterbug::cli {

namespace {

QList<QCommandLineOption> runFlags()
{
    return {
        // -e and -n as newman spells them, so a newman command line carries over.
        {QStringList{QStringLiteral("e"), QStringLiteral("env")},
         QStringLiteral("Environment: a name in the collection, or a file."), QStringLiteral("NAME|FILE")},
        {QStringLiteral("env-var"),
         QStringLiteral("Set an environment variable, over the environment's (repeatable; for CI secrets)."),
         QStringLiteral("NAME=VALUE")},
        {QStringLiteral("folder"), QStringLiteral("Run only this folder (\"Folder/Sub\")."), QStringLiteral("PATH")},
        {QStringList{QStringLiteral("n"), QStringLiteral("iterations")},
         QStringLiteral("Run the requests N times [1]."), QStringLiteral("N")},
        {QStringLiteral("concurrency"), QStringLiteral("Calls in flight at once [1]."), QStringLiteral("N")},
        {QStringLiteral("backend"), QStringLiteral("net or sim [net]."), QStringLiteral("net|sim")},
        {QStringLiteral("scenario"), QStringLiteral("Scenario file or built-in name for --backend sim [demo]."),
         QStringLiteral("FILE")},
        {QStringLiteral("seed"), QStringLiteral("Seed of the run [a fresh one]."), QStringLiteral("S")},
        {QStringLiteral("bail"), QStringLiteral("Start no more calls after the first failure.")},
        {QStringLiteral("quiet"), QStringLiteral("Only the summary.")},
    };
}

// `--report json FILE` takes two words, which QCommandLineParser cannot
// express: they are taken out here, in order, before it sees the rest.
Expected<QList<RunOptions::Report>> takeReports(QStringList& arguments)
{
    QList<RunOptions::Report> reports;
    for (qsizetype i = 0; i < arguments.size();) {
        if (arguments[i] != u"--report") {
            ++i;
            continue;
        }
        const QString kind = arguments.value(i + 1);
        const QString path = arguments.value(i + 2);
        using Kind = RunOptions::Report::Kind;
        std::optional<Kind> parsed;
        if (kind == u"json")
            parsed = Kind::Json;
        else if (kind == u"junit")
            parsed = Kind::Junit;
        else if (kind == u"har")
            parsed = Kind::Har;
        if (!parsed || path.isEmpty())
            return invalidInput(QStringLiteral("--report: expected json, junit or har and a FILE, got \"%1 %2\"")
                                    .arg(kind, path)
                                    .trimmed());
        reports.append({*parsed, path});
        arguments.remove(i, 3);
    }
    return reports;
}

Expected<Environment> environmentFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return ioError(QStringLiteral("--env: cannot read %1: %2").arg(path, file.errorString()));
    const QString name = QFileInfo(path).fileName();
    const Expected<QJsonObject> top = parseTopLevelObject(file.readAll(), name);
    if (!top)
        return std::unexpected(top.error());
    Environment environment;
    environment.name = top->value(u"name").toString(name);
    const QJsonArray values = top->value(u"values").toArray();
    for (qsizetype i = 0; i < values.size(); ++i) {
        const QJsonObject v = values[i].toObject();
        if (!v.value(u"key").isString())
            return invalidInput(name + QStringLiteral(": values[%1].key: expected a string").arg(i));
        // A Postman environment's "type": "secret" is a secret here too: used, and kept out of reports.
        environment.variables.append(Variable{v.value(u"key").toString(), v.value(u"value").toVariant().toString(),
                                              v.value(u"type").toString() == u"secret",
                                              v.value(u"enabled").toBool(true)});
    }
    return environment;
}

} // namespace

QString runUsage()
{
    QCommandLineParser parser;
    parser.addOptions(runFlags());
    QString help = parser.helpText();
    return QStringLiteral("Usage: jitterbug-cli run COLLECTION [options] [--report json|junit|har FILE]...\n"
                          "Runs every request of a collection (*.jitterbug.json, Postman v2.1, or curl commands) with "
                          "its retry policy.")
        + help.mid(help.indexOf(QLatin1Char('\n')))
        + QStringLiteral("  --report json|junit|har FILE      Write a report (repeatable): timelines, JUnit XML,\n"
                         "                                    or HAR 1.2 with one entry per attempt.\n");
}

Expected<RunOptions> parseRunOptions(const QStringList& arguments)
{
    RunOptions options;
    QStringList rest = arguments;
    auto reports = takeReports(rest);
    if (!reports)
        return std::unexpected(reports.error());
    options.reports = *reports;

    QCommandLineParser parser;
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    parser.addOptions(runFlags());
    parser.addOption(QCommandLineOption(QStringList{QStringLiteral("h"), QStringLiteral("help")}));
    if (!parser.parse(QStringList{QStringLiteral("jitterbug-cli run")} + rest))
        return invalidInput(QStringLiteral("run: ") + parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) {
        options.help = true;
        return options;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1)
        return invalidInput(positional.isEmpty()
                                ? QStringLiteral("run: name a collection file")
                                : QStringLiteral("run: unexpected argument \"%1\"").arg(positional[1]));
    options.collectionFile = positional[0];
    options.environment = parser.value(QStringLiteral("env"));
    for (const QString& assignment : parser.values(QStringLiteral("env-var"))) {
        const qsizetype eq = assignment.indexOf(u'=');
        if (eq <= 0)
            return badFlagValue(QStringLiteral("--env-var"), QStringLiteral("NAME=VALUE"), assignment);
        options.envVars.append(Variable{assignment.left(eq), assignment.mid(eq + 1), false, true});
    }
    options.folder = parser.value(QStringLiteral("folder"));
    options.bail = parser.isSet(QStringLiteral("bail"));
    options.quiet = parser.isSet(QStringLiteral("quiet"));
    options.scenario = parser.value(QStringLiteral("scenario"));
    for (auto [flag, target] : {std::pair{QStringLiteral("iterations"), &options.iterations},
                                std::pair{QStringLiteral("concurrency"), &options.concurrency}}) {
        if (!parser.isSet(flag))
            continue;
        auto n = parseWholeNumber(QStringLiteral("--") + flag, parser.value(flag), 1);
        if (!n)
            return std::unexpected(n.error());
        *target = *n;
    }
    if (parser.isSet(QStringLiteral("backend"))) {
        const QString backend = parser.value(QStringLiteral("backend"));
        if (backend != u"net" && backend != u"sim")
            return badFlagValue(QStringLiteral("--backend"), QStringLiteral("net or sim"), backend);
        options.backend = backend == u"sim" ? Backend::Simulated : Backend::Network;
    }
    if (!options.scenario.isEmpty() && options.backend != Backend::Simulated)
        return invalidInput(QStringLiteral("--scenario: only with --backend sim"));
    options.seed = Random::systemSeed();
    if (parser.isSet(QStringLiteral("seed"))) {
        auto seed = parseSeed(parser.value(QStringLiteral("seed")));
        if (!seed)
            return std::unexpected(seed.error());
        options.seed = *seed;
    }
    return options;
}

Expected<std::optional<Environment>> findEnvironment(const Collection& collection, const QString& nameOrFile)
{
    if (nameOrFile.isEmpty())
        return std::optional<Environment>{};
    for (const Environment& environment : collection.environments) {
        if (environment.name == nameOrFile)
            return std::optional<Environment>{environment};
    }
    if (QFileInfo(nameOrFile).isFile()) {
        auto loaded = environmentFile(nameOrFile);
        if (!loaded)
            return std::unexpected(loaded.error());
        return std::optional<Environment>{*loaded};
    }
    QStringList names;
    for (const Environment& environment : collection.environments)
        names.append(environment.name);
    return invalidInput(
        QStringLiteral("--env: no environment \"%1\" in the collection (%2) and no such file")
            .arg(nameOrFile, names.isEmpty() ? QStringLiteral("it has none") : names.join(QStringLiteral(", "))));
}

} // namespace jitterbug::cli
