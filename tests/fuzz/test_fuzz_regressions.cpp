#include "fuzztargets.h"

#include <QDir>
#include <QFile>

#include <gtest/gtest.h>

#include <string>

namespace {

using jitterbug::fuzz::FuzzTarget;
using jitterbug::fuzz::fuzzTargets;

// fuzz/regressions/<target>/ holds every input a fuzz target crashed on
// (each fixed since) and a few of its corpus: the target's body must run
// through each of them, here with gcc and under the sanitizer build too.
class FuzzRegressions : public ::testing::TestWithParam<FuzzTarget>
{
};

TEST_P(FuzzRegressions, EveryKeptInputRunsThrough)
{
    const FuzzTarget target = GetParam();
    const QDir dir(QStringLiteral(JITTERBUG_FUZZ_REGRESSIONS) + u'/' + QString::fromLatin1(target.name));
    const QStringList names = dir.entryList(QDir::Files, QDir::Name);
    EXPECT_FALSE(names.isEmpty()) << "no inputs in " << dir.path().toStdString();
    for (const QString& name : names) {
        SCOPED_TRACE(name.toStdString());
        QFile file(dir.filePath(name));
        ASSERT_TRUE(file.open(QIODevice::ReadOnly));
        const QByteArray input = file.readAll();
        target.run(input); // a broken promise aborts, failing the test binary
    }
}

INSTANTIATE_TEST_SUITE_P(Targets, FuzzRegressions, ::testing::ValuesIn(fuzzTargets().begin(), fuzzTargets().end()),
                         [](const auto& info) { return std::string(info.param.name); });

} // namespace
