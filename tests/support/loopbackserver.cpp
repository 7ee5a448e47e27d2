#include "loopbackserver.h"

#include "http/statusreason.h"

#include <QDateTime>
#include <QHostAddress>
#include <QLocale>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

#include <sys/socket.h>

namespace jitterbug::test {

namespace {

// A request head bigger than this is an attack or a bug, not a test.
constexpr qsizetype kMaxHeadBytes = 64 * 1024;

QByteArray httpDate()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    return QLocale::c().toString(now, QStringLiteral("ddd, dd MMM yyyy hh:mm:ss 'GMT'")).toLatin1();
}

bool hasToken(const QByteArray& value, QByteArrayView token)
{
    const QList<QByteArray> parts = value.split(',');
    return std::any_of(parts.begin(), parts.end(), [token](const QByteArray& part) {
        return part.trimmed().compare(token, Qt::CaseInsensitive) == 0;
    });
}

QByteArray pathOf(const QByteArray& target)
{
    const qsizetype query = target.indexOf('?');
    return query < 0 ? target : target.left(query);
}

// The next line ending in LF at or after `pos`, without its CR LF, or a null
// array when the line has not fully arrived; `pos` moves past it.
QByteArray takeLine(const QByteArray& data, qsizetype& pos)
{
    const qsizetype newline = data.indexOf('\n', pos);
    if (newline < 0)
        return {};
    QByteArray line = data.mid(pos, newline - pos);
    if (line.endsWith('\r'))
        line.chop(1);
    pos = newline + 1;
    return line.isNull() ? QByteArray("") : line;
}

} // namespace

LoopbackServer::LoopbackServer(QObject* parent)
    : QObject(parent)
    , m_server(new QTcpServer(this))
{
    connect(m_server, &QTcpServer::newConnection, this, &LoopbackServer::onNewConnection);
}

LoopbackServer::~LoopbackServer()
{
    // Explicitly, while the members still exist: sockets dying later with
    // m_server would emit disconnected into a half-destroyed object.
    close();
}

bool LoopbackServer::listen()
{
    m_clock.start();
    return m_server->listen(QHostAddress::LocalHost, 0);
}

void LoopbackServer::close()
{
    m_server->close();
    const QList<QTcpSocket*> sockets = m_connections.keys();
    m_connections.clear();
    for (QTcpSocket* socket : sockets) {
        socket->disconnect(this);
        socket->abort();
        socket->deleteLater();
    }
}

quint16 LoopbackServer::port() const
{
    return m_server->serverPort();
}

QUrl LoopbackServer::url(const QString& pathAndQuery) const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port()) + pathAndQuery);
}

void LoopbackServer::setScript(const QByteArray& path, QList<Reply> replies)
{
    m_scripts.insert(path, std::move(replies));
    m_hits.remove(path);
}

QList<LoopbackServer::Received> LoopbackServer::receivedFor(const QByteArray& path) const
{
    QList<Received> out;
    for (const Received& r : m_received) {
        if (pathOf(r.target) == path)
            out.append(r);
    }
    return out;
}

bool LoopbackServer::waitForRequests(int count, int timeoutMs)
{
    return QTest::qWaitFor([this, count] { return m_received.size() >= count; }, timeoutMs);
}

void LoopbackServer::onNewConnection()
{
    while (QTcpSocket* socket = m_server->nextPendingConnection()) {
        ++m_accepted;
        Connection connection;
        connection.id = m_accepted;
        m_connections.insert(socket, connection);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { processBuffer(socket); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] { drop(socket); });
        // Bytes may have come with the connection, before readyRead was connected.
        if (socket->bytesAvailable() > 0)
            processBuffer(socket);
    }
}

