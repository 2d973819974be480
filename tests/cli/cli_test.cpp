// Runs the biodash executable as a user would and checks its files and messages.
#include <gdal.h>
#include <gtest/gtest.h>
#include <ogr_api.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
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

std::string demo(const std::string& f) {
  return std::string(BIODASH_DEMO_DATA) + "/leiden/" + f;
}
std::string tmp(const std::string& f) {
  return std::string(BIODASH_TMP) + "/" + f;
}

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
  Result r = run("aggregate --polygons " + demo("leiden_wijken_2024.geojson") + " --observations " +
                 demo("leiden_region_subset_with_wgs84.csv") +
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

TEST(CliAggregate, GeoPackageWithoutIdFieldNamesTheIdColumnAreaFid) {
  // Without --id-field the id is the polygons' feature id, "fid" in CSV; a GeoPackage has its
  // own integer fid, so the column is written as "area_fid" (GDAL used to refuse the layer).
  // The per-wijk counts must be those of the reference (WK054605: 11 catches).
  const std::string out = tmp("wijk_nofid.gpkg");
  fs::remove(out);
  Result r = run("aggregate --polygons " + demo("leiden_wijken_2024.geojson") + " --observations " +
                 demo("leiden_region_subset_with_wgs84.csv") + " --metrics n_obs --out " + out);
  ASSERT_EQ(r.code, 0) << r.output;
  FILE* p = popen(("ogrinfo -ro -al -q " + out + " 2>&1").c_str(), "r");
  std::string info;
  char buf[4096];
  while (size_t n = fread(buf, 1, sizeof buf, p)) info.append(buf, n);
  pclose(p);
  size_t rows = 0;
  double total = 0;
  for (size_t pos = 0; (pos = info.find("area_fid (String) = ", pos)) != std::string::npos;) {
    ++rows;
    const size_t q = info.find("n_obs (Real) = ", pos);
    ASSERT_NE(q, std::string::npos) << info;
    total += std::stod(info.substr(q + 15, info.find('\n', q) - q - 15));
    pos = q;
  }
  EXPECT_EQ(rows, 10u) << info;  // one feature per wijk
  // Same total as the CSV of the same command (whose per-wijk counts
  // MuskratPerWijkMatchesReference checks against the reference JSON).
  const std::string csv = tmp("wijk_nofid.csv");
  r = run("aggregate --polygons " + demo("leiden_wijken_2024.geojson") + " --observations " +
          demo("leiden_region_subset_with_wgs84.csv") + " --metrics n_obs --out " + csv);
  ASSERT_EQ(r.code, 0) << r.output;
  biodash::CsvTable t = biodash::parse_csv(slurp(csv), csv);
  ASSERT_EQ(t.header, (std::vector<std::string>{"fid", "n_obs"}));
  double csv_total = 0;
  for (auto& row : t.rows) csv_total += std::stod(row[1]);
  EXPECT_EQ(total, csv_total);
  EXPECT_GE(total, 25);  // at least the 11 + 7 + 7 of WK054605/04/06
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
  Result r =
      run("aggregate --polygons " + std::string(BIODASH_TEST_DATA) +
          "/gis-testdata/flatgeobuf/clusterfuzz-testcase-minimized-fgb_fuzzer-4642513358553088"
          " --observations " +
          demo("leiden_region_subset_with_wgs84.csv") + " --out " + out);
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

TEST(CliAggregate, HexCellsCountEveryRecordOnceAndGpkgMatchesCsv) {
  // 2,653 records, all inside the generated grid's extent, 64 of them absences (NumberOfCatches
  // 0, counted in the CSV with a script): the hex counts of presence records must sum to 2,589 (no
  // gaps, no double counts), and the GeoPackage output must carry the same numbers.
  const std::string csv = tmp("hex.csv"), gpkg = tmp("hex.gpkg");
  const std::string obs = demo("leiden_region_subset_with_wgs84.csv");
  Result r = run("aggregate --hex 1000 --observations " + obs +
                 " --metrics n_obs,n_species,first_date --out " + csv);
  ASSERT_EQ(r.code, 0) << r.output;
  r = run("aggregate --hex 1000 --observations " + obs +
          " --metrics n_obs,n_species,first_date --out " + gpkg);
  ASSERT_EQ(r.code, 0) << r.output;
  biodash::CsvTable t = biodash::parse_csv(slurp(csv), csv);
  ASSERT_EQ(t.header, (std::vector<std::string>{"hex_id", "n_obs", "n_species", "first_date"}));
  long total = 0;
  std::map<std::string, std::string> by_id;
  for (auto& row : t.rows) {
    total += std::stol(row[1]);
    by_id[row[0]] = row[1];
    if (row[1] != "0") {
      EXPECT_EQ(row[3].substr(0, 4), "2019") << row[0];  // all catches: 2019
    }
  }
  EXPECT_EQ(total, 2653 - 64);
  // Re-read the GeoPackage with GDAL's own tool and compare every cell's n_obs.
  FILE* p = popen(("ogrinfo -ro -al -q " + gpkg + " 2>&1").c_str(), "r");
  std::string info;
  char buf[4096];
  while (size_t n = fread(buf, 1, sizeof buf, p)) info.append(buf, n);
  pclose(p);
  size_t cells = 0, pos = 0;
  while ((pos = info.find("hex_id (String) = ", pos)) != std::string::npos) {
    pos += 18;
    const std::string id = info.substr(pos, info.find('\n', pos) - pos);
    const size_t q = info.find("n_obs (Real) = ", pos);
    ASSERT_NE(q, std::string::npos);
    const std::string v = info.substr(q + 15, info.find('\n', q) - q - 15);
    EXPECT_EQ(std::stod(v), std::stod(by_id[id])) << "cell " << id;
    ++cells;
  }
  EXPECT_EQ(cells, t.rows.size());
  // How the numbers were made (core/provenance) is the layer's metadata, read back by GDAL's
  // tool: the species rule in force, the observations and the columns.
  p = popen(("ogrinfo -ro -so " + gpkg + " hexagons 2>&1").c_str(), "r");
  info.clear();
  while (size_t n = fread(buf, 1, sizeof buf, p)) info.append(buf, n);
  pclose(p);
  EXPECT_NE(info.find("species_rule=species: records identified to species; higher ranks are "
                      "records, not species"),
            std::string::npos)
      << info;
  EXPECT_NE(info.find("observations=" + obs), std::string::npos) << info;
  EXPECT_NE(info.find("columns=n_obs,n_species,first_date"), std::string::npos) << info;
  EXPECT_NE(info.find("filter=none"), std::string::npos) << info;
  // The CSV has it in its sidecar.
  const std::string side = slurp(csv + ".json");
  EXPECT_NE(side.find("\"species_rule\": \"species: records identified to species;"),
            std::string::npos)
      << side;
}

TEST(CliAggregate, FiltersAndMetricsOnRealData) {
  // Leiden gemeente: 37 catches in 2019 (reference JSON). With --to 2019-06-30 fewer remain,
  // with --from 2020-01-01 none; diversity metrics are finite and Simpson lies in [0,1).
  const std::string out = tmp("gm_metrics.csv");
  auto leiden = [&](const std::string& extra) {
    Result r =
        run("aggregate --polygons " + demo("leiden_region_gemeenten_2024.geojson") +
            " --observations " + demo("leiden_region_subset_with_wgs84.csv") +
            " --id-field statcode --species-field CatchTypeName --metrics "
            "n_obs,n_species,shannon,simpson,chao1,rarefied_10,n_days,first_date,last_date " +
            extra + " --out " + out);
    EXPECT_EQ(r.code, 0) << r.output;
    biodash::CsvTable t = biodash::parse_csv(slurp(out), out);
    for (auto& row : t.rows)
      if (row[0] == "GM0546") return row;
    return std::vector<std::string>{};
  };
  auto all = leiden("");
  ASSERT_EQ(all.size(), 10u);
  EXPECT_EQ(all[1], "37");
  EXPECT_LE(std::stoi(all[2]), 37);
  EXPECT_GE(std::stod(all[4]), 0.0);
  EXPECT_LT(std::stod(all[4]), 1.0);
  EXPECT_LE(std::stod(all[6]), std::stod(all[2]));  // rarefied richness <= S
  EXPECT_EQ(all[8].substr(0, 4), "2019");
  auto half = leiden("--to 2019-06-30");
  EXPECT_LT(std::stoi(half[1]), 37);
  EXPECT_LE(half[9], "2019-06-30");
  EXPECT_EQ(leiden("--to 2019-06")[1], half[1]);  // a month means up to its last day
  auto none = leiden("--from 2020-01-01");
  EXPECT_EQ(none[1], "0");
  EXPECT_EQ(none[8], "");  // no first date without records
  // The sidecar names the filter, the rule for --species-field and the rarefaction depth.
  const std::string side = slurp(out + ".json");
  EXPECT_NE(side.find("\"filter\": \"from 2020-01-01\""), std::string::npos) << side;
  EXPECT_NE(side.find("each distinct value of the species column, as given"), std::string::npos)
      << side;
  EXPECT_NE(side.find("rarefied_10: expected species in 10 records"), std::string::npos) << side;
}

// Every face reads its arguments through one parser (app/cli_args): a missing value, an
// unknown option and --help behave the same in all, and usage errors exit 2.
TEST(CliArgs, MissingValueUnknownOptionAndHelpInEveryCommand) {
  for (const std::string cmd : {"aggregate", "baci", "inspect", "render"}) {
    Result r = run(cmd + " --src-crs");
    if (r.output.find("this build has no") != std::string::npos) continue;  // GUI-less build
    EXPECT_EQ(r.code, 2) << cmd << ": " << r.output;
    EXPECT_NE(r.output.find("missing value after --src-crs"), std::string::npos) << r.output;
    r = run(cmd + " --src-crs EPSG:28992 --bogus 1");
    EXPECT_EQ(r.code, 2) << cmd;
    EXPECT_NE(r.output.find("unknown option '--bogus'"), std::string::npos) << r.output;
    r = run(cmd + " --help");
    EXPECT_EQ(r.code, 0) << cmd;
    EXPECT_NE(r.output.find("usage: biodash " + cmd), std::string::npos) << r.output;
  }
  // An alias: --points is --observations.
  Result r = run("aggregate --points");
  EXPECT_NE(r.output.find("missing value after --points"), std::string::npos) << r.output;
  // The window and the kiosk (their parse errors come before any display is opened).
  r = run("--bogus 1");
  if (r.output.find("this build has no") == std::string::npos) {
    EXPECT_EQ(r.code, 2) << r.output;
    EXPECT_NE(r.output.find("unknown option '--bogus'"), std::string::npos) << r.output;
    r = run("--lang");
    EXPECT_NE(r.output.find("missing value after --lang"), std::string::npos) << r.output;
    r = run("--kiosk tour.toml --frames many");
    EXPECT_EQ(r.code, 2) << r.output;
    EXPECT_NE(r.output.find("--frames needs a whole number"), std::string::npos) << r.output;
    r = run("--kiosk tour.toml --bogus");
    EXPECT_NE(r.output.find("unknown option '--bogus'"), std::string::npos) << r.output;
  }
}

TEST(CliBaci, DemoMeasuresShowPositiveContrast) {
  const std::string d = BIODASH_DEMO_DIR;
  Result r = run("baci --impact " + d + "/leiden_demo.gpkg:lbsp_impact_areas --control " + d +
                 "/leiden_demo.gpkg:lbsp_controls --observations " + d +
                 "/leiden_citizen_observations.csv --impact-ids M1");
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("impact M1 vs control C1, intervention 2019-11-20"), std::string::npos)
      << r.output;
  const size_t p = r.output.find("species +");
  EXPECT_NE(p, std::string::npos) << r.output;  // richness rose more at the impact area
  r = run("baci --impact " + d + "/leiden_demo.gpkg:lbsp_impact_areas --control " + d +
          "/leiden_demo.gpkg:lbsp_controls --observations " + d +
          "/leiden_citizen_observations.csv --impact-ids M99");
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.output.find("M99"), std::string::npos);
}

