// `biodash render --session`: a known choropleth read back pixel by pixel. Three 1 km squares
// with 0, 5 and 20 blackbird records (plus magpies the session's taxon filter leaves out);
// equal-interval classes, viridis, zero class: the squares must show the grey "0" class,
// viridis(0) and viridis(1) (computed here from palette_color, blended at the layer's 0.85
// opacity over the map background), and the legend must hold those class colours.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "../support/run_command.hpp"
#include "core/classify.hpp"
#include "core/color.hpp"
#include "png_image.hpp"

namespace biodash {
namespace {

using test::kExe;

// Runs a shell command; returns its exit status and what it wrote (stdout and stderr).
int run(const std::string& cmd, std::string& output) {
  return test::run_command(cmd + " 2>&1", output);
}

using test::distance;
using test::Image;
using test::load_png;
using test::rgb;

// c drawn at `opacity` over the map background (MapRenderer's default clear colour).
std::array<int, 3> over_background(const Rgba& c, float opacity) {
  const Rgba bg{0.96f, 0.96f, 0.94f, 1.0f};
  return rgb(Rgba{c.r * opacity + bg.r * (1 - opacity), c.g * opacity + bg.g * (1 - opacity),
                  c.b * opacity + bg.b * (1 - opacity), 1});
}

std::string square(double x0, double y0, int id) {
  char b[400];
  std::snprintf(b, sizeof b,
                "{\"type\":\"Feature\",\"properties\":{\"id\":%d},\"geometry\":{\"type\":"
                "\"Polygon\",\"coordinates\":[[[%.1f,%.1f],[%.1f,%.1f],[%.1f,%.1f],[%.1f,%.1f],"
                "[%.1f,%.1f]]]}}",
                id, x0, y0, x0 + 1000, y0, x0 + 1000, y0 + 1000, x0, y0 + 1000, x0, y0);
  return b;
}

std::string point(double x, double y, const char* name) {
  char b[300];
  std::snprintf(b, sizeof b,
                "{\"type\":\"Feature\",\"properties\":{\"scientificName\":\"%s\",\"eventDate\":"
                "\"2020-05-01\",\"recordedBy\":\"obs_1\"},\"geometry\":{\"type\":\"Point\","
                "\"coordinates\":[%.1f,%.1f]}}",
                name, x, y);
  return b;
}

const char* kCrs =
    "\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::28992\"}}";

// Squares at x 90000, 91500, 93000 (1 km each), y 460000; 0, 5, 20 blackbirds and 3 magpies
// in the first.
void write_fixture(const std::filesystem::path& dir) {
  std::ofstream sq(dir / "squares.geojson");
  sq << "{\"type\":\"FeatureCollection\"," << kCrs << ",\"features\":[" << square(90000, 460000, 1)
     << "," << square(91500, 460000, 2) << "," << square(93000, 460000, 3) << "]}\n";
  std::ofstream ob(dir / "obs.geojson");
  ob << "{\"type\":\"FeatureCollection\"," << kCrs << ",\"features\":[";
  bool first = true;
  auto add = [&](double x, double y, const char* name) {
    ob << (first ? "" : ",") << point(x, y, name);
    first = false;
  };
  for (int i = 0; i < 3; ++i) add(90100 + 100 * i, 460100, "Pica pica");
  for (int i = 0; i < 5; ++i) add(91600 + 100 * i, 460100, "Turdus merula");
  for (int i = 0; i < 20; ++i) add(93050 + 45 * i, 460100 + 30 * (i % 3), "Turdus merula");
  ob << "]}\n";
}

TEST(SessionRender, KnownChoroplethPixelsAndLegend) {
  if (!*kExe) GTEST_SKIP() << "the biodash binary is not built";
  namespace fs = std::filesystem;
  const fs::path dir = fs::path(testing::TempDir()) / "biodash_session_render";
  fs::remove_all(dir);
  fs::create_directories(dir / "views");
  write_fixture(dir);
  // Paths relative to the session file's folder; the camera saved: centre (92000, 460500) at
  // 10 m per pixel on 800x500 shows x 88000..96000, y 458000..463000.
  {
    std::ofstream s(dir / "views" / "squares.bds");
    s << "biodash-session 1\n"
         "layer = ../squares.geojson\n"
         "layer = ../obs.geojson\n"
         "layer.visible = false\n"
         "layer.observations = true\n"
         "area_layer = ../squares.geojson\n"
         "metric = n_obs\n"
         "style.method = equal\n"
         "style.classes = 3\n"
         "style.palette = viridis\n"
         "filter.taxon = Turdus merula\n"
         "center_x = 92000\n"
         "center_y = 460500\n"
         "units_per_pixel = 10\n"
         "title = Blackbirds\n";
  }
  const std::string out = (dir / "shot.png").string();
  std::string log;
  const int rc =
      run("env -u DISPLAY -u WAYLAND_DISPLAY '" + std::string(kExe) + "' render --session '" +
              (dir / "views" / "squares.bds").string() + "' --size 800x500 --out '" + out + "'",
          log);
  ASSERT_EQ(rc, 0) << log;
  const Image im = load_png(out);
  ASSERT_EQ(im.w, 800);
  ASSERT_EQ(im.h, 500);
  // Counts 0, 5, 20 -> classes "0" (grey), (0, 12.5] = viridis(0), (12.5, 20] = viridis(1).
  const Rgba zero{0.85f, 0.85f, 0.85f, 1};
  const std::array<Rgba, 3> cls = {zero, palette_color(Palette::Viridis, 0),
                                   palette_color(Palette::Viridis, 1)};
  // Square centres: x 90500, 92000, 93500 at y 460500 -> pixels (250, 250), (400, 250),
  // (550, 250).
  const int px[3] = {250, 400, 550};
  for (int k = 0; k < 3; ++k) {
    const auto got = im.at(px[k], 250);
    const auto want = over_background(cls[k], 0.85f);
    EXPECT_LE(distance(got, want), 6)
        << "square " << k << " got " << got[0] << "," << got[1] << "," << got[2] << " want "
        << want[0] << "," << want[1] << "," << want[2];
    for (int j = 0; j < 3; ++j) {
      if (j != k) {
        EXPECT_GT(distance(got, over_background(cls[j], 0.85f)), 40) << k << " vs " << j;
      }
    }
  }
  // Outside the squares: the background.
  EXPECT_LE(distance(im.at(400, 100), {245, 245, 240}), 3);
  // The legend (bottom-left) holds each class colour as an opaque swatch.
  for (int k = 0; k < 3; ++k) {
    const auto want = rgb(cls[k]);
    bool found = false;
    for (int y = im.h / 2; y < im.h && !found; ++y)
      for (int x = 0; x < 220 && !found; ++x) found = distance(im.at(x, y), want) <= 3;
    EXPECT_TRUE(found) << "legend swatch of class " << k;
  }
  // The command prints the legend the recipe (core/thematic) made: by hand, counts 0, 5, 20,
  // equal intervals over the positive counts 5..20 in 2 classes after the zero class.
  EXPECT_NE(log.find("legend title: Records \u00b7 squares\n"), std::string::npos) << log;
  EXPECT_NE(log.find("legend unit: records\n"), std::string::npos) << log;
  EXPECT_NE(log.find("legend filter: Turdus merula\n"), std::string::npos) << log;
  EXPECT_NE(log.find("legend classes: 0 | 1 \u2013 12 | 13 \u2013 20\n"), std::string::npos) << log;
  EXPECT_NE(log.find("legend edges: 0 0 12.5 20\n"), std::string::npos) << log;
}

TEST(SessionRender, BadSessionIsAClearError) {
  if (!*kExe) GTEST_SKIP() << "the biodash binary is not built";
  namespace fs = std::filesystem;
  const fs::path dir = fs::path(testing::TempDir()) / "biodash_session_render_bad";
  fs::create_directories(dir);
  {
    std::ofstream s(dir / "bad.bds");
    s << "biodash-session 1\nstyle.classes = many\n";
  }
  std::string log;
  int rc = run("env -u DISPLAY '" + std::string(kExe) + "' render --session '" +
                   (dir / "bad.bds").string() + "' --out '" + (dir / "x.png").string() + "'",
               log);
  EXPECT_EQ(rc, 1) << log;
  EXPECT_NE(log.find("bad.bds:2"), std::string::npos) << log;
  EXPECT_NE(log.find("style.classes"), std::string::npos) << log;
  {
    std::ofstream s(dir / "nofile.bds");
    s << "biodash-session 1\nlayer = missing.geojson\narea_layer = missing.geojson\n"
         "observations = missing.geojson\n";
  }
  rc = run("env -u DISPLAY '" + std::string(kExe) + "' render --session '" +
               (dir / "nofile.bds").string() + "' --out '" + (dir / "x.png").string() + "'",
           log);
  EXPECT_EQ(rc, 1) << log;
  EXPECT_NE(log.find((dir / "missing.geojson").string()), std::string::npos) << log;
  EXPECT_FALSE(fs::exists(dir / "x.png"));
}

}  // namespace
}  // namespace biodash
