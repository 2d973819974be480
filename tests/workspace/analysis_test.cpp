// The dashboard's analysis pipeline without a window: thematic metrics recomputed on workers
// as the filter and the time slider change, area selection by name, and views saved as a
// Session and applied again. Expected numbers come from a brute-force count over the rows the
// test itself wrote (point-in-rectangle on the WGS84 coordinates), not from the engine.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <string>
#include <thread>

#include "core/before_after.hpp"
#include "core/i18n.hpp"
#include "core/labels.hpp"
#include "io/vector_reader.hpp"
#include "wait_idle.hpp"
#include "workspace/workspace.hpp"

namespace biodash::ui {
namespace {

namespace fs = std::filesystem;

struct Row {
  double lon, lat;
  std::string date;  // ISO
  std::string species;
  std::string observer;
  std::string quality;
};

struct Rect {
  const char* name;
  double lon0, lat0, lon1, lat1;
  bool contains(double lon, double lat) const {
    return lon > lon0 && lon < lon1 && lat > lat0 && lat < lat1;
  }
  double edge_distance(double lon, double lat) const {
    return std::min(
        {std::abs(lon - lon0), std::abs(lon - lon1), std::abs(lat - lat0), std::abs(lat - lat1)});
  }
};

// Three areas near Leiden: two touching squares and one apart.
const Rect kRects[] = {{"Alpha", 4.48, 52.15, 4.49, 52.16},
                       {"Beta", 4.49, 52.15, 4.50, 52.16},
                       {"Gamma", 4.52, 52.17, 4.53, 52.18}};

const char* kSpecies[] = {"Turdus merula", "Parus major",     "Erithacus rubecula",
                          "Pica pica",     "Bellis perennis", "Urtica dioica"};

struct Fixture {
  fs::path dir;
  std::string polygons, csv;
  std::vector<Row> rows;
};

Fixture make_fixture(const std::string& tag) {
  Fixture fx;
  fx.dir =
      fs::temp_directory_path() / ("biodash_analysis_" + tag + "_" + std::to_string(::getpid()));
  fs::create_directories(fx.dir);
  fx.polygons = (fx.dir / "areas.geojson").string();
  std::ofstream g(fx.polygons);
  g << "{\"type\":\"FeatureCollection\",\"features\":[";
  for (size_t i = 0; i < 3; ++i) {
    const Rect& r = kRects[i];
    char buf[512];
    std::snprintf(buf, sizeof buf,
                  "%s{\"type\":\"Feature\",\"properties\":{\"name\":\"%s\"},\"geometry\":{"
                  "\"type\":\"Polygon\",\"coordinates\":[[[%.6f,%.6f],[%.6f,%.6f],[%.6f,%.6f],"
                  "[%.6f,%.6f],[%.6f,%.6f]]]}}",
                  i ? "," : "", r.name, r.lon0, r.lat0, r.lon1, r.lat0, r.lon1, r.lat1, r.lon0,
                  r.lat1, r.lon0, r.lat0);
    g << buf;
  }
  g << "]}\n";
  g.close();

  std::mt19937 rng(42);
  std::uniform_real_distribution<double> lon(4.475, 4.535), lat(52.145, 52.185);
  std::uniform_int_distribution<int> sp(0, 5), year(2018, 2021), month(1, 12), day(1, 28),
      obs(1, 4), q(0, 2);
  const char* quality[] = {"research", "needs_id", "casual"};
  while (fx.rows.size() < 600) {
    Row r{lon(rng), lat(rng), "", kSpecies[sp(rng)], "", ""};
    // Keep well away (>= ~35 m) from every edge: reprojection of the outlines cannot matter.
    bool near = false;
    for (const Rect& k : kRects) near |= k.edge_distance(r.lon, r.lat) < 0.0005;
    if (near) continue;
    char d[16];
    std::snprintf(d, sizeof d, "%04d-%02d-%02d", year(rng), month(rng), day(rng));
    r.date = d;
    r.observer = "obs" + std::to_string(obs(rng));
    r.quality = quality[q(rng)];
    fx.rows.push_back(r);
  }
  fx.csv = (fx.dir / "observations.csv").string();
  std::ofstream c(fx.csv);
  c << "decimalLongitude,decimalLatitude,eventDate,scientificName,recordedBy,quality_grade\n";
  for (const Row& r : fx.rows) {
    char buf[256];
    std::snprintf(buf, sizeof buf, "%.7f,%.7f,%s,%s,%s,%s\n", r.lon, r.lat, r.date.c_str(),
                  r.species.c_str(), r.observer.c_str(), r.quality.c_str());
    c << buf;
  }
  return fx;
}

// The window the tests pretend to have: 1280 x 800, panels around a 700 x 640 map.
void size_window(Workspace& d) {
  d.camera.width = 1280;
  d.camera.height = 800;
  d.map_rect = {300, 0, 1000, 640};
}

std::unique_ptr<Workspace> open(const Fixture& fx) {
  WorkspaceOptions o;
  o.files = {fx.polygons};
  auto d = std::make_unique<Workspace>(o);
  size_window(*d);
  d->open_observations(fx.csv);
  wait_idle(*d);
  return d;
}

uint64_t polygon_layer(const Workspace& d) {
  for (size_t i = 0; i < d.scene.layers.size(); ++i)
    if (d.scene.layers[i].layer->kind == GeomKind::Polygon) return d.layer_id(i);
  return 0;
}

struct Expected {
  uint64_t records = 0;
  std::set<std::string> species;
};

// Brute force: rows inside each rectangle that pass `keep`.
template <class Keep>
std::vector<Expected> brute(const Fixture& fx, Keep keep) {
  std::vector<Expected> e(3);
  for (const Row& r : fx.rows) {
    if (!keep(r)) continue;
    for (size_t k = 0; k < 3; ++k) {
      if (kRects[k].contains(r.lon, r.lat)) {
        ++e[k].records;
        e[k].species.insert(r.species);
      }
    }
  }
  return e;
}

void expect_metrics(const Workspace& d, const std::vector<Expected>& e, const char* what) {
  const AnalysisResult* res = d.analysis_result();
  ASSERT_NE(res, nullptr) << what;
  ASSERT_EQ(res->metrics.size(), 3u) << what;
  uint64_t total = 0;
  for (size_t k = 0; k < 3; ++k) {
    EXPECT_EQ(res->metrics[k].n_obs, e[k].records) << what << " " << kRects[k].name;
    EXPECT_EQ(res->metrics[k].n_species, e[k].species.size()) << what << " " << kRects[k].name;
    total += e[k].records;
  }
  EXPECT_GT(total, 0u) << what << ": the case must count something";
}

TEST(DashboardAnalysis, FilterAndTimeSliderRecomputeTheMetrics) {
  const Fixture fx = make_fixture("filter");
  auto d = open(fx);
  ASSERT_EQ(d->observations.size(), 1u);
  ASSERT_NE(d->observations[0].store, nullptr);
  ASSERT_EQ(d->observations[0].store->size(), fx.rows.size());
  d->analysis.area_layer_id = polygon_layer(*d);
  ASSERT_NE(d->analysis.area_layer_id, 0u);
  wait_idle(*d);
  expect_metrics(*d, brute(fx, [](const Row&) { return true; }), "no filter");
  ASSERT_NE(d->analysis_index(), nullptr);
  const int li = d->scene_index(d->analysis.area_layer_id);
  ASSERT_TRUE(d->scene.layers[li].choropleth.has_value());
  EXPECT_TRUE(d->scene.layers[li].style.use_feature_colors);
  uint64_t rev = d->analysis_result()->revision;

  d->analysis.filter.taxa = {"Turdus merula"};
  wait_idle(*d);
  EXPECT_GT(d->analysis_result()->revision, rev);
  expect_metrics(*d, brute(fx, [](const Row& r) { return r.species == "Turdus merula"; }), "taxon");
  EXPECT_NE(d->scene.layers[li].choropleth->filter_text.find("Turdus merula"), std::string::npos);

  // The slider: a 365-day window ending 2019-12-31 = the year 2019.
  d->analysis.filter = {};
  d->analysis.time.enabled = true;
  d->analysis.time.mode = TimeMode::Window;
  d->analysis.time.end_day = days_from_civil(2019, 12, 31);
  d->analysis.time.length_days = 365;
  wait_idle(*d);
  expect_metrics(*d, brute(fx, [](const Row& r) { return r.date.rfind("2019-", 0) == 0; }),
                 "window 2019");
  // Moved by a year.
  d->analysis.time.end_day = days_from_civil(2020, 12, 30);  // 2020 is a leap year: from 01-01
  wait_idle(*d);
  expect_metrics(*d, brute(fx, [](const Row& r) { return r.date.rfind("2020-", 0) == 0; }),
                 "window 2020");
  // Cumulative up to 2019-06-30, research grade only.
  d->analysis.time.mode = TimeMode::Cumulative;
  d->analysis.time.end_day = days_from_civil(2019, 6, 30);
  d->analysis.filter.min_quality = Quality::Research;
  wait_idle(*d);
  expect_metrics(
      *d, brute(fx, [](const Row& r) { return r.date <= "2019-06-30" && r.quality == "research"; }),
      "cumulative research");
  // The metric map follows the records: Records metric values = brute counts.
  d->analysis.metric = Metric::Records;
  d->analysis.time.enabled = false;
  d->analysis.filter = {};
  d->analysis.filter.observers = {"obs2"};
  wait_idle(*d);
  const auto e = brute(fx, [](const Row& r) { return r.observer == "obs2"; });
  expect_metrics(*d, e, "observer");
  const Choropleth& c = *d->scene.layers[li].choropleth;
  ASSERT_EQ(c.values.size(), 3u);
  for (size_t k = 0; k < 3; ++k) EXPECT_EQ(c.values[k], double(e[k].records)) << kRects[k].name;
  fs::remove_all(fx.dir);
}

// The time bar's range (read every frame) is the store's first and last date, by a scan of the
// rows the test wrote; it follows the store when the observation set changes.
TEST(DashboardAnalysis, DayRangeOfTheAnalysisStore) {
  const Fixture fx = make_fixture("day_range");
  auto d = open(fx);
  std::string lo = "9999", hi = "0000";
  for (const Row& r : fx.rows) {
    lo = std::min(lo, r.date);
    hi = std::max(hi, r.date);
  }
  auto day = [](const std::string& iso) {
    return days_from_civil(std::stoi(iso.substr(0, 4)), unsigned(std::stoi(iso.substr(5, 2))),
                           unsigned(std::stoi(iso.substr(8, 2))));
  };
  const auto [first, last] = d->analysis_day_range();
  EXPECT_EQ(first, day(lo));
  EXPECT_EQ(last, day(hi));
  // Playing with a fixed step (the frame benchmark's mode): 4 updates of 5 days move the
  // window's end by 20 days, however long the updates take.
  d->analysis.area_layer_id = polygon_layer(*d);
  d->analysis.time.enabled = true;
  d->analysis.time.length_days = 30;
  d->analysis.time.end_day = first + 29;
  d->analysis.play_days_per_update = 5;
  d->analysis.playing = true;
  for (int i = 0; i < 4; ++i) {
    d->update();
    std::this_thread::sleep_for(std::chrono::milliseconds(i == 2 ? 300 : 1));
  }
  EXPECT_EQ(d->analysis.time.end_day, first + 29 + 20);
  d->analysis.playing = false;
  wait_idle(*d);
  d->remove_layer(d->observations.at(0).layer_id);  // no store any more
  EXPECT_EQ(d->analysis_day_range().first, kUnknownDay);
  fs::remove_all(fx.dir);
}

TEST(DashboardAnalysis, LatestStateWinsWhenTheViewChangesDuringAJob) {
  const Fixture fx = make_fixture("latest");
  auto d = open(fx);
  d->analysis.area_layer_id = polygon_layer(*d);
  wait_idle(*d);
  // Many changes between frames (a dragged slider): only the last one must count.
  d->analysis.time.enabled = true;
  for (int y = 2018; y <= 2021; ++y) {
    d->analysis.time.end_day = days_from_civil(y, 12, 31);
    d->update();
  }
  d->analysis.time.end_day = days_from_civil(2018, 12, 31);
  wait_idle(*d);
  expect_metrics(*d, brute(fx, [](const Row& r) { return r.date.rfind("2018-", 0) == 0; }),
                 "last state 2018");
  fs::remove_all(fx.dir);
}

TEST(DashboardAnalysis, SelectAreaByName) {
  const Fixture fx = make_fixture("select");
  auto d = open(fx);
  EXPECT_FALSE(d->select_area_by_name("Beta")) << "no area layer chosen yet";
  d->analysis.area_layer_id = polygon_layer(*d);
  wait_idle(*d);
  ASSERT_TRUE(d->select_area_by_name("beta"));
  EXPECT_EQ(d->selection.layer_id, d->analysis.area_layer_id);
  EXPECT_EQ(d->selection.feature, 1);  // Beta is the second feature written
  EXPECT_TRUE(d->view_touched) << "zoomed to it";
  EXPECT_FALSE(d->select_area_by_name("Delta"));
  EXPECT_EQ(d->selection.feature, 1) << "a failed search keeps the selection";
  fs::remove_all(fx.dir);
}

TEST(DashboardAnalysis, SessionRoundTripReproducesTheView) {
  const Fixture fx = make_fixture("session");
  auto d = open(fx);
  d->analysis.area_layer_id = polygon_layer(*d);
  d->analysis.metric = Metric::Shannon;
  d->analysis.rarefy_m = 20;
  d->analysis.style.method = BreakMethod::NaturalBreaks;
  d->analysis.style.classes = 4;
  d->analysis.style.palette = Palette::Cividis;
  d->analysis.low_effort_records = 7;
  d->analysis.filter.taxa = {"Parus major", "Pica pica"};
  d->analysis.filter.min_quality = Quality::NeedsId;
  d->analysis.time.enabled = true;
  d->analysis.time.mode = TimeMode::Seasonal;
  d->analysis.time.end_day = days_from_civil(2020, 6, 30);
  d->analysis.time.length_days = 91;
  d->analysis.compare = {0, 2};
  wait_idle(*d);
  ASSERT_TRUE(d->select_area_by_name("Gamma"));
  d->camera.center_x = 94000.5;
  d->camera.center_y = 463000.25;
  d->camera.units_per_pixel = 3.5;
  // The area layer hidden (the map then shows only the points): reopened hidden too.
  d->scene.layers[static_cast<size_t>(d->scene_index(polygon_layer(*d)))].style.visible = false;
  const Session s = d->to_session();
  EXPECT_EQ(s.layers.size(), 2u);
  EXPECT_EQ(std::count_if(s.layers.begin(), s.layers.end(),
                          [](const SessionLayer& l) { return !l.visible; }),
            1);
  EXPECT_EQ(s.area_layer, fx.polygons);
  EXPECT_EQ(s.observations, fx.csv);
  ASSERT_EQ(s.selection.size(), 3u);
  EXPECT_EQ(s.selection[0], 2);

  // Through the file format, into a fresh dashboard that has nothing open.
  const Session back = read_session(write_session(s));
  ASSERT_EQ(back, s);
  WorkspaceOptions o;
  Workspace e(o);
  size_window(e);
  e.apply_session(back, "");
  wait_idle(e);
  ASSERT_EQ(e.scene.layers.size(), 2u);
  EXPECT_EQ(e.to_session(), s);
  EXPECT_EQ(e.camera.center_x, 94000.5);
  EXPECT_EQ(e.camera.center_y, 463000.25);
  EXPECT_EQ(e.camera.units_per_pixel, 3.5);
  EXPECT_EQ(e.analysis.metric, Metric::Shannon);
  EXPECT_EQ(e.analysis.filter, d->analysis.filter);
  EXPECT_EQ(e.analysis.time, d->analysis.time);
  EXPECT_EQ(e.analysis.style, d->analysis.style);
  EXPECT_EQ(e.analysis.compare, d->analysis.compare);
  EXPECT_EQ(e.analysis.low_effort_records, 7u);
  EXPECT_EQ(e.selection.feature, 2);
  // And it computed the same numbers.
  ASSERT_NE(e.analysis_result(), nullptr);
  ASSERT_NE(d->analysis_result(), nullptr);
  for (size_t k = 0; k < 3; ++k) {
    EXPECT_EQ(e.analysis_result()->metrics[k].n_obs, d->analysis_result()->metrics[k].n_obs);
    EXPECT_EQ(e.analysis_result()->metrics[k].shannon, d->analysis_result()->metrics[k].shannon);
  }
  fs::remove_all(fx.dir);
}

// `biodash --session FILE` with files of its own (the demo's): the session is applied while
// those files are still being read, and must not open them a second time.
TEST(DashboardAnalysis, SessionAppliedWhileItsLayersLoadOpensEachOnce) {
  const Fixture fx = make_fixture("session_loading");
  auto d = open(fx);
  d->analysis.area_layer_id = polygon_layer(*d);
  d->analysis.filter.taxa = {"Parus major"};
  wait_idle(*d);
  ASSERT_NE(d->analysis_result(), nullptr);
  const Session s = d->to_session();
  ASSERT_EQ(s.layers.size(), 2u);

  WorkspaceOptions o;
  o.files = {fx.polygons, fx.csv};
  o.observations_by_extension = true;  // as the GUI opens them
  Workspace e(o);
  size_window(e);
  ASSERT_TRUE(e.jobs.busy()) << "the files must still be loading when the session is applied";
  e.apply_session(s, "");
  wait_idle(e);
  EXPECT_EQ(e.scene.layers.size(), 2u) << "a layer was opened twice";
  EXPECT_EQ(e.observations.size(), 1u) << "the observations were read twice";
  EXPECT_EQ(e.analysis.filter, d->analysis.filter);
  ASSERT_NE(e.analysis_result(), nullptr);
  for (size_t k = 0; k < 3; ++k)
    EXPECT_EQ(e.analysis_result()->metrics[k].n_obs, d->analysis_result()->metrics[k].n_obs);
  fs::remove_all(fx.dir);
}

TEST(DashboardAnalysis, HexGridBecomesTheAreaLayer) {
  const Fixture fx = make_fixture("hex");
  auto d = open(fx);
  d->analysis.hex_size_m = 500;
  wait_idle(*d);
  const SceneLayer* hex = d->analysis_layer();
  ASSERT_NE(hex, nullptr);
  EXPECT_NE(hex->layer->name.find("Hex"), std::string::npos);
  const AnalysisResult* res = d->analysis_result();
  ASSERT_NE(res, nullptr);
  ASSERT_EQ(res->metrics.size(), hex->layer->size());
  uint64_t total = 0;
  for (const auto& m : res->metrics) total += m.n_obs;
  EXPECT_EQ(total, fx.rows.size()) << "every observation lies in exactly one cell";
  // Back to the polygons: the grid goes away.
  d->analysis.hex_size_m = 0;
  d->analysis.area_layer_id = polygon_layer(*d);
  wait_idle(*d);
  EXPECT_EQ(d->scene.layers.size(), 2u);
  fs::remove_all(fx.dir);
}

// A view saved with files opened relative to the working folder reopens from another working
// folder: its relative paths are written relative to the view file's folder, and read so.
TEST(DashboardAnalysis, SavedViewWithRelativePathsReopensFromAnotherFolder) {
  const Fixture fx = make_fixture("relative");
  const fs::path old_cwd = fs::current_path();
  fs::create_directories(fx.dir / "views");
  fs::create_directories(fx.dir / "elsewhere");
  fs::current_path(fx.dir);  // the user works in the data folder and opens "areas.geojson"
  WorkspaceOptions o;
  o.files = {"areas.geojson"};
  auto d = std::make_unique<Workspace>(o);
  size_window(*d);
  d->open_observations(fs::path(fx.csv).filename().string());
  wait_idle(*d);
  d->analysis.area_layer_id = polygon_layer(*d);
  wait_idle(*d);
  const std::string view = "views/v.biodash";
  const Session s = d->to_session_for(view);
  EXPECT_EQ(s.area_layer, "../areas.geojson");
  EXPECT_EQ(s.observations, "../" + fs::path(fx.csv).filename().string());
  save_session_file(view, s);
  const std::string view_abs = fs::absolute(view).string();
  fs::current_path(fx.dir / "elsewhere");  // reopened from another folder
  Workspace e(WorkspaceOptions{});
  size_window(e);
  e.apply_session(load_session_file(view_abs), (fx.dir / "views").string());
  wait_idle(e);
  fs::current_path(old_cwd);
  ASSERT_NE(e.analysis_result(), nullptr);
  ASSERT_NE(d->analysis_result(), nullptr);
  ASSERT_EQ(e.analysis_result()->metrics.size(), 3u);
  for (size_t k = 0; k < 3; ++k)
    EXPECT_EQ(e.analysis_result()->metrics[k].n_obs, d->analysis_result()->metrics[k].n_obs);
  fs::remove_all(fx.dir);
}

// A hex size out of range (a script, a hand-edited view) is said once, the areas go back to
// none, and the workspace settles (it used to retry "hex grid too fine" every frame).
TEST(DashboardAnalysis, HexSizeOutOfRangeIsSaidOnceAndSettles) {
  const Fixture fx = make_fixture("hex_tiny");
  auto d = open(fx);
  const size_t layers = d->scene.layers.size();
  for (const double bad : {0.001, 1e-300, 1e12}) {
    const size_t errors_before = d->messages.count(MsgLevel::Error);
    d->analysis.hex_size_m = bad;
    wait_idle(*d);
    for (int i = 0; i < 20; ++i) d->update();
    EXPECT_EQ(d->messages.count(MsgLevel::Error), errors_before + 1) << bad;
    EXPECT_EQ(d->analysis.hex_size_m, 0) << bad;
    EXPECT_EQ(d->scene.layers.size(), layers) << bad;
  }
  fs::remove_all(fx.dir);
}

// Seasonal mode: the months the window touches, in every year up to its end.
TEST(DashboardAnalysis, SeasonalModeCountsTheSameMonthsOfEveryYear) {
  const Fixture fx = make_fixture("seasonal");
  auto d = open(fx);
  d->analysis.area_layer_id = polygon_layer(*d);
  wait_idle(*d);
  auto month_of = [](const Row& r) { return std::stoi(r.date.substr(5, 2)); };
  // 91 days ending 2020-06-30 start on 2020-04-01 (30 + 31 + 30 days): April to June.
  d->analysis.time = {true, TimeMode::Seasonal, days_from_civil(2020, 6, 30), 91};
  wait_idle(*d);
  expect_metrics(*d,
                 brute(fx,
                       [&](const Row& r) {
                         const int m = month_of(r);
                         return m >= 4 && m <= 6 && r.date <= "2020-06-30";
                       }),
                 "Apr-Jun to 2020");
  EXPECT_EQ(time_window_text(d->analysis.time), "Apr–Jun every year to 2020");
  // Across the turn of the year: 120 days ending 2021-02-28 start on 2020-11-01
  // (30 + 31 + 31 + 28 days): November to February, every year up to 2021-02-28.
  d->analysis.time = {true, TimeMode::Seasonal, days_from_civil(2021, 2, 28), 120};
  wait_idle(*d);
  expect_metrics(*d,
                 brute(fx,
                       [&](const Row& r) {
                         const int m = month_of(r);
                         return (m >= 11 || m <= 2) && r.date <= "2021-02-28";
                       }),
                 "Nov-Feb to 2021");
  EXPECT_EQ(time_window_text(d->analysis.time), "Nov–Feb every year to 2021");
  fs::remove_all(fx.dir);
}

// Writes a GeoJSON polygon layer of some of kRects with the given properties (JSON members).
std::string write_rects(const fs::path& file,
                        const std::vector<std::pair<size_t, std::string>>& f) {
  std::ofstream g(file);
  g << "{\"type\":\"FeatureCollection\",\"features\":[";
  for (size_t i = 0; i < f.size(); ++i) {
    const Rect& r = kRects[f[i].first];
    char buf[512];
    std::snprintf(buf, sizeof buf,
                  "%s{\"type\":\"Feature\",\"properties\":{\"name\":\"%s\",%s},"
                  "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[%.6f,%.6f],[%.6f,%.6f],"
                  "[%.6f,%.6f],[%.6f,%.6f],[%.6f,%.6f]]]}}",
                  i ? "," : "", r.name, f[i].second.c_str(), r.lon0, r.lat0, r.lon1, r.lat0, r.lon1,
                  r.lat1, r.lon0, r.lat1, r.lon0, r.lat0);
    g << buf;
  }
  g << "]}\n";
  return file.string();
}

// The Before/after section's numbers: measures read from the impact/control layers, and the
// BACI table (impact/control x before/after) and Polderlab series against brute-force counts.
TEST(DashboardAnalysis, BeforeAfterTableMatchesABruteForceCount) {
  const Fixture fx = make_fixture("baci");
  auto d = open(fx);
  ASSERT_EQ(d->observations.size(), 1u);
  const ObservationStore& store = *d->observations[0].store;
  // M1 on Alpha (2020-03-15), controlled by C2 = Gamma only (not Beta); M2 has no date.
  const std::string impact_path = write_rects(
      fx.dir / "impact.geojson",
      {{0, "\"measure_id\":\"M1\",\"carried_out\":\"2020-03-15\",\"control_ids\":\"C2\""},
       {1, "\"measure_id\":\"M2\",\"carried_out\":\"\",\"control_ids\":\"C1\""}});
  const std::string control_path =
      write_rects(fx.dir / "control.geojson", {{1, "\"id\":\"C1\""}, {2, "\"id\":\"C2\""}});
  const std::string plots_path =
      write_rects(fx.dir / "plots.geojson", {{0, "\"treatment\":\"control\""},
                                             {1, "\"treatment\":\"deep\""},
                                             {2, "\"treatment\":\"deep\""}});
  OpenOptions oo;
  oo.map_crs = store.crs;
  const auto impact = read_vector_file(impact_path, oo);
  const auto control = read_vector_file(control_path, oo);
  const auto plots = read_vector_file(plots_path, oo);
  ASSERT_EQ(impact.size(), 1u);
  ASSERT_EQ(control.size(), 1u);
  ASSERT_EQ(plots.size(), 1u);

  const std::vector<BaciMeasure> ms = comparable_measures(impact[0], control[0]);
  ASSERT_EQ(ms.size(), 1u) << "M2 has no date";
  EXPECT_EQ(ms[0].impact, 0u);
  ASSERT_EQ(ms[0].controls, std::vector<size_t>{1});  // C2 = Gamma, the second control
  EXPECT_EQ(ms[0].date, days_from_civil(2020, 3, 15));

  std::vector<const GEOSGeometry*> polys = {impact[0].geoms[0].get(), control[0].geoms[1].get()};
  std::vector<std::string> treatment;
  for (size_t p = 0; p < plots[0].size(); ++p) {
    polys.push_back(plots[0].geoms[p].get());
    treatment.push_back(plots[0].values[p][plots[0].field_index("treatment")]);
  }
  ViewFilter vf;
  vf.min_quality = Quality::NeedsId;  // research and needs_id
  const BeforeAfter ba = compute_before_after(store, polys, 1, treatment, vf, ms[0].date);
  ASSERT_TRUE(ba.valid);

  // Brute force over the rows the fixture wrote.
  struct Cell {
    uint64_t records = 0;
    std::set<std::string> species;
  };
  Cell cells[4];  // impact before, impact after, control before, control after
  for (const Row& r : fx.rows) {
    if (r.quality == "casual") continue;
    const bool after = r.date >= "2020-03-15";
    for (int side = 0; side < 2; ++side) {
      if (!kRects[side == 0 ? 0 : 2].contains(r.lon, r.lat)) continue;
      Cell& c = cells[side * 2 + (after ? 1 : 0)];
      ++c.records;
      c.species.insert(r.species);
    }
  }
  const BaciCell* got[] = {&ba.baci.impact_before, &ba.baci.impact_after, &ba.baci.control_before,
                           &ba.baci.control_after};
  const char* names[] = {"impact before", "impact after", "control before", "control after"};
  for (int k = 0; k < 4; ++k) {
    EXPECT_EQ(got[k]->m.n_obs, cells[k].records) << names[k];
    EXPECT_EQ(got[k]->m.n_species, cells[k].species.size()) << names[k];
    EXPECT_GT(cells[k].records, 0u) << names[k] << ": the fixture must put records there";
  }
  const double contrast = (double(cells[1].species.size()) - double(cells[0].species.size())) -
                          (double(cells[3].species.size()) - double(cells[2].species.size()));
  EXPECT_EQ(ba.baci.contrast_species, contrast);

  // Polderlab: species in 2021 per treatment (control = Alpha, deep = Beta + Gamma).
  ASSERT_EQ(ba.treatments, (std::vector<std::string>{"control", "deep"}));
  ASSERT_EQ(ba.plot_years, std::vector<double>{2021});
  std::set<std::string> sp_control, sp_deep;
  for (const Row& r : fx.rows) {
    if (r.quality == "casual" || r.date.rfind("2021-", 0) != 0) continue;
    if (kRects[0].contains(r.lon, r.lat)) sp_control.insert(r.species);
    if (kRects[1].contains(r.lon, r.lat) || kRects[2].contains(r.lon, r.lat))
      sp_deep.insert(r.species);
  }
  EXPECT_EQ(ba.plot_species[0], std::vector<double>{double(sp_control.size())});
  EXPECT_EQ(ba.plot_species[1], std::vector<double>{double(sp_deep.size())});
  fs::remove_all(fx.dir);
}

TEST(Labels, PolderlabTreatmentsInBothLanguages) {
  // The demo's plots say "deep rewetting"; other data may say "deep". Dutch by hand.
  set_language(Language::Dutch);
  EXPECT_EQ(treatment_label("deep rewetting"), "diepe vernatting");
  EXPECT_EQ(treatment_label("shallow"), "ondiepe vernatting");
  EXPECT_EQ(treatment_label("control"), "controle");
  EXPECT_EQ(treatment_label("mowing"), "mowing");  // unknown: as given
  set_language(Language::English);
  EXPECT_EQ(treatment_label("deep rewetting"), "deep rewetting");
}

}  // namespace
}  // namespace biodash::ui
