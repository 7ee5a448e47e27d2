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

} // namespace jitterbug
