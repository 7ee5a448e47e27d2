#include "fuzztargets.h"

#include "collection/collectionjson.h"
#include "collection/curlinterop.h"
#include "collection/dynamicvariables.h"
#include "collection/postman.h"
#include "collection/requestbuilder.h"
#include "collection/variables.h"
#include "curl/curlcommand.h"
#include "http/headerlist.h"
#include "http/ratelimitheaders.h"
#include "http/retryafter.h"
#include "http/structuredfields.h"
#include "server/httprequestparser.h"
#include "sim/scenarioparser.h"
#include "sim/simmodel.h"
#include "util/random.h"

#include <QDateTime>

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace jitterbug::fuzz {

namespace {

// A broken promise is a finding like a crash: say which, then abort so
// libFuzzer writes the input to its artifacts.
void require(bool holds, const char* target, const char* promise)
{
    if (holds)
        return;
    std::fprintf(stderr, "fuzz_%s: broken promise: %s\n", target, promise);
    std::fflush(stderr);
    std::abort();
}

bool finiteNonNegative(double value)
{
    return std::isfinite(value) && value >= 0;
}

// The fixed instant every time-dependent parse is measured from, so a run
// replays exactly.
QDateTime fixedNow()
{
    return QDateTime(QDate(2024, 5, 1), QTime(12, 0), Qt::UTC);
}

// A curl command line can name files to read (-d @file, -F a=@file, -b file).
// Device and process files never end (/dev/zero) or change under the run, so
// the curl target leaves out inputs that could name one; stdin is /dev/null
// (see fuzzCurl), so @- reads nothing.
bool namesSpecialFiles(QByteArrayView input)
{
    for (const char* dir : {"dev/", "proc/", "sys/", "dev\\", "proc\\", "sys\\"}) {
        if (input.contains(QByteArrayView(dir)))
            return true;
    }
    return false;
}

// A request whose multipart body reads files would read whatever path the
// input names; the fuzz targets build every other request.
bool readsFiles(const Collection& collection, const ItemPath& path)
{
    const Item* item = locateItem(collection, path).item;
    if (!item || !item->request())
        return false;
    for (const FormField& field : item->request()->body.multipart) {
        if (field.isFile)
            return true;
    }
    return false;
}

DynamicVariables seededDynamicVariables()
{
    return DynamicVariables(Random(7), [] { return fixedNow(); });
}

// What the HTTP/1.1 transport writes as it is: nothing in it may end a line
// or a field early (request splitting, header injection).
void requireWritableRequest(const Request& request, const char* target)
{
    require(isValidHeaderName(request.method), target, "a built request's method is an HTTP token");
    for (const HeaderList::Field& field : request.headers.fields()) {
        require(isValidHeaderName(field.name), target, "a built request's header names are tokens");
        require(isValidHeaderValue(field.value), target, "a built request's header values have no CR, LF or NUL");
    }
    for (const char c : request.target) {
        const auto byte = static_cast<unsigned char>(c);
        require(byte > 0x20 && byte < 0x7F, target, "a built request's target is visible ASCII");
    }
}

// Every request of the collection as `run` builds it (no environment, no
// secrets: undefined variables are errors, which is fine).
void buildEveryRequest(const Collection& collection, const char* target)
{
    DynamicVariables dynamic = seededDynamicVariables();
    for (const ItemPath& path : requestPaths(collection)) {
        if (readsFiles(collection, path))
            continue;
        const Expected<BuiltRequest> built = buildRequest(collection, path, nullptr, {}, &dynamic);
        if (built)
            requireWritableRequest(built->request, target);
        else
            require(!built.error().message.isEmpty(), target, "an error says what is wrong");
    }
}

// saveCollection's promise: what was loaded (or imported) saves to bytes
// that load back as the same model, less the secret values it never writes,
// and saving that again gives the same bytes.
void requireSavesAndLoadsBack(const Collection& collection, const char* target)
{
    Collection expected = collection;
    dropSecretValues(expected);
    const QByteArray saved = collectionToJson(collection);
    const Expected<Collection> reloaded = collectionFromJson(saved, QStringLiteral("saved.jitterbug.json"));
    if (!reloaded)
        std::fprintf(stderr, "%s\n", qPrintable(reloaded.error().message));
    require(reloaded.has_value(), target, "a collection's saved bytes load");
    require(*reloaded == expected, target, "a collection's saved bytes load as the same model");
    require(collectionToJson(*reloaded) == saved, target, "saving a reloaded collection gives the same bytes");
}

} // namespace

void fuzzCollection(QByteArrayView input)
{
    const Expected<Collection> loaded = collectionFromJson(input.toByteArray(), QStringLiteral("fuzz.jitterbug.json"));
    if (!loaded) {
        require(!loaded.error().message.isEmpty(), "collection", "an error says what is wrong");
        return;
    }
    requireSavesAndLoadsBack(*loaded, "collection");
    buildEveryRequest(*loaded, "collection");
}

void fuzzPostman(QByteArrayView input)
{
    const Expected<PostmanImport> imported
        = collectionFromPostman(input.toByteArray(), QStringLiteral("fuzz.postman_collection.json"));
    if (!imported) {
        require(!imported.error().message.isEmpty(), "postman", "an error says what is wrong");
        return;
    }
    // `convert` saves an import in our format, and exports it to Postman again.
    requireSavesAndLoadsBack(imported->collection, "postman");
    const QByteArray exported = collectionToPostman(imported->collection);
    const Expected<PostmanImport> again = collectionFromPostman(exported, QStringLiteral("exported.json"));
    if (!again)
        std::fprintf(stderr, "%s\n", qPrintable(again.error().message));
    require(again.has_value(), "postman", "an exported collection imports");
    buildEveryRequest(imported->collection, "postman");
}

void fuzzCurl(QByteArrayView input)
{
    if (namesSpecialFiles(input))
        return;
    // @- and -d @- read standard input: keep it empty.
    static const bool stdinClosed = std::freopen("/dev/null", "r", stdin) != nullptr;
    require(stdinClosed, "curl", "standard input can be replaced by /dev/null");

    const QString commandLine = QString::fromUtf8(input);
    // `send`: the command line as curl reads it.
    if (const Expected<CurlCommand> command = parseCurlCommandLine(commandLine); command) {
        require(isValidHeaderName(command->request.method), "curl", "a parsed method is an HTTP token");
        for (const HeaderList::Field& field : command->request.headers.fields())
            require(isValidHeaderValue(field.value), "curl", "parsed header values have no CR, LF or NUL");
    }

    // The desktop app's import: a saved request, saved in a collection and built to send.
    const Expected<RequestItem> item = requestFromCurl(commandLine, QStringLiteral("Imported"));
    if (!item) {
        require(!item.error().message.isEmpty(), "curl", "an error says what is wrong");
        return;
    }
    Collection collection;
    collection.id = QUuid(QStringLiteral("0d8a4c1e-5b7f-4e2a-9c3d-6f1b2a3c4d5e"));
    collection.name = QStringLiteral("Fuzz");
    collection.items.push_back(Item{*item});
    requireSavesAndLoadsBack(collection, "curl");
    if (readsFiles(collection, ItemPath{0}))
        return;
    const Expected<BuiltRequest> built = buildRequest(collection, ItemPath{0}, nullptr, {});
    if (!built)
        return;
    requireWritableRequest(built->request, "curl");

    // requestToCurl's promise: the command sends the same bytes. A body with
    // NUL bytes goes through a file the command only names, so it is left out.
    if (built->request.body.contains('\0'))
        return;
    const QString exported = requestToCurl(*built, QStringLiteral("Imported"));
    const Expected<RequestItem> back = requestFromCurl(exported, QStringLiteral("Imported"));
    if (!back)
        std::fprintf(stderr, "%s\n%s\n", qPrintable(exported), qPrintable(back.error().message));
    require(back.has_value(), "curl", "an exported command imports");
}

void fuzzScenario(QByteArrayView input)
{
    const Expected<SimScenario> scenario = parseScenario(input.toByteArray(), QStringLiteral("fuzz.json"));
    if (!scenario) {
        require(!scenario.error().message.isEmpty(), "scenario", "an error says what is wrong");
        return;
    }
    // What SimBackend does with a route: match requests, play steps, draw
    // the model's answers (a few draws: each one walks every branch's draw).
    Random random(1);
    for (const SimRoute& route : scenario->routes) {
        route.matches("GET", u"/orders/1");
        for (const SimStep& step : route.script)
            require(finiteNonNegative(step.latencyMs), "scenario", "a step's latency is a finite delay");
        if (route.model) {
            for (int i = 0; i < 4; ++i) {
                const SimModelDraw draw = drawModelAnswer(*route.model, random, fixedNow());
                require(finiteNonNegative(draw.latencyMs), "scenario", "a drawn latency is a finite delay");
            }
        }
    }
    scenario->find("POST", u"/");
}

void fuzzRetryAfter(QByteArrayView input)
{
    // The clamp parseRetryAfterMs documents in its tests: 10^9 seconds.
    constexpr double maxMs = 1e12;
    if (const std::optional<double> ms = parseRetryAfterMs(input, fixedNow()))
        require(finiteNonNegative(*ms) && *ms <= maxMs, "retryafter", "a delay is finite, non-negative and clamped");
    if (const std::optional<QDateTime> date = parseHttpDate(input))
        require(date->isValid(), "retryafter", "a parsed HTTP-date is a valid date");
}

void fuzzRateLimit(QByteArrayView input)
{
    // Lines of "Name: value", as a response's fields arrive.
    HeaderList headers;
    for (const QByteArrayView line : QByteArray(input.toByteArray()).split('\n')) {
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        headers.append(line.first(colon).trimmed().toByteArray(), line.sliced(colon + 1).trimmed().toByteArray());
    }
    const qint64 nowEpochMs = fixedNow().toMSecsSinceEpoch();
    if (const std::optional<RateLimitInfo> info = parseRateLimitHeaders(headers, nowEpochMs)) {
        require(!info->limit || *info->limit >= 0, "ratelimit", "a limit is not negative");
        require(!info->remaining || *info->remaining >= 0, "ratelimit", "a remaining count is not negative");
        require(!info->resetMs || finiteNonNegative(*info->resetMs), "ratelimit", "a reset is a finite delay");
        require(!info->windowMs || finiteNonNegative(*info->windowMs), "ratelimit", "a window is a finite delay");
    }
    // The whole input as one field value, both ways the fields are read.
    structuredfields::parseStructuredList(input);
    structuredfields::parseStructuredDictionary(input);
}

void fuzzVariables(QByteArrayView input)
{
    // The first line is a request's URL; then "name=value" lines are
    // collection variables, "Name: value" lines headers and other lines
    // query parameters, all free to hold {{references}}.
    const QStringList lines = QString::fromUtf8(input).split(u'\n');
    RequestItem request;
    request.name = QStringLiteral("Fuzz");
    request.url = lines.front();
    Collection collection;
    collection.name = QStringLiteral("Fuzz");
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QString& line = lines[i];
        const qsizetype eq = line.indexOf(u'=');
        const qsizetype colon = line.indexOf(u':');
        if (eq >= 0 && (colon < 0 || eq < colon))
            collection.variables.append(Variable{line.first(eq), line.sliced(eq + 1)});
        else if (colon >= 0)
            request.headers.append(KeyValue{line.first(colon), line.sliced(colon + 1).trimmed(), true, {}});
        else
            request.params.append(KeyValue{line, line, true, {}});
    }

    // The references as the URL line of the editor marks them: in order,
    // inside the text, each spelled {{...}}.
    qsizetype end = 0;
    for (const VariableReference& reference : variableReferences(request.url)) {
        require(reference.start >= end && reference.length >= 4
                    && reference.start + reference.length <= request.url.size(),
                "variables", "references are in order and inside the text");
        const QStringView text = QStringView(request.url).sliced(reference.start, reference.length);
        require(text.startsWith(u"{{") && text.endsWith(u"}}"), "variables", "a reference is spelled {{...}}");
        end = reference.start + reference.length;
    }

    collection.items.push_back(Item{request});
    DynamicVariables dynamic = seededDynamicVariables();
    const VariableScope scope = VariableScope::forRequest(collection, ItemPath{0}, nullptr, {});
    static_cast<void>(scope.substitute(request.url));
    const Expected<BuiltRequest> built = buildRequest(collection, ItemPath{0}, nullptr, {}, &dynamic);
    if (built)
        requireWritableRequest(built->request, "variables");
    else
        require(!built.error().message.isEmpty(), "variables", "an error says what is wrong");
}