// The replicated before/after design on the demo: the seven planted LBSP measures are each an
// "increase" with an interval above 0, and a placebo — one control stretch as "impact" against
// another with an invented date, where nothing was planted — is "no clear evidence".
TEST(CliBaci, PlantedMeasuresAreIncreasesAndAPlaceboIsNot) {
  const std::string d = BIODASH_DEMO_DIR, out = tmp("baci_verdicts.csv");
  Result r = run("baci --impact " + d + "/leiden_demo.gpkg:lbsp_impact_areas --control " + d +
                 "/leiden_demo.gpkg:lbsp_controls --observations " + d +
                 "/leiden_citizen_observations.csv --out " + out);
  ASSERT_EQ(r.code, 0) << r.output;
  biodash::CsvTable t = biodash::parse_csv(slurp(out), out);
  ASSERT_EQ(t.header, (std::vector<std::string>{"impact", "controls", "date", "metric",
                                                "periods_before", "periods_after", "effect", "lcl",
                                                "ucl", "p_value", "verdict"}));
  ASSERT_EQ(t.rows.size(), 7u);
  for (const auto& row : t.rows) {
    EXPECT_EQ(row[10], "increase") << row[0];
    EXPECT_GT(std::stod(row[7]), 0) << row[0];  // the interval lies above 0
    EXPECT_GE(std::stoi(row[4]), 2);
    EXPECT_GE(std::stoi(row[5]), 2);
  }
  EXPECT_EQ(t.rows[0][0], "M1");
  EXPECT_EQ(t.rows[0][2], "2019-11-20");
  EXPECT_NE(r.output.find("Increase: +"), std::string::npos);
  // The issue's placebo: C1 as impact, C4 as control, 2020-06-01.
  r = run("baci --impact " + d + "/leiden_demo.gpkg:lbsp_controls --impact-ids C1 --control " + d +
          "/leiden_demo.gpkg:lbsp_controls --control-ids C4 --date 2020-06-01 --observations " + d +
          "/leiden_citizen_observations.csv --out " + out);
  ASSERT_EQ(r.code, 0) << r.output;
  t = biodash::parse_csv(slurp(out), out);
  ASSERT_EQ(t.rows.size(), 1u);
  EXPECT_EQ(t.rows[0][10], "no clear evidence");
  EXPECT_LT(std::stod(t.rows[0][7]), 0);
  EXPECT_GT(std::stod(t.rows[0][8]), 0);
  EXPECT_NE(r.output.find("No clear evidence of a change"), std::string::npos) << r.output;
  // Rarefied to a common number of records instead: the planted M1 is still an increase.
  r = run("baci --impact " + d + "/leiden_demo.gpkg:lbsp_impact_areas --impact-ids M1 --control " +
          d + "/leiden_demo.gpkg:lbsp_controls --observations " + d +
          "/leiden_citizen_observations.csv --standardise size --out " + out);
  ASSERT_EQ(r.code, 0) << r.output;
  t = biodash::parse_csv(slurp(out), out);
  ASSERT_EQ(t.rows.size(), 1u);
  EXPECT_EQ(t.rows[0][10], "increase");
  EXPECT_NE(t.rows[0][3].find("richness in "), std::string::npos) << t.rows[0][3];
  // Bad design settings are usage errors.
  r = run("baci --impact " + d + "/leiden_demo.gpkg:lbsp_impact_areas --control " + d +
          "/leiden_demo.gpkg:lbsp_controls --observations x.csv --q 3");
  EXPECT_EQ(r.code, 2);
}

