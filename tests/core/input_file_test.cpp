// Only regular files are read as data: FIFOs, devices, folders and /proc files are refused by
// name, promptly (core/input_file).
#include "core/input_file.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <future>

#include "../support/blocking_call.hpp"
#include "core/error.hpp"

namespace fs = std::filesystem;
using namespace biodash;

namespace {

fs::path temp_dir(const std::string& name) {
  fs::path d =
      fs::temp_directory_path() / ("biodash_input_file_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

std::string error_within_5s(const std::function<void()>& f, const std::string& unblock = "") {
  return error_within(5, f, unblock);  // tests/support/blocking_call.hpp
}

}  // namespace

TEST(InputFile, FifoIsRefusedPromptlyByName) {
  const fs::path d = temp_dir("fifo");
  const std::string fifo = (d / "observations.csv").string();
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::string m = error_within_5s([&] { require_regular_file(fifo, "observations"); }, fifo);
  EXPECT_NE(m.find(fifo), std::string::npos) << m;
  EXPECT_NE(m.find("is a FIFO"), std::string::npos) << m;
  EXPECT_NE(m.find("observations"), std::string::npos) << m;
  m = error_within_5s([&] { ::close(open_regular_file(fifo, "polygons")); }, fifo);
  EXPECT_NE(m.find("is a FIFO"), std::string::npos) << m;
  m = error_within_5s([&] { read_small_file(fifo, 1 << 20, "session"); }, fifo);
  EXPECT_NE(m.find("is a FIFO"), std::string::npos) << m;
  EXPECT_NE(m.find("session"), std::string::npos) << m;
  fs::remove_all(d);
}

TEST(InputFile, DevicesFoldersAndProcAreRefused) {
  std::string m = error_within_5s([] { require_regular_file("/dev/zero", "observations"); });
  EXPECT_NE(m.find("/dev/zero: is a device"), std::string::npos) << m;
  m = error_within_5s([] { read_small_file("/dev/zero", 100, "tour"); });
  EXPECT_NE(m.find("is a device"), std::string::npos) << m;
  m = error_within_5s([] { require_regular_file("/tmp", nullptr); });
  EXPECT_NE(m.find("/tmp: is a directory"), std::string::npos) << m;
  m = error_within_5s([] { read_small_file("/proc/self/status", 1 << 20, "list"); });
  EXPECT_NE(m.find("/proc"), std::string::npos) << m;
  m = error_within_5s([] { require_regular_file("/nonexistent/biodash/x.csv", "observations"); });
  EXPECT_NE(m.find("/nonexistent/biodash/x.csv: cannot open: No such file or directory"),
            std::string::npos)
      << m;
  m = error_within_5s([] { require_regular_file("", "observations"); });
  EXPECT_NE(m.find("no file name"), std::string::npos) << m;
}

TEST(InputFile, RegularFilesAndLinksToThemAreRead) {
  const fs::path d = temp_dir("regular");
  const std::string f = (d / "list.txt").string();
  std::ofstream(f) << "a\nb\n";
  EXPECT_NO_THROW(require_regular_file(f, "list"));
  EXPECT_EQ(read_small_file(f, 100, "list"), "a\nb\n");
  fs::create_symlink(f, d / "link.txt");
  EXPECT_EQ(read_small_file((d / "link.txt").string(), 100, "list"), "a\nb\n");
  uint64_t size = 0;
  const int fd = open_regular_file(f, "list", &size);
  EXPECT_EQ(size, 4u);
  EXPECT_EQ(::fcntl(fd, F_GETFL) & O_NONBLOCK, 0);  // blocking reads restored
  ::close(fd);
  const std::string empty = (d / "empty.txt").string();
  std::ofstream(empty).flush();
  EXPECT_EQ(read_small_file(empty, 100, "list"), "");
  fs::remove_all(d);
}

TEST(InputFile, TooLargeIsRefusedWithTheLimit) {
  const fs::path d = temp_dir("large");
  const std::string f = (d / "session.biodash").string();
  std::ofstream(f) << std::string(1000, 'x');
  const std::string m = error_within_5s([&] { read_small_file(f, 999, "a session"); });
  EXPECT_NE(m.find(f + ": 1000 bytes"), std::string::npos) << m;
  EXPECT_NE(m.find("999 bytes allowed for a session"), std::string::npos) << m;
  EXPECT_EQ(read_small_file(f, 1000, "a session").size(), 1000u);
  fs::remove_all(d);
}
