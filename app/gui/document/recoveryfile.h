#pragma once

#include "collection/collection.h"
#include "util/error.h"

#include <QDateTime>
#include <QString>

#include <optional>

namespace jitterbug::gui {

// Unsaved edits kept aside while the user works, so a crash loses at most
// the last autosave interval: one file per collection (by its id) in the
// user's data directory, holding the collection and the file it came from.
// A clean save or a deliberate close removes it; opening a collection with
// one newer than the file offers it back.
class RecoveryFile
{
public:
    struct Found {
        Collection collection;
        QString originalPath;
        QDateTime savedAt;
    };

    // `directory` empty: QStandardPaths' AppDataLocation + "/recovery".
    explicit RecoveryFile(QString directory = {});

    Expected<void> write(const Collection& collection, const QString& originalPath) const;
    std::optional<Found> find(const QUuid& collection) const;
    void remove(const QUuid& collection) const;

    QString pathFor(const QUuid& collection) const;

private:
    QString m_directory;
};

} // namespace jitterbug::gui
