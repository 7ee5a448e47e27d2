// The window's document: new, open, save, the recovery copy, import and export.
#include "mainwindow.h"

#include "collection/collectionjson.h"
#include "collection/curlinterop.h"
#include "collection/requestbuilder.h"
#include "document/interop.h"
#include "document/recoveryfile.h"
#include "document/snapshotcommand.h"
#include "editor/requesteditor.h"
#include "models/collectiontreemodel.h"
#include "run/callrunner.h"
#include "run/runnerpanel.h"

#include <QClipboard>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QGuiApplication>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QStatusBar>
#include <QTreeView>
#include <QUndoStack>
#include <QVBoxLayout>

namespace jitterbug::gui {

void MainWindow::setDocument(Collection collection, const QString& path)
{
    m_file = path;
    m_current.clear();
    m_committed = collection;
    m_tree->setCollection(std::move(collection));
    m_treeView->expandAll();
    m_undo->clear();
    m_undo->setClean();
    m_runnerPanel->setFolders(folderPaths(this->collection()));
    setWindowModified(false);
    updateTitle();
}

// Edits kept aside by an earlier session that did not end cleanly.
void MainWindow::offerRecovery(const QString& path)
{
    const std::optional<RecoveryFile::Found> found = m_recovery->find(collection().id);
    if (!found)
        return;
    const QDateTime fileTime = QFileInfo(path).lastModified();
    if (found->collection == collection() || (fileTime.isValid() && found->savedAt < fileTime)) {
        m_recovery->remove(collection().id); // nothing newer than the file
        return;
    }
    const QString message
        = tr("%1 has unsaved changes from %2 that were never saved. Recover them?")
              .arg(QFileInfo(path).fileName(), QLocale().toString(found->savedAt, QLocale::ShortFormat));
    if (m_askRecover(message))
        pushEdit(tr("Recover unsaved changes"), found->collection, 0);
    else
        m_recovery->remove(collection().id);
}

void MainWindow::setRecoveryFile(std::unique_ptr<RecoveryFile> recovery)
{
    m_recovery = std::move(recovery);
}

void MainWindow::autosave()
{
    if (m_undo->isClean())
        return;
    if (auto written = m_recovery->write(collection(), m_file); !written)
        statusBar()->showMessage(tr("Could not keep a recovery copy: %1").arg(written.error().message), 10'000);
}

bool MainWindow::newCollection()
{
    if (!maybeSave())
        return false;
    Collection fresh;
    fresh.id = QUuid::createUuid();
    fresh.name = tr("Untitled");
    RequestItem request;
    request.name = tr("New request");
    request.method = QStringLiteral("GET");
    request.url = QStringLiteral("https://");
    fresh.items.push_back(Item{request});
    setDocument(std::move(fresh), QString());
    m_treeView->setCurrentIndex(m_tree->indexOf(ItemPath{0}));
    return true;
}

bool MainWindow::save()
{
    // A Postman file or curl commands are not replaced by our format.
    if (m_file.isEmpty() || !m_file.endsWith(QStringLiteral(".jitterbug.json")))
        return saveAs();
    return saveAs(m_file);
}

bool MainWindow::saveAs(const QString& given)
{
    QString path = given;
    if (path.isEmpty()) {
        const QString suggested = QFileInfo(m_file).path() + u'/'
            + (collection().name.isEmpty() ? tr("collection") : collection().name) + QStringLiteral(".jitterbug.json");
        path = QFileDialog::getSaveFileName(this, tr("Save collection"), suggested,
                                            tr("Jitterbug collections (*.jitterbug.json)"));
        if (path.isEmpty())
            return false;
        if (!path.endsWith(QStringLiteral(".jitterbug.json")))
            path += QStringLiteral(".jitterbug.json");
    }
    if (auto saved = saveCollection(collection(), path); !saved) {
        QMessageBox::warning(this, tr("Cannot save"), saved.error().message);
        return false;
    }
    m_file = path;
    m_recentFiles.add(path);
    m_undo->setClean();
    m_recovery->remove(collection().id);
    updateTitle();
    statusBar()->showMessage(tr("Saved %1").arg(QFileInfo(path).fileName()), 5'000);
    return true;
}

bool MainWindow::maybeSave()
{
    if (m_undo->isClean())
        return true;
    switch (m_askUnsaved()) {
    case UnsavedChoice::Save:
        return save();
    case UnsavedChoice::Discard:
        m_recovery->remove(collection().id);
        return true;
    case UnsavedChoice::Cancel:
        return false;
    }
    return false;
}

void MainWindow::createImportExport(QMenu* file)
{
    QMenu* import = file->addMenu(tr("&Import"));
    import->addAction(tr("Postman collection…"), this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Import a Postman collection"), QString(),
                                                          tr("Postman collections (*.json);;All files (*)"));
    if (!path.isEmpty())
        openDocument(path, tr("Cannot import the collection"));
});
import->addAction(tr("curl command…"), this, &MainWindow::importCurl);

QMenu* exportMenu = file->addMenu(tr("&Export"));
exportMenu->addAction(tr("Postman collection…"), this, [this] {
    exportTo(tr("Export a Postman collection"), collection().name + QStringLiteral(".postman_collection.json"),
             tr("Postman collections (*.postman_collection.json)"), postmanExportOf(collection()));
});
exportMenu->addAction(tr("curl command of this request…"), this, [this] {
    if (m_current.isEmpty())
        return;
    Expected<QByteArray> command = curlExportOf(collection(), m_current, chosenEnvironment());
    if (command)
        QGuiApplication::clipboard()->setText(QString::fromUtf8(*command));
    exportTo(tr("Export a curl command"), QStringLiteral("request.sh"), tr("Shell scripts (*.sh)"), command);
});
exportMenu->addAction(tr("HAR of the last call…"), this, [this] {
    if (m_runner->timeline().attempts.isEmpty()) {
        QMessageBox::information(this, tr("Export a HAR"), tr("Send a request first: a HAR holds a call's attempts."));
        return;
    }
    exportTo(tr("Export a HAR"), QStringLiteral("call.har"), tr("HAR files (*.har)"),
             harOfCall(m_sentName, m_runner->timeline(), m_runner->sentRequest(), m_runner->response(),
                       m_runner->startedAt(), m_sentSecrets));
});
} // namespace jitterbug::gui

void MainWindow::exportTo(const QString& title, const QString& suggested, const QString& filter,
                          const Expected<QByteArray>& bytes)
{
    if (!bytes) {
        QMessageBox::warning(this, title, bytes.error().message);
        return;
    }
    const QString path = QFileDialog::getSaveFileName(this, title, suggested, filter);
    if (path.isEmpty())
        return;
    if (auto written = writeFileAtomically(path, *bytes); !written)
        QMessageBox::warning(this, title, written.error().message);
    else
        statusBar()->showMessage(tr("Wrote %1").arg(QFileInfo(path).fileName()), 5'000);
}

bool MainWindow::openDocument(const QString& path, const QString& failureTitle)
{
    if (!maybeSave())
        return false;
    if (auto opened = openCollection(path); !opened) {
        m_tellProblem(failureTitle, opened.error().message);
        return false;
    }
    return true;
}

void MainWindow::createRecentMenu(QMenu* file)
{
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    m_recentMenu->setObjectName(QStringLiteral("recentMenu"));
    connect(m_recentMenu, &QMenu::aboutToShow, this, &MainWindow::fillRecentMenu);
    fillRecentMenu();
}

// Rebuilt each time it opens: another window or a save may have changed the list.
void MainWindow::fillRecentMenu()
{
    m_recentMenu->clear();
    const QStringList paths = m_recentFiles.paths();
    for (qsizetype i = 0; i < paths.size(); ++i) {
        const QString& path = paths[i];
        const QFileInfo info(path);
        // "&1 orders.jitterbug.json — ~/api": the name first, the folder to tell twins apart.
        const QString folder = QDir::toNativeSeparators(info.path()).replace(QDir::homePath(), QStringLiteral("~"));
        const QString mnemonic = i < 9 ? QStringLiteral("&%1 ").arg(i + 1) : QString();
        QAction* action = m_recentMenu->addAction(mnemonic + info.fileName() + QStringLiteral(" — ") + folder);
        action->setToolTip(path);
        action->setData(path);
        connect(action, &QAction::triggered, this, [this, path] { openRecent(path); });
    }
    if (!paths.isEmpty())
        m_recentMenu->addSeparator();
    QAction* clear = m_recentMenu->addAction(tr("&Clear the list"), this, [this] { m_recentFiles.clear(); });
    clear->setEnabled(!paths.isEmpty());
    m_recentMenu->setEnabled(!paths.isEmpty());
}

void MainWindow::openRecent(const QString& path)
{
    if (!QFileInfo::exists(path)) {
        m_recentFiles.remove(path);
        fillRecentMenu();
        m_tellProblem(tr("Cannot open the collection"),
                      tr("%1 no longer exists; it was removed from the recent files.").arg(path));
        return;
    }
    openDocument(path, tr("Cannot open the collection"));
}

// A pasted curl command becomes a request beside the selected one, as one undo step.
void MainWindow::importCurl()
{
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Import a curl command"));
    auto* text = new QPlainTextEdit(&dialog);
    text->setPlaceholderText(tr("curl 'https://api.example.com/items' -H 'Accept: application/json'"));
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    auto* layout = new QVBoxLayout(&dialog);
    layout->addWidget(
        new QLabel(tr("Paste a curl command (as copied from a browser's developer tools or API docs):"), &dialog));
    layout->addWidget(text);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    dialog.resize(640, 320);
    if (dialog.exec() != QDialog::Accepted)
        return;
    Expected<RequestItem> request = requestFromCurl(text->toPlainText(), tr("Imported request"));
    if (!request) {
        QMessageBox::warning(this, tr("Cannot import the command"), request.error().message);
        return;
    }
    addRequest(std::move(*request));
}

} // namespace jitterbug::gui
