// Exports: the table files re-read with GDAL and compared with compute_metrics
// and hand counts; the map PNG has the requested size and the legend's colours
// where the legend goes; the site report page is written.
#include "ui/export.hpp"

#include <gdal.h>
#include <gtest/gtest.h>
#include <ogr_api.h>
#include <stb_image.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/aggregate.hpp"
#include "core/engine.hpp"
#include "core/geos_handle.hpp"
#include "render/headless.hpp"
#include "render/map_renderer.hpp"
#include "render/scene.hpp"

namespace fs = std::filesystem;
using namespace biodash;

namespace {

fs::path temp_dir() {
  fs::path d = fs::temp_directory_path() / ("biodash_export_test_" + std::to_string(getpid()));
  fs::create_directories(d);
  return d;
}

// A layer in RD New of the given WKT features (fids 0, 1, ... unless given), no attributes.
std::shared_ptr<Layer> wkt_layer(const std::string& name, GeomKind kind,
                                 const std::vector<std::string>& wkts,
                                 std::vector<int64_t> fids = {}) {
  auto l = std::make_shared<Layer>();
  l->name = name;
  l->source_layer = name;
  l->kind = kind;
  l->map_crs = l->source_crs = "EPSG:28992";
  for (const std::string& wkt : wkts) {
    l->source_geoms.push_back(from_wkt(wkt));
    l->geoms.push_back(from_wkt(wkt));
    l->bounds.expand(envelope_of(l->geoms.back().get()));
    if (fids.size() < l->geoms.size()) fids.push_back(static_cast<int64_t>(fids.size()));
  }
  l->fids = std::move(fids);
  l->values.resize(wkts.size());
  return l;
}

// Two 10 m squares, A = [0,10]^2 and B = [20,30]x[0,10] (RD New numbers).
std::shared_ptr<Layer> two_squares() {
  return wkt_layer("plots", GeomKind::Polygon,
                   {"POLYGON((94000 463900,94010 463900,94010 463910,94000 463910,94000 463900))",
                    "POLYGON((94020 463900,94030 463900,94030 463910,94020 463910,94020 463900))"},
                   {7, 9});
}

// 21 x 9 points 1.7 m by 1.45 m apart over both squares and beyond (RD New), as WKT.
std::vector<std::string> point_grid() {
  std::vector<std::string> points;
  for (int i = 0; i < 21; ++i)
    for (int j = 0; j < 9; ++j)
      points.push_back("POINT(" + std::to_string(93998 + 1.7 * i) + " " +
                       std::to_string(463899 + 1.45 * j) + ")");
  return points;
}

// The legend of a two-class records map: class "1" in `low`, class "3" in `high`; square A (3
// records) in `high`, B (1 record) in `low`.
Choropleth records_choropleth(const Rgba& low, const Rgba& high) {
  Choropleth c;
  c.title = "Records";
  c.unit = "records";
  c.class_colors = {low, high};
  c.class_labels = {"1", "3"};
  c.feature_rgba = {pack_rgba(high), pack_rgba(low)};
  return c;
}

// Five records: A gets 3 (2 of taxon 0, 1 of taxon 1; observers 1, 2; days 100,
// 101), B gets 1 (taxon 1, observer 2, day 200), one lies outside both.
ObservationStore five_records() {
  ObservationStore s;
  s.crs = "EPSG:28992";
  s.taxa.resize(2);
  s.taxa[0].scientific_name = s.taxa[0].species = "Turdus merula";
  s.taxa[1].scientific_name = s.taxa[1].species = "Erithacus rubecula";
  s.observers = {"", "obs1", "obs2"};
  struct R {
    double x, y;
    int32_t day;
    uint32_t taxon, observer;
  };
  const R rows[] = {{94001, 463901, 100, 0, 1},
                    {94002, 463902, 101, 0, 2},
                    {94003, 463903, 100, 1, 1},
                    {94025, 463905, 200, 1, 2},
                    {94050, 463950, 100, 0, 1}};
  uint32_t row = 1;
  for (const R& r : rows) {
    s.x.push_back(r.x);
    s.y.push_back(r.y);
    s.day.push_back(r.day);
    s.day_span.push_back(0);
    s.taxon.push_back(r.taxon);
    s.observer.push_back(r.observer);
    s.count.push_back(1);
    s.quality.push_back(Quality::Research);
    s.uncertainty_m.push_back(5);
    s.source_row.push_back(row++);
    s.bounds.expand(r.x, r.y);
  }
  return s;
}

AreaIndex index_of(const Layer& l, const ObservationStore& s) {
  std::vector<const GEOSGeometry*> g;
  for (const auto& p : l.geoms) g.push_back(p.get());
  return invert(assign_points(g, s.x.data(), s.y.data(), s.size()));
}

// The rows of a vector file read with OGR: fid/id column text -> field name ->
// text.
std::map<std::string, std::map<std::string, std::string>> read_rows(const fs::path& p,
                                                                    const std::string& id) {
  GDALAllRegister();
  std::map<std::string, std::map<std::string, std::string>> rows;
  GDALDatasetH ds = GDALOpenEx(p.c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr);
  EXPECT_NE(ds, nullptr) << p;
  if (!ds) return rows;
  OGRLayerH l = GDALDatasetGetLayer(ds, 0);
  OGRFeatureDefnH def = OGR_L_GetLayerDefn(l);
  OGR_L_ResetReading(l);
  while (OGRFeatureH f = OGR_L_GetNextFeature(l)) {
    std::map<std::string, std::string> r;
    for (int i = 0; i < OGR_FD_GetFieldCount(def); ++i)
      r[OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(def, i))] = OGR_F_GetFieldAsString(f, i);
    rows[r[id]] = r;
    OGR_F_Destroy(f);
  }
  GDALClose(ds);
  return rows;
}

}  // namespace

