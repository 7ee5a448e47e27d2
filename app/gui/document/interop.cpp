#include "interop.h"

#include "collection/curlinterop.h"
#include "collection/postman.h"
#include "collection/redaction.h"
#include "collection/requestbuilder.h"
#include "report/harexport.h"

#include <QSaveFile>

namespace jitterbug::gui {

QByteArray postmanExportOf(Collection collection)
{
    dropSecretValues(collection); // a Postman file's own secrets included
    return collectionToPostman(collection);
}

Expected<QByteArray> curlExportOf(const Collection& collection, const ItemPath& request, const Environment* environment)
{
    Collection withoutSecrets = collection;
    dropSecretValues(withoutSecrets);
    Expected<BuiltRequest> built = buildRequest(withoutSecrets, request, environment, SecretValues{});
    if (!built)
        return std::unexpected(built.error());
    return (requestToCurl(*built, requestDisplayPath(collection, request)) + u'\n').toUtf8();
}

QByteArray harOfCall(const QString& name, const Timeline& timeline, const Request& sent,
                     const std::optional<Response>& response, const QDateTime& started, const SecretValues& secrets)
{
    const HarCall call{RunCallResult{name, 1, timeline}, sent, response, 0};
    return redactJsonStrings(harFromRun({call}, started, QStringLiteral(JITTERBUG_VERSION)), secrets);
}

Expected<void> writeFileAtomically(const QString& path, const QByteArray& bytes)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return ioError(path + QStringLiteral(": cannot write: ") + file.errorString());
    return {};
}

} // namespace jitterbug::gui