// `inspect --map TERM=` (empty column): the term is not read even though the automatic name
// matching finds a column for it. The file has two observers by hand.
TEST(CliInspect, MapTermToNothingUnsetsIt) {
  const std::string csv = tmp("inspect_unset_map.csv");
  {
    std::ofstream f(csv);
    f << "decimalLatitude,decimalLongitude,eventDate,scientificName,recordedBy\n"
         "52.1,4.3,2019-05-01,Calluna vulgaris,A. Jansen\n"
         "52.2,4.4,2019-05-02,Erica tetralix,B. de Vries\n";
  }
  Result r = run("inspect " + csv);
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("observers:     2\n"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("recordedBy=recordedBy"), std::string::npos) << r.output;
  r = run("inspect " + csv + " --map recordedBy=");
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("observers:     0\n"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("recordedBy="), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("records kept:  2\n"), std::string::npos) << r.output;
  // Unsetting a coordinate: the usual clear error, exit 1.
  r = run("inspect " + csv + " --map decimalLatitude=");
  EXPECT_EQ(r.code, 1) << r.output;
  EXPECT_NE(r.output.find("no coordinate columns found"), std::string::npos) << r.output;
}

// An Event-core Darwin Core Archive (synthetic fixture, tests/data/occurrences/README.md):
// 9 occurrence rows, 7 joined with their events, 1 with an unknown event (line 6), 1 without
// coordinates in its event chain (line 7). Values worked out by hand in
// tests/io/occurrence_event_test.cpp.
TEST(CliInspect, EventCoreArchive) {
  const Result r =
      run("inspect " + std::string(BIODASH_TEST_DATA) + "/occurrences/sampling-event.zip");
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("rows read:     9\n"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("records kept:  7\n"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("occurrence refers to unknown event ID: 1\n"), std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("occurrence.txt:6 ('plot-Z')"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("date range:    2019-05-01 .. 2019-07-01\n"), std::string::npos)
      << r.output;
}

TEST(CliRender, SessionOptionInUsageAndItsErrors) {
  Result h = run("render --help");
  if (h.output.find("usage: biodash render") == std::string::npos)
    GTEST_SKIP() << "built without the renderer: " << h.output;
  EXPECT_NE(h.output.find("--session"), std::string::npos) << h.output;
  // A session and layer files together is ambiguous: exit 1 and say so.
  {
    std::ofstream f(tmp("cli_render_view.bds"));
    f << "biodash-session 1\nhex_size_m = 250\nobservations = obs.csv\n";
  }
  Result r = run("render --session " + tmp("cli_render_view.bds") + " " +
                 demo("leiden_wijken_2024.geojson") + " --out " + tmp("never.png"));
  EXPECT_EQ(r.code, 1) << r.output;
  EXPECT_NE(r.output.find("not both"), std::string::npos) << r.output;
  // A missing session file is named.
  r = run("render --session " + tmp("no_such_view.bds") + " --out " + tmp("never.png"));
  EXPECT_EQ(r.code, 1) << r.output;
  EXPECT_NE(r.output.find("no_such_view.bds"), std::string::npos) << r.output;
  // Nothing to map: neither an area layer nor hexagons.
  {
    std::ofstream f(tmp("cli_render_empty.bds"));
    f << "biodash-session 1\nobservations = obs.csv\n";
  }
  r = run("render --session " + tmp("cli_render_empty.bds") + " --out " + tmp("never.png"));
  EXPECT_EQ(r.code, 1) << r.output;
  EXPECT_NE(r.output.find("nothing to map"), std::string::npos) << r.output;
}

namespace {

// Outputs never replace inputs: aggregate onto its observations or its polygons (also as
// FILE:LAYER and through a link), render onto a layer it draws — refused, input unchanged.
TEST(CliOutputs, NeverReplaceAnInput) {
  const std::string obs = tmp("guard_small.csv"), areas = tmp("guard_buurten.geojson");
  std::filesystem::copy_file(demo("leiden_region_subset_with_wgs84.csv"), obs,
                             std::filesystem::copy_options::overwrite_existing);
  std::filesystem::copy_file(demo("leiden_buurten_2024.geojson"), areas,
                             std::filesystem::copy_options::overwrite_existing);
  const std::string link = tmp("guard_link.csv");
  std::filesystem::remove(link);
  std::filesystem::create_symlink(obs, link);
  const std::string obs_before = slurp(obs), areas_before = slurp(areas);
  for (const std::string& out : {obs, areas, link}) {
    Result r = run("aggregate --polygons " + areas + ":leiden_buurten_2024 --observations " + obs +
                   " --out " + out);
    EXPECT_EQ(r.code, 1) << r.output;
    EXPECT_NE(r.output.find("is an input of this run"), std::string::npos) << r.output;
  }
  Result r = run("render " + areas + " --out " + areas + " --size 64x64");
  if (r.output.find("this build has no") == std::string::npos) {
    EXPECT_EQ(r.code, 1) << r.output;
    EXPECT_NE(r.output.find(areas + " is an input of this run"), std::string::npos) << r.output;
  }
  // `baci --out` onto its observations (or a link to them) is refused the same way.
  const std::string gpkg = std::string(BIODASH_DEMO_DIR) + "/leiden_demo.gpkg";
  for (const std::string& out : {obs, link}) {
    r = run("baci --impact " + gpkg + ":lbsp_impact_areas --control " + gpkg +
            ":lbsp_controls --observations " + obs + " --impact-ids M1 --out " + out);
    EXPECT_EQ(r.code, 1) << r.output;
    EXPECT_NE(r.output.find("is an input of this run"), std::string::npos) << r.output;
  }
  EXPECT_EQ(slurp(obs), obs_before);
  EXPECT_EQ(slurp(areas), areas_before);
  EXPECT_TRUE(std::filesystem::is_symlink(link));
}

}  // namespace

namespace {

// Numbers are checked at the border: one clear usage error (exit 2), no loop, no undefined
// cast, no "stoull".
TEST(CliNumbers, OutOfRangeFlagsAreUsageErrors) {
  const std::string obs = demo("leiden_region_subset_with_wgs84.csv");
  const std::string base = "aggregate --observations " + obs + " --out " + tmp("never.csv") + " ";
  struct Case {
    std::string args, message;
  };
  for (const Case& c : std::vector<Case>{
           {"--hex 1e-300", "--hex needs a number from 1 to 100000"},
           {"--hex inf", "--hex needs a number from 1 to 100000"},
           {"--hex 250m", "--hex needs a number"},
           {"--hex 500 --threads -1", "--threads needs a whole number from 0 to 1024"},
           {"--hex 500 --threads 100000", "--threads needs a whole number from 0 to 1024"},
           {"--hex 500 --metrics rarefied_99999999999999999999",
            "rarefied_<m> needs a whole number from 1 to 10000000"},
           {"--hex 500 --max-uncertainty nan", "--max-uncertainty needs a number"}}) {
    const Result r = run(base + c.args);
    EXPECT_EQ(r.code, 2) << c.args << ": " << r.output;
    EXPECT_NE(r.output.find(c.message), std::string::npos) << c.args << ": " << r.output;
    EXPECT_EQ(r.output.find("stoull"), std::string::npos) << r.output;
  }
  EXPECT_FALSE(std::filesystem::exists(tmp("never.csv")));
}

}  // namespace

namespace {

// `render` and `inspect` read NaN and infinite coordinates the same way (one record scanner,
// one number parser): the same rows kept.
TEST(CliNumbers, RenderAndInspectKeepTheSameRowsWithNanCoordinates) {
  const std::string csv = tmp("nan_coordinates.csv");
  std::ofstream(csv) << "scientificName,decimalLatitude,decimalLongitude\n"
                        "A,52.1,4.5\nB,nan,4.5\nC,52.1,NaN\nD,inf,4.5\nE,52.2,4.4\nF,,4.4\n";
  const Result i = run("inspect " + csv);
  ASSERT_EQ(i.code, 0) << i.output;
  EXPECT_NE(i.output.find("records kept:  2"), std::string::npos) << i.output;
  const Result r = run("render " + csv + " --out " + tmp("nan.png") + " --size 64x64");
  if (r.output.find("this build has no") != std::string::npos) return;
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("6 features, 2 loaded"), std::string::npos) << r.output;
}

}  // namespace

namespace {

// Undefined is NA, never 0: an area without records has empty diversity fields in the CSV
// (and NULL in a GeoPackage), and richness rarefied above an area's records is empty too.
TEST(CliAggregate, UndefinedMetricsAreEmptyNotZero) {
  const std::string out = tmp("na_metrics.csv"), gpkg = tmp("na_metrics.gpkg");
  for (const std::string& o : {out, gpkg}) {
    const Result r = run("aggregate --polygons " + demo("leiden_region_gemeenten_2024.geojson") +
                         " --observations " + demo("leiden_region_subset_with_wgs84.csv") +
                         " --id-field statcode --metrics n_obs,shannon,simpson,chao1,rarefied_30 "
                         "--from 2020-01-01 --out " +
                         o);
    ASSERT_EQ(r.code, 0) << r.output;
  }
  biodash::CsvTable t = biodash::parse_csv(slurp(out), out);
  ASSERT_FALSE(t.rows.empty());
  size_t empty_areas = 0;
  for (const auto& row : t.rows) {
    ASSERT_EQ(row.size(), 6u);
    if (row[1] != "0") continue;
    ++empty_areas;
    for (size_t c = 2; c < 6; ++c) EXPECT_EQ(row[c], "") << row[0] << " column " << c;
  }
  EXPECT_GT(empty_areas, 0u);
  // The GeoPackage: NULL, not 0 (independent reader: GDAL).
  GDALAllRegister();
  GDALDatasetH ds = GDALOpenEx(gpkg.c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr);
  ASSERT_NE(ds, nullptr);
  OGRLayerH l = GDALDatasetGetLayer(ds, 0);
  const int n_obs = OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(l), "n_obs");
  const int shannon = OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(l), "shannon");
  size_t nulls = 0;
  while (OGRFeatureH f = OGR_L_GetNextFeature(l)) {
    if (OGR_F_GetFieldAsInteger(f, n_obs) == 0) {
      EXPECT_FALSE(OGR_F_IsFieldSetAndNotNull(f, shannon));
      ++nulls;
    }
    OGR_F_Destroy(f);
  }
  GDALClose(ds);
  EXPECT_EQ(nulls, empty_areas);
}

}  // namespace

