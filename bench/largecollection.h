#pragma once
// The large collection the benchmarks load, build and open: 20 folders of 50
// requests with what real ones hold (headers, params, JSON bodies, policy
// overrides at every level).
#include "collection/collection.h"

#include <QJsonObject>

namespace jitterbug::bench {

inline Collection thousandRequests()
{
    Collection c;
    c.id = QUuid::fromString(QStringLiteral("{6f1c2b8e-6d2a-4a8e-9a61-0c1b7c3d2e11}"));
    c.name = QStringLiteral("Large");
    c.policy = PolicyOverride{
        QJsonObject{{QStringLiteral("max_attempts"), 4}, {QStringLiteral("jitter"), QStringLiteral("full")}}};
    c.variables.append(Variable{QStringLiteral("base_url"), QStringLiteral("http://127.0.0.1:8080"), false, true});
    for (int f = 0; f < 20; ++f) {
        Folder folder;
        folder.name = QStringLiteral("Folder %1").arg(f);
        folder.policy = PolicyOverride{QJsonObject{{QStringLiteral("deadline_ms"), 10000 + f}}};
        for (int r = 0; r < 50; ++r) {
            RequestItem request;
            request.name = QStringLiteral("Request %1").arg(r);
            request.method = r % 3 == 0 ? QStringLiteral("POST") : QStringLiteral("GET");
            request.url = QStringLiteral("{{base_url}}/folders/%1/items/%2").arg(f).arg(r);
            request.params = {KeyValue{QStringLiteral("page"), QString::number(r), true, {}},
                              KeyValue{QStringLiteral("sort"), QStringLiteral("name"), r % 2 == 0, {}}};
            request.headers = {KeyValue{QStringLiteral("Accept"), QStringLiteral("application/json"), true, {}},
                               KeyValue{QStringLiteral("X-Request"), QString::number(f * 50 + r), true, {}}};
            if (request.method == u"POST") {
                request.body.kind = Body::Kind::Json;
                request.body.text = QStringLiteral("{\"item\": %1, \"quantity\": 2}").arg(r);
                request.policy = PolicyOverride{
                    QJsonObject{{QStringLiteral("idempotency_key"),
                                 QJsonObject{{QStringLiteral("header"), QStringLiteral("Idempotency-Key")},
                                             {QStringLiteral("value"), QStringLiteral("auto")}}}}};
            }
            folder.items.push_back(Item{request});
        }
        c.items.push_back(Item{folder});
    }
    return c;
}

} // namespace jitterbug::bench
