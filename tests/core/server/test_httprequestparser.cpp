// The server's request reader on its own: request line forms, framing,
// the refusals (400/413/431/505) and input split at any byte.
#include "server/httprequestparser.h"

#include <gtest/gtest.h>

#include <vector>

using namespace jitterbug;
using Result = HttpRequestParser::Result;

namespace {

// What a test compares of a request (ids and the peer are the server's).
struct Parsed {
    QByteArray method;
    QByteArray target;
    QString path;
    QByteArray httpVersion;
    HeaderList headers;
    QByteArray body;
    bool keepAlive = true;
    bool operator==(const Parsed&) const = default;
};

std::ostream& operator<<(std::ostream& os, const Parsed& p)
{
    return os << p.method.constData() << ' ' << p.target.constData() << " HTTP/" << p.httpVersion.constData()
              << " body=" << p.body.toStdString();
}

Parsed take(HttpRequestParser& parser)
{
    const ServerRequest r = parser.takeRequest();
    return {r.method, r.target, r.path, r.httpVersion, r.headers, r.body, parser.keepAlive()};
}

// Every request the parser completes; `error` gets the status it refuses with.
std::vector<Parsed> drain(HttpRequestParser& parser, int* error = nullptr, int* continues = nullptr)
{
    std::vector<Parsed> out;
    for (;;) {
        switch (parser.next()) {
        case Result::NeedMore:
            return out;
        case Result::Request:
            out.push_back(take(parser));
            break;
        case Result::ContinueExpected:
            if (continues)
                ++*continues;
            break;
        case Result::Error:
            if (error)
                *error = parser.errorStatus();
            return out;
        }
    }
}

std::vector<Parsed> parseAll(QByteArrayView bytes, ServerLimits limits = {}, int* error = nullptr)
{
    HttpRequestParser parser(limits);
    parser.feed(bytes);
    return drain(parser, error);
}

Parsed parseOne(QByteArrayView bytes)
{
    int error = 0;
    const std::vector<Parsed> got = parseAll(bytes, {}, &error);
    EXPECT_EQ(error, 0) << bytes.toByteArray().toStdString();
    EXPECT_EQ(got.size(), 1u) << bytes.toByteArray().toStdString();
    return got.empty() ? Parsed{} : got.front();
}

// The status the parser refuses these bytes with, or 0.
int refusal(const QByteArray& bytes, ServerLimits limits = {})
{
    int error = 0;
    parseAll(bytes, limits, &error);
    return error;
}

} // namespace

// --- Request line -----------------------------------------------------------

TEST(HttpRequestParser, SimpleGet)
{
    const Parsed r = parseOne("GET /orders?id=7 HTTP/1.1\r\nHost: a.test\r\nAccept: */*\r\n\r\n");
    EXPECT_EQ(r.method, "GET");
    EXPECT_EQ(r.target, "/orders?id=7");
    EXPECT_EQ(r.path, QStringLiteral("/orders"));
    EXPECT_EQ(r.httpVersion, "1.1");
    ASSERT_EQ(r.headers.size(), 2);
    EXPECT_EQ(r.headers.fields()[0], (HeaderList::Field{"Host", "a.test"}));
    EXPECT_EQ(r.headers.fields()[1], (HeaderList::Field{"Accept", "*/*"}));
    EXPECT_TRUE(r.body.isEmpty());
    EXPECT_TRUE(r.keepAlive);
}

TEST(HttpRequestParser, PathIsPercentDecodedWithoutQuery)
{
    EXPECT_EQ(parseOne("GET /a%20b/%C3%BC?x=%20 HTTP/1.1\r\n\r\n").path, QStringLiteral("/a b/\u00fc"));
    EXPECT_EQ(parseOne("GET /?q HTTP/1.1\r\n\r\n").path, QStringLiteral("/"));
}

