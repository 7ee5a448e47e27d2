#pragma once

// What the model tests share: readable gtest output for Qt values, and
// QAbstractItemModelTester for gtest.

// QAbstractItemModelTester for gtest. The tester's Fatal mode would abort the
// whole test binary and its QtTest mode needs a QTest run, so it runs in
// Warning mode here and its warnings are collected: the gtest that made the
// model fails, naming every check the model broke.
#include <QAbstractItemModelTester>
#include <QLoggingCategory>
#include <QModelIndex>
#include <QStringList>

#include <cstdio>
#include <memory>
#include <ostream>
#include <string>

// In the global namespace, QString's, so gtest finds them by argument-dependent lookup.
inline void PrintTo(const QString& text, std::ostream* os)
{
    *os << '"' << text.toStdString() << '"';
}
inline void PrintTo(const QModelIndex& index, std::ostream* os)
{
    if (!index.isValid())
        *os << "QModelIndex()";
    else
        *os << "QModelIndex(" << index.row() << ", " << index.column() << ", \""
            << index.data().toString().toStdString() << "\")";
}

namespace jitterbug::gui::test {

class ModelTesterGuard
{
public:
    explicit ModelTesterGuard(QAbstractItemModel* model)
    {
        // Guards may nest (two models under test at once): the handler is
        // installed by the first and put back by the last, never chained to itself.
        if (s_guards++ == 0) {
            failuresSeen().clear();
            s_previous = qInstallMessageHandler(&collect);
        }
        // The tester checks the whole model now, then after every signal it emits.
        m_tester = std::make_unique<QAbstractItemModelTester>(model,
                                                              QAbstractItemModelTester::FailureReportingMode::Warning);
    }
    ~ModelTesterGuard()
    {
        m_tester.reset();
        if (--s_guards == 0)
            qInstallMessageHandler(s_previous);
    }
    ModelTesterGuard(const ModelTesterGuard&) = delete;
    ModelTesterGuard& operator=(const ModelTesterGuard&) = delete;

    // What the testers reported since the outermost guard was made, a line each; empty for sound models.
    std::string failures() const { return failuresSeen().join(QLatin1Char('\n')).toStdString(); }

private:
    static QStringList& failuresSeen()
    {
        static QStringList failures;
        return failures;
    }
    static void collect(QtMsgType type, const QMessageLogContext& context, const QString& message)
    {
        if (type == QtWarningMsg && qstrcmp(context.category, "qt.modeltest") == 0)
            failuresSeen().append(message);
        else if (s_previous)
            s_previous(type, context, message);
        else
            std::fprintf(stderr, "%s\n", qPrintable(qFormatLogMessage(type, context, message)));
    }

    static inline QtMessageHandler s_previous = nullptr;
    static inline int s_guards = 0;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

} // namespace jitterbug::gui::test
