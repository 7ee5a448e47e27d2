#include "clirunner.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <gtest/gtest.h>

using jitterbug::test::runCli;

TEST(CliPlan, JsonHasTheDocumentedShapeAndTheFormulasBounds)
{
    const auto r = runCli({QStringLiteral("plan"), QStringLiteral("--json"), QStringLiteral("--seed"),
                           QStringLiteral("3"), QStringLiteral("--samples"), QStringLiteral("20000")});
    ASSERT_EQ(r.exitCode, 0) << r.err.data();
    const QJsonObject plan = QJsonDocument::fromJson(r.out).object();
    const QJsonArray attempts = plan.value(u"attempts").toArray();
    ASSERT_EQ(attempts.size(), 3);
    const double highs[] = {100, 200, 400};
    for (int k = 0; k < 3; ++k) {
        const QJsonObject a = attempts[k].toObject();
        EXPECT_EQ(a.value(u"attempt").toInt(), k + 2);
        const QJsonObject wait = a.value(u"wait_ms").toObject();
        const QJsonObject bound = a.value(u"bound_ms").toObject();
        EXPECT_EQ(bound.value(u"low").toDouble(), 0.0);
        EXPECT_EQ(bound.value(u"high").toDouble(), highs[k]);
        EXPECT_GE(wait.value(u"min").toDouble(), 0.0);
        EXPECT_LE(wait.value(u"max").toDouble(), highs[k]);
        EXPECT_NEAR(wait.value(u"mean").toDouble(), highs[k] / 2, highs[k] * 0.02);
        EXPECT_TRUE(wait.contains(u"p50") && wait.contains(u"p99"));
    }
    EXPECT_EQ(plan.value(u"worst_case_ms").toDouble(), 120700.0);
}

TEST(CliPlan, PolicyFlagsChangeThePlan)
{
    const auto r = runCli({QStringLiteral("plan"), QStringLiteral("--json"), QStringLiteral("--attempts"),
                           QStringLiteral("3"), QStringLiteral("--backoff"), QStringLiteral("constant"),
                           QStringLiteral("--base-delay"), QStringLiteral("500"), QStringLiteral("--jitter"),
                           QStringLiteral("equal"), QStringLiteral("--attempt-timeout"), QStringLiteral("1000"),
                           QStringLiteral("--deadline"), QStringLiteral("2500")});
    ASSERT_EQ(r.exitCode, 0) << r.err.data();
    const QJsonObject plan = QJsonDocument::fromJson(r.out).object();
    const QJsonArray attempts = plan.value(u"attempts").toArray();
    ASSERT_EQ(attempts.size(), 2);
    EXPECT_EQ(attempts[1].toObject().value(u"bound_ms").toObject().value(u"low").toDouble(), 250.0);
    EXPECT_EQ(attempts[1].toObject().value(u"bound_ms").toObject().value(u"high").toDouble(), 500.0);
    EXPECT_EQ(plan.value(u"worst_case_ms").toDouble(), 2500.0) << "3 s + 1 s of waits, capped by the deadline";
}

TEST(CliPlan, TheTableNamesTheWorstCase)
{
    const auto r = runCli({QStringLiteral("plan"), QStringLiteral("--seed"), QStringLiteral("1")});
    ASSERT_EQ(r.exitCode, 0);
    EXPECT_TRUE(r.out.startsWith("4 attempts; exponential backoff from 100.0 ms, ×2, cap 20.0 s; full jitter\n"))
        << r.out.data();
    EXPECT_TRUE(r.out.contains("worst case: 2 min 1 s")) << r.out.data();
}

TEST(CliPlan, FlagsApplyInCommandLineOrder)
{
    auto r = runCli({QStringLiteral("plan"), QStringLiteral("--json"), QStringLiteral("--respect-retry-after=5000"),
                     QStringLiteral("--ignore-retry-after")});
    ASSERT_EQ(r.exitCode, 0) << r.err.data();
    QJsonObject policy = QJsonDocument::fromJson(r.out).object().value(u"policy").toObject();
    EXPECT_FALSE(policy.value(u"respect_retry_after").toBool());
    EXPECT_EQ(policy.value(u"max_retry_after_ms").toDouble(), 5000.0);

    r = runCli({QStringLiteral("plan"), QStringLiteral("--json"), QStringLiteral("--attempts"), QStringLiteral("3"),
                QStringLiteral("--attempts"), QStringLiteral("5")});
    ASSERT_EQ(r.exitCode, 0) << r.err.data();
    policy = QJsonDocument::fromJson(r.out).object().value(u"policy").toObject();
    EXPECT_EQ(policy.value(u"max_attempts").toInt(), 5) << "the last of a repeated flag wins";
}
