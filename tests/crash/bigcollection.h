#pragma once
// The collection the crash tests save: the benchmarks' 1,000 requests, copied
// `copies` times (about 0.6 MB of file each), in one of two revisions. The
// revisions differ in every request and in length, so a file that stopped
// part way or mixed the two matches neither.
#include "largecollection.h"

namespace jitterbug::test {

inline Collection bigCollection(int revision, int copies = 3)
{
    const Collection thousand = bench::thousandRequests();
    Collection big = thousand;
    big.name = QStringLiteral("Large, revision %1").arg(revision);
    big.items.clear();
    for (int copy = 0; copy < copies; ++copy) {
        for (Item item : thousand.items) {
            Folder* folder = item.folder();
            folder->name += QStringLiteral(" (copy %1)").arg(copy);
            for (Item& child : folder->items) {
                RequestItem* request = child.request();
                request->url += QStringLiteral("?revision=%1").arg(revision);
                request->description = QStringLiteral("Saved in revision %1.").arg(revision).repeated(revision + 1);
            }
            big.items.push_back(std::move(item));
        }
    }
    return big;
}

} // namespace jitterbug::test
