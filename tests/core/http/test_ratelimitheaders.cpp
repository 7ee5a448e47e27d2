// PLACEHOLDER: replaced by the real tests.
#include <gtest/gtest.h>
TEST(Placeholder, Pending) { GTEST_SKIP(); }
