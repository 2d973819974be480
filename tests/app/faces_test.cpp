// One thematic recipe behind every face (issue 11). For 3 area layers (a polygon layer, the hex
// grid, the LBSP impact areas) x 3 metrics (records, species, BACI), with a taxon filter and a
// time window: the legend and title strings and the class breaks of
//   - the window's PNG export (the workspace the window drives, exported through the window's
//     own export path, read back from the PNG's metadata),
//   - `biodash render --session` on the view the window saved (its PNG metadata and the class
//     edges it prints), and
//   - the kiosk scene reading that view (`view = FILE` in a tour)
// are identical. On the code before issue 11 they were not: the window said "up to", render
// "until"; render refused BACI; the kiosk titled its legend "Species".
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "../support/png_text.hpp"
#include "../workspace/wait_idle.hpp"
#include "core/choropleth.hpp"
#include "core/session.hpp"
#include "kiosk/kiosk_data.hpp"
#include "kiosk/kiosk_tour.hpp"
#include "render/headless.hpp"
#include "render/map_renderer.hpp"
#include "ui/export.hpp"
#include "ui/session_ui.hpp"
#include "workspace/workspace.hpp"

namespace biodash::ui {
namespace {

namespace fs = std::filesystem;

#ifdef BIODASH_EXE
constexpr const char* kExe = BIODASH_EXE;
#else
constexpr const char* kExe = "";
#endif

std::string demo_gpkg() {
#ifdef BIODASH_DEMO_GPKG_PATH
  std::error_code ec;
  if (fs::exists(BIODASH_DEMO_GPKG_PATH, ec)) return BIODASH_DEMO_GPKG_PATH;
#endif
  return {};
}

int run(const std::string& cmd, std::string& out) {
  out.clear();
  FILE* p = popen((cmd + " 2>&1").c_str(), "r");
  if (!p) return -1;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  const int st = pclose(p);
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

std::string edges_text(const std::vector<double>& e) {
  std::string s;
  for (size_t k = 0; k < e.size(); ++k) {
    char b[32];
    std::snprintf(b, sizeof b, "%s%.10g", k ? " " : "", e[k]);
    s += b;
  }
  return s;
}

// The line "KEY: VALUE" of a log ("" when missing).
std::string log_line(const std::string& log, const std::string& key) {
  const size_t i = log.find("\n" + key + ": ");
  if (i == std::string::npos) return "";
  const size_t b = i + key.size() + 3, e = log.find('\n', b);
  return log.substr(b, e == std::string::npos ? std::string::npos : e - b);
}

struct Face {
  std::string title;   // the map title
  std::string legend;  // legend_text(): title, unit, filter, class labels
  std::string edges;   // class edges
};

TEST(Faces, WindowExportRenderAndKioskShowTheSameThematicMap) {
  const std::string gpkg = demo_gpkg();
  if (gpkg.empty() || !*kExe) GTEST_SKIP() << "needs the demo GeoPackage and the biodash binary";
  std::unique_ptr<HeadlessContext> gl;
  try {
    gl = std::make_unique<HeadlessContext>(64, 64);
  } catch (const std::exception& e) {
    GTEST_SKIP() << "no headless GL: " << e.what();
  }
  MapRenderer renderer;
  const fs::path dir = fs::temp_directory_path() / ("biodash_faces_" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string obs = gpkg + ":citizen_observations";

  struct Areas {
    std::string layer;  // "" = the hex grid
    double hex_m;
  };
  const Areas areas[] = {
      {gpkg + ":biodiversity_sites", 0}, {"", 500}, {gpkg + ":lbsp_impact_areas", 0}};
  const Metric metrics[] = {Metric::Records, Metric::Species, Metric::BaciContrast};

  WorkspaceOptions opts;
  Workspace d(opts);
  d.camera.width = 1280;
  d.camera.height = 800;
  d.map_rect = {300, 0, 1000, 640};
  int n = 0;
  for (const Areas& a : areas) {
    std::vector<int64_t> busiest;  // the areas with most records (BACI impact and controls)
    for (const Metric m : metrics) {
      SCOPED_TRACE((a.layer.empty() ? "hex grid" : a.layer) + " / " + metric_key(m));
      const std::string tag = std::to_string(n++);
      Session s;
      if (!a.layer.empty()) s.layers.push_back({a.layer, true, false});
      s.layers.push_back({obs, false, true});
      s.area_layer = a.layer;
      s.hex_size_m = a.hex_m;
      s.observations = obs;
      s.metric = m;
      s.low_effort_records = 5;
      s.filter.taxa = {"Anatidae"};  // a taxon filter (ducks, geese and swans)
      s.time = {true, TimeMode::Window, days_from_civil(2024, 12, 31), 6 * 365};  // a window
      if (m == Metric::BaciContrast) {
        ASSERT_GE(busiest.size(), 3u);
        s.baci_impact = {busiest[0]};
        s.baci_control = {busiest[1], busiest[2]};
        s.baci_date = "2021-06-01";
      }
      d.apply_session(s, "");
      wait_idle(d);

      // The window: the classes on the area layer only, exported the way the Export menu does.
      const SceneLayer* sl = d.analysis_layer();
      ASSERT_NE(sl, nullptr);
      ASSERT_TRUE(sl->choropleth.has_value());
      const Choropleth* c = d.legend_choropleth();
      ASSERT_EQ(c, &*sl->choropleth);
      for (const SceneLayer& other : d.scene.layers) {
        if (&other != sl) {
          EXPECT_FALSE(other.choropleth.has_value()) << other.layer->name;
        }
      }
      if (m == Metric::Records) {
        const AnalysisResult* r = d.analysis_result();
        ASSERT_NE(r, nullptr);
        std::vector<int64_t> order(r->metrics.size());
        for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int64_t>(i);
        std::stable_sort(order.begin(), order.end(), [&](int64_t x, int64_t y) {
          return r->metrics[x].n_obs > r->metrics[y].n_obs;
        });
        busiest = order;
      }
      const std::string window_png = (dir / ("window" + tag + ".png")).string();
      export_map_png(window_png, renderer, d.scene, map_image_options(d, 640, 400, ""));
      const auto wt = test::png_text(window_png);
      const Face window{wt.count("Title") ? wt.at("Title") : "",
                        wt.count("Description") ? wt.at("Description") : "", edges_text(c->edges)};

      // The view the window saved, rendered by `biodash render --session`.
      const std::string view = (dir / ("view" + tag + ".biodash")).string();
      save_session_file(view, d.to_session());
      const std::string render_png = (dir / ("render" + tag + ".png")).string();
      std::string log;
      ASSERT_EQ(
          run("env -u DISPLAY -u WAYLAND_DISPLAY '" + std::string(kExe) + "' render --session '" +
                  view + "' --size 640x400 --out '" + render_png + "'",
              log),
          0)
          << log;
      const auto rt = test::png_text(render_png);
      const Face render{rt.count("Title") ? rt.at("Title") : "",
                        rt.count("Description") ? rt.at("Description") : "",
                        log_line(log, "legend edges")};

      // The kiosk scene reading that view.
      const kiosk::Tour tour = kiosk::parse_tour(
          "[tour]\ndata = " + gpkg + "\n[scene]\nlayers = gemeenten\nview = " + view + "\n",
          "faces.tour", dir.string());
      const kiosk::KioskData k(tour, gpkg);
      ASSERT_EQ(k.scenes().size(), 1u);
      const kiosk::PreparedScene& ps = k.scenes()[0];
      ASSERT_TRUE(ps.ok) << ps.problem;
      ASSERT_GE(ps.choropleth, 0);
      const Face kiosk{ps.legend_en.map_title, legend_text(ps.legend_en),
                       edges_text(ps.legend_en.edges)};

      // Identical, and about something: classes, the filter and the metric in the words.
      EXPECT_EQ(window.title, render.title);
      EXPECT_EQ(window.title, kiosk.title);
      EXPECT_EQ(window.legend, render.legend);
      EXPECT_EQ(window.legend, kiosk.legend);
      EXPECT_EQ(window.edges, render.edges);
      EXPECT_EQ(window.edges, kiosk.edges);
      if (m == Metric::BaciContrast && a.layer.find("lbsp_impact_areas") != std::string::npos) {
        // The small impact buffers hold too few duck records per year (the replicated design
        // needs 20 per area and period): every area is "no data", on every face alike.
        EXPECT_NE(window.legend.find("no data"), std::string::npos) << window.legend;
      } else {
        EXPECT_GE(c->edges.size(), 3u) << window.legend;
      }
      EXPECT_NE(window.title.find(metric_title_en(m)), std::string::npos) << window.title;
      EXPECT_NE(window.legend.find("Anatidae"), std::string::npos) << window.legend;
      EXPECT_NE(window.legend.find(iso_date(s.time.end_day - s.time.length_days + 1) +
                                   " \u2013 2024-12-31"),
                std::string::npos)
          << window.legend;
      // The kiosk's steps keep those classes: its first (only) step is the window's colouring.
      ASSERT_EQ(ps.steps.size(), 1u);
      EXPECT_EQ(ps.steps[0].feature_rgba, c->feature_rgba);
    }
  }
  d.release(renderer);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace biodash::ui
