#include "secretstore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QStandardPaths>

namespace jitterbug {

namespace {

constexpr int kFormat = 1; // the store's file format; a newer one is refused, never rewritten

constexpr QFile::Permissions kPrivateFile = QFile::ReadOwner | QFile::WriteOwner;
constexpr QFile::Permissions kPrivateDirectory = QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner;

QString collectionKey(const QUuid& id)
{
    return id.toString(QUuid::WithoutBraces);
}

int lineOf(const QByteArray& bytes, qsizetype offset)
{
    return static_cast<int>(bytes.left(offset).count('\n')) + 1;
}

} // namespace

QString userConfigDirectory()
{
    QString base = QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation);
    if (base.isEmpty()) // no HOME: still somewhere private rather than "/jitterbug"
        base = QDir::homePath() + QStringLiteral("/.config");
    return base + QStringLiteral("/jitterbug");
}

Expected<void> makePrivateDirectory(const QString& path)
{
    // The missing directories, innermost first; only these get mode 0700, so
    // an existing ~/.config keeps whatever mode the user gave it.
    QStringList missing;
    for (QString dir = QDir::cleanPath(QFileInfo(path).absoluteFilePath()); !QFileInfo::exists(dir);
         dir = QFileInfo(dir).path()) {
        missing.prepend(dir);
        if (QFileInfo(dir).path() == dir)
            break;
    }
    for (const QString& dir : std::as_const(missing)) {
        // mkdir's mode is masked by the umask; setPermissions makes it exact.
        if (!QDir().mkdir(dir, kPrivateDirectory) || !QFile::setPermissions(dir, kPrivateDirectory))
            return ioError(dir + QStringLiteral(": cannot create directory"));
    }
    if (!QFileInfo(path).isDir())
        return ioError(path + QStringLiteral(": not a directory"));
    return {};
}

Expected<void> savePrivateFile(const QString& path, const QByteArray& bytes)
{
    JB_TRY(makePrivateDirectory(QFileInfo(path).absolutePath()));
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return ioError(path + QStringLiteral(": cannot write: ") + file.errorString());
    // On the temporary file, before the first byte: QSaveFile creates it with
    // the old file's mode or 0666 minus the umask, either of which may be too open.
    if (!file.setPermissions(kPrivateFile)) {
        file.cancelWriting();
        return ioError(path + QStringLiteral(": cannot make the file private: ") + file.errorString());
    }
    if (file.write(bytes) != bytes.size() || !file.commit())
        return ioError(path + QStringLiteral(": cannot write: ") + file.errorString());
    return {};
}

SecretStore::SecretStore(QString path)
    : m_path(std::move(path))
{
}

QString SecretStore::defaultPath()
{
    return userConfigDirectory() + QStringLiteral("/secrets.json");
}

Expected<void> SecretStore::load()
{
    m_values.clear();
    QFile file(m_path);
    if (!file.exists()) {
        m_state = State::Loaded;
        return {};
    }
    // Broken until proven otherwise: any early return below leaves save() refusing.
    m_state = State::Broken;
    if (!file.open(QIODevice::ReadOnly))
        return ioError(m_path + QStringLiteral(": cannot read: ") + file.errorString());
    const QByteArray bytes = file.readAll();

    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return invalidInput(m_path + QStringLiteral(": line %1: ").arg(lineOf(bytes, parseError.offset))
                            + parseError.errorString());
    if (!document.isObject())
        return invalidInput(m_path + QStringLiteral(": expected a JSON object"));
    const QJsonObject top = document.object();
    if (!top.value(u"format").isDouble())
        return invalidInput(m_path + QStringLiteral(": format: expected an integer"));
    const int format = top.value(u"format").toInt();
    if (format > kFormat)
        return unsupported(m_path
                           + QStringLiteral(": format %1 is newer than this Jitterbug reads (%2); update Jitterbug")
                                 .arg(format)
                                 .arg(kFormat));
    if (format != kFormat)
        return invalidInput(m_path + QStringLiteral(": format: expected %1, got %2").arg(kFormat).arg(format));
    if (!top.value(u"collections").isObject())
        return invalidInput(m_path + QStringLiteral(": collections: expected an object"));

    QHash<QString, QHash<QString, SecretValues>> values;
    const QJsonObject collections = top.value(u"collections").toObject();
    for (auto c = collections.begin(); c != collections.end(); ++c) {
        const QString place = QStringLiteral("collections.") + c.key();
        if (QUuid::fromString(c.key()).isNull() || !c.value().isObject())
            return invalidInput(m_path + QStringLiteral(": ") + place
                                + QStringLiteral(": expected a collection id mapped to an object"));
        const QJsonObject environments = c.value().toObject();
        for (auto e = environments.begin(); e != environments.end(); ++e) {
            if (!e.value().isObject())
                return invalidInput(m_path + QStringLiteral(": ") + place + u'.' + e.key()
                                    + QStringLiteral(": expected an object"));
            const QJsonObject secrets = e.value().toObject();
            for (auto s = secrets.begin(); s != secrets.end(); ++s) {
                if (!s.value().isString())
                    return invalidInput(m_path + QStringLiteral(": ") + place + u'.' + e.key() + u'.' + s.key()
                                        + QStringLiteral(": expected a string"));
                values[collectionKey(QUuid::fromString(c.key()))][e.key()].insert(s.key(), s.value().toString());
            }
        }
    }
    m_values = std::move(values);
    m_state = State::Loaded;
    return {};
}

SecretValues SecretStore::valuesFor(const QUuid& collection, const QString& environment) const
{
    const auto byEnvironment = m_values.value(collectionKey(collection));
    SecretValues values = byEnvironment.value(QString());
    if (!environment.isEmpty()) {
        const SecretValues overriding = byEnvironment.value(environment);
        for (auto it = overriding.begin(); it != overriding.end(); ++it)
            values.insert(it.key(), it.value());
    }
    return values;
}

void SecretStore::set(const QUuid& collection, const QString& environment, const QString& name, const QString& value)
{
    m_values[collectionKey(collection)][environment].insert(name, value);
}

void SecretStore::remove(const QUuid& collection, const QString& environment, const QString& name)
{
    // Empty levels are dropped so a removed collection leaves no trace of its id.
    const QString key = collectionKey(collection);
    auto c = m_values.find(key);
    if (c == m_values.end())
        return;
    auto e = c->find(environment);
    if (e == c->end())
        return;
    e->remove(name);
    if (e->isEmpty())
        c->erase(e);
    if (c->isEmpty())
        m_values.erase(c);
}

Expected<void> SecretStore::save() const
{
    if (m_state == State::Broken)
        return invalidInput(m_path
                            + QStringLiteral(": not overwritten: the file could not be loaded; fix or remove it"));
    if (m_state == State::NotLoaded)
        return invalidInput(m_path + QStringLiteral(": not written: the store was not loaded first"));

    QJsonObject collections;
    for (auto c = m_values.begin(); c != m_values.end(); ++c) {
        QJsonObject environments;
        for (auto e = c->begin(); e != c->end(); ++e) {
            QJsonObject secrets;
            for (auto s = e->begin(); s != e->end(); ++s)
                secrets.insert(s.key(), s.value());
            environments.insert(e.key(), secrets);
        }
        collections.insert(c.key(), environments);
    }
    QJsonObject top;
    top.insert(u"format", kFormat);
    top.insert(u"collections", collections);
    return savePrivateFile(m_path, QJsonDocument(top).toJson(QJsonDocument::Indented));
}

} // namespace jitterbug
