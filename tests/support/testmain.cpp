#include <QCoreApplication>

#include <gtest/gtest.h>

// Every test binary gets a QCoreApplication, so Qt's event loop, timers and
// sockets work exactly as they do in the front ends.
int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
