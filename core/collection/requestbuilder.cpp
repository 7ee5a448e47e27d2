#include "requestbuilder.h"

#include "curl/curlcommand.h"
#include "curl/curlmultipart.h"
#include "mediatypes.h"
#include "policy/policyjson.h"
#include "postman.h"

#include <QFileInfo>
#include <QRegularExpression>

namespace jitterbug {

namespace {

// A '%' that starts no %XX escape as "%25". QUrl's tolerant parser would
// otherwise take the whole URL for unencoded text and turn every escape in it,
// "%41" or "%2F", into "%2541"; newman keeps such escapes as they are.
QString escapeLonePercents(QString text)
{
    static const QRegularExpression lonePercent(QStringLiteral("%(?![0-9A-Fa-f]{2})"));
    return text.replace(lonePercent, QStringLiteral("%25"));
}

// postman-url-encoder's encoding, which newman sends: UTF-8 bytes, with
// controls, space, non-ASCII and the bytes of `alsoEncode` as %XX. '%' passes
// as it is, so escapes the user wrote keep their meaning (and a lone '%'
// goes bare, as in newman).
QByteArray newmanEncoded(QStringView text, QByteArrayView alsoEncode)
{
    const QByteArray bytes = text.toUtf8();
    QByteArray out;
    out.reserve(bytes.size());
    for (const char c : bytes) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte <= 0x20 || byte >= 0x7F || alsoEncode.contains(c)) {
            out += '%';
            out += "0123456789ABCDEF"[byte >> 4];
            out += "0123456789ABCDEF"[byte & 0xF];
        } else {
            out += c;
        }
    }
    return out;
}

// Its sets: a path; a URL's own query; a parameter's key and value (a key
// also encodes '='). A variable's value in a parameter goes in as URL text,
// as newman puts it into the URL before parsing: its '&' and '=' separate.
constexpr QByteArrayView kPathSet("\"#<>?`{}");
constexpr QByteArrayView kQuerySet("\"#'<>");
constexpr QByteArrayView kParamValueSet("\"#&'<>");
constexpr QByteArrayView kParamKeySet("\"#&'<=>");
enum class QueryPart { Key, Value, VariableValue };
QByteArray encodeQueryComponent(QStringView text, QueryPart part)
{
    return newmanEncoded(text,
                         part == QueryPart::Key         ? kParamKeySet
                             : part == QueryPart::Value ? kParamValueSet
                                                        : kQuerySet);
}

// The path and query of a URL's text, spelled as newman sends them.
struct SpelledTarget {
    QByteArray path;
    std::optional<QByteArray> query;
};
SpelledTarget spellTarget(const QString& url)
{
    const qsizetype scheme = url.indexOf(u"://");
    qsizetype at = scheme < 0 ? 0 : scheme + 3;
    while (at < url.size() && url[at] != u'/' && url[at] != u'?' && url[at] != u'#')
        ++at; // the authority
    qsizetype end = at;
    while (end < url.size() && url[end] != u'?' && url[end] != u'#')
        ++end;
    SpelledTarget out{newmanEncoded(QStringView(url).sliced(at, end - at), kPathSet), std::nullopt};
    if (out.path.isEmpty())
        out.path = "/";
    if (end < url.size() && url[end] == u'?') {
        const qsizetype hash = url.indexOf(u'#', end);
        out.query
            = newmanEncoded(QStringView(url).sliced(end + 1, (hash < 0 ? url.size() : hash) - end - 1), kQuerySet);
    }
    return out;
}

// A parameter's key or value with its variables put in: its own text encoded
// as `part`, each variable's value as URL text.
Expected<QByteArray> encodeQueryTemplate(const VariableScope& scope, const QString& text, QueryPart part)
{
    Expected<QString> encoded = scope.substitute(text, [part](QStringView piece, bool fromVariable) {
        return QString::fromLatin1(encodeQueryComponent(piece, fromVariable ? QueryPart::VariableValue : part));
    });
    if (!encoded)
        return std::unexpected(encoded.error());
    return encoded->toLatin1();
}

