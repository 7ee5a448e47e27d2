#pragma once

#include "http/headerlist.h"
#include "util/error.h"

#include <QList>
#include <QString>

namespace jitterbug {

// One scripted answer: a response after a latency, or a fault.
struct SimStep {
    enum class Fault {
        None,
        Timeout, // never answers; the client's own timeout ends the attempt
        Reset, // the connection is reset after the latency
        Refused, // the connection is refused at once
    };

    int status = 200;
    HeaderList headers;
    QByteArray body;
    double latencyMs = 0;
    Fault fault = Fault::None;
};

// A route: requests whose method and path match get the script's steps in
// turn; after the last, the last repeats (or the list starts over).
struct SimRoute {
    QByteArray method; // empty or "*": any method
    QString path; // literal segments, ":name" for one segment, trailing "*"
    QList<SimStep> script;
    bool cycle = false;

    bool matches(QByteArrayView requestMethod, QStringView requestPath) const;
};

struct SimScript {
    QList<SimRoute> routes;
    const SimRoute* find(QByteArrayView method, QStringView path) const;
};

// The scripted subset of the scenario format (docs/scenarios.md). Errors name
// the file and the JSON path: `flaky.json: routes[2].script[0].status: ...`.
Expected<SimScript> parseSimScript(const QByteArray& json, const QString& fileName);
Expected<SimScript> loadSimScript(const QString& fileName);

// The built-in demo scenario (resources/scenarios/demo.json, compiled in).
SimScript builtinDemoScript();

} // namespace jitterbug