TEST(Export, TableMatchesComputeMetricsAndHandCounts) {
  const auto areas = two_squares();
  const ObservationStore s = five_records();
  const AreaIndex idx = index_of(*areas, s);
  const Filter all;
  const std::vector<AreaMetrics> m = ui::export_metrics(s, idx, all, 2);
  const ResultTable t = ui::metrics_table(*areas, m, 2);
  // The columns of `biodash aggregate --metrics n_obs,...,rarefied_2,...`.
  EXPECT_EQ(t.id_name, "fid");
  EXPECT_EQ(t.columns, (std::vector<std::string>{"n_obs", "n_species", "shannon", "simpson",
                                                 "chao1", "rarefied_2", "n_observers", "n_days",
                                                 "first_date", "last_date"}));
  const fs::path dir = temp_dir();
  ui::export_table_csv((dir / "t.csv").string(), t);
  ui::export_table_gpkg((dir / "t.gpkg").string(), *areas, "EPSG:28992", t);

  MetricsOptions mo;
  mo.rarefy_m = 2;
  const std::vector<AreaMetrics> ref = compute_metrics(s, idx, all, mo);
  for (const char* file : {"t.csv", "t.gpkg"}) {
    SCOPED_TRACE(file);
    auto rows = read_rows(dir / file, std::string(file) == "t.csv" ? "fid" : "area_fid");
    ASSERT_EQ(rows.size(), 2u);
    ASSERT_TRUE(rows.count("7") && rows.count("9"));
    // Hand counts: A (fid 7) 3 records, 2 species, 2 observers, 2 days; B (fid
    // 9) 1 of each.
    EXPECT_EQ(rows["7"]["n_obs"], "3");
    EXPECT_EQ(rows["7"]["n_species"], "2");
    EXPECT_EQ(rows["7"]["n_observers"], "2");
    EXPECT_EQ(rows["7"]["n_days"], "2");
    EXPECT_EQ(rows["9"]["n_obs"], "1");
    EXPECT_EQ(rows["9"]["n_species"], "1");
    // Shannon of A: p = 2/3, 1/3 -> 0.636514; Simpson 1 - 5/9 = 0.444444.
    EXPECT_NEAR(std::stod(rows["7"]["shannon"]), 0.6365141683, 1e-6);
    EXPECT_NEAR(std::stod(rows["7"]["simpson"]), 4.0 / 9.0, 1e-6);
    EXPECT_EQ(rows["7"]["first_date"].substr(0, 10), "1970-04-11");  // day 100
    EXPECT_EQ(rows["9"]["last_date"].substr(0, 10), "1970-07-20");   // day 200
    // And everything as compute_metrics gives it.
    for (const auto& [fid, k] : {std::pair<std::string, size_t>{"7", 0}, {"9", 1}}) {
      EXPECT_EQ(std::stoull(rows[fid]["n_obs"]), ref[k].n_obs);
      EXPECT_EQ(std::stoul(rows[fid]["n_species"]), ref[k].n_species);
      EXPECT_EQ(std::stoul(rows[fid]["n_observers"]), ref[k].n_observers);
      EXPECT_NEAR(std::stod(rows[fid]["chao1"]), ref[k].chao1, 1e-9);
      EXPECT_NEAR(std::stod(rows[fid]["rarefied_2"]), ref[k].rarefied, 1e-9);
    }
    // B has 1 record: richness at 2 records is extrapolated (Chao et al. 2014), S + f̂0 (1 − A)
    // with f̂0 = (n−1)/n · f1(f1−1)/2 = 0: 1 species.
    EXPECT_EQ(rows["9"]["rarefied_2"], "1");
  }
  // Undefined is NA, never a number: at 3 records, more than twice B's, an empty field.
  const ResultTable t3 = ui::metrics_table(*areas, ui::export_metrics(s, idx, all, 3), 3);
  ui::export_table_csv((dir / "t3.csv").string(), t3);
  auto rows3 = read_rows(dir / "t3.csv", "fid");
  EXPECT_EQ(rows3["9"]["rarefied_3"], "");
  EXPECT_NE(rows3["7"]["rarefied_3"], "");
  fs::remove_all(dir);
}