void LoopbackServer::processBuffer(QTcpSocket* socket)
{
    if (!m_connections.contains(socket))
        return;
    m_connections[socket].buffer += socket->readAll();
    // Pipelined requests are answered one after another, in order: a delayed
    // reply holds back the ones behind it on the same connection.
    for (;;) {
        auto it = m_connections.find(socket);
        if (it == m_connections.end() || it->busy)
            return;
        Received request;
        bool closeAfter = false;
        const Parse parse = parseRequest(*it, socket, request, closeAfter);
        if (parse == Parse::Incomplete)
            return;
        if (parse == Parse::Bad) {
            it->busy = true;
            socket->write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            socket->disconnectFromHost();
            return;
        }
        request.atMs = m_clock.elapsed();
        request.connection = it->id;
        m_received.append(request);
        const Reply reply = nextReply(pathOf(request.target));
        Q_EMIT requestReceived();

        it = m_connections.find(socket); // a slot may have closed the server
        if (it == m_connections.end())
            return;
        if (reply.kind == Reply::Kind::NeverAnswer) {
            it->busy = true;
            return;
        }
        if (reply.delayMs > 0) {
            it->busy = true;
            QTimer::singleShot(reply.delayMs, socket, [this, socket, reply, request, closeAfter] {
                auto it = m_connections.find(socket);
                if (it == m_connections.end())
                    return;
                it->busy = false;
                answer(socket, reply, request, closeAfter);
                processBuffer(socket);
            });
            return;
        }
        answer(socket, reply, request, closeAfter);
    }
}

LoopbackServer::Parse LoopbackServer::parseRequest(Connection& connection, QTcpSocket* socket, Received& out,
                                                   bool& closeAfter)
{
    QByteArray& buffer = connection.buffer;
    // RFC 9112 §2.2: empty lines before a request line are to be ignored.
    while (buffer.startsWith("\r\n") || buffer.startsWith('\n'))
        buffer.remove(0, buffer.startsWith('\n') ? 1 : 2);

    qsizetype pos = 0;
    const QByteArray requestLine = takeLine(buffer, pos);
    if (requestLine.isNull())
        return buffer.size() > kMaxHeadBytes ? Parse::Bad : Parse::Incomplete;
    const QList<QByteArray> parts = requestLine.split(' ');
    if (parts.size() != 3 || !parts[2].startsWith("HTTP/") || parts[0].isEmpty() || parts[1].isEmpty())
        return Parse::Bad;
    out.method = parts[0];
    out.target = parts[1];
    out.httpVersion = parts[2].mid(5);

    out.headers = {};
    for (;;) {
        const QByteArray line = takeLine(buffer, pos);
        if (line.isNull())
            return buffer.size() > kMaxHeadBytes ? Parse::Bad : Parse::Incomplete;
        if (line.isEmpty())
            break;
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0 || !isValidHeaderName(line.left(colon)))
            return Parse::Bad;
        out.headers.append(line.left(colon), line.mid(colon + 1).trimmed());
    }

    // Whether the body has to wait for a go-ahead (curl sends this past 1 MiB).
    const auto continueIfAsked = [&] {
        if (!connection.sentContinue && hasToken(out.headers.value("Expect"), "100-continue")) {
            connection.sentContinue = true;
            socket->write("HTTP/1.1 100 Continue\r\n\r\n");
        }
        return Parse::Incomplete;
    };

    out.body.clear();
    if (hasToken(out.headers.value("Transfer-Encoding"), "chunked")) {
        for (;;) {
            const QByteArray sizeLine = takeLine(buffer, pos);
            if (sizeLine.isNull())
                return continueIfAsked();
            bool ok = false;
            const qsizetype semicolon = sizeLine.indexOf(';');
            const qint64 size = (semicolon < 0 ? sizeLine : sizeLine.left(semicolon)).trimmed().toLongLong(&ok, 16);
            if (!ok || size < 0)
                return Parse::Bad;
            if (size == 0)
                break;
            if (buffer.size() - pos < size + 2)
                return continueIfAsked();
            out.body += buffer.mid(pos, size);
            pos += size;
            if (buffer.mid(pos, 2) != "\r\n")
                return Parse::Bad;
            pos += 2;
        }
        for (;;) { // trailer fields, ignored
            const QByteArray line = takeLine(buffer, pos);
            if (line.isNull())
                return Parse::Incomplete;
            if (line.isEmpty())
                break;
        }
    } else if (const QByteArray length = out.headers.value("Content-Length"); !length.isNull()) {
        bool ok = false;
        const qint64 size = length.toLongLong(&ok);
        if (!ok || size < 0)
            return Parse::Bad;
        if (buffer.size() - pos < size)
            return continueIfAsked();
        out.body = buffer.mid(pos, size);
        pos += size;
    }

    buffer.remove(0, pos);
    connection.sentContinue = false;
    const QByteArray connectionHeader = out.headers.value("Connection");
    closeAfter = hasToken(connectionHeader, "close")
        || (out.httpVersion == "1.0" && !hasToken(connectionHeader, "keep-alive"));
    return Parse::Complete;
}

