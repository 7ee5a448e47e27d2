#pragma once

#include "util/error.h"
#include "variables.h"

#include <QHash>
#include <QString>
#include <QUuid>

namespace jitterbug {

// The user's private Jitterbug directory: $XDG_CONFIG_HOME/jitterbug (or the
// platform's config directory). Built from GenericConfigLocation so it does
// not depend on QCoreApplication's application name being set.
QString userConfigDirectory();

// Creates `path` and any missing parents, those it creates with mode 0700
// whatever the umask; directories that already exist are left alone.
Expected<void> makePrivateDirectory(const QString& path);

// Writes `bytes` to `path` atomically (QSaveFile) as a file of mode 0600:
// the permissions are set on the temporary file before anything is written,
// so the data is never readable by others, not even for a moment.
Expected<void> savePrivateFile(const QString& path, const QByteArray& bytes);

// Values of variables marked secret (docs/collections.md, "Secrets"): kept
// out of collection files, in one per-user JSON file of mode 0600, keyed by
// collection id, then environment name ("" for the collection's own
// variables), then variable name.
class SecretStore
{
public:
    explicit SecretStore(QString path = defaultPath());
    static QString defaultPath(); // userConfigDirectory() + "/secrets.json"

    QString path() const { return m_path; }

    // A missing file is an empty store. A broken one is an error naming the
    // file and the place, and save() refuses from then on: the file holds
    // the user's only copy of those secrets.
    Expected<void> load();

    // The environment's secrets over the collection's own ("" for none).
    SecretValues valuesFor(const QUuid& collection, const QString& environment) const;

    void set(const QUuid& collection, const QString& environment, const QString& name, const QString& value);
    void remove(const QUuid& collection, const QString& environment, const QString& name);

    // Refused before a successful load(): saving would drop every secret
    // stored for other collections.
    Expected<void> save() const;

private:
    enum class State { NotLoaded, Loaded, Broken };

    QString m_path;
    State m_state = State::NotLoaded;
    // collection id (no braces) -> environment -> name -> value
    QHash<QString, QHash<QString, SecretValues>> m_values;
};

} // namespace jitterbug