// A form field as newman sends it in an x-www-form-urlencoded body: every
// byte but ALPHA DIGIT -._~ as %XX, a space as %20 (curl's --data-urlencode
// would send '+', which servers read the same; newman is the reference for
// what a collection sends).
QByteArray encodeFormComponent(const QString& text)
{
    return text.toUtf8().toPercentEncoding();
}

// RFC 3986's scheme followed by "//": without it a URL gets http://, as Postman and curl give it.
bool hasScheme(const QString& url)
{
    static const QRegularExpression scheme(QStringLiteral("^[A-Za-z][A-Za-z0-9+.-]*://"));
    return scheme.match(url).hasMatch();
}

QString placeOf(QStringView list, qsizetype index, const QString& name)
{
    return list.toString() + u'[' + QString::number(index) + QStringLiteral("] (") + name + u')';
}

QString quoted(const QString& text)
{
    return u'"' + text + u'"';
}

// The auth a request uses: its own, else the nearest folder's that sets one,
// else the collection's; `from` names where it came from for messages.
struct EffectiveAuth {
    const Auth* auth = nullptr;
    QString from;
};

EffectiveAuth effectiveAuth(const Collection& collection, const ItemLocation& location, const RequestItem& request)
{
    if (request.auth.kind != Auth::Kind::Inherit)
        return {&request.auth, {}};
    for (qsizetype i = location.folders.size() - 1; i >= 0; --i) {
        if (location.folders[i]->auth.kind != Auth::Kind::Inherit) {
            QStringList names;
            for (qsizetype k = 0; k <= i; ++k)
                names.append(location.folders[k]->name);
            return {&location.folders[i]->auth, u"folder " + quoted(names.join(u'/'))};
        }
    }
    return {&collection.auth, QStringLiteral("the collection")};
}

class Builder
{
public:
    Builder(const Collection& collection, const ItemPath& path, const ItemLocation& location,
            const RequestItem& request, const Environment* environment, const SecretValues& secrets,
            DynamicVariables* dynamic)
        : m_collection(collection)
        , m_location(location)
        , m_item(request)
        , m_scope(VariableScope::forRequest(collection, path, environment, secrets))
        , m_prefix(QStringLiteral("request ") + quoted(requestDisplayPath(collection, path)) + QStringLiteral(": "))
    {
        m_scope.setDynamicVariables(dynamic);
    }

    Expected<BuiltRequest> build();

private:
    std::unexpected<Error> fail(const QString& place, const QString& message) const
    {
        return invalidInput(m_prefix + place + QStringLiteral(": ") + message);
    }
    std::unexpected<Error> prefixed(Error error) const
    {
        error.message.prepend(m_prefix);
        return std::unexpected(std::move(error));
    }
    Expected<QString> resolve(const QString& place, const QString& text) const
    {
        Expected<QString> out = m_scope.substitute(text);
        return out ? out : fail(place, out.error().message);
    }
    // A key/value pair's name and value, resolved; errors name the pair.
    struct Pair {
        QString name;
        QString value;
    };
    Expected<Pair> resolvePair(const QString& place, const QString& name, const QString& value) const
    {
        Expected<QString> n = resolve(place, name);
        Expected<QString> v = n ? resolve(place, value) : n;
        if (!v)
            return std::unexpected(v.error());
        return Pair{std::move(*n), std::move(*v)};
    }
    Expected<QByteArray> headerValue(const QString& place, const QString& text) const;
    Expected<QString> resolveUrlText(const QString& url) const;

    Expected<void> readUrl();
    Expected<void> addHeaders();
    Expected<void> addBody();
    Expected<void> addMultipart();
    Expected<void> applyAuth();
    void addEmptyBodyLength();
    Expected<RetryPolicy> mergedPolicy() const;
    void setBodyType(const QByteArray& type);

    const Collection& m_collection;
    const ItemLocation& m_location;
    const RequestItem& m_item;
    VariableScope m_scope;
    const QString m_prefix;
    Request m_request;
    SpelledTarget m_target; // the URL's path and query as newman sends them
    QByteArrayList m_query; // encoded key=value pairs to append to the URL's own query
    QByteArray m_urlCredentials; // "user:password" taken out of the URL, for Basic auth
};

