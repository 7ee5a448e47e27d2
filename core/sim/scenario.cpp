#include "scenario.h"

namespace jitterbug {

namespace {

// A path's segments between slashes, empty ones kept ("/a/" is "", "a", "").
// Walked in place: every simulated request goes through here.
class Segments
{
public:
    explicit Segments(QStringView path)
        : m_rest(path)
    {
    }
    bool next(QStringView& segment)
    {
        if (m_done)
            return false;
        const qsizetype slash = m_rest.indexOf(u'/');
        if (slash < 0) {
            segment = m_rest;
            m_done = true;
        } else {
            segment = m_rest.first(slash);
            m_rest = m_rest.sliced(slash + 1);
        }
        return true;
    }
    bool atEnd() const { return m_done; }

private:
    QStringView m_rest;
    bool m_done = false;
};

} // namespace

bool SimRoute::matches(QByteArrayView requestMethod, QStringView requestPath) const
{
    // RFC 9110 §9.3.2: HEAD is GET without the body, so GET routes answer it.
    if (method != "*" && method != requestMethod && !(method == "GET" && requestMethod == "HEAD"))
        return false;
    // Most routes are plain paths: one comparison settles them.
    if (!path.contains(u':') && !path.contains(u'*'))
        return path == requestPath;
    Segments want(path);
    Segments got(requestPath);
    QStringView w;
    QStringView g;
    while (want.next(w)) {
        if (w == u"*" && want.atEnd())
            return true; // a trailing "*" takes the rest, even nothing
        if (!got.next(g))
            return false;
        if (w.startsWith(u':') && !g.isEmpty())
            continue;
        if (w != g)
            return false;
    }
    return !got.next(g);
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
