// Bad input: one line on stderr naming the flag, value or file; exit 2;
// nothing sent.
#include "clirunner.h"
#include "support/loopbackserver.h"

#include <gtest/gtest.h>

using namespace jitterbug::test;

namespace {

struct BadCase {
    QStringList args;
    const char* mentions;
};

class CliBadInput : public ::testing::TestWithParam<BadCase>
{
};

} // namespace

TEST_P(CliBadInput, ExitsWithStatus2AndOneLineAndSendsNothing)
{
    LoopbackServer server;
    ASSERT_TRUE(server.listen());
    QStringList args = GetParam().args;
    args.replaceInStrings(QStringLiteral("URL"), server.url(QStringLiteral("/x")).toString());
    const auto r = runCli(args);
    EXPECT_EQ(r.exitCode, 2) << r.err.data();
    EXPECT_TRUE(r.out.isEmpty());
    EXPECT_EQ(r.err.count('\n'), 1) << r.err.data();
    EXPECT_TRUE(r.err.startsWith("jitterbug-cli: ")) << r.err.data();
    EXPECT_TRUE(r.err.contains(GetParam().mentions)) << r.err.data();
    EXPECT_TRUE(server.received().isEmpty());
}

INSTANTIATE_TEST_SUITE_P(
    Send, CliBadInput,
    ::testing::Values(
        BadCase{{QStringLiteral("send"), QStringLiteral("--attempts"), QStringLiteral("0"), QStringLiteral("URL")},
                "--attempts"},
        BadCase{{QStringLiteral("send"), QStringLiteral("--attempts"), QStringLiteral("x"), QStringLiteral("URL")},
                "\"x\""},
        BadCase{{QStringLiteral("send"), QStringLiteral("--jitter"), QStringLiteral("half"), QStringLiteral("URL")},
                "--jitter"},
        BadCase{{QStringLiteral("send"), QStringLiteral("--base-delay"), QStringLiteral("-5"), QStringLiteral("URL")},
                "--base-delay"},
        BadCase{{QStringLiteral("send"), QStringLiteral("--rate"), QStringLiteral("5"), QStringLiteral("URL")},
                "--rate"},
        BadCase{{QStringLiteral("send"), QStringLiteral("--rate"), QStringLiteral("0/s"), QStringLiteral("URL")},
                "--rate"},
        BadCase{{QStringLiteral("send"), QStringLiteral("--rate"), QStringLiteral("ten/s"), QStringLiteral("URL")},
                "--rate"},
        BadCase{{QStringLiteral("send"), QStringLiteral("--retry"), QStringLiteral("-1"), QStringLiteral("URL")},
                "--retry"},
        BadCase{{QStringLiteral("send"), QStringLiteral("-m"), QStringLiteral("soon"), QStringLiteral("URL")}, "-m"},
        BadCase{{QStringLiteral("send"), QStringLiteral("-H"), QStringLiteral("NoColon"), QStringLiteral("URL")},
                "NoColon"},
        BadCase{
            {QStringLiteral("send"), QStringLiteral("-H"), QStringLiteral("X-A: 1\r\nX-B: 2"), QStringLiteral("URL")},
            "-H"},
        BadCase{{QStringLiteral("send"), QStringLiteral("-d"), QStringLiteral("@/nonexistent/file.json"),
                 QStringLiteral("URL")},
                "/nonexistent/file.json"},
        BadCase{{QStringLiteral("send"), QStringLiteral("--bogus"), QStringLiteral("URL")}, "--bogus"},
        BadCase{{QStringLiteral("send")}, "URL"},
        BadCase{{QStringLiteral("send"), QStringLiteral("URL"), QStringLiteral("URL")}, "URL"},
        BadCase{{QStringLiteral("send"), QStringLiteral("ftp://127.0.0.1/file")}, "ftp"},
        BadCase{{QStringLiteral("send"), QStringLiteral("http://")}, "http://"},
        BadCase{{QStringLiteral("send"), QStringLiteral("--scenario"), QStringLiteral("s.json"), QStringLiteral("URL")},
                "--scenario"},
        BadCase{{QStringLiteral("send"), QStringLiteral("--backend"), QStringLiteral("sim"),
                 QStringLiteral("--scenario"), QStringLiteral("/nonexistent.json"), QStringLiteral("URL")},
                "/nonexistent.json"},
        BadCase{{QStringLiteral("send"), QStringLiteral("--backend"), QStringLiteral("cloud"), QStringLiteral("URL")},
                "--backend"},
        BadCase{{QStringLiteral("send"), QStringLiteral("--concurrency"), QStringLiteral("0"), QStringLiteral("URL")},
                "--concurrency"},
        BadCase{{QStringLiteral("send"), QStringLiteral("--timeline"), QStringLiteral("xml"), QStringLiteral("URL")},
                "--timeline"},
        BadCase{{QStringLiteral("send"), QStringLiteral("--seed"), QStringLiteral("-1"), QStringLiteral("URL")},
                "--seed"},
        BadCase{{QStringLiteral("send"), QStringLiteral("-u"), QStringLiteral("alice"), QStringLiteral("URL")}, "-u"},
        BadCase{{QStringLiteral("send"), QStringLiteral("--breaker-min-calls"), QStringLiteral("50"),
                 QStringLiteral("URL")},
                "minimum_calls"},
        BadCase{{QStringLiteral("send"), QStringLiteral("--policy"), QStringLiteral("/nonexistent-policy.json"),
                 QStringLiteral("URL")},
                "/nonexistent-policy.json"},
        BadCase{{QStringLiteral("send"), QStringLiteral("--burst"), QStringLiteral("5"), QStringLiteral("URL")},
                "--burst needs --rate"},
        BadCase{{QStringLiteral("send"), QStringLiteral("--idempotency-header"), QStringLiteral("Bad Name"),
                 QStringLiteral("URL")},
                "--idempotency-header"},
        BadCase{{QStringLiteral("send"), QStringLiteral("--idempotency-key"), QStringLiteral("a\x01b"),
                 QStringLiteral("URL")},
                "--idempotency-key"},
        BadCase{{QStringLiteral("send"), QStringLiteral("-o"), QStringLiteral("/nonexistent-dir/out.txt"),
                 QStringLiteral("URL")},
                "/nonexistent-dir/out.txt"},
        BadCase{
            {QStringLiteral("send"), QStringLiteral("--fallback-status"), QStringLiteral("99"), QStringLiteral("URL")},
            "a whole number ≥ 100"},
        BadCase{{QStringLiteral("send"), QStringLiteral("--base-delay"), QStringLiteral("-1"), QStringLiteral("URL")},
                "expected a number ≥ 0"},
        BadCase{{QStringLiteral("plan"), QStringLiteral("--jitter"), QStringLiteral("sometimes")}, "--jitter"},
        BadCase{{QStringLiteral("plan"), QStringLiteral("--attempts"), QStringLiteral("100000000")},
                "--samples × --attempts"},
        BadCase{{QStringLiteral("plan"), QStringLiteral("--samples"), QStringLiteral("0")}, "--samples"},
        BadCase{{QStringLiteral("plan"), QStringLiteral("--nope")}, "nope"},
        BadCase{{QStringLiteral("frobnicate")}, "frobnicate"}));