Expected<BuiltRequest> Builder::build()
{
    const QByteArray method = m_item.method.toUtf8();
    if (!isValidHeaderName(method)) // a method is a token, like a field name
        return fail(QStringLiteral("method"), u"invalid method " + quoted(m_item.method));
    m_request.method = method;
    m_request.insecureTls = m_item.insecureTls;
    Expected<void> done = readUrl();
    if (done)
        done = addHeaders();
    if (done)
        done = addBody();
    if (done)
        done = applyAuth(); // after the params, as its query parameter goes last
    if (!done)
        return std::unexpected(done.error());
    // Credentials from the URL unless an auth already says who is calling (newman sends both with an API key).
    if (!m_urlCredentials.isEmpty() && !m_request.headers.contains("Authorization"))
        m_request.headers.append("Authorization", "Basic " + m_urlCredentials.toBase64());
    addEmptyBodyLength();
    std::optional<QByteArray> query = m_target.query;
    if (!m_query.isEmpty())
        query = (query && !query->isEmpty() ? *query + '&' : QByteArray()) + m_query.join('&');
    m_request.target = m_target.path + (query ? '?' + *query : QByteArray());
    // The URL reports show holds the same query, a bare '%' escaped so that
    // Qt keeps the other escapes as they are.
    if (query)
        m_request.url.setQuery(escapeLonePercents(QString::fromLatin1(*query)), QUrl::TolerantMode);
    Expected<RetryPolicy> policy = mergedPolicy();
    if (!policy)
        return std::unexpected(policy.error());
    return BuiltRequest{std::move(m_request), std::move(*policy)};
}

Expected<void> Builder::readUrl()
{
    const QString place = QStringLiteral("url");
    Expected<QString> given = resolveUrlText(m_item.url);
    if (!given)
        return fail(place, given.error().message);
    const QString written = given->trimmed();
    const QString text = escapeLonePercents(written);
    QUrl url(hasScheme(text) ? text : u"http://" + text, QUrl::TolerantMode);
    const QString scheme = url.scheme().toLower();
    if (scheme != u"http" && scheme != u"https")
        return fail(place,
                    u"unsupported scheme " + quoted(url.scheme()) + QStringLiteral(" in ") + quoted(text)
                        + QStringLiteral("; only http and https are supported"));
    if (!url.isValid() || url.host().isEmpty()) // the URL as written: its variables may hold a password
        return fail(place, u"invalid URL " + quoted(text == m_item.url.trimmed() ? text : m_item.url.trimmed()));
    // Credentials in the URL are Basic auth, as in newman and curl; they
    // leave the URL so no report or history shows the password.
    if (!url.userInfo().isEmpty()) {
        m_urlCredentials = (url.userName(QUrl::FullyDecoded) + u':' + url.password(QUrl::FullyDecoded)).toUtf8();
        url.setUserInfo(QString());
    }
    m_request.url = url;
    m_target = spellTarget(written);

    for (qsizetype i = 0; i < m_item.params.size(); ++i) {
        const KeyValue& param = m_item.params[i];
        if (!param.enabled)
            continue;
        const QString place = placeOf(u"params", i, param.name);
        Expected<QByteArray> key = encodeQueryTemplate(m_scope, param.name, QueryPart::Key);
        Expected<QByteArray> value = key ? encodeQueryTemplate(m_scope, param.value, QueryPart::Value) : key;
        if (!value)
            return fail(place, value.error().message);
        m_query.append(*key + '=' + *value);
    }
    return {};
}

