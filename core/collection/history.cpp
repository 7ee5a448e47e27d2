#include "history.h"

#include "redaction.h"

#include "report/timelinejson.h"
#include "secretstore.h"
#include "util/jsonwriter.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace jitterbug {

namespace {

constexpr QFile::Permissions kPrivateFile = QFile::ReadOwner | QFile::WriteOwner;

// An exclusive flock(2) on a lock file kept beside the history. The kernel
// drops it when the process dies, so there is no stale lock to time out,
// and it costs a few system calls where QLockFile writes and deletes a file.
class FileLock
{
public:
    explicit FileLock(const QString& path)
        : m_fd(::open(QFile::encodeName(path).constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0600))
    {
        int result = -1;
        while (m_fd >= 0 && (result = ::flock(m_fd, LOCK_EX)) != 0 && errno == EINTR) { }
        m_error = errno;
        if (m_fd >= 0 && result != 0) {
            ::close(m_fd);
            m_fd = -1;
        }
    }
    ~FileLock()
    {
        if (m_fd >= 0)
            ::close(m_fd); // releases the lock
    }
    FileLock(const FileLock&) = delete;
    FileLock& operator=(const FileLock&) = delete;
    bool locked() const { return m_fd >= 0; }
    QString errorString() const { return QString::fromLocal8Bit(std::strerror(m_error)); }

private:
    int m_fd;
    int m_error = 0;
};

// ---- Lines -----------------------------------------------------------------

QList<QByteArray> nonEmptyLines(const QByteArray& bytes)
{
    QList<QByteArray> lines;
    for (const QByteArray& line : bytes.split('\n')) {
        const QByteArray trimmed = line.trimmed();
        if (!trimmed.isEmpty())
            lines.append(trimmed);
    }
    return lines;
}

std::optional<HistoryEntry> parseLine(const QByteArray& line)
{
    const QJsonDocument document = QJsonDocument::fromJson(line);
    const QJsonObject o = document.object();
    const QJsonValue id = o.value(u"id");
    const QDateTime at = QDateTime::fromString(o.value(u"at").toString(), Qt::ISODateWithMs);
    if (!id.isDouble() || id.toInteger(-1) < 1 || !o.value(u"request").isString() || !at.isValid()
        || !o.value(u"timeline").isObject())
        return std::nullopt;
    HistoryEntry entry{id.toInteger(), o.value(u"request").toString(), at.toUTC(), {}};
    // The record's bytes as written (QJsonDocument would sort its keys).
    // `,"timeline":` with an unescaped quote cannot occur inside a string, so
    // the first one is a key; it is the record's when what comes before it is
    // the rest of the line's object, as append() writes it: timeline last.
    // Other lines fall back to Qt's form.
    static const QByteArray key = R"(,"timeline":{)";
    const qsizetype at0 = line.indexOf(key);
    if (at0 > 0 && line.endsWith('}') && QJsonDocument::fromJson(line.left(at0) + '}').object().size() == o.size() - 1)
        entry.timelineJson = line.mid(at0 + key.size() - 1, line.size() - at0 - key.size());
    else
        entry.timelineJson = QJsonDocument(o.value(u"timeline").toObject()).toJson(QJsonDocument::Compact);
    return entry;
}

Expected<QByteArray> readFile(const QString& path)
{
    QFile file(path);
    if (!file.exists())
        return QByteArray();
    if (!file.open(QIODevice::ReadOnly))
        return ioError(path + QStringLiteral(": cannot read: ") + file.errorString());
    return file.readAll();
}

struct FileKey {
    quint64 inode = 0;
    qint64 size = 0;
};

std::optional<FileKey> fileKey(const QString& path)
{
    struct stat st {
    };
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return std::nullopt;
    return FileKey{static_cast<quint64>(st.st_ino), static_cast<qint64>(st.st_size)};
}

// What the end of the file says: the newest readable line's id (0 when the
// last 64 KiB hold none) and whether the last line is whole. One short read,
// however long the history is.
struct FileEnd {
    qint64 lastId = 0;
    bool endsWithNewline = true;
};

Expected<FileEnd> readEnd(const QString& path)
{
    constexpr qint64 kTailBytes = 64 * 1024;
    QFile file(path);
    if (!file.exists())
        return FileEnd{};
    if (!file.open(QIODevice::ReadOnly))
        return ioError(path + QStringLiteral(": cannot read: ") + file.errorString());
    const qint64 from = std::max<qint64>(0, file.size() - kTailBytes);
    if (!file.seek(from))
        return ioError(path + QStringLiteral(": cannot read: ") + file.errorString());
    const QByteArray bytes = file.readAll();
    FileEnd end;
    end.endsWithNewline = bytes.isEmpty() || bytes.endsWith('\n');
    QList<QByteArray> lines = bytes.split('\n');
    if (from > 0) // the first piece may start mid-line
        lines.removeFirst();
    for (auto it = lines.crbegin(); it != lines.crend(); ++it) {
        if (const auto entry = parseLine(it->trimmed())) {
            end.lastId = entry->id;
            break;
        }
    }
    return end;
}

} // namespace

History::History(QString path, int cap)
    : m_path(std::move(path))
    , m_cap(std::max(1, cap))
{
}

