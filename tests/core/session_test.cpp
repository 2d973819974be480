// Saved views: round trip, hand-written files, malformed values and atomic saving.
#include "core/session.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/error.hpp"

using namespace biodash;
namespace fs = std::filesystem;

namespace {

Session full() {
  Session s;
  s.language = "nl";
  s.map_crs = "EPSG:3857";
  s.center_x = 93750.123456789012;
  s.center_y = -463215.5e-3;
  s.units_per_pixel = 1.0 / 3.0;
  s.layers = {{"data/leiden/buurten = wijken #1.geojson", false, false},
              {"build/demo/leiden_demo.gpkg:citizen_observations", true, true},
              {"  leading spaces and trailing  ", true, false}};
  s.area_layer = "data/leiden/buurten = wijken #1.geojson";
  s.hex_size_m = 250.5;
  s.observations = "build/demo/leiden_demo.gpkg:citizen_observations";
  s.metric = Metric::Rarefied;
  s.rarefy_m = 37;
  s.style.method = BreakMethod::NaturalBreaks;
  s.style.classes = 7;
  s.style.palette = Palette::BrBG;
  s.style.zero_class = false;
  s.low_effort_records = 12;
  s.coverage = 0.85;
  s.min_coverage = 0.4;
  s.filter.from = "2019-06";
  s.filter.to = "2021";
  s.filter.months = 0x0F0;
  s.filter.taxa = {"Turdus merula", "Zwarte kraai", "Ærø # = ok"};
  s.filter.groups = {"birds", "vascular plants"};
  s.filter.min_quality = Quality::NeedsId;
  s.filter.max_uncertainty_m = 125.25f;
  s.filter.observers = {"obs=1", "#obs2"};
  s.time.enabled = true;
  s.time.mode = TimeMode::Seasonal;
  s.time.end_day = days_from_civil(2021, 6, 30);
  s.time.length_days = 91;
  s.selection = {3, 0, 1234567890123};
  s.title = "Soortenrijkdom · Leiden = groen # 2021 — “quoted” 🐦";
  s.baci_impact = {1, 2};
  s.baci_control = {5};
  s.baci_date = "2020-03-15";
  s.basemap.source = "basemaps/leiden = rd #1.mbtiles";
  s.basemap.opacity = 0.7f;
  s.basemap.greyscale = true;
  s.basemap.dim = 0.35f;
  return s;
}

std::string error_of(const std::string& text) {
  try {
    read_session(text, "view.bds");
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(Session, RoundTripFullyPopulated) {
  const Session s = full();
  const std::string text = write_session(s);
  const Session back = read_session(text, "x");
  EXPECT_TRUE(back == s);
  EXPECT_EQ(back.title, s.title);
  EXPECT_EQ(back.layers, s.layers);
  EXPECT_EQ(back.filter, s.filter);
  EXPECT_EQ(back.center_x, s.center_x);  // bit-exact doubles
  EXPECT_EQ(back.basemap, s.basemap);
  EXPECT_EQ(write_session(back), text);
  // Defaults too, and an empty filter months set.
  EXPECT_TRUE(read_session(write_session(Session{})) == Session{});
  Session none;
  none.filter.months = 0;
  none.time.end_day = -1000000;  // outside the ISO range: written as a day number
  EXPECT_TRUE(read_session(write_session(none)) == none);
}

TEST(Session, ReadsHandWrittenFile) {
  const std::string text =
      "\xEF\xBB\xBF# my view\n"
      "biodash-session 1\r\n"
      "\n"
      "  # indented comment\n"
      "title = A = B # not a comment\n"
      "layer=plain.geojson\n"
      "layer = obs.csv\n"
      "layer.observations = true\n"
      "metric = n_species\n"
      "style.palette = cividis\n"
      "filter.months = 4,5,6\n"
      "time.end_day = 2020-02-29\n"
      "future.key = whatever\n";
  const Session s = read_session(text);
  EXPECT_EQ(s.title, "A = B # not a comment");
  ASSERT_EQ(s.layers.size(), 2u);
  EXPECT_EQ(s.layers[0].spec, "plain.geojson");
  EXPECT_FALSE(s.layers[0].observations);
  EXPECT_TRUE(s.layers[1].observations);
  EXPECT_TRUE(s.layers[1].visible);
  EXPECT_EQ(s.metric, Metric::Species);
  EXPECT_EQ(s.style.palette, Palette::Cividis);
  EXPECT_EQ(s.filter.months, (1u << 3) | (1u << 4) | (1u << 5));
  EXPECT_EQ(s.time.end_day, days_from_civil(2020, 2, 29));
  EXPECT_EQ(s.language, "en");  // untouched default
}

TEST(Session, MalformedValuesNameLineAndKey) {
  const std::string head = "biodash-session 1\nlanguage = en\n";
  std::string e = error_of(head + "center_x = abc\n");
  EXPECT_NE(e.find("view.bds:3"), std::string::npos) << e;
  EXPECT_NE(e.find("center_x"), std::string::npos) << e;
  EXPECT_NE(e.find("abc"), std::string::npos) << e;
  e = error_of(head + "\n# c\nstyle.classes = 0\n");
  EXPECT_NE(e.find("view.bds:5"), std::string::npos) << e;
  EXPECT_NE(e.find("style.classes"), std::string::npos) << e;
  EXPECT_NE(error_of(head + "metric = wealth\n").find("metric"), std::string::npos);
  EXPECT_NE(error_of(head + "filter.months = 13\n").find("filter.months"), std::string::npos);
  EXPECT_NE(error_of(head + "basemap.opacity = 1.5\n").find("basemap.opacity"), std::string::npos);
  EXPECT_NE(error_of(head + "filter.from = 2019-02-30\n").find("filter.from"), std::string::npos);
  EXPECT_NE(error_of(head + "time.end_day = 2019-13-01\n").find("time.end_day"), std::string::npos);
  EXPECT_NE(error_of(head + "time.enabled = maybe\n").find("time.enabled"), std::string::npos);
  EXPECT_NE(error_of(head + "selection = 1.5\n").find("selection"), std::string::npos);
  EXPECT_NE(error_of(head + "units_per_pixel = -2\n").find("units_per_pixel"), std::string::npos);
  EXPECT_NE(error_of(head + "hex_size_m = nan\n").find("hex_size_m"), std::string::npos);
  // Numbers out of range are refused at the border with the range, never looped on or cast.
  e = error_of(head + "hex_size_m = 0.001\n");
  EXPECT_NE(e.find("hex_size_m: hex size must be between 1 and 100000 metres"), std::string::npos)
      << e;
  EXPECT_NE(error_of(head + "hex_size_m = 1e300\n").find("hex_size_m"), std::string::npos);
  EXPECT_NE(error_of(head + "units_per_pixel = 1e-9\n").find("units_per_pixel"), std::string::npos);
  EXPECT_NE(error_of(head + "units_per_pixel = 1e300\n").find("units_per_pixel"),
            std::string::npos);
  EXPECT_NE(error_of(head + "rarefy_m = 99999999999\n").find("rarefy_m"), std::string::npos);
  // A huge bad value is not echoed in full.
  e = error_of(head + "hex_size_m = " + std::string(5 << 20, '9') + "x\n");
  EXPECT_NE(e.find("hex_size_m: not a number"), std::string::npos) << e.substr(0, 300);
  EXPECT_LT(e.size(), 400u);
  EXPECT_NE(error_of(head + "low_effort_records = 9999999999999\n").find("low_effort_records"),
            std::string::npos);
  EXPECT_NE(error_of(head + "coverage = 1.5\n").find("coverage"), std::string::npos);
  EXPECT_NE(error_of(head + "min_coverage = 1\n").find("min_coverage"), std::string::npos);
  EXPECT_NE(error_of(head + "layer.visible = true\n").find("view.bds:3"), std::string::npos);
  EXPECT_NE(error_of(head + "no equals sign\n").find("view.bds:3"), std::string::npos);
  EXPECT_NE(error_of(head + "title = \xff\xfe\n").find("UTF-8"), std::string::npos);
  EXPECT_NE(error_of("").find("not a biodash session"), std::string::npos);
  EXPECT_NE(error_of("hello = 1\n").find("view.bds:1"), std::string::npos);
  EXPECT_NE(error_of("biodash-session 2\n").find("version 2"), std::string::npos);
}

TEST(Session, AtomicSaveAndLoad) {
  const fs::path dir =
      fs::temp_directory_path() /
      ("biodash_session_test_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string path = (dir / "view.bds").string();
  save_session_file(path, Session{});
  const Session s = full();
  save_session_file(path, s);  // replaces
  EXPECT_TRUE(load_session_file(path) == s);
  // Only the file itself is left: no temporary next to it.
  size_t files = 0;
  for (const auto& e : fs::directory_iterator(dir)) files += e.is_regular_file();
  EXPECT_EQ(files, 1u);
  // A failing save leaves the old file as it was.
  fs::create_directory(dir / "sub");
  EXPECT_THROW(save_session_file((dir / "missing" / "v.bds").string(), s), Error);
  Session bad = s;
  bad.title = "two\nlines";
  EXPECT_THROW(save_session_file(path, bad), Error);
  EXPECT_TRUE(load_session_file(path) == s);
  try {
    load_session_file((dir / "nope.bds").string());
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("nope.bds"), std::string::npos);
  }
  // Load errors name the path and the line.
  {
    std::ofstream f(dir / "broken.bds");
    f << "biodash-session 1\nrarefy_m = -3\n";
  }
  try {
    load_session_file((dir / "broken.bds").string());
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("broken.bds:2"), std::string::npos) << e.what();
  }
  fs::remove_all(dir);
}