TEST(Export, TableRejectsMetricsOfAnotherLayer) {
  const auto areas = two_squares();
  EXPECT_THROW(ui::metrics_table(*areas, std::vector<AreaMetrics>(3), 0), std::exception);
}

TEST(Export, SiteReportDataCountsYearsAndSpecies) {
  const auto areas = two_squares();
  ObservationStore s = five_records();
  s.day[1] = 400;  // second record of A in 1971
  const AreaIndex idx = index_of(*areas, s);
  const ui::SiteReport r = ui::site_report_data(s, idx, 0, Filter{}, 0);
  ASSERT_EQ(r.records_per_year.size(), 2u);
  EXPECT_EQ(r.records_per_year[0], (std::pair<int, uint64_t>{1970, 2}));
  EXPECT_EQ(r.records_per_year[1], (std::pair<int, uint64_t>{1971, 1}));
  ASSERT_EQ(r.top_species.size(), 2u);
  EXPECT_EQ(r.top_species[0].first, "Turdus merula");
  EXPECT_EQ(r.top_species[0].second, 2u);
  EXPECT_EQ(r.metrics.n_obs, 3u);
  EXPECT_THROW(ui::site_report_data(s, idx, 5, Filter{}, 0), std::exception);
}

TEST(Export, CheckPathNamesTheProblem) {
  EXPECT_EQ(ui::check_export_path(""), "Enter a file path.");
  EXPECT_EQ(ui::check_export_path("/nonexistent-biodash-dir/x.png"), "The folder does not exist.");
  EXPECT_EQ(ui::check_export_path("x.png"), "");
}

class ExportImage : public ::testing::Test {
 protected:
  void SetUp() override {
    try {
      ctx_ = std::make_unique<HeadlessContext>(64, 64);
    } catch (const std::exception& e) {
      GTEST_SKIP() << "no headless GL: " << e.what();
    }
    renderer_ = std::make_unique<MapRenderer>();
  }
  void TearDown() override {
    if (renderer_) scene_.release(*renderer_);
    renderer_.reset();
    ctx_.reset();
  }
  std::unique_ptr<HeadlessContext> ctx_;
  std::unique_ptr<MapRenderer> renderer_;
  Scene scene_;
};