QString History::defaultPath()
{
    return userConfigDirectory() + QStringLiteral("/history.jsonl");
}

Expected<qint64> History::countLines()
{
    m_known = {};
    const auto bytes = readFile(m_path);
    if (!bytes)
        return std::unexpected(bytes.error());
    qint64 highest = 0;
    for (const QByteArray& line : nonEmptyLines(*bytes)) {
        ++m_known.lines;
        if (const auto entry = parseLine(line))
            highest = std::max(highest, entry->id);
    }
    if (const auto key = fileKey(m_path)) {
        m_known.inode = key->inode;
        m_known.size = key->size;
    }
    return highest;
}

Expected<void> History::compact()
{
    const auto bytes = readFile(m_path);
    if (!bytes)
        return std::unexpected(bytes.error());
    QList<QByteArray> kept;
    for (const QByteArray& line : nonEmptyLines(*bytes)) {
        if (parseLine(line)) // a corrupt line is not worth a place
            kept.append(line);
    }
    if (kept.size() > m_cap)
        kept.remove(0, kept.size() - m_cap);
    m_known = {};
    JB_TRY(savePrivateFile(m_path, kept.isEmpty() ? QByteArray() : kept.join('\n') + '\n'));
    if (const auto key = fileKey(m_path))
        m_known = {key->inode, key->size, static_cast<int>(kept.size())};
    return {};
}

Expected<void> History::append(const QString& request, const Timeline& timeline, const SecretValues& secrets,
                               const QDateTime& at)
{
    JB_TRY(makePrivateDirectory(QFileInfo(m_path).absolutePath()));
    // The GUI and `jitterbug-cli run` may append at once: the lock keeps ids
    // unique and a compaction from dropping another process's line.
    const FileLock lock(m_path + QStringLiteral(".lock"));
    if (!lock.locked())
        return ioError(m_path + QStringLiteral(".lock: cannot lock the history: ") + lock.errorString());

    const auto end = readEnd(m_path);
    if (!end)
        return std::unexpected(end.error());
    qint64 lastId = end->lastId;
    const auto key = fileKey(m_path);
    if (!key || key->inode != m_known.inode || key->size != m_known.size || (lastId == 0 && key->size > 0)) {
        const auto highest = countLines();
        if (!highest)
            return std::unexpected(highest.error());
        lastId = std::max(lastId, *highest);
    }

    const qint64 id = lastId + 1;
    JsonWriter out;
    out.beginObject();
    out.key(u"id").value(id);
    out.key(u"request").value(redactSecrets(request, secrets));
    out.key(u"at").value((at.isValid() ? at : QDateTime::currentDateTimeUtc()).toUTC().toString(Qt::ISODateWithMs));
    out.key(u"timeline").raw(redactJsonStrings(timelineToJson(timeline), secrets));
    out.endObject();
    QByteArray line = out.take() + '\n';
    if (!end->endsWithNewline) // a torn last line must not swallow this one
        line.prepend('\n');

    QFile file(m_path);
    const int linesBefore = m_known.lines;
    m_known = {}; // until the write is known to be whole
    // Unbuffered: one write() with O_APPEND, so a reader sees all of the line or none.
    if (!file.open(QIODevice::Append | QIODevice::Unbuffered, kPrivateFile))
        return ioError(m_path + QStringLiteral(": cannot write: ") + file.errorString());
    // Exactly 0600 whatever the umask, and before the first byte of this call.
    if (!file.setPermissions(kPrivateFile) || file.write(line) != line.size())
        return ioError(m_path + QStringLiteral(": cannot write: ") + file.errorString());
    file.close();

    if (const auto after = fileKey(m_path)) // nobody else writes while the lock is held
        m_known = {after->inode, after->size, linesBefore + 1};
    // Rewriting at most once per 10% over the cap keeps appends O(1).
    if (m_known.lines > m_cap + std::max(1, m_cap / 10))
        JB_TRY(compact());
    return {};
}

Expected<QList<HistoryEntry>> History::readAll() const
{
    const auto bytes = readFile(m_path);
    if (!bytes)
        return std::unexpected(bytes.error());
    QList<HistoryEntry> entries;
    for (const QByteArray& line : nonEmptyLines(*bytes)) {
        if (auto entry = parseLine(line))
            entries.append(std::move(*entry));
    }
    // The file may run up to 10% over the cap between compactions; that
    // slack is how appends stay cheap, not more history.
    if (entries.size() > m_cap)
        entries.remove(0, entries.size() - m_cap);
    return entries;
}

Expected<QList<HistoryEntry>> History::list(int newestFirstLimit) const
{
    auto entries = readAll();
    if (!entries)
        return entries;
    std::reverse(entries->begin(), entries->end());
    if (newestFirstLimit > 0 && entries->size() > newestFirstLimit)
        entries->resize(newestFirstLimit);
    return entries;
}

Expected<std::optional<HistoryEntry>> History::find(qint64 id) const
{
    const auto entries = readAll();
    if (!entries)
        return std::unexpected(entries.error());
    for (const HistoryEntry& entry : *entries) {
        if (entry.id == id)
            return entry;
    }
    return std::nullopt;
}

} // namespace jitterbug
