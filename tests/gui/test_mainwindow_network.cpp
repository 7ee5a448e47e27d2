// "Never freeze" on the real network: the window's own CallRunner, on the
// real clock, against HTTP servers on 127.0.0.1. A 50 MB body, a server that
// never answers and a refused connection must each leave the event loop
// turning, end in the window (not in a modal dialog), and leave Send usable.
#include "document/recoveryfile.h"
#include "editor/requesteditor.h"
#include "mainwindow.h"
#include "models/attemptstablemodel.h"
#include "run/callrunner.h"
#include "run/responseviewer.h"
#include "server/httpserver.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimer>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <memory>

using namespace jitterbug;
using namespace jitterbug::gui;

namespace {

// What the server thread saw, told to the test's thread as signals, so the
// test waits on them with QSignalSpy.
class ServerEvents : public QObject
{
    Q_OBJECT
Q_SIGNALS:
    void requestReceived();
    void connectionAbandoned();
};

// An HttpServer on 127.0.0.1 on a thread of its own, as a remote server
// would be: the time it spends writing 50 MB is not the window's, so the
// window's event loop is measured alone.
class ServerThread
{
public:
    explicit ServerThread(std::function<ServerAnswer(const ServerRequest&)> answerOf)
        : m_context(std::make_unique<QObject>())
    {
        m_thread.start();
        m_context->moveToThread(&m_thread);
        onServerThread([this, answerOf = std::move(answerOf)] {
            m_server = std::make_unique<HttpServer>(
                [this, answerOf](const ServerRequest& request, const HttpServer::Reply& reply) {
                    QMetaObject::invokeMethod(&m_events, &ServerEvents::requestReceived, Qt::QueuedConnection);
                    reply(answerOf(request));
                });
            m_server->setAbandonedHandler([this](quint64) {
                QMetaObject::invokeMethod(&m_events, &ServerEvents::connectionAbandoned, Qt::QueuedConnection);
            });
            if (m_server->listen(QHostAddress(QHostAddress::LocalHost), 0))
                m_port = m_server->port();
        });
    }

    ~ServerThread()
    {
        onServerThread([this] { m_server.reset(); });
        m_thread.quit();
        m_thread.wait();
    }

    quint16 port() const { return m_port; }
    QString url(const QString& path) const { return QStringLiteral("http://127.0.0.1:%1%2").arg(m_port).arg(path); }
    ServerEvents& events() { return m_events; }

private:
    void onServerThread(const std::function<void()>& work)
    {
        QMetaObject::invokeMethod(m_context.get(), work, Qt::BlockingQueuedConnection);
    }

    QThread m_thread;
    std::unique_ptr<QObject> m_context; // lives on m_thread: what work is queued to
    std::unique_ptr<HttpServer> m_server; // made, used and destroyed on m_thread
    ServerEvents m_events; // lives on the test's thread
    quint16 m_port = 0;
};

// A timer on the window's event loop every 20 ms, as a redraw or a typed key
// would be served: the longest gap between its ticks is how long the window
// was frozen at worst.
class LoopWatch
{
public:
    LoopWatch()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(20);
        QObject::connect(&m_timer, &QTimer::timeout, [this] {
            m_maxGapMs = std::max(m_maxGapMs, m_sinceTick.restart());
            ++m_ticks;
        });
        m_sinceTick.start();
        m_timer.start();
    }

    qint64 maxGapMs() const { return m_maxGapMs; }
    int ticks() const { return m_ticks; }

private:
    QTimer m_timer;
    QElapsedTimer m_sinceTick;
    qint64 m_maxGapMs = 0;
    int m_ticks = 0;
};

// A modal dialog would stop the user (and, offscreen, the test) until
// dismissed: any that opens is noted and closed, so the test fails instead
// of hanging.
class ModalWatch
{
public:
    ModalWatch()
    {
        m_timer.setInterval(50);
        QObject::connect(&m_timer, &QTimer::timeout, [this] {
            if (QWidget* modal = QApplication::activeModalWidget()) {
                m_seen.append(modal->windowTitle());
                modal->close();
            }
        });
        m_timer.start();
    }

