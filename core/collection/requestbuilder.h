#pragma once

#include "variables.h"

#include "http/request.h"
#include "policy/retrypolicy.h"

namespace jitterbug {

// What the engine sends for one collection request, and how it retries.
struct BuiltRequest {
    Request request;
    RetryPolicy policy;
};

// Resolves variables in URL, params, headers, body (raw/json text, urlencoded and multipart names and values, file
// paths) and auth, as newman does: the URL is its text with the variables put in (credentials in it become Basic
// auth); params are encoded as Postman encodes them, a variable's value as URL text (so its '&' separates
// parameters, as in newman); headers go in order; the body is encoded (json → Content-Type: application/json unless
// a header sets it; raw → its content_type; urlencoded → application/x-www-form-urlencoded, every byte but
// ALPHA DIGIT -._~ as %XX; multipart as curl -F lays it out, a file's type from its extension); a request without a
// body whose method may carry one gets Content-Length: 0; auth is applied (basic → Authorization: Basic
// base64(user:pass); bearer → Authorization: Bearer token; apikey → header or query parameter; Inherit → the nearest
// folder's or the collection's auth), and the policy merged: defaults, then the collection's override, then each
// folder's from the top down, then the request's (a shallow merge of the JSON fields; nested objects like rate_limit
// are replaced whole), read with policyFromJson and checked with validate(). Dynamic variables ({{$guid}}) are drawn
// from `dynamic`; without it they are an error. Errors are one line naming the request and the place:
//   `request "Orders/Create order": url: undefined variable {{base_url}}`
//   `request "Create order": headers[2] (X-Trace): undefined variable {{trace}}`
//   `request "Create order": policy.max_attempts: ...` (the policy error's own path after "policy")
//   `request "Upload": body.multipart[0] (file): cannot read /x/y: No such file or directory`
Expected<BuiltRequest> buildRequest(const Collection& collection, const ItemPath& path, const Environment* environment,
                                    const SecretValues& secrets, DynamicVariables* dynamic = nullptr);

// User-Agent: jitterbug/VERSION and Accept: */* unless the request sets them: what curl and newman send on their
// own (and `send` does), since some APIs refuse a request without a User-Agent. Added when a collection's request
// is sent, not by buildRequest, so an export leaves them to the tool that sends it.
void addClientDefaultHeaders(Request& request);

// The request's name with its folders, "Folder/Sub/Request", for messages and reports.
QString requestDisplayPath(const Collection& collection, const ItemPath& path);

// Every request of the collection (or of one folder given by its display path, "Orders/Admin"), depth first, in order.
// A folder that does not exist gives no paths.
QList<ItemPath> requestPaths(const Collection& collection, const QString& folder = {});

// The policy fields in force above a request: the collection's override,
// then each folder's from the top down (the request's own not included).
QJsonObject inheritedPolicyFields(const Collection& collection, const ItemPath& path);

// Every folder's display path ("Orders", "Orders/Admin"), depth first, in order.
QStringList folderPaths(const Collection& collection);

} // namespace jitterbug
