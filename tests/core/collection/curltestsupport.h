#pragma once
// Helpers the curl import and export tests share.
#include "collection/curlinterop.h"

#include "curl/curlcommand.h"
#include "support/loopbackserver.h"
#include "transport/http1transport.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace jitterbug::curltest {

inline QString q(const char* utf8)
{
    return QString::fromUtf8(utf8);
}

inline std::string str(const QString& s)
{
    return s.toStdString();
}

inline std::string str(const QByteArray& b)
{
    return b.toStdString();
}

inline QString fixturesDir()
{
    return QStringLiteral(JITTERBUG_CURL_FIXTURES);
}

inline QString fixture(const char* name)
{
    QFile file(fixturesDir() + u'/' + q(name));
    EXPECT_TRUE(file.open(QIODevice::ReadOnly)) << name;
    return QString::fromUtf8(file.readAll());
}

// -F @file and <file read from the working directory, as curl does: the
// fixtures name their files relative to the fixture directory.
class InDirectory
{
public:
    explicit InDirectory(const QString& dir)
        : m_old(QDir::currentPath())
    {
        QDir::setCurrent(dir);
    }
    ~InDirectory() { QDir::setCurrent(m_old); }

private:
    QString m_old;
};

inline RequestItem imported(const char* fixtureName, const QString& name = {})
{
    InDirectory in(fixturesDir());
    const Expected<RequestItem> item = requestFromCurl(fixture(fixtureName), name);
    EXPECT_TRUE(item) << fixtureName << ": " << (item ? std::string() : str(item.error().message));
    return item ? *item : RequestItem{};
}

inline std::vector<std::string> headerLines(const QList<KeyValue>& headers)
{
    std::vector<std::string> out;
    for (const KeyValue& h : headers)
        out.push_back(str(h.name + u": " + h.value) + (h.enabled ? "" : " (disabled)"));
    return out;
}

inline std::vector<std::string> headerLines(const HeaderList& headers)
{
    std::vector<std::string> out;
    for (const HeaderList::Field& f : headers.fields())
        out.push_back(str(f.name) + (f.value.isNull() ? " <removed>" : ": " + str(f.value)));
    return out;
}

inline std::string policyJson(const std::optional<PolicyOverride>& policy)
{
    return policy ? QJsonDocument(policy->fields).toJson(QJsonDocument::Compact).toStdString() : "none";
}

inline KeyValue kv(const char* name, const char* value)
{
    return KeyValue{q(name), q(value), true, {}};
}

inline RequestItem requestItem(const char* method, const char* url)
{
    RequestItem r;
    r.name = q("Request");
    r.method = q(method);
    r.url = q(url);
    return r;
}

inline PolicyOverride policyOf(const char* json)
{
    return PolicyOverride{QJsonDocument::fromJson(json).object()};
}

inline BuiltRequest built(const RequestItem& item)
{
    Collection collection;
    collection.name = q("c");
    collection.items.push_back(Item{item});
    const Expected<BuiltRequest> b = buildRequest(collection, ItemPath{0}, nullptr, {});
    EXPECT_TRUE(b) << str(b.error().message);
    return b ? *b : BuiltRequest{};
}

// What the engine puts on the wire besides the built request: a fixed idempotency key.
inline Request onWire(const BuiltRequest& b)
{
    Request r = b.request;
    const QByteArray& header = b.policy.idempotencyHeader;
    if (!header.isEmpty() && !r.headers.contains(header) && !b.policy.idempotencyKey.isEmpty()
        && b.policy.idempotencyKey != "auto")
        r.headers.set(header, b.policy.idempotencyKey);
    return r;
}

} // namespace jitterbug::curltest