// The dashboard draws export images in 1024-pixel tiles, one per frame. Drawn in 100-pixel
// tiles the image must be the one drawn at once: choropleth fills with hatching (fixed to the
// image's pixels), outlines, 12-pixel points lying across tile edges, legend, title, scale bar
// and attribution. The reference is the single draw; pixels may differ only where a tile's
// translated camera rounds an edge sample the other way.
TEST_F(ExportImage, TiledImageEqualsTheImageDrawnAtOnce) {
  Choropleth c = records_choropleth(Rgba{0.90f, 0.10f, 0.10f, 1}, Rgba{0.10f, 0.20f, 0.85f, 1});
  c.low_effort = {0, 1};  // B hatched
  SceneLayer polys;
  polys.layer = two_squares();
  polys.style.use_feature_colors = true;
  polys.style.opacity = 1.0f;
  polys.choropleth = c;
  scene_.layers.push_back(polys);
  const std::vector<std::string> points = point_grid();
  SceneLayer pl;
  pl.layer = wkt_layer("points", GeomKind::Point, points);
  pl.style.point_size = 12.0f;
  pl.style.opacity = 1.0f;
  scene_.layers.push_back(pl);

  ui::MapImageOptions o;
  o.width = 450;
  o.height = 330;
  o.title = "Tiled export";
  o.attribution = "test data";
  o.view = Envelope{93996, 463897, 94034, 463913};
  o.legend = &*scene_.layers[0].choropleth;
  const std::vector<uint8_t> once = ui::render_map_image(*renderer_, scene_, o);
  ui::TiledMapImage tiled(scene_, o, 100);
  EXPECT_EQ(tiled.tiles(), 20u);  // 5 columns x 4 rows
  int steps = 0;
  while (!tiled.done()) {
    tiled.step(*renderer_, scene_);
    ++steps;
    EXPECT_EQ(tiled.tiles_done(), static_cast<size_t>(steps));
  }
  EXPECT_EQ(steps, 20);
  const std::vector<uint8_t> parts = tiled.take_pixels();
  ASSERT_EQ(parts.size(), once.size());
  size_t differ = 0, inked = 0;
  for (size_t i = 0; i < once.size(); i += 4) {
    int d = 0;
    for (int k = 0; k < 3; ++k) d = std::max(d, std::abs(int(once[i + k]) - int(parts[i + k])));
    differ += d > 40;
    inked += once[i] + once[i + 1] + once[i + 2] < 600;
  }
  EXPECT_GT(inked, 20000u) << "the image must show something";
  EXPECT_LE(differ, once.size() / 4 / 1000) << differ << " pixels differ (more than 0.1 %)";
  if (const char* dir = std::getenv("BIODASH_RENDER_TEST_PNG_DIR")) {
    write_png(std::string(dir) + "/tiled_once.png", once, o.width, o.height);
    write_png(std::string(dir) + "/tiled_parts.png", parts, o.width, o.height);
  }
}

