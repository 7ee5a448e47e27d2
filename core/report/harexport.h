#pragma once

#include "http/request.h"
#include "http/response.h"
#include "report/runreport.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace jitterbug {

// One call of a run, with what HAR needs beyond its timeline record.
struct HarCall {
    RunCallResult call;
    Request request; // what was sent (the idempotency key is added from the timeline when missing)
    std::optional<Response> response; // the call's final response, when known
    // When the call started, in ms after the run's start. Timelines count from
    // their call's start, so without it every call's entries begin at the run start.
    double callStartMs = 0;
};

// HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/) of a run, as
// browsers' and proxies' tools read it: one entry per attempt, in call order
// then attempt order. Each entry has the request (method, URL, headers, query,
// postData), the response (full for the last attempt when `response` is
// given; status and size only for the others, which the entry's comment
// says), timings (send 0, wait = the attempt's duration, receive 0; blocked,
// dns, connect, ssl -1: Jitterbug does not time the phases), and
// `_jitterbug`: the attempt's decision, reason, wait, wait source and error.
// Credentials are masked (http/credentials.h) in the request's headers, URL
// and query and in the response's headers; secret values are the caller's
// to redact. Two-space indented JSON, keys in HAR's order.
QByteArray harFromRun(const QList<HarCall>& calls, const QDateTime& runStart, const QString& creatorVersion);

} // namespace jitterbug