TEST(HttpRequestParser, RequestTargetForms)
{
    const Parsed absolute = parseOne("GET http://a.test:8080/x/y?z HTTP/1.1\r\n\r\n");
    EXPECT_EQ(absolute.target, "http://a.test:8080/x/y?z");
    EXPECT_EQ(absolute.path, QStringLiteral("/x/y"));
    EXPECT_EQ(parseOne("GET http://a.test HTTP/1.1\r\n\r\n").path, QStringLiteral("/"));
    EXPECT_EQ(parseOne("OPTIONS * HTTP/1.1\r\n\r\n").path, QStringLiteral("*"));
    const Parsed connect = parseOne("CONNECT a.test:443 HTTP/1.1\r\n\r\n");
    EXPECT_EQ(connect.target, "a.test:443");
    EXPECT_EQ(connect.path, QStringLiteral("/"));
    EXPECT_EQ(parseOne("PURGE /cache HTTP/1.1\r\n\r\n").method, "PURGE");
}

TEST(HttpRequestParser, LeadingEmptyLinesAndBareLineFeedsAreTaken)
{
    const Parsed r = parseOne("\r\n\nGET /x HTTP/1.1\nHost: a\n\n");
    EXPECT_EQ(r.target, "/x");
    EXPECT_EQ(r.headers.value("Host"), "a");
}

TEST(HttpRequestParser, Versions)
{
    EXPECT_EQ(parseOne("GET / HTTP/1.0\r\n\r\n").httpVersion, "1.0");
    EXPECT_EQ(parseOne("GET / HTTP/1.2\r\n\r\n").httpVersion, "1.1"); // a later minor is answered as 1.1
    EXPECT_EQ(refusal("GET / HTTP/2.0\r\n\r\n"), 505);
    EXPECT_EQ(refusal("GET / HTTP/3.0\r\n\r\n"), 505);
    EXPECT_EQ(refusal("GET / HTTP/0.9\r\n\r\n"), 505);
}

TEST(HttpRequestParser, BadRequestLinesAre400)
{
    for (const char* line :
         {"GET /\r\n\r\n", "GET  / HTTP/1.1\r\n\r\n", "GET / HTTP/1.1 x\r\n\r\n", "get / http/1.1\r\n\r\n",
          "GET / HTTP/11\r\n\r\n", "GET orders HTTP/1.1\r\n\r\n", "G(T / HTTP/1.1\r\n\r\n", " GET / HTTP/1.1\r\n\r\n",
          "GET /a\rb HTTP/1.1\r\n\r\n", "GET /\x01 HTTP/1.1\r\n\r\n", "GET / HTTP/1.1\r\r\n\r\n"})
        EXPECT_EQ(refusal(line), 400) << QByteArray(line).toStdString();
}

TEST(HttpRequestParser, NonHttpIsRefusedBeforeALineEnds)
{
    // A TLS ClientHello, binary zeros, a method with a NUL: refused at once,
    // not buffered until the head limit.
    EXPECT_EQ(refusal(QByteArray("\x16\x03\x01\x02\x00\x01", 6)), 400);
    EXPECT_EQ(refusal(QByteArray(32, '\0')), 400);
    EXPECT_EQ(refusal(QByteArray("GE\0T", 4)), 400);
    EXPECT_EQ(refusal("GET /\x7f"), 400);
    // A prefix that can still be a request line waits.
    EXPECT_EQ(refusal("GET /ord"), 0);
    EXPECT_EQ(refusal("GET /x HTTP/1.1\r"), 0);
}

// Found by fuzz_requestparser: a CR that ended one read was never looked at
// again, so "GET (x\r" + "TP" waited for more where the same bytes in one
// read are refused.
TEST(HttpRequestParser, ABareCrAtTheEndOfAReadIsCheckedWhenTheNextByteComes)
{
    EXPECT_EQ(refusal("GET (x\rTP"), 400);
    HttpRequestParser parser;
    parser.feed("GET (x\r");
    EXPECT_EQ(parser.next(), Result::NeedMore);
    parser.feed("TP");
    EXPECT_EQ(parser.next(), Result::Error);
    EXPECT_EQ(parser.errorStatus(), 400);
}

TEST(HttpRequestParser, Http2PrefaceIs400)
{
    EXPECT_EQ(refusal("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"), 400);
}

