#include "writeout.h"

namespace jitterbug::cli {

namespace {

QByteArray variable(const QString& name, const Timeline& t, const std::optional<Response>& r, int exitCode,
                    const QUrl& sentUrl)
{
    if (name == u"http_code" || name == u"response_code")
        return QByteArray::number(r ? r->status : 0).rightJustified(3, '0');
    if (name == u"time_total")
        return QByteArray::number(t.outcome.elapsedMs / 1000.0, 'f', 6);
    if (name == u"size_download")
        return QByteArray::number(r ? r->body.size() : 0);
    if (name == u"url_effective")
        return (r && r->finalUrl.isValid() ? r->finalUrl : sentUrl).toString(QUrl::FullyEncoded).toUtf8();
    if (name == u"content_type")
        return r ? r->headers.value("Content-Type") : QByteArray();
    if (name == u"method")
        return t.method;
    if (name == u"num_retries")
        return QByteArray::number(std::max(0, t.outcome.attempts - 1));
    if (name == u"num_attempts")
        return QByteArray::number(t.outcome.attempts);
    if (name == u"exitcode")
        return QByteArray::number(exitCode);
    if (name == u"errormsg")
        return t.outcome.succeeded ? QByteArray() : t.outcome.reason.toUtf8();
    return {};
}

} // namespace

QByteArray expandWriteOut(const QString& format, const Timeline& timeline, const std::optional<Response>& response,
                          int exitCode, const QUrl& sentUrl)
{
    QByteArray out;
    for (qsizetype i = 0; i < format.size(); ++i) {
        const QChar c = format[i];
        if (c == u'\\' && i + 1 < format.size()) {
            const QChar next = format[i + 1];
            if (next == u'n' || next == u'r' || next == u't' || next == u'\\') {
                out += next == u'n' ? '\n' : next == u'r' ? '\r' : next == u't' ? '\t' : '\\';
                ++i;
                continue;
            }
        }
        if (c == u'%' && i + 1 < format.size()) {
            if (format[i + 1] == u'%') {
                out += '%';
                ++i;
                continue;
            }
            if (QStringView(format).mid(i + 1).startsWith(u"header{")) {
                const qsizetype end = format.indexOf(u'}', i + 8);
                if (end > 0) {
                    const QByteArray name = format.mid(i + 8, end - i - 8).toLatin1();
                    out += response ? response->headers.value(name) : QByteArray();
                    i = end;
                    continue;
                }
            }
            if (format[i + 1] == u'{') {
                const qsizetype end = format.indexOf(u'}', i + 2);
                if (end > 0) {
                    out += variable(format.mid(i + 2, end - i - 2), timeline, response, exitCode, sentUrl);
                    i = end;
                    continue;
                }
            }
        }
        out += QString(c).toUtf8();
    }
    return out;
}

} // namespace jitterbug::cli
