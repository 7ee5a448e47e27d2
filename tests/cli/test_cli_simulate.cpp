// `jitterbug-cli simulate herd`: the table, CSV and JSON people and scripts
// read, the strategies they can name, and one-line errors for bad flags.
#include "clirunner.h"

#include "herd/occmodel.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace jitterbug;
using jitterbug::test::runCli;
using jitterbug::test::writeTestFile;

namespace {

QStringList herd(std::initializer_list<const char*> flags)
{
    QStringList args{QStringLiteral("simulate"), QStringLiteral("herd")};
    for (const char* flag : flags)
        args.append(QString::fromUtf8(flag));
    return args;
}

QList<QStringList> csvRows(const QByteArray& out)
{
    QList<QStringList> rows;
    for (const QByteArray& line : out.trimmed().split('\n'))
        rows.append(QString::fromUtf8(line).split(u','));
    return rows;
}

} // namespace

TEST(CliSimulateHerd, CsvRowsAreTheModelsMeansPerClientsAndStrategy)
{
    const auto r
        = runCli(herd({"--clients", "1,20", "--trials", "10", "--strategies", "none,full", "--seed", "3", "--csv"}));
    ASSERT_EQ(r.exitCode, 0) << r.err.data();
    const QList<QStringList> rows = csvRows(r.out);
    ASSERT_EQ(rows.size(), 5);
    EXPECT_EQ(rows[0].mid(0, 4).join(u','), QStringLiteral("clients,strategy,mean_time_ms,mean_calls"));
    EXPECT_EQ(rows[1].mid(0, 2), QStringList({QStringLiteral("1"), QStringLiteral("none")}));
    EXPECT_EQ(rows[2].mid(0, 2), QStringList({QStringLiteral("1"), QStringLiteral("full")}));
    EXPECT_EQ(rows[1][3], QStringLiteral("1.000")) << "one client writes once";
    EXPECT_EQ(rows[1][2], rows[2][2]) << "and sees the same network whatever the strategy";

    OccSettings settings;
    settings.clients = 20;
    settings.trials = 10;
    settings.seed = 3;
    const HerdResult full = runOcc(settings, *namedHerdStrategy(u"full", 5, 2000));
    EXPECT_EQ(rows[4][1], QStringLiteral("full"));
    EXPECT_EQ(rows[4][2], QString::number(full.meanTimeMs, 'f', 3));
    EXPECT_EQ(rows[4][3], QString::number(full.meanCalls, 'f', 3));
}

TEST(CliSimulateHerd, TheSameSeedPrintsTheSameBytes)
{
    const auto a = runCli(herd({"--clients", "30", "--trials", "20", "--seed", "9", "--csv"}));
    const auto b = runCli(herd({"--clients", "30", "--trials", "20", "--seed", "9", "--csv"}));
    const auto c = runCli(herd({"--clients", "30", "--trials", "20", "--seed", "10", "--csv"}));
    ASSERT_EQ(a.exitCode, 0) << a.err.data();
    EXPECT_EQ(a.out, b.out);
    EXPECT_NE(a.out, c.out);
    EXPECT_EQ(csvRows(a.out).size(), 1 + 5) << "all five strategies by default";
}

TEST(CliSimulateHerd, JsonCarriesLoadOverTimeAndTheCompletionPercentiles)
{
    const auto r = runCli(herd({"--clients", "10", "--trials", "5", "--strategies", "exponential", "--seed", "4",
                                "--bucket", "50", "--json"}));
    ASSERT_EQ(r.exitCode, 0) << r.err.data();
    const QJsonObject doc = QJsonDocument::fromJson(r.out).object();
    EXPECT_EQ(doc.value(u"model").toString(), QStringLiteral("occ"));
    EXPECT_EQ(doc.value(u"seed").toInteger(), 4);
    EXPECT_EQ(doc.value(u"settings").toObject().value(u"bucket_ms").toDouble(), 50);
    const QJsonArray results = doc.value(u"results").toArray();
    ASSERT_EQ(results.size(), 1);
    const QJsonObject row = results[0].toObject();
    const QJsonObject load = row.value(u"load").toObject();
    EXPECT_EQ(load.value(u"bucket_ms").toDouble(), 50);
    double offered = 0;
    for (const QJsonValue v : load.value(u"offered").toArray())
        offered += v.toDouble();
    EXPECT_NEAR(offered, row.value(u"mean_calls").toDouble(), 1e-6) << "every write lands in a bucket";
    const QJsonArray percentiles = row.value(u"completion_percentiles_ms").toArray();
    ASSERT_EQ(percentiles.size(), 101);
    for (qsizetype i = 1; i < percentiles.size(); ++i)
        EXPECT_LE(percentiles[i - 1].toDouble(), percentiles[i].toDouble());
    EXPECT_EQ(percentiles[50].toDouble(), row.value(u"p50_completion_ms").toDouble());
}

