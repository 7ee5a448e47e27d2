#include "herdexport.h"

#include <QChartView>
#include <QDir>
#include <QPixmap>
#include <QSaveFile>

namespace jitterbug::gui {

namespace {

QString number(double value)
{
    return QString::number(value, 'f', 3);
}

// RFC 4180 quoting, for a policy file's name with a comma or a quote.
QString csvField(QString text)
{
    if (!text.contains(u',') && !text.contains(u'"') && !text.contains(u'\n'))
        return text;
    return u'"' + text.replace(u'"', QStringLiteral("\"\"")) + u'"';
}

Expected<void> commit(QSaveFile& file)
{
    if (!file.commit())
        return ioError(
            QStringLiteral("cannot write %1: %2").arg(QDir::toNativeSeparators(file.fileName()), file.errorString()));
    return {};
}

} // namespace

QByteArray herdResultsCsv(const QList<HerdResult>& results)
{
    QString out = QStringLiteral("clients,strategy,mean_time_ms,mean_calls,p50_completion_ms,p99_completion_ms,"
                                 "peak_load_per_s,mean_rejected,mean_failed_calls\n");
    for (const HerdResult& r : results) {
        out += QStringList{QString::number(r.clients),  csvField(r.strategy),      number(r.meanTimeMs),
                           number(r.meanCalls),         number(r.p50CompletionMs), number(r.p99CompletionMs),
                           number(r.peakLoadPerSecond), number(r.meanRejected),    number(r.meanFailedCalls)}
                   .join(u',')
            + u'\n';
    }
    return out.toUtf8();
}

Expected<void> writeHerdCsv(const QString& path, const QList<HerdResult>& results)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return ioError(QStringLiteral("cannot write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()));
    file.write(herdResultsCsv(results));
    return commit(file);
}

Expected<QStringList> writeHerdChartImages(const QString& folder, const QList<HerdChartFile>& charts)
{
    if (!QDir(folder).exists())
        return ioError(
            QStringLiteral("cannot save the charts: %1 is not a folder").arg(QDir::toNativeSeparators(folder)));
    QStringList written;
    for (const HerdChartFile& chart : charts) {
        const QString path = QDir(folder).filePath(chart.fileName);
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            return ioError(
                QStringLiteral("cannot write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()));
        if (!chart.view->grab().save(&file, "PNG")) {
            file.cancelWriting();
            return ioError(
                QStringLiteral("cannot write %1: the image could not be encoded").arg(QDir::toNativeSeparators(path)));
        }
        if (Expected<void> done = commit(file); !done)
            return std::unexpected(done.error());
        written.append(path);
    }
    return written;
}

} // namespace jitterbug::gui