TEST_F(ExportImage, MapPngHasTheSizeAndTheLegendColoursBottomLeft) {
  // Two classes with colours that nothing else on the map uses.
  const Rgba red{0.90f, 0.10f, 0.10f, 1.0f}, blue{0.10f, 0.20f, 0.85f, 1.0f};
  const Choropleth c = records_choropleth(red, blue);
  SceneLayer sl;
  sl.layer = two_squares();
  sl.style.use_feature_colors = true;
  sl.style.opacity = 1.0f;  // the fill shows the class colour unblended
  sl.choropleth = c;
  scene_.layers.push_back(sl);

  ui::MapImageOptions o;
  o.width = 800;
  o.height = 600;
  o.title = "Export test";
  o.attribution = "test data";
  // The squares sit in the top-right quarter of the view: the bottom-left
  // quarter, where the legend goes, shows no feature colour of its own.
  o.view = Envelope{93650, 463550, 94030, 463910};
  o.legend = &*scene_.layers[0].choropleth;
  const fs::path dir = temp_dir();
  const std::string png = (dir / "map.png").string();
  ui::export_map_png(png, *renderer_, scene_, o);

  int w = 0, h = 0, n = 0;
  std::unique_ptr<unsigned char, void (*)(void*)> px(stbi_load(png.c_str(), &w, &h, &n, 4),
                                                     stbi_image_free);
  ASSERT_TRUE(px) << png;
  EXPECT_EQ(w, 800);
  EXPECT_EQ(h, 600);
  auto count = [&](const Rgba& col, int x0, int y0, int x1, int y1) {
    int k = 0;
    for (int y = y0; y < y1; ++y)
      for (int x = x0; x < x1; ++x) {
        const unsigned char* p = px.get() + (size_t(y) * w + x) * 4;
        if (std::abs(p[0] - col.r * 255) < 4 && std::abs(p[1] - col.g * 255) < 4 &&
            std::abs(p[2] - col.b * 255) < 4)
          ++k;
      }
    return k;
  };
  // Legend swatches: each class colour shows up in the bottom-left quarter.
  EXPECT_GT(count(red, 0, h / 2, w / 2, h), 30);
  EXPECT_GT(count(blue, 0, h / 2, w / 2, h), 30);
  // The features themselves are in the top-right quarter.
  EXPECT_GT(count(red, w / 2, 0, w, h / 2), 100);
  EXPECT_GT(count(blue, w / 2, 0, w, h / 2), 100);
  // Nothing drawn with them in the top-left quarter (no legend there, no
  // features).
  EXPECT_EQ(count(red, 0, 0, w / 2, h / 2), 0);

  // A bad size is refused, naming it.
  o.width = 5;
  EXPECT_THROW(ui::export_map_png(png, *renderer_, scene_, o), std::exception);

  // The site report page.
  ui::SiteReport rep;
  rep.area_name = "Plot A";
  rep.bounds = scene_.layers[0].layer->bounds;
  rep.records_per_year = {{2019, 3}, {2020, 0}, {2021, 5}};
  rep.top_species = {{"Turdus merula", 5}, {"Erithacus rubecula", 3}};
  const std::string report = (dir / "report.png").string();
  ui::export_site_report_png(report, *renderer_, scene_, rep, o.legend, 600);
  std::unique_ptr<unsigned char, void (*)(void*)> rp(stbi_load(report.c_str(), &w, &h, &n, 4),
                                                     stbi_image_free);
  ASSERT_TRUE(rp) << report;
  EXPECT_EQ(w, 600);
  EXPECT_EQ(h, 849);  // A4 proportions: 600 * 1.4142
  // The map (zoomed to the area) sits in the upper half: the feature colours show there.
  auto count_in = [&](const unsigned char* img, const Rgba& col, int y0, int y1) {
    int k = 0;
    for (int y = y0; y < y1; ++y)
      for (int x = 0; x < w; ++x) {
        const unsigned char* p = img + (size_t(y) * w + x) * 4;
        k += std::abs(p[0] - col.r * 255) < 4 && std::abs(p[1] - col.g * 255) < 4 &&
             std::abs(p[2] - col.b * 255) < 4;
      }
    return k;
  };
  EXPECT_GT(count_in(rp.get(), red, 0, h / 2), 100);
  EXPECT_GT(count_in(rp.get(), blue, 0, h / 2), 100);
  // The records-per-year chart (right column, lower half, bars in the accent colour
  // 41,122,107): per pixel column the longest vertical run of that colour; text glyphs give
  // short runs, bars long ones. Expected by hand from {2019: 3, 2020: 0, 2021: 5}: exactly two
  // bars, left to right 3 and 5 high (ratio 0.6), with an empty year slot between them.
  {
    auto accent = [&](int x, int y) {
      const unsigned char* p = rp.get() + (size_t(y) * w + x) * 4;
      return std::abs(p[0] - 41) < 4 && std::abs(p[1] - 122) < 4 && std::abs(p[2] - 107) < 4;
    };
    std::vector<int> run(w, 0);
    for (int x = w * 45 / 100; x < w; ++x) {
      int cur = 0;
      for (int y = h / 2; y < h; ++y) {
        cur = accent(x, y) ? cur + 1 : 0;
        run[x] = std::max(run[x], cur);
      }
    }
    struct Bar {
      int x0, x1, height;
    };
    std::vector<Bar> bars;
    for (int x = 0; x < w; ++x) {
      if (run[x] < 25) continue;
      if (!bars.empty() && bars.back().x1 == x - 1) {
        bars.back().x1 = x;
        bars.back().height = std::max(bars.back().height, run[x]);
      } else {
        bars.push_back({x, x, run[x]});
      }
    }
    ASSERT_EQ(bars.size(), 2u) << "bars in the records-per-year chart";
    EXPECT_NEAR(double(bars[0].height) / bars[1].height, 3.0 / 5.0, 0.03);
    const int bar_w = bars[0].x1 - bars[0].x0 + 1;
    EXPECT_NEAR(bars[1].x1 - bars[1].x0 + 1, bar_w, 1);  // same width
    EXPECT_GT(bars[1].x0 - bars[0].x1, bar_w);           // the 2020 slot lies between them
  }

  // The same page as PDF: a PDF file that GDAL reads back as a 600 x 849 page at 150 dpi.
  const std::string pdf = (dir / "report.pdf").string();
  ui::export_site_report_png(pdf, *renderer_, scene_, rep, o.legend, 600);
  std::ifstream in(pdf, std::ios::binary);
  std::string magic(5, '\0');
  in.read(magic.data(), 5);
  EXPECT_EQ(magic, "%PDF-");
  GDALAllRegister();
  const char* const opts[] = {"DPI=150", nullptr};
  GDALDatasetH pd = GDALOpenEx(pdf.c_str(), GDAL_OF_RASTER, nullptr, opts, nullptr);
  ASSERT_NE(pd, nullptr);
  EXPECT_EQ(GDALGetRasterXSize(pd), 600);
  EXPECT_EQ(GDALGetRasterYSize(pd), 849);
  GDALClose(pd);
  if (!HasFailure()) fs::remove_all(dir);
}

