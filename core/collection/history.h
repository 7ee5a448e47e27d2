#pragma once

#include "engine/timeline.h"
#include "redaction.h"
#include "util/error.h"
#include "variables.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace jitterbug {

struct HistoryEntry {
    qint64 id = 0; // increasing; never reused within one history file
    QString request; // display name, or method and URL
    QDateTime at; // UTC
    QByteArray timelineJson; // the timeline record as stored (compact); timelineFromJson reads it
};

// The per-user call history (docs/collections.md, "History"): one line of
// JSON per finished call (JSON Lines), in a file of mode 0600 next to the
// secrets, holding the newest `cap` calls.
class History
{
public:
    explicit History(QString path = defaultPath(), int cap = 1000);
    static QString defaultPath(); // userConfigDirectory() + "/history.jsonl"

    QString path() const { return m_path; }
    int cap() const { return m_cap; }

    // Appends one line; every string of the record (request, URL, idempotency
    // key, reasons, error details, ...) passes through redactSecrets first.
    // When the file holds more than 10% over the cap it is rewritten once,
    // atomically, with the newest `cap` entries, so appends stay cheap.
    Expected<void> append(const QString& request, const Timeline& timeline, const SecretValues& secrets,
                          const QDateTime& at);

    // Newest first, at most `newestFirstLimit` (0 or less: up to the cap)
    // and never more than the cap. A missing file is empty; a line that does
    // not read (a torn write, a hand edit) is skipped.
    Expected<QList<HistoryEntry>> list(int newestFirstLimit = 100) const;
    // Among the entries list() can show: one beyond the cap is gone.
    Expected<std::optional<HistoryEntry>> find(qint64 id) const;

private:
    // The file's line count as this object last left it, trusted while the
    // file is the same one (inode) at the same size: appends only grow it
    // and a compaction replaces it, so another process's writes show. The
    // next id is not cached: each append reads it from the file's end.
    struct Known {
        quint64 inode = 0;
        qint64 size = -1;
        int lines = 0;
    };

    Expected<qint64> countLines(); // a full read: sets m_known, returns the highest id
    Expected<void> compact();
    Expected<QList<HistoryEntry>> readAll() const; // oldest first, the newest `cap`

    QString m_path;
    int m_cap;
    Known m_known;
};

} // namespace jitterbug
