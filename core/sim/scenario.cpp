#include "scenario.h"

namespace jitterbug {

bool SimRoute::matches(QByteArrayView requestMethod, QStringView requestPath) const
{
    if (method != "*" && method != requestMethod)
        return false;
    // Walks both paths segment by segment without allocating: every
    // simulated request goes through here.
    auto want = QStringView(path).tokenize(u'/');
    auto got = requestPath.tokenize(u'/');
    auto w = want.begin();
    auto g = got.begin();
    for (; w != want.end(); ++w, ++g) {
        const QStringView segment = *w;
        auto next = w;
        if (segment == u"*" && ++next == want.end())
            return true;
        if (g == got.end())
            return false;
        if (segment.startsWith(u':') && !(*g).isEmpty())
            continue;
        if (segment != *g)
            return false;
    }
    return g == got.end();
}

qsizetype SimScenario::find(QByteArrayView method, QStringView path) const
{
    for (qsizetype i = 0; i < routes.size(); ++i) {
        if (routes[i].matches(method, path))
            return i;
    }
    return -1;
}

} // namespace jitterbug
