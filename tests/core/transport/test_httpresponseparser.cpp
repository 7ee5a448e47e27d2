#include "transport/httpresponseparser.h"

#include <gtest/gtest.h>

using namespace jitterbug;
using State = HttpResponseParser::State;

namespace {

// Feeds the bytes one at a time: every split point must work.
State feedBytewise(HttpResponseParser& p, QByteArrayView bytes)
{
    State s = p.state();
    for (char c : bytes)
        s = p.feed(QByteArrayView(&c, 1));
    return s;
}

} // namespace

TEST(HttpResponseParser, ReadsAContentLengthResponseInAnyPieces)
{
    const QByteArray wire = "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 2\r\nContent-Length: 5\r\n"
                            "X-Multi: a\r\nx-multi: b\r\n\r\nhello";
    HttpResponseParser whole;
    EXPECT_EQ(whole.feed(wire), State::Complete);
    HttpResponseParser pieces;
    EXPECT_EQ(feedBytewise(pieces, wire), State::Complete);
    for (const HttpResponseParser* p : {&whole, &pieces}) {
        const Response& r = p->response();
        EXPECT_EQ(r.status, 503);
        EXPECT_EQ(r.reasonPhrase, "Service Unavailable");
        EXPECT_EQ(r.httpVersion, "1.1");
        EXPECT_EQ(r.headers.value("retry-after"), "2");
        EXPECT_EQ(r.headers.values("X-Multi"), (QList<QByteArray>{"a", "b"}));
        EXPECT_EQ(r.body, "hello");
        EXPECT_TRUE(p->keepAlive());
    }
}

TEST(HttpResponseParser, DecodesChunkedBodiesWithExtensionsAndTrailers)
{
    const QByteArray wire = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                            "5;name=value\r\nhello\r\n1\r\n \r\n6\r\nworld!\r\n0\r\nX-Trailer: t\r\n\r\n";
    HttpResponseParser p;
    EXPECT_EQ(feedBytewise(p, wire), State::Complete);
    EXPECT_EQ(p.response().body, "hello world!");
    EXPECT_TRUE(p.keepAlive());
    EXPECT_TRUE(p.leftover().isEmpty());
}

TEST(HttpResponseParser, SkipsInterimResponses)
{
    HttpResponseParser p;
    EXPECT_EQ(p.feed("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n"
                     "HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n"),
              State::Complete);
    EXPECT_EQ(p.response().status, 201);
    EXPECT_FALSE(p.response().headers.contains("Link"));
}

TEST(HttpResponseParser, SomeAnswersHaveNoBodyWhateverTheySay)
{
    HttpResponseParser head(true);
    EXPECT_EQ(head.feed("HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n"), State::Complete);
    EXPECT_TRUE(head.response().body.isEmpty());
    HttpResponseParser noContent;
    EXPECT_EQ(noContent.feed("HTTP/1.1 204 No Content\r\n\r\n"), State::Complete);
    HttpResponseParser notModified;
    EXPECT_EQ(notModified.feed("HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n"), State::Complete);
}

TEST(HttpResponseParser, ABodyWithoutLengthRunsToTheClose)
{
    HttpResponseParser p;
    EXPECT_EQ(p.feed("HTTP/1.1 200 OK\r\n\r\npart one, "), State::Reading);
    EXPECT_EQ(p.feed("part two"), State::Reading);
    EXPECT_EQ(p.endOfStream(), State::Complete);
    EXPECT_EQ(p.response().body, "part one, part two");
    EXPECT_FALSE(p.keepAlive());
}