// The window's point budget (a random sample per frame on a software renderer) never reaches
// an export: the image with a budget of one point equals the image without one, drawn at once
// and in tiles, and the window's budget is back afterwards.
TEST_F(ExportImage, ExportsDrawEveryPointWhateverTheWindowsPointBudget) {
  const std::vector<std::string> points = point_grid();
  SceneLayer pl;
  pl.layer = wkt_layer("points", GeomKind::Point, points);
  pl.style.point_size = 8.0f;
  pl.style.opacity = 1.0f;
  auto attrs = std::make_shared<PointAttributes>();
  for (size_t k = 0; k < points.size(); ++k) {
    attrs->day.push_back(static_cast<float>(18000 + k));  // a day index is built
    attrs->group.push_back(static_cast<uint8_t>(k % 3));
  }
  pl.point_attributes = attrs;
  scene_.layers.push_back(pl);
  ui::MapImageOptions o;
  o.width = 300;
  o.height = 200;
  o.view = Envelope{93996, 463897, 94034, 463913};
  renderer_->set_point_budget(0);
  const std::vector<uint8_t> all = ui::render_map_image(*renderer_, scene_, o);
  // The window's own frame with a budget of 1 draws one stratum of 64, not all 189.
  renderer_->set_point_budget(1);
  MapCamera cam;  // the view, as a window frame would show it
  cam.width = o.width;
  cam.height = o.height;
  cam.center_x = 94015;
  cam.center_y = 463905;
  cam.units_per_pixel = 0.2;
  ctx_->bind();
  scene_.draw(*renderer_, cam);
  const PointDrawStats st = renderer_->point_stats(scene_.layers[0].handle);
  EXPECT_EQ(st.in_window, points.size());
  EXPECT_LT(st.drawn, points.size());
  const std::vector<uint8_t> with_budget = ui::render_map_image(*renderer_, scene_, o);
  EXPECT_EQ(with_budget, all);
  ui::TiledMapImage tiled(scene_, o, 100);
  while (!tiled.done()) tiled.step(*renderer_, scene_);
  const std::vector<uint8_t> parts = tiled.take_pixels();
  size_t differ = 0;
  for (size_t i = 0; i < all.size(); ++i) differ += std::abs(int(all[i]) - int(parts[i])) > 40;
  EXPECT_LE(differ, all.size() / 1000);
  EXPECT_EQ(renderer_->point_budget(), 1u);
}
