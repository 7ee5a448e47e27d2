// `jitterbug`: the desktop workbench.
#include "mainwindow.h"
#include "util/processstats.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QIcon>
#include <QMessageBox>
#include <QTimer>

#include <cstdio>

namespace {

using jitterbug::processAgeMs;
using jitterbug::residentMegabytes;

// Reports once the window has painted its first frame, then quits.
class FirstPaintReport : public QObject
{
public:
    explicit FirstPaintReport(const QElapsedTimer& startup)
        : m_startup(startup)
    {
    }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (event->type() == QEvent::Paint && !m_reported) {
            m_reported = true;
            QTimer::singleShot(0, qApp, [this] { // after this paint is done
                std::printf("shown after %.0f ms (%.1f ms in main), %.1f MB resident\n", processAgeMs(),
                            static_cast<double>(m_startup.nsecsElapsed()) / 1e6, residentMegabytes());
                QApplication::quit();
            });
        }
        return QObject::eventFilter(watched, event);
    }

private:
    const QElapsedTimer& m_startup;
    bool m_reported = false;
};

} // namespace

int main(int argc, char** argv)
{
    QElapsedTimer startup;
    startup.start();
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Jitterbug"));
    QApplication::setOrganizationName(QStringLiteral("Jitterbug"));
    QApplication::setApplicationVersion(QStringLiteral(JITTERBUG_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("jitterbug"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/jitterbug/icons/jitterbug.svg")));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("HTTP workbench for resilient clients"));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("COLLECTION"),
                                 QStringLiteral("A collection to open (ours, Postman v2.1, or curl commands)."));
    parser.addOptions({
        {QStringLiteral("env"), QStringLiteral("The environment to select."), QStringLiteral("NAME")},
        {QStringLiteral("select"), QStringLiteral("The request to select, by name."), QStringLiteral("NAME")},
        {QStringLiteral("startup-report"),
         QStringLiteral("Print the time from start to the first shown frame and the memory in use, then quit "
                        "(bench/gui_startup.sh).")},
    });
    parser.process(app);

    jitterbug::gui::MainWindow window;
    const QStringList files = parser.positionalArguments();
    if (!files.isEmpty()) {
        if (auto opened = window.openCollection(files.front()); !opened)
            QMessageBox::warning(&window, QObject::tr("Cannot open the collection"), opened.error().message);
    }
    if (parser.isSet(QStringLiteral("env")))
        window.selectEnvironment(parser.value(QStringLiteral("env")));
    if (parser.isSet(QStringLiteral("select")))
        window.selectRequest(parser.value(QStringLiteral("select")));
    window.show();
    FirstPaintReport report(startup);
    if (parser.isSet(QStringLiteral("startup-report")))
        window.installEventFilter(&report);
    return QApplication::exec();
}