Expected<QString> Builder::resolveUrlText(const QString& url) const
{
    // Variables in the user info are values, not URL syntax: a password's
    // '@', ':' or '/' must not end the user or the host, so they are
    // percent-encoded there (and decoded again into the Basic credentials).
    const QString masked = postman::maskVariables(url);
    const qsizetype scheme = masked.indexOf(u"://");
    const qsizetype from = scheme < 0 ? 0 : scheme + 3;
    qsizetype end = from;
    while (end < masked.size() && masked[end] != u'/' && masked[end] != u'?' && masked[end] != u'#')
        ++end;
    const qsizetype at = end > from ? masked.lastIndexOf(u'@', end - 1) : -1;
    if (at < from)
        return m_scope.substitute(url);
    const auto encodeValues = [](QStringView piece, bool fromVariable) {
        return fromVariable ? QString::fromLatin1(piece.toUtf8().toPercentEncoding("!$&'()*+,;=")) : piece.toString();
    };
    Expected<QString> head = m_scope.substitute(url.left(from));
    Expected<QString> userInfo = head ? m_scope.substitute(url.sliced(from, at - from), encodeValues) : head;
    Expected<QString> rest = userInfo ? m_scope.substitute(url.sliced(at)) : userInfo;
    if (!rest)
        return rest;
    return *head + *userInfo + *rest;
}

Expected<QByteArray> Builder::headerValue(const QString& place, const QString& text) const
{
    const Expected<QString> value = resolve(place, text);
    if (!value)
        return std::unexpected(value.error());
    const QByteArray bytes = value->toUtf8();
    if (!isValidHeaderValue(bytes))
        return fail(place, QStringLiteral("the value contains a line break or another control character"));
    return bytes.isNull() ? QByteArray("") : bytes; // a null value would mean "send no such field"
}

Expected<void> Builder::addHeaders()
{
    for (qsizetype i = 0; i < m_item.headers.size(); ++i) {
        const KeyValue& header = m_item.headers[i];
        if (!header.enabled)
            continue;
        const QString place = placeOf(u"headers", i, header.name);
        const Expected<QString> name = resolve(place, header.name);
        if (!name)
            return std::unexpected(name.error());
        if (!isValidHeaderName(name->toUtf8()))
            return fail(place, u"invalid header name " + quoted(*name));
        const Expected<QByteArray> value = headerValue(place, header.value);
        if (!value)
            return std::unexpected(value.error());
        m_request.headers.append(name->toUtf8(), *value);
    }
    return {};
}

void Builder::setBodyType(const QByteArray& type)
{
    if (!type.isEmpty() && !m_request.headers.contains("Content-Type"))
        m_request.headers.append("Content-Type", type);
}

Expected<void> Builder::addBody()
{
    const Body& body = m_item.body;
    switch (body.kind) {
    case Body::Kind::None:
        return {};
    case Body::Kind::Raw:
    case Body::Kind::Json: {
        const bool json = body.kind == Body::Kind::Json;
        const Expected<QString> text = resolve(QStringLiteral("body.text"), body.text);
        if (!text)
            return std::unexpected(text.error());
        m_request.body = text->toUtf8();
        const QByteArray type = json ? QByteArray("application/json") : body.contentType.toUtf8();
        if (!isValidHeaderValue(type))
            return fail(QStringLiteral("body.content_type"), QStringLiteral("contains a line break"));
        setBodyType(type);
        return {};
    }
    case Body::Kind::UrlEncoded: {
        QByteArrayList pairs;
        for (qsizetype i = 0; i < body.urlEncoded.size(); ++i) {
            const KeyValue& field = body.urlEncoded[i];
            if (!field.enabled)
                continue;
            const Expected<Pair> p = resolvePair(placeOf(u"body.urlencoded", i, field.name), field.name, field.value);
            if (!p)
                return std::unexpected(p.error());
            pairs.append(encodeFormComponent(p->name) + '=' + encodeFormComponent(p->value));
        }
        m_request.body = pairs.join('&');
        setBodyType("application/x-www-form-urlencoded");
        return {};
    }
    case Body::Kind::Multipart:
        return addMultipart();
    }
    return {};
}