TEST(HttpResponseParser, KeepAliveFollowsVersionAndConnection)
{
    HttpResponseParser close;
    close.feed("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
    EXPECT_FALSE(close.keepAlive());
    HttpResponseParser old;
    old.feed("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n");
    EXPECT_FALSE(old.keepAlive());
    HttpResponseParser oldKeep;
    oldKeep.feed("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n");
    EXPECT_TRUE(oldKeep.keepAlive());
}

TEST(HttpResponseParser, KeepsBytesAfterTheResponse)
{
    HttpResponseParser p;
    EXPECT_EQ(p.feed("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 200"), State::Complete);
    EXPECT_EQ(p.response().body, "ok");
    EXPECT_EQ(p.leftover(), "HTTP/1.1 200");
}

TEST(HttpResponseParser, AcceptsBareLineFeeds)
{
    HttpResponseParser p;
    EXPECT_EQ(p.feed("HTTP/1.1 200 OK\nContent-Length: 1\n\nx"), State::Complete);
    EXPECT_EQ(p.response().body, "x");
}

struct Broken {
    const char* wire;
    const char* error;
};

class HttpResponseParserErrors : public ::testing::TestWithParam<Broken>
{
};

TEST_P(HttpResponseParserErrors, FailWithAReason)
{
    HttpResponseParser p;
    EXPECT_EQ(p.feed(GetParam().wire), State::Failed);
    EXPECT_TRUE(p.error().startsWith(QString::fromUtf8(GetParam().error))) << p.error().toStdString();
    EXPECT_FALSE(p.keepAlive());
}

INSTANTIATE_TEST_SUITE_P(
    Wire, HttpResponseParserErrors,
    ::testing::Values(
        Broken{"garbage\r\n\r\n", "not an HTTP/1.x status line"},
        Broken{"HTTP/2 200\r\n\r\n", "not an HTTP/1.x status line"},
        Broken{"HTTP/1.1 2000 OK\r\n\r\n", "not an HTTP/1.x status line"},
        Broken{"HTTP/1.1 200 OK\r\nNo colon here\r\n\r\n", "a malformed header line"},
        Broken{"HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n", "a malformed header line"},
        Broken{"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n", "an invalid Content-Length"},
        Broken{"HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", "an invalid Content-Length"},
        Broken{"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "an invalid chunk size"},
        Broken{"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabX\r\n", "a chunk did not end with CRLF"}));

TEST(HttpResponseParser, TheBodyCapHoldsForAnnouncedAndStreamedBodies)
{
    HttpResponseParser announced(false, 10);
    EXPECT_EQ(announced.feed("HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\n"), State::Failed);
    EXPECT_TRUE(announced.tooLarge());
    HttpResponseParser streamed(false, 10);
    EXPECT_EQ(streamed.feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n12345678\r\n8\r\n"),
              State::Reading);
    EXPECT_EQ(streamed.feed("12345678\r\n"), State::Failed);
    EXPECT_TRUE(streamed.tooLarge());
    HttpResponseParser atCap(false, 10);
    EXPECT_EQ(atCap.feed("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123456789"), State::Complete);
}

TEST(HttpResponseParser, HugeHeadersAreRefusedAsTooLarge)
{
    HttpResponseParser p;
    const QByteArray big = "HTTP/1.1 200 OK\r\nX-Big: " + QByteArray(HttpResponseParser::maxHeaderBytes, 'a');
    EXPECT_EQ(p.feed(big), State::Failed);
    EXPECT_TRUE(p.tooLarge());
    EXPECT_EQ(p.error(), QStringLiteral("the response headers passed the 65536-byte cap"));

    // Many short fields, well under the byte cap, stop at the count cap.
    QByteArray many = "HTTP/1.1 200 OK\r\n";
    for (int i = 0; i < HttpResponseParser::maxHeaderFields; ++i)
        many += "a: " + QByteArray::number(i % 10) + "\r\n";
    HttpResponseParser atCap;
    EXPECT_EQ(atCap.feed(QByteArray(many + "Content-Length: 0\r\n\r\n")), State::Failed);
    EXPECT_TRUE(atCap.tooLarge());
    EXPECT_EQ(atCap.error(), QStringLiteral("the response has more than 1000 header fields"));
    HttpResponseParser underCap;
    EXPECT_EQ(underCap.feed(QByteArray(many.left(many.lastIndexOf("a: ")) + "Content-Length: 0\r\n\r\n")),
              State::Complete);
    EXPECT_EQ(underCap.response().headers.size(), HttpResponseParser::maxHeaderFields);
}

TEST(HttpResponseParser, AnEarlyCloseIsNotAResponse)
{
    HttpResponseParser silent;
    EXPECT_EQ(silent.endOfStream(), State::Failed);
    EXPECT_FALSE(silent.sawAnyByte());
    EXPECT_EQ(silent.error(), QStringLiteral("the server closed the connection without answering"));

    HttpResponseParser cut;
    cut.feed("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");
    EXPECT_EQ(cut.endOfStream(), State::Failed);
    EXPECT_EQ(cut.error(), QStringLiteral("the connection closed in the middle of the body (3 bytes read)"));

    HttpResponseParser midHeaders;
    midHeaders.feed("HTTP/1.1 200 OK\r\nContent-");
    EXPECT_EQ(midHeaders.endOfStream(), State::Failed);
}

TEST(HttpResponseParser, DoubtfulFramingIsNotReused)
{
    HttpResponseParser both;
    EXPECT_EQ(
        both.feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 99\r\n\r\n2\r\nok\r\n0\r\n\r\n"),
        State::Complete);
    EXPECT_EQ(both.response().body, "ok");
    EXPECT_FALSE(both.keepAlive());
    HttpResponseParser notLast;
    EXPECT_EQ(notLast.feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: xchunked\r\n\r\nraw"), State::Reading);
    EXPECT_EQ(notLast.endOfStream(), State::Complete);
    EXPECT_EQ(notLast.response().body, "raw");
}

TEST(HttpResponseParser, EndlessInterimResponsesAndChunkTailsAreCutOff)
{
    HttpResponseParser interim;
    QByteArray many;
    for (int i = 0; i <= HttpResponseParser::maxInterimResponses; ++i)
        many += "HTTP/1.1 100 Continue\r\n\r\n";
    EXPECT_EQ(interim.feed(many), State::Failed);

    HttpResponseParser tail;
    EXPECT_EQ(tail.feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nokxxxxxxxx"), State::Failed);

    HttpResponseParser switching;
    EXPECT_EQ(switching.feed("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n\x81\x05"),
              State::Complete);
    EXPECT_EQ(switching.response().status, 101);
    EXPECT_FALSE(switching.keepAlive());
}