TEST(HttpRequestParser, ErrorsCarryADetailAndTheRequestLineSoFar)
{
    HttpRequestParser parser;
    parser.feed("POST /up HTTP/1.1\r\nContent-Length: x\r\n\r\n");
    EXPECT_EQ(parser.next(), Result::Error);
    EXPECT_EQ(parser.errorStatus(), 400);
    EXPECT_EQ(parser.errorDetail(), "invalid Content-Length");
    EXPECT_EQ(parser.partialRequest().method, "POST");
    EXPECT_EQ(parser.partialRequest().target, "/up");
    EXPECT_FALSE(parser.keepAlive());
    // Failed for good: more bytes change nothing.
    parser.feed("GET / HTTP/1.1\r\n\r\n");
    EXPECT_EQ(parser.next(), Result::Error);
}

// --- Headers ----------------------------------------------------------------

TEST(HttpRequestParser, HeaderValuesAreTrimmedAndKeptInOrderWithRepeats)
{
    const Parsed r
        = parseOne("GET / HTTP/1.1\r\nX-A:  1 \t\r\nx-a:2\r\nCookie: a=1\r\nCookie: b=2\r\nX-Empty:\r\n\r\n");
    ASSERT_EQ(r.headers.size(), 5);
    EXPECT_EQ(r.headers.values("x-a"), (QList<QByteArray>{"1", "2"}));
    EXPECT_EQ(r.headers.values("Cookie"), (QList<QByteArray>{"a=1", "b=2"}));
    EXPECT_EQ(r.headers.value("X-Empty"), "");
}

TEST(HttpRequestParser, FoldedHeadersAreRefused)
{
    EXPECT_EQ(refusal("GET / HTTP/1.1\r\nX-A: 1\r\n  continued\r\n\r\n"), 400);
    EXPECT_EQ(refusal("GET / HTTP/1.1\r\nX-A: 1\r\n\tcontinued\r\n\r\n"), 400);
}

TEST(HttpRequestParser, BadHeaderLinesAre400)
{
    for (const char* head : {"GET / HTTP/1.1\r\nX-A : 1\r\n\r\n", "GET / HTTP/1.1\r\nNoColon\r\n\r\n",
                             "GET / HTTP/1.1\r\n: empty name\r\n\r\n", "GET / HTTP/1.1\r\nX(A): 1\r\n\r\n",
                             "GET / HTTP/1.1\r\nX-A: a\rb\r\n\r\n"})
        EXPECT_EQ(refusal(head), 400) << QByteArray(head).toStdString();
    EXPECT_EQ(refusal(QByteArray("GET / HTTP/1.1\r\nX-A: a") + '\0' + "b\r\n\r\n"), 400);
}

TEST(HttpRequestParser, KeepAlive)
{
    EXPECT_TRUE(parseOne("GET / HTTP/1.1\r\n\r\n").keepAlive);
    EXPECT_FALSE(parseOne("GET / HTTP/1.1\r\nConnection: close\r\n\r\n").keepAlive);
    EXPECT_FALSE(parseOne("GET / HTTP/1.1\r\nConnection: Upgrade, Close\r\n\r\n").keepAlive);
    EXPECT_FALSE(parseOne("GET / HTTP/1.0\r\n\r\n").keepAlive);
    EXPECT_TRUE(parseOne("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n").keepAlive);
}

// --- Bodies -----------------------------------------------------------------

TEST(HttpRequestParser, ContentLengthBody)
{
    const Parsed r = parseOne("POST /p HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello");
    EXPECT_EQ(r.body, "hello");
    EXPECT_EQ(parseOne("POST /p HTTP/1.1\r\nContent-Length: 0\r\n\r\n").body, "");
    // Repeats that agree are one length (RFC 9110 §8.6).
    EXPECT_EQ(parseOne("POST /p HTTP/1.1\r\nContent-Length: 3, 3\r\nContent-Length: 3\r\n\r\nabc").body, "abc");
}

TEST(HttpRequestParser, ABodyWaitsForItsLastByte)
{
    HttpRequestParser parser;
    parser.feed("POST /p HTTP/1.1\r\nContent-Length: 5\r\n\r\nhel");
    EXPECT_EQ(parser.next(), Result::NeedMore);
    parser.feed("lo");
    ASSERT_EQ(parser.next(), Result::Request);
    EXPECT_EQ(parser.takeRequest().body, "hello");
}