namespace {

// Two squares (A around 4.49 E 52.16 N, B beside it) and ten records in A: species a, b once,
// c three times, d five times — abundances {1, 1, 3, 5}; none in B.
void write_estimator_fixture(const std::string& polygons, const std::string& csv) {
  std::ofstream(polygons)
      << R"({"type":"FeatureCollection","features":[)"
      << R"({"type":"Feature","properties":{"name":"A"},"geometry":{"type":"Polygon",)"
      << R"("coordinates":[[[4.48,52.15],[4.50,52.15],[4.50,52.17],[4.48,52.17],[4.48,52.15]]]}},)"
      << R"({"type":"Feature","properties":{"name":"B"},"geometry":{"type":"Polygon",)"
      << R"("coordinates":[[[4.50,52.15],[4.52,52.15],[4.52,52.17],[4.50,52.17],[4.50,52.15]]]}}]})";
  std::ofstream f(csv);
  f << "scientificName,decimalLatitude,decimalLongitude\n";
  const std::pair<const char*, int> species[] = {
      {"Aus aus", 1}, {"Aus bus", 1}, {"Aus cus", 3}, {"Aus dus", 5}};
  int i = 0;
  for (const auto& [name, k] : species)
    for (int j = 0; j < k; ++j, ++i) f << name << "," << 52.16 + 0.0005 * i << ",4.49\n";
}

std::map<std::string, std::map<std::string, std::string>> by_name(const std::string& csv) {
  biodash::CsvTable t = biodash::parse_csv(slurp(csv), csv);
  std::map<std::string, std::map<std::string, std::string>> out;
  for (const auto& row : t.rows)
    for (size_t c = 0; c < t.header.size(); ++c) out[row[0]][t.header[c]] = row[c];
  return out;
}

}  // namespace

