// `jitterbug`: the desktop workbench.
#include "mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QMessageBox>

int main(int argc, char** argv)
{
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
    return QApplication::exec();
}
