#include "http/headerlist.h"
#include "http/request.h"

#include <gtest/gtest.h>

using jitterbug::HeaderList;

TEST(HeaderList, LookupIsCaseInsensitiveAndKeepsRepeats)
{
    HeaderList h;
    h.append("Set-Cookie", "a=1");
    h.append("Content-Type", "text/plain");
    h.append("set-cookie", "b=2");
    EXPECT_TRUE(h.contains("SET-COOKIE"));
    EXPECT_EQ(h.value("content-type"), "text/plain");
    EXPECT_EQ(h.values("Set-Cookie"), (QList<QByteArray>{"a=1", "b=2"}));
    EXPECT_TRUE(h.value("Missing").isNull());
}

TEST(HeaderList, SetReplacesAllAtTheFirstPlace)
{
    HeaderList h;
    h.append("A", "1");
    h.append("X", "x1");
    h.append("B", "2");
    h.append("x", "x2");
    h.set("X", "new");
    ASSERT_EQ(h.size(), 3);
    EXPECT_EQ(h.fields()[1].name, "X");
    EXPECT_EQ(h.fields()[1].value, "new");
    h.set("C", "3");
    EXPECT_EQ(h.fields().back().name, "C");
}

TEST(HeaderList, RemoveDropsEveryField)
{
    HeaderList h;
    h.append("A", "1");
    h.append("a", "2");
    h.append("B", "3");
    h.remove("A");
    ASSERT_EQ(h.size(), 1);
    EXPECT_EQ(h.fields()[0].name, "B");
}

TEST(HeaderList, NamesAreTokensAndValuesHaveNoLineBreaks)
{
    EXPECT_TRUE(jitterbug::isValidHeaderName("X-Request-Id"));
    EXPECT_TRUE(jitterbug::isValidHeaderName("a!#$%&'*+-.^_`|~9"));
    EXPECT_FALSE(jitterbug::isValidHeaderName(""));
    EXPECT_FALSE(jitterbug::isValidHeaderName("Bad Name"));
    EXPECT_FALSE(jitterbug::isValidHeaderName("Bad:Name"));
    EXPECT_TRUE(jitterbug::isValidHeaderValue("anything at all; q=1"));
    EXPECT_FALSE(jitterbug::isValidHeaderValue("a\r\nInjected: yes"));
    EXPECT_FALSE(jitterbug::isValidHeaderValue(QByteArrayView("a\0b", 3)));
}

TEST(Request, IdempotentMethodsFollowRfc9110)
{
    for (const char* m : {"GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"})
        EXPECT_TRUE(jitterbug::isIdempotentMethod(m)) << m;
    for (const char* m : {"POST", "PATCH", "CONNECT", "PURGE", "get"})
        EXPECT_FALSE(jitterbug::isIdempotentMethod(m)) << m;
}
