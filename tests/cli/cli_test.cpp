// Runs the biodash executable as a user would and checks its files and messages.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "io/csv_table.hpp"

namespace fs = std::filesystem;

namespace {

struct Result {
  int code;            // exit status
  std::string output;  // stdout + stderr
};

Result run(const std::string& args) {
  std::string cmd = std::string(BIODASH_EXE) + " " + args + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  std::string out;
  char buf[4096];
  while (size_t n = fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  int st = pclose(p);
  return {WIFEXITED(st) ? WEXITSTATUS(st) : -1, out};
}

std::string demo(const std::string& f) { return std::string(BIODASH_DEMO_DATA) + "/leiden/" + f; }
std::string tmp(const std::string& f) { return std::string(BIODASH_TMP) + "/" + f; }

std::string slurp(const std::string& path) {
  std::ifstream f(path);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

}  // namespace

// Reference: derived_pip_counts_leiden_region.json (per_leiden_wijk_rows).
TEST(CliAggregate, MuskratPerWijkMatchesReference) {
  const std::string out = tmp("wijk_counts.csv");
  fs::remove(out);
  Result r = run("aggregate --polygons " + demo("leiden_wijken_2024.geojson") +
                 " --observations " + demo("leiden_region_subset_with_wgs84.csv") +
                 " --id-field statcode --metrics n_obs --out " + out);
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("TIMING load_s="), std::string::npos);
  biodash::CsvTable t = biodash::parse_csv(slurp(out), out);
  ASSERT_EQ(t.header, (std::vector<std::string>{"statcode", "n_obs"}));
  ASSERT_EQ(t.rows.size(), 10u);  // one row per wijk, zeros included
  std::map<std::string, std::string> c;
  for (auto& row : t.rows) c[row[0]] = row[1];
  EXPECT_EQ(c["WK054605"], "11");
  EXPECT_EQ(c["WK054604"], "7");
  EXPECT_EQ(c["WK054606"], "7");
  EXPECT_EQ(c["WK054600"], "0");
}

TEST(CliAggregate, SpeciesCountAndDefaultFidColumn) {
  // Muskrat file: CatchTypeName has distinct values; count them per gemeente by hand-checkable
  // rule: n_species <= n_obs, and the header follows --metrics exactly.
  const std::string out = tmp("gm_counts.csv");
  Result r = run("aggregate --polygons " + demo("leiden_region_gemeenten_2024.geojson") +
                 " --observations " + demo("leiden_region_subset_with_wgs84.csv") +
                 " --metrics n_obs,n_species --species-field CatchTypeName --out " + out);
  ASSERT_EQ(r.code, 0) << r.output;
  biodash::CsvTable t = biodash::parse_csv(slurp(out), out);
  ASSERT_EQ(t.header, (std::vector<std::string>{"fid", "n_obs", "n_species"}));
  ASSERT_EQ(t.rows.size(), 12u);
  for (auto& row : t.rows) EXPECT_LE(std::stoi(row[2]), std::stoi(row[1]));
}

TEST(CliAggregate, MissingInputNamesTheFileAndKeepsExistingOutput) {
  const std::string out = tmp("keep_me.csv");
  { std::ofstream(out) << "precious\n"; }
  Result r = run("aggregate --polygons /nonexistent/wijken.gpkg --observations " +
                 demo("leiden_region_subset_with_wgs84.csv") + " --out " + out);
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.output.find("/nonexistent/wijken.gpkg"), std::string::npos) << r.output;
  EXPECT_EQ(slurp(out), "precious\n");
}

TEST(CliAggregate, CorruptFileIsAClearErrorNotACrash) {
  const std::string out = tmp("corrupt.csv");
  Result r = run("aggregate --polygons " + std::string(BIODASH_TEST_DATA) +
                 "/gis-testdata/flatgeobuf/clusterfuzz-testcase-minimized-fgb_fuzzer-4642513358553088"
                 " --observations " + demo("leiden_region_subset_with_wgs84.csv") + " --out " + out);
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.output.find("clusterfuzz"), std::string::npos) << r.output;
  // GDAL's own reason is carried through.
  EXPECT_NE(r.output.find("Header failed consistency verification"), std::string::npos) << r.output;
}

TEST(CliAggregate, BadArgumentsPrintUsage) {
  Result r = run("aggregate --polygons x");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.output.find("usage"), std::string::npos);
  r = run("aggregate --polygons a --observations b --out c --metrics n_obs,bogus");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.output.find("bogus"), std::string::npos);
}

TEST(CliAggregate, UnwritableOutputIsReported) {
  Result r = run("aggregate --polygons " + demo("leiden_wijken_2024.geojson") + " --observations " +
                 demo("leiden_region_subset_with_wgs84.csv") + " --out /nonexistent/dir/out.csv");
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.output.find("/nonexistent/dir/out.csv"), std::string::npos) << r.output;
}

TEST(CliAggregate, NonPolygonLayerIsRefused) {
  Result r = run("aggregate --polygons " + demo("leiden_region_subset_with_wgs84.csv") +
                 " --observations " + demo("leiden_region_subset_with_wgs84.csv") + " --out " +
                 tmp("never.csv"));
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.output.find("no polygon layer (its geometries are points)"), std::string::npos)
      << r.output;
}