namespace {

// What a parser hands the server, for comparing two readings of one stream.
struct ParsedStream {
    QList<QByteArray> requests; // each request's fields, flattened
    int errorStatus = 0;

    // Garbage longer than the head limit is refused either way, but with 400
    // when a read ends inside it (its first bytes are seen to be no request)
    // and with 431 when one read holds its whole first line (the limit is
    // checked first): an accepted difference (docs/reliability.md).
    bool sameAnswer(const ParsedStream& other) const
    {
        const auto refusedHead = [](int status) {
            return status == 400 || status == 431;
        };
        return requests == other.requests
            && (errorStatus == other.errorStatus || (refusedHead(errorStatus) && refusedHead(other.errorStatus)));
    }
};

QByteArray flattened(const ServerRequest& request, bool keepAlive)
{
    QByteArray out = request.method + ' ' + request.target + ' ' + request.path.toUtf8() + ' ' + request.httpVersion
        + (keepAlive ? " keep-alive\n" : " close\n");
    for (const HeaderList::Field& field : request.headers.fields())
        out += field.name + ": " + field.value + '\n';
    return out + '\n' + request.body;
}

// HttpServer::process: read requests until the parser needs more bytes or
// fails. 100-continue interim answers depend on how the bytes arrived (a
// client that already sent body bytes is not asked), so they are not kept.
bool drain(HttpRequestParser& parser, ParsedStream& out)
{
    for (;;) {
        switch (parser.next()) {
        case HttpRequestParser::Result::NeedMore:
            return true;
        case HttpRequestParser::Result::ContinueExpected:
            break;
        case HttpRequestParser::Result::Error: {
            const int status = parser.errorStatus();
            require(status == 400 || status == 413 || status == 431 || status == 505, "requestparser",
                    "an error status is 400, 413, 431 or 505");
            out.errorStatus = status;
            return false;
        }
        case HttpRequestParser::Result::Request: {
            const ServerRequest request = parser.takeRequest();
            require(request.path.startsWith(u'/') || request.target == "*" || !request.target.startsWith('/'),
                    "requestparser", "an origin-form target has a path starting with /");
            out.requests.append(flattened(request, parser.keepAlive()));
            if (!parser.keepAlive())
                return false; // the server closes after this answer
            break;
        }
        }
    }
}

} // namespace