Expected<void> Builder::addMultipart()
{
    QList<FormPart> parts;
    for (qsizetype i = 0; i < m_item.body.multipart.size(); ++i) {
        const FormField& field = m_item.body.multipart[i];
        if (!field.enabled)
            continue;
        const QString place = placeOf(u"body.multipart", i, field.name);
        const Expected<Pair> p = resolvePair(place, field.name, field.value);
        if (!p)
            return std::unexpected(p.error());
        FormPart part;
        part.name = p->name.toUtf8();
        part.contentType = field.contentType.toUtf8();
        if (!isValidHeaderValue(part.contentType))
            return fail(place, QStringLiteral("the content type contains a line break"));
        if (!field.isFile) {
            part.data = p->value.toUtf8();
            parts.append(part);
            continue;
        }
        if (p->value.isEmpty())
            return fail(place, QStringLiteral("no file path given"));
        // curl's reader takes "-" for standard input; in a collection it is a file's name.
        const QString path = p->value == u"-" ? QStringLiteral("./-") : p->value;
        Expected<QByteArray> data = readArgumentFile(place, path, p->value);
        if (!data)
            return prefixed(data.error());
        part.data = std::move(*data);
        part.hasFilename = true;
        part.filename = QFileInfo(path).fileName().toUtf8();
        if (part.contentType.isEmpty())
            part.contentType = mediaTypeForFileName(part.filename);
        parts.append(part);
    }
    const MultipartBody multipart = buildMultipartBody(parts);
    m_request.body = multipart.body;
    // As curl does, a Content-Type the user set keeps its value and gets the boundary.
    const QByteArray given = m_request.headers.value("Content-Type");
    if (given.isNull())
        m_request.headers.append("Content-Type", "multipart/form-data; boundary=" + multipart.boundary);
    else
        m_request.headers.set("Content-Type", given + "; boundary=" + multipart.boundary);
    return {};
}

Expected<void> Builder::applyAuth()
{
    const auto [auth, from] = effectiveAuth(m_collection, m_location, m_item);
    const auto place = [from = from](QStringView field) -> QString {
        return QStringLiteral("auth.") + field.toString()
            + (from.isEmpty() ? QString() : QStringLiteral(" (inherited from ") + from + u')');
    };
    // As in Postman, auth replaces a header of the same name and goes last.
    const auto setHeader = [this](const QByteArray& name, const QByteArray& value) {
        m_request.headers.remove(name);
        m_request.headers.append(name, value);
    };
    switch (auth->kind) {
    case Auth::Kind::Inherit:
    case Auth::Kind::None:
        return {};
    case Auth::Kind::Basic: {
        const Expected<QString> user = resolve(place(u"username"), auth->username);
        const Expected<QString> password = user ? resolve(place(u"password"), auth->password) : user;
        if (!password)
            return std::unexpected(password.error());
        setHeader("Authorization", "Basic " + (*user + u':' + *password).toUtf8().toBase64());
        return {};
    }
    case Auth::Kind::Bearer: {
        const Expected<QByteArray> token = headerValue(place(u"token"), auth->token);
        if (!token)
            return std::unexpected(token.error());
        setHeader("Authorization", "Bearer " + *token);
        return {};
    }
    case Auth::Kind::ApiKey: {
        const Expected<QString> name = resolve(place(u"name"), auth->keyName);
        if (!name)
            return std::unexpected(name.error());
        m_request.credentialNames.append(name->toUtf8()); // records mask its value, whatever it is called
        if (auth->keyIn == Auth::ApiKeyIn::Query) {
            const Expected<QString> value = resolve(place(u"value"), auth->keyValue);
            if (!value)
                return std::unexpected(value.error());
            m_query.append(encodeQueryComponent(*name, QueryPart::Key) + '='
                           + encodeQueryComponent(*value, QueryPart::Value));
            return {};
        }
        if (!isValidHeaderName(name->toUtf8()))
            return fail(place(u"name"), u"invalid header name " + quoted(*name));
        const Expected<QByteArray> value = headerValue(place(u"value"), auth->keyValue);
        if (!value)
            return std::unexpected(value.error());
        setHeader(name->toUtf8(), *value);
        return {};
    }
    }
    return {};
}

void Builder::addEmptyBodyLength()
{
    // newman (Node's HTTP client) says "Content-Length: 0" for a request
    // without a body unless its method is one that never carries one; the
    // network transport already does for POST, PUT and PATCH.
    static const QByteArrayList bodiless{"GET",     "HEAD", "DELETE", "OPTIONS", "TRACE",
                                         "CONNECT", "POST", "PUT",    "PATCH"};
    if (m_request.body.isEmpty() && !bodiless.contains(m_request.method.toUpper())
        && !m_request.headers.contains("Content-Length") && !m_request.headers.contains("Transfer-Encoding"))
        m_request.headers.append("Content-Length", "0");
}

