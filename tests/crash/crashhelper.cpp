// The process the crash tests kill with SIGKILL. It does one real save with
// the product's own code and says on standard output when it starts and how
// long it took, so the test can spread its kills over the save:
//
//   save OUT REVISION       saveCollection() of the big collection to OUT
//   recovery DIR REVISION   RecoveryFile(DIR).write() of the big collection
//   autosave COLLECTION RECOVERY_DIR REQUEST URL
//                           a MainWindow opens COLLECTION, sets REQUEST's URL
//                           and renames it, autosaves, says "autosaved", and
//                           waits to be killed
#include "bigcollection.h"
#include "collection/collectionjson.h"
#include "document/recoveryfile.h"
#include "editor/requesteditor.h"
#include "mainwindow.h"
#include "models/collectiontreemodel.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QLineEdit>

#include <cstdio>

using namespace jitterbug;

namespace {

int fail(const QString& message)
{
    std::fprintf(stderr, "crash helper: %s\n", qPrintable(message));
    return 3;
}

// "ready" goes out before the first byte is written, "saved MS" after the
// save returned: what lies between is the window the kills aim at.
template<typename Save>
int timedSave(Save save)
{
    std::printf("ready\n");
    std::fflush(stdout);
    QElapsedTimer timer;
    timer.start();
    if (Expected<void> saved = save(); !saved)
        return fail(saved.error().message);
    std::printf("saved %.3f\n", static_cast<double>(timer.nsecsElapsed()) / 1e6);
    return 0;
}

int autosaveAndWait(int argc, char** argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const QStringList args = app.arguments();
    gui::MainWindow window;
    window.setRecoveryFile(std::make_unique<gui::RecoveryFile>(args[3]));
    if (auto opened = window.openCollection(args[2]); !opened)
        return fail(opened.error().message);
    if (!window.selectRequest(args[4]))
        return fail(QStringLiteral("no request named ") + args[4]);
    window.editor()->urlEdit()->setText(args[5]); // as typed: one undo step, not saved
    const QModelIndex request = window.treeModel()->findRequest(args[4]);
    if (!window.treeModel()->setData(request, QString(args[4] + QStringLiteral(" (edited)"))))
        return fail(QStringLiteral("cannot rename ") + args[4]);
    window.autosave(); // what the window's timer does every 30 s
    std::printf("autosaved\n");
    std::fflush(stdout);
    return QApplication::exec(); // until the test kills this process
}

} // namespace

int main(int argc, char** argv)
{
    const QByteArray mode = argc > 1 ? QByteArray(argv[1]) : QByteArray();
    if (mode == "autosave" && argc == 6)
        return autosaveAndWait(argc, argv);
    if ((mode != "save" && mode != "recovery") || argc != 4)
        return fail(QStringLiteral("usage: save OUT REVISION | recovery DIR REVISION | "
                                   "autosave COLLECTION RECOVERY_DIR REQUEST URL"));
    const QString target = QString::fromLocal8Bit(argv[2]);
    const Collection collection = test::bigCollection(QByteArray(argv[3]).toInt());
    if (mode == "save")
        return timedSave([&] { return saveCollection(collection, target); });
    const gui::RecoveryFile recovery(target);
    return timedSave([&] { return recovery.write(collection, QStringLiteral("/home/user/big.jitterbug.json")); });
}
