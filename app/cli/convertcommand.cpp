#include "convertcommand.h"

#include "clioutput.h"
#include "collection/collectionfiles.h"
#include "runoptions.h"

#include "collection/collectionjson.h"
#include "collection/curlinterop.h"
#include "collection/postman.h"
#include "collection/requestbuilder.h"

#include <QCommandLineParser>
#include <QSaveFile>

namespace jitterbug::cli {

namespace {

// Variables are resolved, secrets excepted: a secret's value never goes
// into a written file, so a request that needs one is an error here.
Expected<QByteArray> curlFile(const Collection& collection, const Environment* environment)
{
    QString out;
    for (const ItemPath& path : requestPaths(collection)) {
        auto built = buildRequest(collection, path, environment, SecretValues{});
        if (!built)
            return std::unexpected(built.error());
        out += requestToCurl(*built, requestDisplayPath(collection, path)) + QStringLiteral("\n\n");
    }
    return out.toUtf8();
}

Expected<void> writeAtomically(const QString& path, const QByteArray& bytes)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return ioError(path + QStringLiteral(": cannot write: ") + file.errorString());
    return {};
}

} // namespace

int runConvert(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    parser.addHelpOption();
    parser.addOptions({
        {QStringLiteral("from"), QStringLiteral("Input format: jitterbug, postman or curl [by name or content]."),
         QStringLiteral("FORMAT")},
        {QStringLiteral("to"), QStringLiteral("Output format: jitterbug, postman or curl [by name]."),
         QStringLiteral("FORMAT")},
        {QStringLiteral("env"), QStringLiteral("Environment for variables in curl output."),
         QStringLiteral("NAME|FILE")},
    });
    parser.addPositionalArgument(QStringLiteral("IN"), QStringLiteral("The file to read."));
    parser.addPositionalArgument(QStringLiteral("OUT"), QStringLiteral("The file to write."));
    if (!parser.parse(QStringList{QStringLiteral("jitterbug-cli convert")} + arguments)) {
        CliOutput::usageError(QStringLiteral("convert: ") + parser.errorText());
        return 2;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        QString help = parser.helpText();
        CliOutput::printUsage(QStringLiteral("Usage: jitterbug-cli convert IN OUT [--from F] [--to F] [--env NAME]")
                              + help.mid(help.indexOf(QLatin1Char('\n'))));
        return 0;
    }
    const QStringList files = parser.positionalArguments();
    if (files.size() != 2) {
        CliOutput::usageError(QStringLiteral("convert: expected IN and OUT, got %1 file names").arg(files.size()));
        return 2;
    }
    const QString& in = files[0];
    const QString& out = files[1];

    const std::optional<CollectionFormat> from = parser.isSet(QStringLiteral("from"))
        ? collectionFormatNamed(parser.value(QStringLiteral("from")))
        : std::nullopt;
    const std::optional<CollectionFormat> to = parser.isSet(QStringLiteral("to"))
        ? collectionFormatNamed(parser.value(QStringLiteral("to")))
        : collectionFormatOfName(out);
    for (const auto& [flag, format] : {std::pair{QStringLiteral("from"), from}, std::pair{QStringLiteral("to"), to}}) {
        if (parser.isSet(flag) && !format) {
            CliOutput::usageError(
                QStringLiteral("--%1: expected jitterbug, postman or curl, got \"%2\"").arg(flag, parser.value(flag)));
            return 2;
        }
    }
    if (!to) {
        CliOutput::usageError(QStringLiteral("convert: cannot tell the format of %1 by its name; name it "
                                             "*.jitterbug.json, *.postman_collection.json or *.sh, or give --to")
                                  .arg(out));
        return 2;
    }
    QStringList warnings;
    auto collection = readCollectionFile(in, from, warnings);
    if (!collection) {
        CliOutput::usageError(collection.error().message);
        return 2;
    }
    for (const QString& name : dropSecretValues(*collection))
        warnings.append(QStringLiteral("variable \"%1\" is secret: its value is not written; give it to "
                                       "`run` with --env-var %1=VALUE or keep it in the secret store")
                            .arg(name));
    for (const QString& warning : std::as_const(warnings))
        CliOutput::usageError(QStringLiteral("warning: ") + warning);

    Expected<void> written;
    switch (*to) {
    case CollectionFormat::Jitterbug:
        written = saveCollection(*collection, out);
        break;
    case CollectionFormat::Postman:
        written = writeAtomically(out, collectionToPostman(*collection));
        break;
    case CollectionFormat::Curl: {
        auto environment = findEnvironment(*collection, parser.value(QStringLiteral("env")));
        if (!environment) {
            CliOutput::usageError(environment.error().message);
            return 2;
        }
        auto bytes = curlFile(*collection, environment->has_value() ? &**environment : nullptr);
        written = bytes ? writeAtomically(out, *bytes) : Expected<void>(std::unexpected(bytes.error()));
        break;
    }
    }
    if (!written) {
        CliOutput::usageError(written.error().message);
        return 2;
    }
    return 0;
}

} // namespace jitterbug::cli