Expected<RetryPolicy> Builder::mergedPolicy() const
{
    // A shallow merge: a level's field replaces the outer one whole, so a
    // request's rate_limit (or null) replaces the folder's, not part of it.
    QJsonObject merged;
    const auto mergeIn = [&merged](const std::optional<PolicyOverride>& level) {
        if (!level)
            return;
        for (auto it = level->fields.begin(); it != level->fields.end(); ++it)
            merged.insert(it.key(), it.value());
    };
    mergeIn(m_collection.policy);
    for (const Folder* folder : m_location.folders)
        mergeIn(folder->policy);
    mergeIn(m_item.policy);
    Expected<RetryPolicy> policy = policyFromJson(merged, QStringLiteral("policy"));
    if (!policy)
        return prefixed(policy.error());
    if (const Expected<void> valid = policy->validate(); !valid)
        return prefixed(valid.error());
    return policy;
}

void collectRequests(const std::vector<Item>& items, const QString& display, const QString& folder, bool inside,
                     ItemPath& path, QList<ItemPath>& out)
{
    for (std::size_t i = 0; i < items.size(); ++i) {
        path.append(static_cast<int>(i));
        if (const Folder* f = items[i].folder()) {
            const QString name = display.isEmpty() ? f->name : display + u'/' + f->name;
            collectRequests(f->items, name, folder, inside || name == folder, path, out);
        } else if (inside) {
            out.append(path);
        }
        path.removeLast();
    }
}

} // namespace

Expected<BuiltRequest> buildRequest(const Collection& collection, const ItemPath& path, const Environment* environment,
                                    const SecretValues& secrets, DynamicVariables* dynamic)
{
    const ItemLocation location = locateItem(collection, path);
    const RequestItem* request = location.item ? location.item->request() : nullptr;
    if (!request) {
        QStringList indexes;
        for (int i : path)
            indexes.append(QString::number(i));
        return invalidInput(u"no request at item path [" + indexes.join(QStringLiteral(", ")) + u']');
    }
    return Builder(collection, path, location, *request, environment, secrets, dynamic).build();
}

void addClientDefaultHeaders(Request& request)
{
    if (!request.headers.contains("User-Agent"))
        request.headers.append("User-Agent", "jitterbug/" JITTERBUG_VERSION);
    if (!request.headers.contains("Accept"))
        request.headers.append("Accept", "*/*");
}

QString requestDisplayPath(const Collection& collection, const ItemPath& path)
{
    const ItemLocation location = locateItem(collection, path);
    QStringList names;
    for (const Folder* folder : location.folders)
        names.append(folder->name);
    if (location.item)
        names.append(location.item->isFolder() ? location.item->folder()->name : location.item->request()->name);
    return names.join(u'/');
}

namespace {

void collectFolders(const std::vector<Item>& items, const QString& prefix, QStringList& out)
{
    for (const Item& item : items) {
        if (const Folder* f = item.folder()) {
            out.append(prefix.isEmpty() ? f->name : prefix + u'/' + f->name);
            collectFolders(f->items, out.last(), out);
        }
    }
}

} // namespace

QJsonObject inheritedPolicyFields(const Collection& collection, const ItemPath& path)
{
    QJsonObject merged;
    const auto mergeIn = [&merged](const std::optional<PolicyOverride>& level) {
        if (!level)
            return;
        for (auto it = level->fields.begin(); it != level->fields.end(); ++it)
            merged.insert(it.key(), it.value());
    };
    mergeIn(collection.policy);
    for (const Folder* folder : locateItem(collection, path).folders)
        mergeIn(folder->policy);
    return merged;
}

QStringList folderPaths(const Collection& collection)
{
    QStringList out;
    collectFolders(collection.items, QString(), out);
    return out;
}

QList<ItemPath> requestPaths(const Collection& collection, const QString& folder)
{
    QList<ItemPath> out;
    ItemPath path;
    collectRequests(collection.items, QString(), folder, folder.isEmpty(), path, out);
    return out;
}

} // namespace jitterbug