TEST(CliSimulateHerd, AStrategyCanBeAPolicyFileOrACollectionsRequest)
{
    QTemporaryDir dir;
    const QString policy = writeTestFile(dir.path(), QStringLiteral("slow-constant.json"),
                                         R"({"backoff": "constant", "base_delay_ms": 400, "jitter": "none"})");
    const QString sample = QStringLiteral(JITTERBUG_SOURCE_DIR "/resources/collections/sample.jitterbug.json");
    const auto r
        = runCli({QStringLiteral("simulate"), QStringLiteral("herd"), QStringLiteral("--clients"), QStringLiteral("5"),
                  QStringLiteral("--trials"), QStringLiteral("5"), QStringLiteral("--strategies"),
                  QStringLiteral("none,%1,%2#Flaky orders API").arg(policy, sample), QStringLiteral("--csv")});
    ASSERT_EQ(r.exitCode, 0) << r.err.data();
    const QList<QStringList> rows = csvRows(r.out);
    ASSERT_EQ(rows.size(), 4);
    EXPECT_EQ(rows[2][1], QStringLiteral("slow-constant"));
    EXPECT_EQ(rows[3][1], QStringLiteral("Flaky orders API"));
    EXPECT_GT(rows[2][2].toDouble(), rows[1][2].toDouble() + 400) << "a loser waits 400 ms before reading again";
}

TEST(CliSimulateHerd, BadFlagsAreOneLineErrorsWithStatus2)
{
    const struct {
        QStringList args;
        const char* message;
    } cases[] = {
        {herd({"--clients", "0"}), "--clients: expected a list of whole numbers from 1 to 1000000, got \"0\""},
        {herd({"--clients", "10,x"}), "--clients: expected a list of whole numbers from 1 to 1000000, got \"10,x\""},
        {herd({"--strategies", "none,jittery"}),
         "--strategies: unknown strategy \"jittery\"; the strategies are none, exponential, equal, full, "
         "decorrelated, or a policy file"},
        {herd({"--strategies", "full,full"}), "--strategies: strategy \"full\" is listed twice"},
        {herd({"--model", "queue"}), "--model: expected occ or capacity, got \"queue\""},
        {herd({"--capacity", "50"}), "--capacity: only for --model capacity"},
        {herd({"--net-delay-sd", "-1"}), "--net-delay-sd: expected a number from 0 to 86400000, got \"-1\""},
        {herd({"--max-delay", "1e308"}), "--max-delay: expected a number from 0 to 86400000, got \"1e308\""},
        {herd({"--model", "capacity", "--capacity", "2.5"}), "--capacity: expected a whole number ≥ 1, got \"2.5\""},
        {herd({"--trials", "0"}), "--trials: expected a whole number ≥ 1, got \"0\""},
        {herd({"--csv", "--json"}), "--csv and --json: choose one"},
        {herd({"--model", "capacity", "--outage", "500-100"}),
         "--outage: expected FROM-TO in ms with FROM < TO, got \"500-100\""},
        {{QStringLiteral("simulate")}, "simulate: name what to simulate: simulate herd"},
        {{QStringLiteral("simulate"), QStringLiteral("crowd")},
         "simulate: unknown simulation \"crowd\"; there is herd"},
    };
    for (const auto& c : cases) {
        const auto r = runCli(c.args);
        EXPECT_EQ(r.exitCode, 2) << c.args.join(u' ').toStdString();
        EXPECT_EQ(QString::fromUtf8(r.err).trimmed(), QStringLiteral("jitterbug-cli: ") + QString::fromUtf8(c.message))
            << c.args.join(u' ').toStdString();
        EXPECT_TRUE(r.out.isEmpty());
    }
}

TEST(CliSimulateHerd, TheCapacityModelReportsRefusalsPerStrategy)
{
    const auto r = runCli(herd({"--model", "capacity", "--clients", "40", "--calls", "3", "--capacity", "20",
                                "--trials", "2", "--strategies", "none,full", "--seed", "5", "--csv"}));
    ASSERT_EQ(r.exitCode, 0) << r.err.data();
    const QList<QStringList> rows = csvRows(r.out);
    ASSERT_EQ(rows.size(), 3);
    EXPECT_EQ(rows[0].last(), QStringLiteral("mean_failed_calls"));
    EXPECT_GT(rows[1][7].toDouble(), 0) << "a herd of 40 against 20/s is refused";
    EXPECT_GT(rows[1][7].toDouble(), rows[2][7].toDouble()) << "retrying at once is refused more than full jitter";
}