void fuzzRequestParser(QByteArrayView input)
{
    // The first four bytes choose the limits and how the rest is cut into
    // reads; the rest is what a client sends on one connection.
    if (input.size() < 4)
        return;
    const auto byte = [&](int i) {
        return static_cast<unsigned char>(input[i]);
    };
    ServerLimits limits;
    limits.maxHeadBytes = 64 + byte(0) * 16;
    limits.maxBodyBytes = byte(1) * 64;
    quint32 cuts = byte(2) | (byte(3) << 8);
    const QByteArrayView stream = input.sliced(4);

    ParsedStream whole;
    HttpRequestParser oneRead(limits);
    oneRead.feed(stream);
    drain(oneRead, whole);

    // The same bytes in reads of 1 to 16 bytes: the same requests and the
    // same answer (the parser's promise that a split costs nothing).
    ParsedStream split;
    HttpRequestParser manyReads(limits);
    qsizetype at = 0;
    bool open = true;
    while (open && at < stream.size()) {
        cuts = cuts * 1103515245u + 12345u;
        const qsizetype size = std::min<qsizetype>(1 + (cuts >> 16) % 16, stream.size() - at);
        manyReads.feed(stream.sliced(at, size));
        at += size;
        open = drain(manyReads, split);
    }
    if (!split.sameAnswer(whole)) {
        for (const ParsedStream* parsed : {&whole, &split}) {
            std::fprintf(stderr, "%s: %lld requests, error %d\n", parsed == &whole ? "at once" : "split",
                         static_cast<long long>(parsed->requests.size()), parsed->errorStatus);
            for (const QByteArray& request : parsed->requests)
                std::fprintf(stderr, "%s\n", request.toPercentEncoding(" :/\n").constData());
        }
    }
    require(split.sameAnswer(whole), "requestparser", "a stream split into reads parses as when read at once");
}

const QList<FuzzTarget>& fuzzTargets()
{
    static const QList<FuzzTarget> targets{
        {"collection", fuzzCollection},
        {"postman", fuzzPostman},
        {"curl", fuzzCurl},
        {"scenario", fuzzScenario},
        {"retryafter", fuzzRetryAfter},
        {"ratelimit", fuzzRateLimit},
        {"variables", fuzzVariables},
        {"requestparser", fuzzRequestParser},
    };
    return targets;
}

} // namespace jitterbug::fuzz