    const QStringList& seen() const { return m_seen; }

private:
    QTimer m_timer;
    QStringList m_seen;
};

class NetworkWindowTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        ASSERT_TRUE(recoveryDir.isValid());
        window.setRecoveryFile(std::make_unique<RecoveryFile>(recoveryDir.path()));
        window.resize(1280, 820);
        window.show();
        window.activateWindow();
        ASSERT_TRUE(QTest::qWaitForWindowActive(&window));
        ASSERT_TRUE(window.newCollection());
        window.editor()->setBackend(BackendChoice{BackendChoice::Kind::Network});
    }

    // Points the new collection's request at `url`, as a user types it.
    void setUrl(const QString& url)
    {
        window.editor()->urlEdit()->setText(url);
        ASSERT_TRUE(window.editor()->problem().isEmpty()) << window.editor()->problem().toStdString();
        ASSERT_TRUE(window.editor()->sendButton()->isEnabled());
    }

    QString attemptResult(int row) const
    {
        return window.attemptsModel()->index(row, AttemptsTableModel::Result).data().toString();
    }

    QString statusBarText() const
    {
        QStringList texts;
        for (const QLabel* label : window.statusBar()->findChildren<QLabel*>())
            texts.append(label->text());
        return texts.join(u'\n');
    }

    // Sends to a loopback server that drips `body` out, and checks that the
    // window kept turning while it came in, and what it shows at the end.
    void sendAndShowLargeBody(const QByteArray& body)
    {
        // Half a megabyte every 10 ms, so the download spans a second or so
        // of the window's event loop rather than one burst.
        ServerThread server([body](const ServerRequest&) {
            ServerAnswer answer;
            answer.kind = ServerAnswer::Kind::Drip;
            answer.body = body;
            answer.dripChunkBytes = 512 * 1024;
            answer.dripIntervalMs = 10;
            return answer;
        });
        ASSERT_NE(server.port(), 0);
        setUrl(server.url(QStringLiteral("/large")));

        QSignalSpy started(&window.runner(), &CallRunner::started);
        QSignalSpy finished(&window.runner(), &CallRunner::finished);
        QElapsedTimer call;
        call.start();
        LoopWatch watch;
        QTest::mouseClick(window.editor()->sendButton(), Qt::LeftButton);
        ASSERT_EQ(started.size(), 1);
        ASSERT_TRUE(finished.wait(60'000)) << "the call did not finish";
        const qint64 callMs = call.elapsed();
        const int ticksDuringCall = watch.ticks();
        QTest::qWait(500); // the response is laid out and painted after the call ends: that counts too
        EXPECT_LT(watch.maxGapMs(), 1000) << "the window froze for " << watch.maxGapMs() << " ms";
        EXPECT_GE(ticksDuringCall, 10) << "the call took " << callMs << " ms";
        std::printf("%lld bytes: call %lld ms, %d ticks during it, longest gap %lld ms\n",
                    static_cast<long long>(body.size()), static_cast<long long>(callMs), ticksDuringCall,
                    static_cast<long long>(watch.maxGapMs()));

        ASSERT_EQ(window.attemptsModel()->rowCount(), 1);
        EXPECT_EQ(attemptResult(0), QStringLiteral("200"));
        ASSERT_TRUE(window.runner().response());
        EXPECT_EQ(window.runner().response()->body.size(), body.size()) << "the whole body is kept";

        const QString status = window.responseViewer()->statusText();
        EXPECT_TRUE(status.contains(QStringLiteral("200"))) << status.toStdString();
        EXPECT_TRUE(status.contains(QLocale().toString(body.size()) + QStringLiteral(" bytes")))
            << status.toStdString();
        const QString shown = window.responseViewer()->bodyText();
        EXPECT_TRUE(shown.startsWith(
            QStringLiteral("[showing the first %1 of %2 bytes]")
                .arg(QLocale().toString(ResponseViewer::kShownBodyBytes), QLocale().toString(body.size()))))
            << shown.left(300).toStdString();
        EXPECT_LT(shown.size(), ResponseViewer::kShownBodyBytes * 11 / 10);
        EXPECT_TRUE(modals.seen().isEmpty()) << modals.seen().join(u", ").toStdString();
    }

    QTemporaryDir recoveryDir;
    MainWindow window;
    ModalWatch modals;
};

constexpr qsizetype kLargeBodyBytes = qsizetype{50} * 1024 * 1024;

// Short lines of text, as a large log or CSV export would be.
QByteArray textLines(qsizetype bytes)
{
    const QByteArray line("2024-05-01T12:00:00Z GET /orders 200 the quick brown fox jumps over the lazy dog\n");
    QByteArray body = line.repeated(bytes / line.size());
    return body + QByteArray(bytes - body.size(), '\n');
}

// A JSON array on one line, as an API answers without pretty-printing:
// cut short, it no longer parses and is shown as it came.
QByteArray minifiedJson(qsizetype bytes)
{
    QByteArray body("[");
    body.reserve(bytes);
    for (int id = 1; body.size() < bytes - 100; ++id)
        body += "{\"id\":" + QByteArray::number(id) + ",\"name\":\"item " + QByteArray::number(id)
            + "\",\"tags\":[\"a\",\"b\"],\"price\":12.5},";
    body.chop(1);
    return body + QByteArray(bytes - body.size() - 1, ' ') + ']';
}

} // namespace

