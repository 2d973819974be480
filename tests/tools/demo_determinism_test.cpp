// The observation generator is a pure function of (count, seed, sources): same seed, same
// bytes; another seed, other bytes.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "observation_generator.hpp"

namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Generates 20,000 records with `seed` into a fresh folder; returns {csv, effects} bytes.
std::pair<std::string, std::string> generate(uint64_t seed, int run) {
  namespace fs = std::filesystem;
  const fs::path dir =
      fs::temp_directory_path() /
      ("biodash_demo_det_" + std::to_string(::getpid()) + "_" + std::to_string(run));
  fs::create_directories(dir);
  biodash::demo::GeneratorConfig c;
  c.count = 20000;
  c.seed = seed;
  c.source_dir = BIODASH_SOURCE_DIR;
  c.csv_path = (dir / "obs.csv").string();
  c.effects_path = (dir / "effects.json").string();
  auto s = biodash::demo::generate_observations(c);
  EXPECT_EQ(s.records, 20000u);
  EXPECT_FALSE(fs::exists(c.csv_path + ".tmp"));
  std::pair<std::string, std::string> bytes{slurp(c.csv_path), slurp(c.effects_path)};
  fs::remove_all(dir);
  return bytes;
}

}  // namespace

TEST(DemoGenerator, SameSeedSameBytesOtherSeedOtherBytes) {
  const auto a = generate(42, 1), b = generate(42, 2), c = generate(43, 3);
  ASSERT_GT(a.first.size(), 1000000u);
  EXPECT_TRUE(a.first == b.first) << "two runs with seed 42 wrote different CSVs";
  EXPECT_TRUE(a.second == b.second) << "two runs with seed 42 wrote different effects";
  EXPECT_FALSE(a.first == c.first) << "seeds 42 and 43 gave the same output";
  // 20000 records + header, every row with the header's 31 columns.
  std::istringstream in(a.first);
  std::string line;
  size_t rows = 0;
  while (std::getline(in, line)) {
    EXPECT_EQ(std::count(line.begin(), line.end(), '\t'), 30) << line;
    ++rows;
  }
  EXPECT_EQ(rows, 20001u);
}

TEST(DemoGenerator, TaxaTableHasAFewHundredRealTaxaInSeveralGroups) {
  auto taxa = biodash::demo::read_taxa(std::string(BIODASH_SOURCE_DIR) + "/tools/demo/taxa.tsv");
  EXPECT_GE(taxa.size(), 200u);
  std::set<std::string> names, groups;
  for (const auto& t : taxa) {
    EXPECT_TRUE(names.insert(t.scientific).second) << "duplicate " << t.scientific;
    EXPECT_FALSE(t.dutch.empty() || t.english.empty()) << t.scientific;
    groups.insert(t.group);
  }
  for (const char* g : {"birds", "vascular plants", "insects", "amphibians", "mammals"})
    EXPECT_TRUE(groups.count(g)) << g;
}
