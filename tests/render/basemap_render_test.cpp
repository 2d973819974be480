// `biodash render --basemap` over a raster made in the test from real data: the Leiden CBS
// wijken (data/leiden, CC BY 4.0) rasterised at 10 m in RD New by GDAL's gdal_rasterize, one
// wijk in its own colour. Drawn under a (hidden) layer in an RD New and a Web Mercator view,
// read back pixel by pixel: at each wijk's interior point (GEOS's maximum inscribed circle,
// computed here independently of GDAL's rasteriser and of the renderer) the image has the
// raster's colour; between the wijken the raster's background grey; beyond the raster the
// map's own background. Also: the attribution line names the basemap, a missing basemap and
// an online preset without --allow-network are clear errors.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "../support/run_command.hpp"
#include "core/crs.hpp"
#include "core/geos_handle.hpp"
#include "core/label_placement.hpp"
#include "io/vector_reader.hpp"
#include "png_image.hpp"

namespace biodash {
namespace {

using test::kExe;

// Runs a shell command; returns its exit status and what it wrote (stdout and stderr).
int run(const std::string& cmd, std::string& output) {
  return test::run_command(cmd + " 2>&1", output);
}

struct Fixture {
  std::filesystem::path dir;
  std::string wijken_rd, tif;
  Fixture() {
    dir = std::filesystem::temp_directory_path() /
          ("biodash_basemap_render_" + std::to_string(getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    wijken_rd = (dir / "wijken_rd.gpkg").string();
    tif = (dir / "wijken.tif").string();
  }
  ~Fixture() { std::filesystem::remove_all(dir); }
};

const std::array<int, 3> kAllWijken{80, 160, 220}, kZuid{200, 60, 40}, kBetween{230, 230, 230};

TEST(BasemapRender, RealRasterUnderTheLayersInRdNewAndWebMercator) {
  if (std::string(kExe).empty()) GTEST_SKIP() << "no biodash executable";
  Fixture fx;
  std::string out;
  const std::string src = std::string(BIODASH_DEMO_DATA) + "/leiden/leiden_wijken_2024.geojson";
  ASSERT_EQ(
      run("ogr2ogr -t_srs EPSG:28992 -f GPKG -nln w '" + fx.wijken_rd + "' '" + src + "'", out), 0)
      << out;
  // 10 m pixels over 89–97 km × 460–468 km: grey 230, every wijk blue, Binnenstad-Zuid red.
  ASSERT_EQ(run("gdal_rasterize -q -a_srs EPSG:28992 -tr 10 10 -te 89000 460000 97000 468000 "
                "-ot Byte -init 230 -burn 80 -burn 160 -burn 220 -l w '" +
                    fx.wijken_rd + "' '" + fx.tif +
                    "' && gdal_rasterize -q -b 1 -b 2 -b 3 -burn 200 -burn 60 " +
                    "-burn 40 -l w -where \"statnaam = 'Binnenstad-Zuid'\" '" + fx.wijken_rd +
                    "' '" + fx.tif + "'",
                out),
            0)
      << out;
  // Interior points of the wijken in RD New (GEOS), away from the raster's southern edge.
  OpenOptions o;
  Layer w = std::move(read_vector_file(src, o).at(0));
  const int name = w.field_index("statnaam");
  ASSERT_GE(name, 0);
  struct Probe {
    double x, y;
    std::array<int, 3> want;
    std::string what;
  };
  std::vector<Probe> probes;
  for (size_t i = 0; i < w.size(); ++i) {
    const auto [x, y] = label_anchor(w.geoms[i].get());
    if (y < 460300) continue;
    const std::string n = w.values[i][name];
    probes.push_back({x, y, n == "Binnenstad-Zuid" ? kZuid : kAllWijken, n});
  }
  ASSERT_GE(probes.size(), 8u);
  // A point of the wijken's bounding box at least 100 m from every wijk: the raster's grey.
  const Envelope b = w.bounds;
  bool found = false;
  for (double y = b.maxy - 100; y > 460300 && !found; y -= 50)
    for (double x = b.minx + 100; x < b.maxx - 100 && !found; x += 50) {
      GeomPtr pt(GEOSGeom_createPointFromXY_r(geos_ctx(), x, y));
      double nearest = 1e9;
      for (const auto& g : w.geoms) {
        double d = 0;
        GEOSDistance_r(geos_ctx(), g.get(), pt.get(), &d);
        nearest = std::min(nearest, d);
      }
      if (nearest > 100) {
        probes.push_back({x, y, kBetween, "between the wijken"});
        found = true;
      }
    }
  ASSERT_TRUE(found);

  for (const std::string crs : {"EPSG:28992", "EPSG:3857"}) {
    const std::string png = (fx.dir / ("view_" + crs.substr(5) + ".png")).string();
    ASSERT_EQ(run(std::string(kExe) + " render '" + fx.wijken_rd + "' --hide w --fit w --map-crs " +
                      crs + " --basemap '" + fx.tif + "' --size 900x900 --out '" + png + "'",
                  out),
              0)
        << out;
    EXPECT_NE(out.find("basemap: "), std::string::npos) << out;
    double v[4];
    const size_t at = out.find("view: ");
    ASSERT_NE(at, std::string::npos) << out;
    ASSERT_EQ(std::sscanf(out.c_str() + at, "view: %lf,%lf,%lf,%lf", &v[0], &v[1], &v[2], &v[3]),
              4);
    const test::Image im = test::load_png(png);
    ASSERT_EQ(im.w, 900);
    const CrsTransform to_map("EPSG:28992", crs);
    for (Probe p : probes) {
      ASSERT_EQ(to_map.transform(&p.x, &p.y, 1), 0u);
      const int px = static_cast<int>((p.x - v[0]) / (v[2] - v[0]) * im.w);
      const int py = static_cast<int>((v[3] - p.y) / (v[3] - v[1]) * im.h);
      ASSERT_TRUE(px >= 0 && px < im.w && py >= 0 && py < im.h - 40) << p.what << " " << crs;
      EXPECT_LE(test::distance(im.at(px, py), p.want), 12)
          << crs << ": " << p.what << " at (" << px << "," << py << ") is (" << im.at(px, py)[0]
          << "," << im.at(px, py)[1] << "," << im.at(px, py)[2] << ")";
    }
  }
  // Beyond the raster (west of 89 km), the map's own background, not the raster's grey.
  const std::string png = (fx.dir / "wide.png").string();
  ASSERT_EQ(run(std::string(kExe) + " render '" + fx.wijken_rd +
                    "' --hide w --extent 85000,460000,93000,468000 --basemap '" + fx.tif +
                    "' --size 800x800 --out '" + png + "'",
                out),
            0)
      << out;
  const test::Image im = test::load_png(png);
  EXPECT_GT(test::distance(im.at(200, 200), kBetween), 12);  // x = 87 km: no raster
  EXPECT_LE(test::distance(im.at(600, 100), kBetween), 12);  // x = 91 km, y = 467 km: raster
}

// Names on the map (ui/map_labels over core/label_placement): the real wijken are labelled by
// their statnaam at their interior points: dark text pixels around each interior point with
// labels, none with --no-labels.
TEST(MapLabels, WijkenNamedAtTheirInteriorPoints) {
  if (std::string(kExe).empty()) GTEST_SKIP() << "no biodash executable";
  Fixture fx;
  std::string out;
  const std::string src = std::string(BIODASH_DEMO_DATA) + "/leiden/leiden_wijken_2024.geojson";
  OpenOptions o;
  Layer w = std::move(read_vector_file(src, o).at(0));
  auto dark_near_anchors = [&](const std::string& extra, int& labelled) {
    const std::string png = (fx.dir / "labels.png").string();
    EXPECT_EQ(run(std::string(kExe) + " render '" + src + "' --size 1400x1400 " + extra +
                      " --out '" + png + "'",
                  out),
              0)
        << out;
    double v[4];
    const size_t at = out.find("view: ");
    EXPECT_NE(at, std::string::npos);
    std::sscanf(out.c_str() + at, "view: %lf,%lf,%lf,%lf", &v[0], &v[1], &v[2], &v[3]);
    const test::Image im = test::load_png(png);
    labelled = 0;
    for (size_t i = 0; i < w.size(); ++i) {
      const auto [x, y] = label_anchor(w.geoms[i].get());
      const int px = static_cast<int>((x - v[0]) / (v[2] - v[0]) * im.w);
      const int py = static_cast<int>((v[3] - y) / (v[3] - v[1]) * im.h);
      int dark = 0;
      for (int dy = -6; dy <= 6; ++dy)
        for (int dx = -30; dx <= 30; ++dx) {
          const auto c = im.at(std::clamp(px + dx, 0, im.w - 1), std::clamp(py + dy, 0, im.h - 1));
          dark += c[0] + c[1] + c[2] < 200;
        }
      labelled += dark >= 10;
    }
  };
  int with = 0, without = 0;
  dark_near_anchors("", with);
  dark_near_anchors("--no-labels", without);
  EXPECT_GE(with, 8) << "of " << w.size() << " wijken";
  EXPECT_EQ(without, 0);
}

TEST(BasemapRender, MissingFileAndOfflinePresetAreClearErrors) {
  if (std::string(kExe).empty()) GTEST_SKIP() << "no biodash executable";
  Fixture fx;
  std::string out;
  const std::string png = (fx.dir / "never.png").string();
  EXPECT_EQ(run(std::string(kExe) +
                    " render --basemap /nonexistent/base.tif --size 200x200 --out '" + png + "'",
                out),
            1);
  EXPECT_NE(out.find("/nonexistent/base.tif"), std::string::npos) << out;
  EXPECT_EQ(
      run(std::string(kExe) + " render --basemap preset:osm --size 200x200 --out '" + png + "'",
          out),
      1);
  EXPECT_NE(out.find("needs the network; add --allow-network"), std::string::npos) << out;
  EXPECT_EQ(run(std::string(kExe) + " render --basemap preset:nope --out '" + png + "'", out), 2);
  EXPECT_NE(out.find("no preset preset:nope"), std::string::npos) << out;
  EXPECT_FALSE(std::filesystem::exists(png));
}

}  // namespace
}  // namespace biodash
