#include "recentfiles.h"

#include <QFileInfo>
#include <QSettings>

namespace jitterbug::gui {

namespace {

QString normalised(const QString& path)
{
    const QFileInfo info(path);
    const QString canonical = info.canonicalFilePath(); // empty once the file is gone
    return canonical.isEmpty() ? info.absoluteFilePath() : canonical;
}

} // namespace

RecentFiles::RecentFiles(QString settingsKey)
    : m_key(std::move(settingsKey))
{
}

QStringList RecentFiles::paths() const
{
    return QSettings().value(m_key).toStringList();
}

void RecentFiles::add(const QString& path)
{
    const QString file = normalised(path);
    QStringList list = paths();
    list.removeAll(file);
    list.prepend(file);
    while (list.size() > Limit)
        list.removeLast();
    store(list);
}

void RecentFiles::remove(const QString& path)
{
    QStringList list = paths();
    list.removeAll(path);
    list.removeAll(normalised(path));
    store(list);
}

void RecentFiles::clear()
{
    store({});
}

void RecentFiles::store(const QStringList& paths)
{
    QSettings settings;
    if (paths.isEmpty())
        settings.remove(m_key);
    else
        settings.setValue(m_key, paths);
}

} // namespace jitterbug::gui
