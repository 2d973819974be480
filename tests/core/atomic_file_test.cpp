#include "core/atomic_file.hpp"

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/error.hpp"

namespace fs = std::filesystem;
using namespace biodash;

namespace {
std::string slurp(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}
fs::path scratch() {
  fs::path d = fs::temp_directory_path() / ("biodash_atomic_" + std::to_string(::getpid()));
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}
size_t entries(const fs::path& d) {
  size_t n = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(d)) ++n;
  return n;
}
}  // namespace

TEST(AtomicFile, WritesReplacesAndLeavesNoTemporaryFile) {
  const fs::path d = scratch();
  const std::string p = (d / "out.csv").string();
  write_file_atomically(p, "first\n");
  EXPECT_EQ(slurp(p), "first\n");
  write_file_atomically(p, std::string("sec\0ond", 7));
  EXPECT_EQ(slurp(p), std::string("sec\0ond", 7));
  EXPECT_EQ(entries(d), 1u);  // only out.csv: the temporary file was renamed
  fs::remove_all(d);
}

// The temporary file is hidden, beside the target (same file system), random, and keeps the
// extension last (some readers go by it); two writers never share one.
TEST(AtomicFile, TemporaryNameIsHiddenRandomAndKeepsTheExtension) {
  const fs::path d = scratch();
  const std::string p = (d / "sites.v2.gpkg").string();
  AtomicWriter a(p), b(p);
  const fs::path ta(a.temp_path()), tb(b.temp_path());
  EXPECT_EQ(ta.parent_path(), d);
  EXPECT_EQ(ta.extension(), ".gpkg");
  EXPECT_EQ(ta.filename().string().rfind(".sites.v2.", 0), 0u) << ta;
  EXPECT_NE(ta, tb);
  EXPECT_TRUE(fs::exists(ta));
  fs::remove_all(d);
}

// A link planted at any predictable temporary name (the old ".NAME.tmpPID.ext" scheme) or at
// the target itself is never followed: the victim is untouched and the output is a regular
// file.
TEST(AtomicFile, PlantedLinksAreNeverFollowed) {
  const fs::path d = scratch();
  const fs::path victim = d / "victim.txt";
  std::ofstream(victim) << "precious";
  const std::string pid = std::to_string(::getpid());
  fs::create_symlink(victim, d / (".out.tmp" + pid + ".csv"));
  fs::create_symlink(victim, d / ".out.csv.tmp");
  fs::create_symlink(victim, d / "out.csv");  // the target is a link to the victim
  write_file_atomically((d / "out.csv").string(), "result\n");
  EXPECT_EQ(slurp(victim), "precious");
  EXPECT_TRUE(fs::is_regular_file(fs::symlink_status(d / "out.csv")));
  EXPECT_EQ(slurp(d / "out.csv"), "result\n");
  fs::remove_all(d);
}

TEST(AtomicFile, ReplacedFileKeepsItsPermissions) {
  const fs::path d = scratch();
  const std::string p = (d / "private.csv").string();
  write_file_atomically(p, "a");
  fs::permissions(p, fs::perms::owner_read | fs::perms::owner_write);
  write_file_atomically(p, "b");
  EXPECT_EQ(fs::status(p).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);
  // A new file: 0666 less the umask (not mkstemp's 0600).
  const mode_t mask = ::umask(022);
  ::umask(mask);
  const std::string q = (d / "new.csv").string();
  write_file_atomically(q, "c");
  EXPECT_EQ(static_cast<mode_t>(fs::status(q).permissions() & fs::perms::all), 0666 & ~mask);
  fs::remove_all(d);
}

