// The herd's load over time: counts land in their bucket, and a run longer
// than the buckets were sized for widens them instead of growing.
#include "herd/loadhistogram.h"

#include <gtest/gtest.h>

using namespace jitterbug;

namespace {

double total(const LoadHistogram& h)
{
    double sum = 0;
    for (const HerdLoadBucket& b : h.buckets())
        sum += b.offered;
    return sum;
}

} // namespace

TEST(LoadHistogram, CountsLandInTheirBucket)
{
    LoadHistogram h(100);
    h.at(0).offered += 1;
    h.at(99.9).offered += 1;
    h.at(100).offered += 1;
    h.at(450).rejected += 1;
    ASSERT_EQ(h.buckets().size(), 5);
    EXPECT_EQ(h.buckets()[0].offered, 2);
    EXPECT_EQ(h.buckets()[1].offered, 1);
    EXPECT_EQ(h.buckets()[4].rejected, 1);
    EXPECT_EQ(h.widthMs(), 100);
}

TEST(LoadHistogram, ALongRunWidensTheBucketsAndKeepsEveryCount)
{
    LoadHistogram h(1);
    h.at(0.5).offered += 1;
    h.at(1.5).offered += 1;
    h.at(3.0 * LoadHistogram::kMaxBuckets).offered += 1; // three times past the last bucket
    EXPECT_EQ(h.widthMs(), 4) << "doubled until the time fits";
    EXPECT_LE(h.buckets().size(), LoadHistogram::kMaxBuckets);
    EXPECT_EQ(h.buckets()[0].offered, 2) << "the first two 1 ms buckets merged";
    EXPECT_EQ(total(h), 3);
    h.at(1e300).offered += 1; // beyond any run, and no overflow
    h.at(-5).offered += 1;
    EXPECT_EQ(total(h), 5);
    EXPECT_LE(h.buckets().size(), LoadHistogram::kMaxBuckets);
}

TEST(LoadHistogram, AddingTrialsOfDifferentWidthsAlignsThem)
{
    LoadHistogram wide(10);
    wide.at(25).offered += 1; // bucket [20, 30)
    LoadHistogram narrow(10);
    narrow.at(5).offered += 1;
    LoadHistogram total10(10);
    narrow.addTo(total10);
    LoadHistogram widened(10);
    widened.at(10.0 * LoadHistogram::kMaxBuckets + 5).offered += 1; // makes it 20 ms wide
    ASSERT_EQ(widened.widthMs(), 20);
    widened.addTo(total10);
    wide.addTo(total10);
    EXPECT_EQ(total10.widthMs(), 20);
    EXPECT_EQ(total(total10), 3);
    EXPECT_EQ(total10.buckets()[0].offered, 1) << "5 ms";
    EXPECT_EQ(total10.buckets()[1].offered, 1) << "25 ms, in [20, 40)";
}
