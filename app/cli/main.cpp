#include "clioutput.h"
#include "convertcommand.h"
#include "plancommand.h"
#include "runcommand.h"
#include "sendcommand.h"
#include "servecommand.h"
#include "simulatecommand.h"

#include <QCoreApplication>

#ifdef __GLIBC__
#include <malloc.h>
#endif

#include <exception>

namespace {

const char* const usage
    = "Usage: jitterbug-cli COMMAND [options]\n"
      "\n"
      "Commands:\n"
      "  send [curl options] [policy options] URL   one call with a retry policy\n"
      "  plan [policy options]                      what a policy will do, before sending\n"
      "  run COLLECTION [options]                   every request of a collection, with its policy\n"
      "  serve [--port P] [--scenario FILE]         the simulated backend over real HTTP\n"
      "  simulate herd [options]                    many clients, one contended server, per strategy\n"
      "  convert IN OUT [--from F] [--to F]         between collection formats (ours, Postman, curl)\n"
      "\n"
      "Run `jitterbug-cli COMMAND --help` for a command's options.\n";

int runCommand(QStringList args);

} // namespace

int main(int argc, char** argv)
{
#ifdef __GLIBC__
    // glibc raises its mmap threshold to the largest block freed, so after
    // one big response body later ones come from the heap, whose high-water
    // mark a long `serve` or `send --repeat` then keeps for good. A fixed
    // threshold (glibc's default, 128 KiB) hands big bodies back to the
    // kernel when they are freed (docs/reliability.md, "Soak").
    mallopt(M_MMAP_THRESHOLD, 128 * 1024);
#endif
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("jitterbug-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(JITTERBUG_VERSION));

    QStringList args = QCoreApplication::arguments();
    args.removeFirst();
    if (args.isEmpty()) {
        jitterbug::cli::CliOutput::usageError(QStringLiteral("no command given; try jitterbug-cli --help"));
        return 2;
    }
    // The engine reports errors as values; what still throws (allocation
    // failure, a library's exception) is an internal error: exit status 3.
    try {
        return runCommand(args);
    } catch (const std::exception& e) {
        jitterbug::cli::CliOutput::usageError(
            QStringLiteral("internal error: %1").arg(QString::fromLocal8Bit(e.what())));
    } catch (...) {
        jitterbug::cli::CliOutput::usageError(QStringLiteral("internal error"));
    }
    return 3;
}

namespace {

int runCommand(QStringList args)
{
    const QString command = args.takeFirst();
    if (command == u"send")
        return jitterbug::cli::runSend(args);
    if (command == u"plan")
        return jitterbug::cli::runPlan(args);
    if (command == u"run")
        return jitterbug::cli::runCollection(args);
    if (command == u"convert")
        return jitterbug::cli::runConvert(args);
    if (command == u"serve")
        return jitterbug::cli::runServe(args);
    if (command == u"simulate")
        return jitterbug::cli::runSimulate(args);
    if (command == u"--help" || command == u"-h" || command == u"help") {
        jitterbug::cli::CliOutput::printUsage(QLatin1StringView(usage));
        return 0;
    }
    if (command == u"--version") {
        jitterbug::cli::CliOutput::printUsage(
            QStringLiteral("jitterbug-cli %1\n").arg(QCoreApplication::applicationVersion()));
        return 0;
    }
    jitterbug::cli::CliOutput::usageError(
        QStringLiteral("unknown command \"%1\"; the commands are send, plan, run, serve, simulate and convert")
            .arg(command));
    return 2;
}

} // namespace
