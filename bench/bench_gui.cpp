// The desktop app's speed and memory targets: a 10,000-attempt timeline
// redraws in at most 50 ms; a 1,000-request collection opens in at most 1 s
// (and an edit in it keeps up with typing);
// memory after a 10,000-attempt call stays under 200 MB. Offscreen, so it runs
// without a display; start-up is bench/gui_startup.sh's (a real window under Xvfb).
#include "charts/timelinechart.h"
#include "collection/collectionjson.h"
#include "editor/requesteditor.h"
#include "largecollection.h"
#include "mainwindow.h"
#include "run/callrunner.h"
#include "util/processstats.h"

#include <QApplication>
#include <QFile>
#include <QLineEdit>
#include <QTemporaryDir>
#include <QUndoStack>

#include <benchmark/benchmark.h>

using namespace jitterbug;
using namespace jitterbug::gui;

namespace {

Timeline tenThousandAttempts()
{
    Timeline t;
    double at = 0;
    for (int i = 1; i <= 10'000; ++i) {
        AttemptRecord a;
        a.attempt = i;
        a.startedMs = at;
        a.endedMs = at + 3;
        a.status = i == 10'000 ? 200 : 503;
        a.decision = i == 10'000 ? Decision::Success : Decision::Retry;
        a.reason = QStringLiteral("503 is retryable");
        if (i < 10'000) {
            a.waitMs = 2;
            a.waitSource = WaitSource::Backoff;
            a.waits = {WaitSegment{WaitSource::Backoff, at + 3, 2}};
        }
        t.attempts.append(a);
        at += 5;
    }
    t.outcome.status = 200;
    t.outcome.attempts = 10'000;
    t.outcome.elapsedMs = at;
    t.outcome.succeeded = true;
    return t;
}

void BM_RedrawTenThousandAttemptTimeline(benchmark::State& state)
{
    TimelineChart chart;
    chart.resize(1200, 400);
    const Timeline t = tenThousandAttempts();
    for (auto _ : state) {
        chart.setTimelines({t});
        const QPixmap frame = chart.grab(); // a full paint, as the screen gets it
        benchmark::DoNotOptimize(frame);
    }
}
BENCHMARK(BM_RedrawTenThousandAttemptTimeline)->Unit(benchmark::kMillisecond);

void BM_OpenThousandRequestCollection(benchmark::State& state)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("large.jitterbug.json"));
    if (!saveCollection(bench::thousandRequests(), path))
        state.SkipWithError("cannot save the generated collection");
    for (auto _ : state) {
        MainWindow window;
        auto opened = window.openCollection(path); // load, tree, first request in the editor
        benchmark::DoNotOptimize(opened);
    }
}
BENCHMARK(BM_OpenThousandRequestCollection)->Unit(benchmark::kMillisecond);

// One keystroke in the URL of a request in a 1,000-request collection: the
// edit becomes an undo step and the tree shows the changed collection.
void BM_EditInThousandRequestCollection(benchmark::State& state)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("large.jitterbug.json"));
    if (!saveCollection(bench::thousandRequests(), path))
        state.SkipWithError("cannot save the generated collection");
    MainWindow window;
    window.resize(1280, 820);
    if (!window.openCollection(path))
        state.SkipWithError("cannot open the collection");
    window.show();
    QApplication::processEvents();
    QLineEdit* url = window.editor()->urlEdit();
    const QString base = url->text();
    int keystroke = 0;
    for (auto _ : state) {
        url->setText(base + QString::number(++keystroke % 10));
        QApplication::processEvents(); // the tree repaints, as on screen
    }
    window.undoStack()->setClean(); // nothing to ask about when the window closes
}
BENCHMARK(BM_EditInThousandRequestCollection)->Unit(benchmark::kMillisecond);

// A call of 10,000 attempts on the simulated backend, shown in the window:
// the memory it leaves behind is the counter.
void BM_MemoryAfterATenThousandAttemptCall(benchmark::State& state)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("down.jitterbug.json"));
    QFile file(path);
    file.open(QIODevice::WriteOnly);
    file.write(R"({"format": 1, "id": "8d0b4c1a-2f7e-4b6a-9c3d-5e1f2a3b4c5d", "name": "Down",
  "policy": {"max_attempts": 10000, "backoff": "constant", "base_delay_ms": 1, "jitter": "none"},
  "items": [{"request": "Down", "method": "GET", "url": "http://sim.local/down"}]}
)");
    file.close();
    MainWindow window;
    window.resize(1280, 820);
    window.runner().setInstant(true);
    if (!window.openCollection(path))
        state.SkipWithError("cannot open the collection");
    state.counters["idle_MB"] = residentMegabytes();
    for (auto _ : state)
        window.send();
    window.show();
    QApplication::processEvents();
    state.counters["attempts"] = static_cast<double>(window.runner().timeline().attempts.size());
    state.counters["after_MB"] = residentMegabytes();
}
BENCHMARK(BM_MemoryAfterATenThousandAttemptCall)->Unit(benchmark::kMillisecond)->Iterations(1);

} // namespace

int main(int argc, char** argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QTemporaryDir home; // settings and history of the benchmark's own
    qputenv("XDG_CONFIG_HOME", home.filePath(QStringLiteral("config")).toUtf8());
    qputenv("XDG_DATA_HOME", home.filePath(QStringLiteral("data")).toUtf8());
    QApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
