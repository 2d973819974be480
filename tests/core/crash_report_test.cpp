// The crash report: a fatal signal prints its number, name and a stack to stderr, and the
// process still dies of that signal (gtest death tests run the statement in a child process).
#include "core/crash_report.hpp"

#include <gtest/gtest.h>

#include <csignal>
#include <thread>

namespace biodash {
namespace {

// Not inlined, so it is a frame of its own in the stack.
[[gnu::noinline]] void crash_here(int sig) {
  std::raise(sig);
}

TEST(CrashReportDeathTest, SegfaultPrintsSignalAndStackThenDiesOfIt) {
  ::testing::GTEST_FLAG(death_test_style) = "threadsafe";
  EXPECT_EXIT(
      {
        install_crash_report();
        crash_here(SIGSEGV);
      },
      ::testing::KilledBySignal(SIGSEGV),
      "biodash: fatal signal 11 \\(SIGSEGV\\); stack.*\n.*\\[0x[0-9a-f]+\\]");
}

TEST(CrashReportDeathTest, AbortOnAWorkerThreadIsReportedToo) {
  ::testing::GTEST_FLAG(death_test_style) = "threadsafe";
  EXPECT_EXIT(
      {
        install_crash_report();
        std::thread t([] { crash_here(SIGABRT); });
        t.join();
      },
      ::testing::KilledBySignal(SIGABRT), "biodash: fatal signal 6 \\(SIGABRT\\)");
}

}  // namespace
}  // namespace biodash