// The estimator metrics by name, checked against hand computations from the published
// formulas (docs/metrics.md), NA for the empty area, and the same limits for the same seed.
TEST(CliAggregate, EstimatorMetricsByHandAndReproducibleForASeed) {
  const std::string poly = tmp("est_areas.geojson"), csv = tmp("est_obs.csv");
  write_estimator_fixture(poly, csv);
  const std::string metrics =
      "n_obs,coverage,chao1,chao1_se,chao1_lcl,chao1_ucl,hill1,hill2,hill1_asy,hill2_asy,"
      "rarefied_15,q0_cov,q0_cov_lcl,q0_cov_ucl,q1_cov,q2_cov,m_cov,m_cov_lcl";
  auto agg = [&](const std::string& out, const std::string& extra) {
    return run("aggregate --polygons " + poly + " --observations " + csv +
               " --id-field name --metrics " + metrics + " " + extra + " --out " + out);
  };
  const std::string o1 = tmp("est1.csv"), o2 = tmp("est2.csv"), o3 = tmp("est3.csv");
  Result r = agg(o1, "--seed 5");
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("200 bootstrap samples per area, seed 5"), std::string::npos) << r.output;
  auto t = by_name(o1);
  ASSERT_EQ(t.size(), 2u);
  auto& a = t["A"];
  auto num = [&](const char* k) { return std::stod(a.at(k)); };
  // n = 10, S = 4, f1 = 2, f2 = 0: A = 9·1/(9 + 2) = 9/11, Ĉ = 1 − (2/10)(9/11).
  EXPECT_EQ(a["n_obs"], "10");
  const double A = 9.0 / 11;
  EXPECT_NEAR(num("coverage"), 1 - 0.2 * A, 1e-9);
  // Chao1 = 4 + 0.9·2·1/2 = 4.9; var = 0.9 + 0.81·2·9/4 − 0.81·16/(4·4.9).
  EXPECT_NEAR(num("chao1"), 4.9, 1e-9);
  const double var = 0.9 + 0.81 * 2 * 9 / 4 - 0.81 * 16 / 19.6;
  EXPECT_NEAR(num("chao1_se"), std::sqrt(var), 1e-9);
  const double T = 0.9, R = std::exp(1.959964 * std::sqrt(std::log(1 + var / (T * T))));
  EXPECT_NEAR(num("chao1_lcl"), 4 + T / R, 1e-8);
  EXPECT_NEAR(num("chao1_ucl"), 4 + T * R, 1e-8);
  // Hill numbers: p = .1, .1, .3, .5.
  const double H = -(0.2 * std::log(0.1) + 0.3 * std::log(0.3) + 0.5 * std::log(0.5));
  EXPECT_NEAR(num("hill1"), std::exp(H), 1e-8);
  EXPECT_NEAR(num("hill2"), 1 / (0.01 + 0.01 + 0.09 + 0.25), 1e-8);
  EXPECT_NEAR(num("hill2_asy"), 90.0 / (6 + 20), 1e-8);  // 1/Σ X(X−1)/(n(n−1))
  EXPECT_GT(num("hill1_asy"), num("hill1"));
  // Richness at 15 records: extrapolated S + f̂0 (1 − A^5), f̂0 = 0.9; at 21 (> 2n): NA.
  EXPECT_NEAR(num("rarefied_15"), 4 + 0.9 * (1 - std::pow(A, 5)), 1e-8);
  ASSERT_EQ(run("aggregate --polygons " + poly + " --observations " + csv +
                " --id-field name --metrics rarefied_21 --out " + o3)
                .code,
            0);
  EXPECT_EQ(by_name(o3)["A"]["rarefied_21"], "");
  // Coverage 0.9 lies above Ĉ(n): m = n + ln(n(1 − C)/f1)/ln A − 1, q0 extrapolated there.
  const double m = 10 + std::log(10 * 0.1 / 2) / std::log(A) - 1;
  EXPECT_NEAR(num("m_cov"), m, 1e-8);
  EXPECT_NEAR(num("q0_cov"), 4 + 0.9 * (1 - std::pow(A, m - 10)), 1e-8);
  EXPECT_NEAR(num("q2_cov"), 1 / (1 / m + (1 - 1 / m) * 26.0 / 90), 1e-8);
  EXPECT_GE(num("q0_cov_lcl"), 4.0);  // extrapolated: not below the observed richness
  EXPECT_GT(num("q0_cov_ucl"), num("q0_cov"));
  EXPECT_LT(num("m_cov_lcl"), m);
  // The empty area: every estimator NA, never 0.
  for (const auto& [k, v] : t["B"])
    if (k != "name" && k != "n_obs") {
      EXPECT_EQ(v, "") << k;
    }
  // The same seed gives the same file; another seed other limits, the same estimates.
  ASSERT_EQ(agg(o2, "--seed 5").code, 0);
  EXPECT_EQ(slurp(o1), slurp(o2));
  ASSERT_EQ(agg(o3, "--seed 6 --bootstrap 300").code, 0);
  auto t3 = by_name(o3);
  EXPECT_EQ(t3["A"]["q0_cov"], a["q0_cov"]);
  EXPECT_NE(t3["A"]["q0_cov_ucl"], a["q0_cov_ucl"]);
  // Out-of-range settings are usage errors.
  r = agg(o3, "--coverage 1.5");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.output.find("--coverage"), std::string::npos) << r.output;
}

