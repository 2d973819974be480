#include "core/atomic_file.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

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
  EXPECT_EQ(fs::path(atomic_temp_path(p)).parent_path(), d);  // same folder, same file system
  fs::remove_all(d);
}

// The temporary file is hidden, names the process, and keeps the extension last (GDAL's
// GeoPackage and PDF drivers check it).
TEST(AtomicFile, TemporaryNameKeepsTheExtension) {
  const std::string pid = std::to_string(::getpid());
  EXPECT_EQ(atomic_temp_path("/data/out/sites.gpkg"), "/data/out/.sites.tmp" + pid + ".gpkg");
  EXPECT_EQ(atomic_temp_path("map.v2.png"), "./.map.v2.tmp" + pid + ".png");
  EXPECT_EQ(atomic_temp_path("/data/README"), "/data/.README.tmp" + pid);
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
