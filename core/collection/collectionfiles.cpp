#include "collectionfiles.h"

#include "collection/collectionjson.h"
#include "collection/curlinterop.h"
#include "collection/postman.h"

#include <QFile>
#include <QFileInfo>

namespace jitterbug {

namespace {

CollectionFormat formatOfContent(const QByteArray& bytes)
{
    if (bytes.contains("schema.getpostman.com"))
        return CollectionFormat::Postman;
    return bytes.trimmed().startsWith('{') ? CollectionFormat::Jitterbug : CollectionFormat::Curl;
}

struct CurlBlock {
    QString name; // its first "# " comment, as `convert` writes it
    QString command;
};

// A file of curl commands, as `convert` writes them or people paste them:
// each command starts on a line beginning with "curl", and the "# " lines
// right before it (its name, then what curl cannot express) belong to it.
QList<CurlBlock> curlBlocks(const QString& text)
{
    QList<CurlBlock> blocks;
    QStringList comments;
    for (const QString& line : text.split(u'\n')) {
        const QString trimmed = line.trimmed();
        if (trimmed.startsWith(u'#')) {
            comments.append(trimmed.mid(1).trimmed());
        } else if (trimmed.startsWith(u"curl ") || trimmed == u"curl") {
            blocks.append({comments.value(0), line + u'\n'});
            comments.clear();
        } else if (!blocks.isEmpty() && comments.isEmpty()) {
            blocks.last().command += line + u'\n';
        }
    }
    return blocks;
}

Expected<Collection> curlCollection(const QByteArray& bytes, const QString& path)
{
    const QString fileName = QFileInfo(path).fileName();
    Collection collection;
    // The same file gives the same id, so converting twice gives the same bytes.
    collection.id = QUuid::createUuidV5(QUuid(), bytes);
    collection.name = QFileInfo(path).completeBaseName();
    const QList<CurlBlock> blocks = curlBlocks(QString::fromUtf8(bytes));
    if (blocks.isEmpty())
        return invalidInput(fileName + QStringLiteral(": no line starts with curl"));
    for (qsizetype i = 0; i < blocks.size(); ++i) {
        const QString name = blocks[i].name.isEmpty() ? QStringLiteral("Request %1").arg(i + 1) : blocks[i].name;
        auto request = requestFromCurl(blocks[i].command, name);
        if (!request)
            return invalidInput(fileName + QStringLiteral(": command %1: ").arg(i + 1) + request.error().message);
        collection.items.push_back(Item{*request});
    }
    return collection;
}

} // namespace

std::optional<CollectionFormat> collectionFormatNamed(const QString& name)
{
    if (name == u"jitterbug")
        return CollectionFormat::Jitterbug;
    if (name == u"postman")
        return CollectionFormat::Postman;
    if (name == u"curl")
        return CollectionFormat::Curl;
    return std::nullopt;
}

std::optional<CollectionFormat> collectionFormatOfName(const QString& path)
{
    const QString name = QFileInfo(path).fileName().toLower();
    if (name.endsWith(u".jitterbug.json"))
        return CollectionFormat::Jitterbug;
    if (name.endsWith(u".postman_collection.json"))
        return CollectionFormat::Postman;
    if (name.endsWith(u".sh") || name.endsWith(u".curl") || name.endsWith(u".txt"))
        return CollectionFormat::Curl;
    return std::nullopt;
}

Expected<Collection> readCollectionFile(const QString& path, std::optional<CollectionFormat> format,
                                        QStringList& warnings)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return ioError(path + QStringLiteral(": cannot read: ") + file.errorString());
    const QByteArray bytes = file.readAll();
    const QString fileName = QFileInfo(path).fileName();
    switch (format.value_or(collectionFormatOfName(path).value_or(formatOfContent(bytes)))) {
    case CollectionFormat::Jitterbug:
        return collectionFromJson(bytes, fileName);
    case CollectionFormat::Postman: {
        auto imported = collectionFromPostman(bytes, fileName);
        if (!imported)
            return std::unexpected(imported.error());
        warnings = imported->warnings;
        return imported->collection;
    }
    case CollectionFormat::Curl:
        return curlCollection(bytes, path);
    }
    return invalidInput(fileName + QStringLiteral(": unknown format"));
}

} // namespace jitterbug