// `inspect` reports how records resolve to species, checked against an independent parse of
// the real iNaturalist Darwin Core export: its taxonRank column (40 records at species rank,
// 3 below it, 7 at genus or subfamily) and the binomial of each species-rank name.
TEST(CliInspect, ReportsSpeciesRankHigherRankAndMergedNames) {
  const std::string path =
      std::string(BIODASH_TEST_DATA) + "/occurrences/inaturalist/observations_dwca.csv";
  const biodash::CsvTable t = biodash::parse_csv(slurp(path), path);
  int rank = -1, name = -1;
  for (size_t c = 0; c < t.header.size(); ++c) {
    if (t.header[c] == "taxonRank") rank = static_cast<int>(c);
    if (t.header[c] == "scientificName") name = static_cast<int>(c);
  }
  ASSERT_GE(rank, 0);
  ASSERT_GE(name, 0);
  std::set<std::string> names, species;
  size_t at_species = 0, higher = 0;
  for (const auto& row : t.rows) {
    names.insert(row[name]);
    const std::string& r = row[rank];
    if (r == "species" || r == "subspecies" || r == "variety" || r == "form") {
      ++at_species;
      std::istringstream words(row[name]);
      std::string genus, epithet;
      words >> genus >> epithet;
      species.insert(genus + " " + epithet);
    } else {
      ++higher;
    }
  }
  ASSERT_EQ(t.rows.size(), 50u);
  const Result r = run("inspect " + path);
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("names:         " + std::to_string(names.size()) + " distinct"),
            std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("species:       " + std::to_string(species.size()) + " ("),
            std::string::npos)
      << r.output;
  EXPECT_NE(
      r.output.find("records:       " + std::to_string(at_species) + " at species rank or below, " +
                    std::to_string(higher) + " above species rank or unnamed"),
      std::string::npos)
      << r.output;
}