LoopbackServer::Reply LoopbackServer::nextReply(const QByteArray& path)
{
    const auto script = m_scripts.constFind(path);
    if (script == m_scripts.cend() || script->isEmpty()) {
        Reply ok;
        ok.body = "ok\n";
        return ok;
    }
    const int hit = m_hits[path]++;
    return script->at(std::min<qsizetype>(hit, script->size() - 1));
}

void LoopbackServer::answer(QTcpSocket* socket, const Reply& reply, const Received& request, bool closeAfter)
{
    switch (reply.kind) {
    case Reply::Kind::NeverAnswer:
        return;
    case Reply::Kind::Reset: {
        // A zero linger time makes close() send RST instead of FIN, which is
        // what a crashed or overloaded peer looks like.
        const linger noLinger{1, 0};
        ::setsockopt(static_cast<int>(socket->socketDescriptor()), SOL_SOCKET, SO_LINGER, &noLinger, sizeof noLinger);
        socket->abort();
        drop(socket);
        return;
    }
    case Reply::Kind::CloseWithoutAnswer:
        m_connections[socket].busy = true;
        socket->disconnectFromHost();
        return;
    case Reply::Kind::Malformed:
        m_connections[socket].busy = true;
        socket->write("garbage\r\n\r\n");
        socket->disconnectFromHost();
        return;
    case Reply::Kind::Respond:
        break;
    }

    const QByteArray body = reply.generatedBodyBytes >= 0 ? QByteArray(reply.generatedBodyBytes, 'x') : reply.body;
    // RFC 9110 §6.4.1: these never carry content.
    const bool noContent = reply.status < 200 || reply.status == 204 || reply.status == 304;
    closeAfter = closeAfter || hasToken(reply.headers.value("Connection"), "close");

    QByteArray head = "HTTP/1.1 " + QByteArray::number(reply.status) + ' ' + reasonPhrase(reply.status) + "\r\n";
    for (const HeaderList::Field& field : reply.headers.fields())
        head += field.name + ": " + field.value + "\r\n";
    if (!reply.headers.contains("Date"))
        head += "Date: " + httpDate() + "\r\n";
    if (!noContent && !reply.headers.contains("Content-Length") && !reply.headers.contains("Transfer-Encoding"))
        head += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    if (closeAfter && !reply.headers.contains("Connection"))
        head += "Connection: close\r\n";
    head += "\r\n";

    socket->write(head);
    if (!noContent && request.method != "HEAD") {
        if (hasToken(reply.headers.value("Transfer-Encoding"), "chunked")) {
            constexpr qsizetype chunk = 64 * 1024;
            for (qsizetype at = 0; at < body.size(); at += chunk) {
                const QByteArray part = body.mid(at, chunk);
                socket->write(QByteArray::number(part.size(), 16) + "\r\n" + part + "\r\n");
            }
            socket->write("0\r\n\r\n");
        } else {
            socket->write(body);
        }
    }
    if (closeAfter) {
        m_connections[socket].busy = true; // nothing after a close is answered
        socket->disconnectFromHost(); // flushes what was written first
    }
}

void LoopbackServer::drop(QTcpSocket* socket)
{
    // Reached from `disconnected` and from Reset, possibly both for one socket.
    if (!m_connections.remove(socket))
        return;
    socket->disconnect(this);
    socket->deleteLater();
    Q_EMIT connectionClosed();
}

} // namespace jitterbug::test
