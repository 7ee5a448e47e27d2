// The one rule every record of an exchange follows for credentials.
#include "http/credentials.h"

#include <gtest/gtest.h>

using namespace jitterbug;
using namespace Qt::StringLiterals;

namespace {

std::string masked(QByteArrayView name, const QByteArray& value, const QByteArrayList& extra = {})
{
    return maskedHeaderValue(name, value, extra).toStdString();
}

std::string inText(const QString& text, const QByteArrayList& extra = {})
{
    return maskCredentialsInText(text, extra).toStdString();
}

} // namespace

TEST(Credentials, NamesCompareIgnoringCaseDashesAndUnderscores)
{
    for (const char* name : {"Authorization", "proxy-authorization", "COOKIE", "Set-Cookie", "X-API-Key", "x_api_key",
                             "api_key", "API-Key", "apikey", "X-Auth-Token", "access_token"})
        EXPECT_TRUE(isCredentialName(name)) << name;
    for (const char* name : {"Accept", "Content-Type", "X-Request-Id", "key", "token", "Idempotency-Key", ""})
        EXPECT_FALSE(isCredentialName(name)) << name;
    EXPECT_TRUE(isCredentialName("x-partner-secret", {"X-Partner-Secret"}));
    EXPECT_TRUE(isCredentialName("partner_secret", {"partner-secret"}));
}

TEST(Credentials, HeaderValuesKeepWhatIsNotTheSecret)
{
    EXPECT_EQ(masked("Authorization", "Bearer abc123"), "Bearer ••••");
    EXPECT_EQ(masked("authorization", "Basic dXNlcjpwdw=="), "Basic ••••");
    EXPECT_EQ(masked("Authorization", "AWS4-HMAC-SHA256 Credential=AKIA/x, Signature=ff"), "AWS4-HMAC-SHA256 ••••");
    EXPECT_EQ(masked("Authorization", "abc123"), "••••") << "a bare token has no scheme to keep";
    EXPECT_EQ(masked("Proxy-Authorization", "Basic Zm9vOmJhcg=="), "Basic ••••");
    EXPECT_EQ(masked("Cookie", "s=xyz"), "s=••••");
    EXPECT_EQ(masked("Cookie", "s=xyz; theme=dark;id=7"), "s=••••; theme=••••; id=••••");
    EXPECT_EQ(masked("Set-Cookie", "s=xyz; Path=/; HttpOnly; Secure"), "s=••••; Path=/; HttpOnly; Secure");
    EXPECT_EQ(masked("X-API-Key", "k-789"), "••••");
    EXPECT_EQ(masked("X-Partner-Key", "k-789", {"x-partner-key"}), "••••");
    EXPECT_EQ(masked("X-Partner-Key", "k-789"), "k-789");
    EXPECT_EQ(masked("Accept", "*/*"), "*/*");
    EXPECT_EQ(masked("Authorization", ""), "") << "nothing to hide";
    EXPECT_TRUE(maskedHeaderValue("Authorization", QByteArray()).isNull()) << "a removal stays a removal";
}

TEST(Credentials, HeaderListsKeepOrderAndNames)
{
    HeaderList h;
    h.append("Accept", "*/*");
    h.append("Authorization", "Bearer abc123");
    h.append("Cookie", "s=xyz");
    h.append("User-Agent", QByteArray());
    const HeaderList out = maskedHeaders(h);
    ASSERT_EQ(out.size(), 4);
    EXPECT_EQ(out.fields()[0].value, "*/*");
    EXPECT_EQ(out.fields()[1].name, "Authorization");
    EXPECT_EQ(out.fields()[1].value, "Bearer ••••");
    EXPECT_EQ(out.fields()[2].value, "s=••••");
    EXPECT_TRUE(out.fields()[3].value.isNull());
}

TEST(Credentials, UrlsMaskCredentialParametersAndPasswords)
{
    EXPECT_EQ(inText(u"https://api.example.com/items?api_key=k-789&page=2"_s),
              "https://api.example.com/items?api_key=••••&page=2");
    EXPECT_EQ(inText(u"https://api.example.com/?page=2&API-KEY=k-789#top"_s),
              "https://api.example.com/?page=2&API-KEY=••••#top");
    EXPECT_EQ(inText(u"http://h/?access_token=a.b.c&apikey=1&api%5Fkey=2"_s),
              "http://h/?access_token=••••&apikey=••••&api%5Fkey=••••")
        << "a percent-encoded name is the same name";
    EXPECT_EQ(inText(u"http://h/?partner=k-789"_s, {"partner"}), "http://h/?partner=••••");
    EXPECT_EQ(inText(u"http://h/?api_key=&q=api_key=x"_s), "http://h/?api_key=&q=api_key=x")
        << "an empty value has nothing to mask; a value is not a name";
    EXPECT_EQ(inText(u"https://alice:pw%40x@api.example.com/o?a=1"_s), "https://alice:••••@api.example.com/o?a=1");
    EXPECT_EQ(inText(u"https://alice@api.example.com/"_s), "https://alice@api.example.com/");
    EXPECT_EQ(inText(u"https://api.example.com/users/alice@example.com"_s),
              "https://api.example.com/users/alice@example.com")
        << "an @ in the path is no user info";
    EXPECT_EQ(inText(u"http://h/plain"_s), "http://h/plain");
}

TEST(Credentials, TextQuotingUrlsIsMaskedToo)
{
    EXPECT_EQ(inText(u"more than 3 redirects; the next was to https://x.test/cb?api_key=k-789 (and more)"_s),
              "more than 3 redirects; the next was to https://x.test/cb?api_key=•••• (and more)");
    EXPECT_EQ(inText(u"is it? yes & no"_s), "is it? yes & no");
}