// A full disk (here: a file-size limit, as tmpfs cannot be mounted in every test
// environment): the write fails with the reason, the old file is whole, no temporary file is
// left. Run in a child process so the limit does not reach the test runner.
TEST(AtomicFile, FullDiskKeepsTheOldFileAndSaysWhy) {
  const fs::path d = scratch();
  const std::string p = (d / "r.png").string();
  write_file_atomically(p, "old picture");
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::close(fds[0]);
    std::signal(SIGXFSZ, SIG_IGN);  // EFBIG instead of a signal
    rlimit lim{4096, 4096};
    ::setrlimit(RLIMIT_FSIZE, &lim);
    std::string msg = "no error";
    try {
      write_file_atomically(p, std::string(100000, 'x'));
    } catch (const Error& e) {
      msg = e.what();
    }
    (void)!::write(fds[1], msg.data(), msg.size());
    ::_exit(0);
  }
  ::close(fds[1]);
  std::string msg;
  char buf[512];
  for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;) msg.append(buf, size_t(n));
  ::close(fds[0]);
  int status = 0;
  ::waitpid(child, &status, 0);
  EXPECT_NE(msg.find(p + ": write failed (File too large)"), std::string::npos) << msg;
  EXPECT_EQ(slurp(p), "old picture");
  EXPECT_EQ(entries(d), 1u);
  fs::remove_all(d);
}

// SIGTERM (and SIGINT, SIGHUP) while writing: the temporary file and a staged GDAL folder are
// removed, and the process dies of the signal as without the handler.
TEST(AtomicFile, SignalsRemoveUnfinishedWrites) {
  const fs::path d = scratch();
  std::ofstream(d / "old.csv") << "old";
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    install_temp_cleanup_on_signals();
    AtomicWriter w((d / "old.csv").string());
    w.write(std::string(1 << 20, 'x'));
    StagedFile g((d / "out.gpkg").string());
    std::ofstream(g.temp_path()) << "sqlite";
    std::ofstream(g.temp_path() + "-journal") << "journal";
    ::raise(SIGTERM);
    ::_exit(0);  // not reached
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status));
  EXPECT_EQ(WTERMSIG(status), SIGTERM);
  EXPECT_EQ(slurp(d / "old.csv"), "old");
  EXPECT_EQ(entries(d), 1u);  // only old.csv
  fs::remove_all(d);
}

// A file a library writes by name: committed over the target (journals and folder gone);
// abandoned (an error, a Cancel): nothing is left and the old file stays.
TEST(AtomicFile, StagedFilesCommitOrVanish) {
  const fs::path d = scratch();
  const std::string p = (d / "result.gpkg").string();
  {
    StagedFile s(p);
    EXPECT_EQ(fs::path(s.temp_path()).filename(), "result.gpkg");
    std::ofstream(s.temp_path()) << "v1";
    std::ofstream(s.temp_path() + "-wal") << "wal";
    s.commit();
  }
  EXPECT_EQ(slurp(p), "v1");
  EXPECT_EQ(entries(d), 1u);
  {
    StagedFile s(p, ".pdf");
    EXPECT_EQ(fs::path(s.temp_path()).filename(), "result.gpkg.pdf");
    std::ofstream(s.temp_path()) << "v2";
  }  // not committed
  EXPECT_EQ(slurp(p), "v1");
  EXPECT_EQ(entries(d), 1u);
  fs::remove_all(d);
}

TEST(AtomicFile, FailuresNameThePathAndKeepTheOldFile) {
  const fs::path d = scratch();
  // Missing folder: nothing is created, the message names the path.
  const std::string missing = (d / "no_such_dir" / "x.csv").string();
  try {
    write_file_atomically(missing, "x");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(missing), std::string::npos) << e.what();
  }
  // Target is a non-empty directory: the rename fails, the directory and its file survive, and
  // the temporary file is removed.
  const fs::path target = d / "taken";
  fs::create_directories(target);
  std::ofstream(target / "keep.txt") << "keep";
  EXPECT_THROW(write_file_atomically(target.string(), "new"), Error);
  EXPECT_EQ(slurp(target / "keep.txt"), "keep");
  EXPECT_EQ(entries(d), 1u);  // only "taken"
  fs::remove_all(d);
}