TEST_F(NetworkWindowTest, A50MegabyteLogDownloadsWhileTheWindowKeepsTurningAndIsShownCut)
{
    sendAndShowLargeBody(textLines(kLargeBodyBytes));
    EXPECT_FALSE(window.responseViewer()->bodyText().contains(QStringLiteral("shown broken")))
        << "short lines are shown as they are";
}

TEST_F(NetworkWindowTest, A50MegabyteOneLineJsonIsShownCutAndBroken)
{
    sendAndShowLargeBody(minifiedJson(kLargeBodyBytes));
    const QString shown = window.responseViewer()->bodyText();
    EXPECT_TRUE(shown.contains(QStringLiteral("[lines longer than %1 characters are shown broken]")
                                   .arg(QLocale().toString(ResponseViewer::kLongestShownLine))))
        << shown.left(300).toStdString();
    qsizetype longest = 0;
    for (const QStringView line : QStringView(shown).tokenize(u'\n'))
        longest = std::max(longest, line.size());
    EXPECT_LE(longest, ResponseViewer::kLongestShownLine)
        << "a line of megabytes costs Qt's text layout most of a second at every repaint";
}

TEST_F(NetworkWindowTest, EscapeCancelsACallToAServerThatNeverAnswers)
{
    ServerThread server([](const ServerRequest&) {
        ServerAnswer hold;
        hold.kind = ServerAnswer::Kind::Hold;
        return hold;
    });
    ASSERT_NE(server.port(), 0);
    setUrl(server.url(QStringLiteral("/hang")));
    QSignalSpy received(&server.events(), &ServerEvents::requestReceived);
    QSignalSpy abandoned(&server.events(), &ServerEvents::connectionAbandoned);
    QSignalSpy finished(&window.runner(), &CallRunner::finished);

    LoopWatch watch;
    QTest::mouseClick(window.editor()->sendButton(), Qt::LeftButton);
    ASSERT_TRUE(received.wait(10'000)) << "the request never reached the server";
    QTest::qWait(300); // the call hangs for a while, as a user would see it
    EXPECT_TRUE(window.runner().isRunning());
    EXPECT_TRUE(finished.isEmpty());

    QElapsedTimer cancel;
    cancel.start();
    ASSERT_TRUE(QApplication::activeWindow());
    QTest::keyClick(QApplication::activeWindow(), Qt::Key_Escape);
    ASSERT_TRUE(finished.size() == 1 || finished.wait(5'000)) << "Esc did not end the call";
    const qint64 cancelMs = cancel.elapsed();
    EXPECT_LT(cancelMs, 5'000);
    EXPECT_FALSE(window.runner().isRunning());
    EXPECT_EQ(window.runner().timeline().outcome.error, ErrorCode::Cancelled);

    ASSERT_EQ(window.attemptsModel()->rowCount(), 1);
    EXPECT_EQ(attemptResult(0), QStringLiteral("cancelled"));
    EXPECT_TRUE(statusBarText().contains(QStringLiteral("cancelled"))) << statusBarText().toStdString();
    EXPECT_TRUE(window.logView()->toPlainText().contains(QStringLiteral("done: cancelled")))
        << window.logView()->toPlainText().toStdString();
    EXPECT_TRUE(window.editor()->sendButton()->isEnabled());
    EXPECT_TRUE(abandoned.size() == 1 || abandoned.wait(5'000)) << "the connection was left open";
    EXPECT_LT(watch.maxGapMs(), 1000) << "the window froze for " << watch.maxGapMs() << " ms";
    EXPECT_TRUE(modals.seen().isEmpty()) << modals.seen().join(u", ").toStdString();

    // Send works again at once: a second call goes out, and Esc ends it too.
    QTest::mouseClick(window.editor()->sendButton(), Qt::LeftButton);
    ASSERT_TRUE(received.wait(10'000));
    EXPECT_TRUE(window.runner().isRunning());
    QTest::keyClick(QApplication::activeWindow(), Qt::Key_Escape);
    EXPECT_TRUE(finished.size() == 2 || finished.wait(5'000));
    std::printf("hang: cancelled %lld ms after Esc, longest gap %lld ms\n", static_cast<long long>(cancelMs),
                static_cast<long long>(watch.maxGapMs()));
}

TEST_F(NetworkWindowTest, ARefusedConnectionEndsInTheTableNotInADialog)
{
    // A port that was just free on 127.0.0.1 and is closed again: connecting is refused.
    quint16 closedPort = 0;
    {
        QTcpServer probe;
        ASSERT_TRUE(probe.listen(QHostAddress(QHostAddress::LocalHost), 0));
        closedPort = probe.serverPort();
    }
    setUrl(QStringLiteral("http://127.0.0.1:%1/refused").arg(closedPort));
    QSignalSpy finished(&window.runner(), &CallRunner::finished);

    LoopWatch watch;
    QTest::mouseClick(window.editor()->sendButton(), Qt::LeftButton);
    ASSERT_TRUE(finished.wait(30'000)) << "the call did not finish";

    const Timeline& timeline = window.runner().timeline();
    EXPECT_EQ(timeline.outcome.error, ErrorCode::ConnectionRefused);
    const int rows = window.attemptsModel()->rowCount();
    ASSERT_EQ(rows, timeline.attempts.size());
    ASSERT_GE(rows, 1);
    for (int row = 0; row < rows; ++row)
        EXPECT_EQ(attemptResult(row), QStringLiteral("connection_refused")) << "row " << row;
    EXPECT_TRUE(window.logView()->toPlainText().contains(QStringLiteral("done: connection_refused")))
        << window.logView()->toPlainText().toStdString();
    EXPECT_TRUE(statusBarText().contains(QStringLiteral("refused"))) << statusBarText().toStdString();
    EXPECT_TRUE(window.responseViewer()->statusText().startsWith(QStringLiteral("No response")))
        << window.responseViewer()->statusText().toStdString();
    EXPECT_TRUE(modals.seen().isEmpty()) << modals.seen().join(u", ").toStdString();
    EXPECT_EQ(QApplication::activeModalWidget(), nullptr);
    EXPECT_TRUE(window.editor()->sendButton()->isEnabled());
    EXPECT_LT(watch.maxGapMs(), 1000) << "the window froze for " << watch.maxGapMs() << " ms";
    std::printf("refused: %d attempts, longest gap %lld ms\n", rows, static_cast<long long>(watch.maxGapMs()));
}

#include "test_mainwindow_network.moc"