TEST(HttpRequestParser, BadContentLengthsAre400)
{
    for (const char* value : {"abc", "-1", "+5", "5 5", "3, 4", "0x10", "1234567890123456789", ""})
        EXPECT_EQ(refusal("POST / HTTP/1.1\r\nContent-Length: " + QByteArray(value) + "\r\n\r\n"), 400) << value;
    EXPECT_EQ(refusal("POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd"), 400);
}

TEST(HttpRequestParser, ChunkedBodyWithExtensionsAndTrailers)
{
    const Parsed r = parseOne("POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                              "5;name=value\r\nhello\r\n"
                              "6 ; a=\"b\";c\r\n world\r\n"
                              "A\r\n0123456789\r\n"
                              "0\r\nX-Checksum: 1\r\nX-Other: 2\r\n\r\n");
    EXPECT_EQ(r.body, "hello world0123456789");
    EXPECT_FALSE(r.headers.contains("X-Checksum")); // trailers are read and dropped
    EXPECT_EQ(r.headers.value("Transfer-Encoding"), "chunked");
    EXPECT_EQ(parseOne("POST /c HTTP/1.1\r\nTransfer-Encoding: Chunked\r\n\r\n0\r\n\r\n").body, "");
}

TEST(HttpRequestParser, BadChunkedFramingIs400)
{
    const QByteArray head = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n";
    EXPECT_EQ(refusal(head + "zz\r\n"), 400);
    EXPECT_EQ(refusal(head + ";x\r\n"), 400);
    EXPECT_EQ(refusal(head + "3\r\nabcd\r\n"), 400); // data longer than its size
    EXPECT_EQ(refusal(head + "1000000000000000\r\n"), 400); // 16 hex digits
    EXPECT_EQ(refusal(head + "0\r\nbad trailer\r\n\r\n"), 400);
    EXPECT_EQ(refusal(head + QByteArray(HttpRequestParser::maxChunkLineBytes + 1, '0')), 400);
}

TEST(HttpRequestParser, TransferCodingsOtherThanChunkedAndBothFramingsAre400)
{
    EXPECT_EQ(refusal("POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"), 400);
    EXPECT_EQ(refusal("POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n"), 400);
    EXPECT_EQ(refusal("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n"), 400);
    EXPECT_EQ(refusal("POST / HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"), 400);
}

TEST(HttpRequestParser, ChunkedInHttp10ClosesAfterwards)
{
    const Parsed r = parseOne("POST / HTTP/1.0\r\nConnection: keep-alive\r\nTransfer-Encoding: chunked\r\n\r\n"
                              "2\r\nok\r\n0\r\n\r\n");
    EXPECT_EQ(r.body, "ok");
    EXPECT_FALSE(r.keepAlive);
}

// --- Limits -----------------------------------------------------------------

TEST(HttpRequestParser, HeadOverTheLimitIs431)
{
    const ServerLimits limits{.maxHeadBytes = 100, .maxBodyBytes = 1000};
    const QByteArray head = "GET / HTTP/1.1\r\nX-Pad: ";
    // "GET / HTTP/1.1\r\n" is 16 bytes, "X-Pad: " 7 and its CRLF 2, the blank line 2: 73 pad bytes fit.
    EXPECT_EQ(refusal(head + QByteArray(73, 'p') + "\r\n\r\n", limits), 0);
    EXPECT_EQ(refusal(head + QByteArray(74, 'p') + "\r\n\r\n", limits), 431);
    // Without a line end in sight, too.
    EXPECT_EQ(refusal(head + QByteArray(200, 'p'), limits), 431);
    EXPECT_EQ(refusal("GET /" + QByteArray(200, 'a'), limits), 431);
}

TEST(HttpRequestParser, BodyOverTheLimitIs413)
{
    const ServerLimits limits{.maxHeadBytes = 1000, .maxBodyBytes = 10};
    EXPECT_EQ(refusal("POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\n0123456789", limits), 0);
    // Refused on the announced length, before any of the body.
    EXPECT_EQ(refusal("POST / HTTP/1.1\r\nContent-Length: 11\r\n\r\n", limits), 413);
    const QByteArray chunked = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n";
    EXPECT_EQ(refusal(chunked + "5\r\n01234\r\n5\r\n56789\r\n0\r\n\r\n", limits), 0);
    EXPECT_EQ(refusal(chunked + "5\r\n01234\r\n6\r\n", limits), 413);
}

