#include "request.h"

namespace jitterbug {

bool isIdempotentMethod(QByteArrayView method)
{
    static constexpr QByteArrayView idempotent[] = {"GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"};
    for (QByteArrayView m : idempotent) {
        if (method == m)
            return true;
    }
    return false;
}

QByteArray requestTarget(const Request& request)
{
    if (!request.target.isEmpty())
        return request.target;
    QByteArray target = request.url.path(QUrl::FullyEncoded).toLatin1();
    if (target.isEmpty())
        target = "/";
    if (request.url.hasQuery())
        target += '?' + request.url.query(QUrl::FullyEncoded).toLatin1();
    return target;
}

QString urlAsSent(const Request& request)
{
    if (request.target.isEmpty())
        return request.url.toString(QUrl::FullyEncoded);
    return request.url.toString(QUrl::FullyEncoded | QUrl::RemoveUserInfo | QUrl::RemovePath | QUrl::RemoveQuery
                                | QUrl::RemoveFragment)
        + QString::fromLatin1(request.target);
}

} // namespace jitterbug
