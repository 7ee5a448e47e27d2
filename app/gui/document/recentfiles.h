#pragma once

#include <QString>
#include <QStringList>

namespace jitterbug::gui {

// The collections opened or saved lately, newest first, kept in the user's
// settings so File ▸ Open Recent survives a restart. Paths are stored
// absolute and canonical, so one file opened by two spellings is one entry.
class RecentFiles
{
public:
    static constexpr int Limit = 10;

    explicit RecentFiles(QString settingsKey = QStringLiteral("document/recentFiles"));

    QStringList paths() const;
    // Moves the file to the front (adding it when new) and drops the oldest past the limit.
    void add(const QString& path);
    // Forgets a file, as when it can no longer be opened.
    void remove(const QString& path);
    void clear();

private:
    void store(const QStringList& paths);

    QString m_key;
};

} // namespace jitterbug::gui
