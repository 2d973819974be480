// The workspace (the window's headless model) without a window: loading on workers, messages, CRS
// placement, map-CRS changes, picking and aggregation. Expected numbers come from
// data/leiden/derived_pip_counts_leiden_region.json (computed independently by even-odd ray
// casting on the WGS84 coordinates), not from biodash itself.
#include "workspace/workspace.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <thread>

#include "core/error.hpp"
#include "core/labels.hpp"
#include "io/gdal_dataset.hpp"
#include "wait_idle.hpp"

namespace biodash::ui {
namespace {

const std::string kData = BIODASH_DEMO_DATA "/leiden/";

std::vector<Message> messages_of(const Workspace& d) {
  std::vector<Message> out;
  d.messages.snapshot(0, out);
  return out;
}

bool has_message(const Workspace& d, MsgLevel level, const std::string& text) {
  for (const auto& m : messages_of(d)) {
    if (m.level == level && m.text.find(text) != std::string::npos) return true;
  }
  return false;
}

int layer_named(const Workspace& d, const std::string& part) {
  for (size_t i = 0; i < d.scene.layers.size(); ++i) {
    if (d.scene.layers[i].layer->name.find(part) != std::string::npos) return int(i);
  }
  return -1;
}

int feature_named(const Layer& l, const std::string& name) {
  for (size_t f = 0; f < l.size(); ++f) {
    if (feature_title(l, f) == name) return int(f);
  }
  return -1;
}

struct DashboardTest : ::testing::Test {
  std::unique_ptr<Workspace> open(std::vector<std::string> files, bool demo = false) {
    WorkspaceOptions o;
    o.files = std::move(files);
    o.demo = demo;
    auto d = std::make_unique<Workspace>(o);
    d->camera.width = 1280;
    d->camera.height = 800;
    d->map_rect = {300, 0, 1000, 640};
    wait_idle(*d);
    return d;
  }
};

TEST_F(DashboardTest, MissingAndBrokenFilesBecomeErrorMessages) {
  auto d = open({"/nonexistent/missing.gpkg", BIODASH_TEST_DATA "/gis-testdata/togeojson/bad.kml"});
  EXPECT_TRUE(has_message(*d, MsgLevel::Error, "missing.gpkg"));
  EXPECT_FALSE(d->jobs.busy());
  // Whatever bad.kml holds, it is accounted for: a layer, an unplaced layer or an error.
  bool kml_seen = has_message(*d, MsgLevel::Error, "bad.kml");
  for (const auto& m : messages_of(*d)) kml_seen |= m.text.find("bad") != std::string::npos;
  EXPECT_TRUE(kml_seen);
}

TEST_F(DashboardTest, DemoCountsMuskratCatchesPerBuurt) {
  auto d =
      open({kData + "leiden_region_gemeenten_2024.geojson", kData + "leiden_wijken_2024.geojson",
            kData + "leiden_buurten_2024.geojson", kData + "leiden_region_subset_with_wgs84.csv"},
           true);
  ASSERT_EQ(d->scene.layers.size(), 4u);
  const int bi = layer_named(*d, "leiden_buurten");
  ASSERT_GE(bi, 0);
  const SceneLayer& b = d->scene.layers[bi];
  ASSERT_TRUE(b.choropleth.has_value());
  EXPECT_TRUE(b.style.use_feature_colors);
  ASSERT_EQ(b.choropleth->values.size(), b.layer->size());
  double total = 0;
  for (double v : b.choropleth->values) total += v;
  EXPECT_EQ(total, 27);  // 4 + 2 + 11 + 3 + 6 + 1 in the reference file
  const int oostvliet = feature_named(*b.layer, "Oostvliet");
  const int lage_mors = feature_named(*b.layer, "Lage Mors");
  ASSERT_GE(oostvliet, 0);
  ASSERT_GE(lage_mors, 0);
  EXPECT_EQ(b.choropleth->values[oostvliet], 11);
  EXPECT_EQ(b.choropleth->values[lage_mors], 6);
  ASSERT_TRUE(d->aggregation.has_value());
  EXPECT_EQ(d->aggregation->inside, 27u);
  EXPECT_EQ(d->aggregation->top.front().first, size_t(oostvliet));
  EXPECT_NE(d->legend_choropleth(), nullptr);
  // Stacking: region at the bottom, points on top; wijken drawn over the buurten.
  EXPECT_EQ(layer_named(*d, "gemeenten"), 0);
  EXPECT_EQ(layer_named(*d, "subset"), 3);
  EXPECT_GT(layer_named(*d, "wijken"), bi);
  // The first view shows Leiden's buurten, not the whole region.
  const Envelope& lb = b.layer->bounds;
  double sx0, sy0, sx1, sy1;
  d->camera.map_to_screen(lb.minx, lb.maxy, sx0, sy0);
  d->camera.map_to_screen(lb.maxx, lb.miny, sx1, sy1);
  EXPECT_GE(sx0, 300 - 1);
  EXPECT_LE(sx1, 1000 + 1);
  EXPECT_GE(sy0, -1);
  EXPECT_LE(sy1, 640 + 1);
  EXPECT_GT(std::max(sx1 - sx0, sy1 - sy0), 500);  // and fills most of the free area
}

#ifdef BIODASH_DEMO_GPKG_PATH
// The scene index of the layer read from OGR layer `source` (display names may change).
int layer_from(const Workspace& d, const std::string& source) {
  for (size_t i = 0; i < d.scene.layers.size(); ++i) {
    if (d.scene.layers[i].layer->source_layer == source) return int(i);
  }
  return -1;
}

// The generated demo (build/demo/leiden_demo.gpkg), opened as the app opens it: the sites are
// coloured by a live count of the citizen observations, which must equal the n_observations
// the generator wrote; observations lie under the outlines; impact and control differ.
TEST_F(DashboardTest, DemoGpkgColoursSitesBySpeciesRichness) {
  const std::string gpkg = BIODASH_DEMO_GPKG_PATH;
  if (!std::filesystem::exists(gpkg)) GTEST_SKIP() << gpkg << " not generated";
  std::vector<std::string> files;
  for (const char* l : {"gemeenten", "wijken", "buurten", "biodiversity_sites", "lbsp_impact_areas",
                        "lbsp_controls", "levend_lab", "polderlab_plots", "lbsp_measures",
                        "muskrat_catches", "citizen_observations"})
    files.push_back(gpkg + ":" + l);
  auto d = open(files, true);
  ASSERT_EQ(d->scene.layers.size(), 11u);
  const int si = layer_from(*d, "biodiversity_sites");
  const int oi = layer_from(*d, "citizen_observations");
  ASSERT_GE(si, 0);
  ASSERT_GE(oi, 0);
  // The thematic map: sites coloured by species richness of the live observation store.
  ASSERT_EQ(d->observations.size(), 1u);
  ASSERT_NE(d->observations[0].store, nullptr);
  EXPECT_EQ(d->observations[0].store->size(), d->scene.layers[oi].layer->size());
  // The file is read once: the map's point layer is the store's (same set, same points, same
  // order), with day and taxon group per point taken from the store's columns.
  const ObservationStore& st = *d->observations[0].store;
  EXPECT_EQ(d->observations[0].layer_id, d->layer_id(oi));
  const Layer& ol = *d->scene.layers[oi].layer;
  EXPECT_EQ(ol.store.get(), &st);  // a view of the store, no geometry of its own
  EXPECT_TRUE(ol.geoms.empty());
  const auto& mesh = d->scene.layers[oi].mesh;
  ASSERT_NE(mesh, nullptr);
  ASSERT_TRUE(mesh->point_identity);
  ASSERT_EQ(mesh->point_xy.size(), 2 * st.size());
  for (size_t i = 0; i < st.size(); i += 997) {  // float offsets: within a millimetre
    EXPECT_NEAR(mesh->origin_x + mesh->point_xy[2 * i], st.x[i], 1e-3);
    EXPECT_NEAR(mesh->origin_y + mesh->point_xy[2 * i + 1], st.y[i], 1e-3);
  }
  const auto& pa = d->scene.layers[oi].point_attributes;
  ASSERT_NE(pa, nullptr);
  ASSERT_EQ(pa->day.size(), st.size());
  ASSERT_EQ(pa->group.size(), st.size());
  std::map<std::string, uint64_t> per_group;  // brute force: records per taxon group
  for (uint32_t t : st.taxon) ++per_group[st.taxa[t].group];
  std::string commonest;
  for (const auto& [g, n] : per_group)
    if (commonest.empty() || n > per_group[commonest]) commonest = g;
  ASSERT_FALSE(pa->group_labels.empty());
  EXPECT_EQ(pa->group_labels.front(), commonest);  // most records: first colour
  for (size_t i = 0; i < st.size(); i += 101) {
    ASSERT_LT(pa->group[i], pa->group_labels.size());
    EXPECT_EQ(pa->group_labels[pa->group[i]], st.taxa[st.taxon[i]].group);
    if (st.day[i] != kUnknownDay) {
      EXPECT_EQ(pa->day[i], float(st.day[i]));
    }
  }
  // The time slider's default window ends on the data's last day.
  int32_t last_day = kUnknownDay;
  for (int32_t day : st.day) last_day = std::max(last_day, day);
  EXPECT_EQ(d->analysis.time.end_day, last_day);
  EXPECT_EQ(d->analysis.area_layer_id, d->layer_id(si));
  EXPECT_EQ(d->analysis.metric, Metric::Species);
  const SceneLayer& s = d->scene.layers[si];
  ASSERT_TRUE(s.choropleth.has_value());
  EXPECT_TRUE(s.style.use_feature_colors);
  EXPECT_NE(s.choropleth->title.find(metric_title_en(Metric::Species)), std::string::npos);
  EXPECT_EQ(s.choropleth->unit, metric_unit_en(Metric::Species));
  EXPECT_EQ(d->legend_choropleth(), &*s.choropleth);
  // n_species was written by the demo generator (tools/demo) from its own observations.
  const int nf = s.layer->field_index("n_species");
  ASSERT_GE(nf, 0);
  ASSERT_EQ(s.choropleth->values.size(), s.layer->size());
  for (size_t f = 0; f < s.layer->size(); ++f) {
    EXPECT_EQ(s.choropleth->values[f], std::stod(s.layer->values[f][nf]))
        << feature_title(*s.layer, f);
  }
  EXPECT_FALSE(s.choropleth->low_effort.empty()) << "low-effort marking is on";

  // Stacking: land, observations, buurten, wijken, sites, project areas, measures on top.
  const int gi = layer_from(*d, "gemeenten"), bi = layer_from(*d, "buurten"),
            wi = layer_from(*d, "wijken"), ii = layer_from(*d, "lbsp_impact_areas"),
            ci = layer_from(*d, "lbsp_controls"), mi = layer_from(*d, "lbsp_measures");
  EXPECT_EQ(gi, 0);
  EXPECT_LT(oi, bi);
  EXPECT_LT(bi, wi);
  EXPECT_LT(wi, si);
  EXPECT_LT(si, ci);
  EXPECT_LT(si, ii);
  EXPECT_GT(mi, ii);
  // Observations: small, faint, taxon-neutral (one colour, no per-feature colours).
  const LayerStyle& os = d->scene.layers[oi].style;
  EXPECT_LE(os.point_size, 3.0f);
  EXPECT_LT(os.point.a * os.opacity, 0.5f);
  EXPECT_FALSE(os.use_feature_colors);
  // Impact and control areas in clearly different hues.
  const Rgba a = d->scene.layers[ii].style.fill, b = d->scene.layers[ci].style.fill;
  EXPECT_GT(std::abs(a.r - b.r) + std::abs(a.g - b.g) + std::abs(a.b - b.b), 0.8f);
  // Polderlab plots: one colour per treatment.
  const int pi = layer_from(*d, "polderlab_plots");
  ASSERT_GE(pi, 0);
  ASSERT_TRUE(d->scene.layers[pi].categories.has_value());
  EXPECT_EQ(d->scene.layers[pi].categories->labels.size(), 3u);
  EXPECT_EQ(d->scene.layers[pi].categories->labels.front(), "control");

  // The first view is Leiden (its buurten), not the region with Oud Ade.
  const Envelope& lb = d->scene.layers[bi].layer->bounds;
  double sx0, sy0, sx1, sy1;
  d->camera.map_to_screen(lb.minx, lb.maxy, sx0, sy0);
  d->camera.map_to_screen(lb.maxx, lb.miny, sx1, sy1);
  EXPECT_GE(sx0, 300 - 1);
  EXPECT_LE(sx1, 1000 + 1);
  EXPECT_GE(sy0, -1);
  EXPECT_LE(sy1, 640 + 1);
  EXPECT_GT(std::max(sx1 - sx0, sy1 - sy0), 500);
}
#endif

TEST_F(DashboardTest, ClickSelectsTheFeatureUnderTheCursor) {
  auto d = open({kData + "leiden_buurten_2024.geojson"});
  ASSERT_EQ(d->scene.layers.size(), 1u);
  const Layer& l = *d->scene.layers[0].layer;
  const int f = feature_named(l, "Oostvliet");
  ASSERT_GE(f, 0);
  GEOSContextHandle_t ctx = geos_ctx();
  GeomPtr inside(GEOSPointOnSurface_r(ctx, l.geoms[f].get()));
  double x = 0, y = 0, sx = 0, sy = 0;
  ASSERT_EQ(GEOSGeomGetX_r(ctx, inside.get(), &x), 1);
  ASSERT_EQ(GEOSGeomGetY_r(ctx, inside.get(), &y), 1);
  d->camera.map_to_screen(x, y, sx, sy);
  d->select_at(float(sx), float(sy));
  EXPECT_EQ(d->selection.layer_id, d->layer_id(0));
  EXPECT_EQ(d->selection.feature, f);
  // Far outside any polygon: nothing.
  d->select_at(-5000, -5000);
  EXPECT_EQ(d->selection.layer_id, 0u);
}

TEST_F(DashboardTest, ChangingTheMapCrsReplacesEveryLayer) {
  auto d = open({kData + "leiden_wijken_2024.geojson"});
  ASSERT_EQ(d->scene.layers.size(), 1u);
  const uint64_t id = d->layer_id(0);
  d->selection = {id, 2};
  d->set_map_crs("EPSG:4326");
  wait_idle(*d);
  EXPECT_EQ(d->scene.map_crs, "EPSG:4326");
  ASSERT_EQ(d->scene.layers.size(), 1u);
  const Layer& l = *d->scene.layers[0].layer;
  EXPECT_EQ(l.map_crs, "EPSG:4326");
  EXPECT_EQ(d->layer_id(0), id);  // same layer for the UI: selection survives
  EXPECT_EQ(d->selection.feature, 2);
  // Leiden: about 4.4-4.6 E, 52.1-52.2 N (lon/lat axis order).
  EXPECT_GT(l.bounds.minx, 4.3);
  EXPECT_LT(l.bounds.maxx, 4.7);
  EXPECT_GT(l.bounds.miny, 52.0);
  EXPECT_LT(l.bounds.maxy, 52.3);
  // The view followed: Leiden's centre is still on screen.
  double sx = 0, sy = 0;
  d->camera.map_to_screen(4.4970, 52.1601, sx, sy);
  EXPECT_GT(sx, 0);
  EXPECT_LT(sx, 1280);
  EXPECT_GT(sy, 0);
  EXPECT_LT(sy, 800);
  // Cursor readout: map CRS and WGS84 agree in EPSG:4326.
  double mx, my, lon, lat;
  ASSERT_TRUE(d->cursor_position(640, 400, mx, my, lon, lat));
  EXPECT_NEAR(lon, mx, 1e-9);
  EXPECT_NEAR(lat, my, 1e-9);
}

TEST_F(DashboardTest, LayerWithoutCrsWaitsForOne) {
  // Belgian Lambert 72 coordinates: neither RD New nor WGS84, so no CRS can be guessed.
  const auto path = std::filesystem::temp_directory_path() / "biodash_gui_test_lambert72.csv";
  {
    std::ofstream f(path);
    f << "name,x,y\nGent,104500,194000\nAntwerpen,152000,212000\n";
  }
  auto d = open({path.string()});
  ASSERT_EQ(d->unplaced.size(), 1u);
  EXPECT_TRUE(d->scene.layers.empty());
  const uint64_t id = d->unplaced[0].id;
  d->apply_crs(id, "EPSG:999999999");
  wait_idle(*d);
  ASSERT_EQ(d->unplaced.size(), 1u);
  EXPECT_FALSE(d->unplaced[0].last_error.empty());
  d->apply_crs(id, "EPSG:31370");
  wait_idle(*d);
  EXPECT_TRUE(d->unplaced.empty());
  ASSERT_EQ(d->scene.layers.size(), 1u);
  const Layer& l = *d->scene.layers[0].layer;
  EXPECT_TRUE(l.placed());
  EXPECT_EQ(l.map_crs, "EPSG:28992");
  // Gent (51.054 N, 3.720 E) in RD New: about 38 km east and 342 km north of RD's false
  // origin (Vlissingen is about (30 km, 385 km)); a loose box, not PROJ's own number.
  EXPECT_GT(l.bounds.minx, 25000);
  EXPECT_LT(l.bounds.minx, 50000);
  EXPECT_GT(l.bounds.miny, 320000);
  EXPECT_LT(l.bounds.miny, 360000);
  std::filesystem::remove(path);
}

TEST_F(DashboardTest, RemoveAndReorder) {
  auto d = open({kData + "leiden_wijken_2024.geojson", kData + "leiden_buurten_2024.geojson"});
  ASSERT_EQ(d->scene.layers.size(), 2u);
  const uint64_t bottom = d->layer_id(0), top = d->layer_id(1);
  d->move_layer(bottom, +1);
  EXPECT_EQ(d->layer_id(1), bottom);
  EXPECT_EQ(d->layer_id(0), top);
  d->selection = {top, 0};
  d->remove_layer(top);
  EXPECT_EQ(d->scene.layers.size(), 1u);
  EXPECT_EQ(d->selection.layer_id, 0u);
  EXPECT_EQ(d->scene_index(top), -1);
}

// Settings ▸ Allow network access: off by default; turning it on and off sets the io policy
// (what GDAL may fetch) and says so once each time.
TEST(WorkspaceNetwork, OffByDefaultAndSaidWhenChanged) {
  Workspace d(WorkspaceOptions{});
  EXPECT_FALSE(d.network_allowed());
  EXPECT_FALSE(biodash::network_allowed());
  const size_t before = d.messages.count(MsgLevel::Info);
  d.set_network_allowed(true);
  EXPECT_TRUE(biodash::network_allowed());
  d.set_network_allowed(true);  // no change, no message
  d.set_network_allowed(false);
  EXPECT_FALSE(biodash::network_allowed());
  EXPECT_EQ(d.messages.count(MsgLevel::Info), before + 2);
  EXPECT_THROW(refuse_network_source("/vsicurl/https://example.org/x.csv", "x.vrt"), Error);
}

}  // namespace
}  // namespace biodash::ui
