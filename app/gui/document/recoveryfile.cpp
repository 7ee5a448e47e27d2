#include "recoveryfile.h"

#include "collection/collectionjson.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QStandardPaths>

namespace jitterbug::gui {

namespace {

// Beside the collection's own file: where its edits came from.
QString originPathOf(const QString& recoveryPath)
{
    return recoveryPath + QStringLiteral(".origin");
}

} // namespace

RecoveryFile::RecoveryFile(QString directory)
    : m_directory(directory.isEmpty()
                      ? QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/recovery")
                      : std::move(directory))
{
}

QString RecoveryFile::pathFor(const QUuid& collection) const
{
    return m_directory + u'/' + collection.toString(QUuid::WithoutBraces) + QStringLiteral(".jitterbug.json");
}

Expected<void> RecoveryFile::write(const Collection& collection, const QString& originalPath) const
{
    if (!QDir().mkpath(m_directory))
        return ioError(m_directory + QStringLiteral(": cannot create the recovery directory"));
    const QString path = pathFor(collection.id);
    if (auto saved = saveCollection(collection, path); !saved)
        return saved;
    QSaveFile origin(originPathOf(path));
    if (!origin.open(QIODevice::WriteOnly) || origin.write(originalPath.toUtf8()) < 0 || !origin.commit())
        return ioError(originPathOf(path) + QStringLiteral(": cannot write: ") + origin.errorString());
    return {};
}

std::optional<RecoveryFile::Found> RecoveryFile::find(const QUuid& collection) const
{
    const QString path = pathFor(collection);
    if (!QFileInfo::exists(path))
        return std::nullopt;
    Expected<Collection> loaded = loadCollection(path);
    if (!loaded) // a recovery file that does not load helps nobody
        return std::nullopt;
    QFile origin(originPathOf(path));
    const QString originalPath = origin.open(QIODevice::ReadOnly) ? QString::fromUtf8(origin.readAll()) : QString();
    return Found{std::move(*loaded), originalPath, QFileInfo(path).lastModified()};
}

void RecoveryFile::remove(const QUuid& collection) const
{
    const QString path = pathFor(collection);
    QFile::remove(path);
    QFile::remove(originPathOf(path));
}

} // namespace jitterbug::gui