// --- 100-continue -----------------------------------------------------------

TEST(HttpRequestParser, ExpectContinueIsReportedOnceBeforeTheBody)
{
    HttpRequestParser parser;
    parser.feed("PUT /u HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n");
    EXPECT_EQ(parser.next(), Result::ContinueExpected);
    EXPECT_EQ(parser.next(), Result::NeedMore);
    parser.feed("abc");
    ASSERT_EQ(parser.next(), Result::Request);
    EXPECT_EQ(parser.takeRequest().body, "abc");
}

TEST(HttpRequestParser, NoContinueWhenTheBodyCameAnywayOrCannotCome)
{
    int continues = 0;
    HttpRequestParser sent;
    sent.feed("PUT /u HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\nabc");
    EXPECT_EQ(drain(sent, nullptr, &continues).size(), 1u);
    HttpRequestParser empty;
    empty.feed("PUT /u HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 0\r\n\r\n");
    EXPECT_EQ(drain(empty, nullptr, &continues).size(), 1u);
    HttpRequestParser old;
    old.feed("PUT /u HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n");
    EXPECT_EQ(drain(old, nullptr, &continues).size(), 0u);
    EXPECT_EQ(continues, 0);
    // Too large: 413 instead of a go-ahead.
    EXPECT_EQ(refusal("PUT /u HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 11\r\n\r\n",
                      ServerLimits{.maxHeadBytes = 1000, .maxBodyBytes = 10}),
              413);
}

// --- Pipelining and split input ---------------------------------------------

TEST(HttpRequestParser, PipelinedInputSplitAtEveryByteGivesTheSameRequests)
{
    const QByteArray stream = "GET /one HTTP/1.1\r\nHost: a\r\n\r\n"
                              "POST /two?x=1 HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello"
                              "\r\n" // a stray empty line between requests
                              "PUT /three HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                              "3;e=1\r\nabc\r\n10\r\n0123456789abcdef\r\n0\r\nT: 1\r\n\r\n"
                              "DELETE /four%21 HTTP/1.0\nConnection: keep-alive\n\n"
                              "HEAD /five HTTP/1.1\r\nConnection: close\r\n\r\n";
    const std::vector<Parsed> whole = parseAll(stream);
    ASSERT_EQ(whole.size(), 5u);
    EXPECT_EQ(whole[1].body, "hello");
    EXPECT_EQ(whole[2].body, "abc0123456789abcdef");
    EXPECT_EQ(whole[3].path, QStringLiteral("/four!"));
    EXPECT_TRUE(whole[3].keepAlive);
    EXPECT_FALSE(whole[4].keepAlive);

    for (qsizetype split = 1; split < stream.size(); ++split) {
        HttpRequestParser parser;
        parser.feed(QByteArrayView(stream).first(split));
        std::vector<Parsed> got = drain(parser);
        parser.feed(QByteArrayView(stream).sliced(split));
        const std::vector<Parsed> rest = drain(parser);
        got.insert(got.end(), rest.begin(), rest.end());
        ASSERT_EQ(got, whole) << "split at " << split;
        EXPECT_EQ(parser.bufferedBytes(), 0);
    }

    HttpRequestParser bytewise;
    std::vector<Parsed> got;
    for (char c : stream) {
        bytewise.feed(QByteArrayView(&c, 1));
        const std::vector<Parsed> more = drain(bytewise);
        got.insert(got.end(), more.begin(), more.end());
    }
    EXPECT_EQ(got, whole);
}

TEST(HttpRequestParser, ALongPipelineKeepsItsBufferSmall)
{
    HttpRequestParser parser;
    const QByteArray request = "GET /x HTTP/1.1\r\nHost: a\r\n\r\n";
    int count = 0;
    for (int i = 0; i < 10000; ++i) {
        parser.feed(QByteArray(request + request.first(7))); // one and a bit
        parser.feed(request.sliced(7));
        count += static_cast<int>(drain(parser).size());
    }
    EXPECT_EQ(count, 20000);
    EXPECT_EQ(parser.bufferedBytes(), 0);
}
