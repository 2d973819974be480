// `biodash render` on the embedded Leiden demo, read back pixel by pixel: with
// --fit biodiversity_sites every large BiodiverCity site shows the viridis legend class of its
// observation count. The expected classes come from the sites' n_observations attribute
// (written by the demo generator), so this also checks that the live count agrees with it.
// The camera is taken from the "view:" line the command prints (the extent it drew). The
// names are left out (--no-labels): they sit where the fills are sampled.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "../support/run_command.hpp"
#include "core/choropleth.hpp"
#include "core/color.hpp"
#include "core/geos_handle.hpp"
#include "io/vector_reader.hpp"
#include "png_image.hpp"

namespace biodash {
namespace {

using test::kExe;
#ifdef BIODASH_DEMO_GPKG_PATH
constexpr const char* kGpkg = BIODASH_DEMO_GPKG_PATH;
#else
constexpr const char* kGpkg = "";
#endif

// Runs a shell command; returns its exit status and what it wrote (stdout and stderr).
int run(const std::string& cmd, std::string& output) {
  return test::run_command(cmd + " 2>&1", output);
}

using test::distance;
using test::Image;
using test::load_png;
using test::rgb;

TEST(DemoRender, FitSitesShowsEachSiteInItsObservationClass) {
  if (!*kExe || !*kGpkg || !std::filesystem::exists(kGpkg))
    GTEST_SKIP() << "the demo GeoPackage or the biodash binary is not built";
  const std::string out = testing::TempDir() + "biodash_demo_fit_sites.png";
  std::filesystem::remove(out);
  std::string log;
  const int rc =
      run("env -u DISPLAY -u WAYLAND_DISPLAY '" + std::string(kExe) +
              "' render --fit biodiversity_sites --size 640x360 --title Sites --no-labels --out '" +
              out + "'",
          log);
  ASSERT_EQ(rc, 0) << log;
  const size_t v = log.find("view: ");
  ASSERT_NE(v, std::string::npos) << log;
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  ASSERT_EQ(std::sscanf(log.c_str() + v, "view: %lf,%lf,%lf,%lf", &x0, &y0, &x1, &y1), 4) << log;
  const Image im = load_png(out);
  ASSERT_EQ(im.w, 640);
  ASSERT_EQ(im.h, 360);

  OpenOptions o;
  o.layers = {"biodiversity_sites"};
  std::vector<Layer> read = read_vector_file(kGpkg, o);
  ASSERT_EQ(read.size(), 1u);
  const Layer& sites = read[0];
  ASSERT_GE(sites.size(), 10u);
  const int nf = sites.field_index("n_observations");
  ASSERT_GE(nf, 0);
  std::vector<double> counts;
  for (const auto& row : sites.values) counts.push_back(std::stod(row[nf]));
  // Classes as the command makes them (quantiles of the counts, zero class first, viridis).
  const Choropleth c = make_choropleth(counts, "", "");
  ASSERT_GE(c.class_colors.size(), 3u);

  // Every site wide enough at this scale: the centre of its largest inscribed circle must be
  // in the site's class colour (the fill is nearly opaque), nearer to it than to any other
  // class and far from the land colour.
  const double upp = (x1 - x0) / im.w;
  const std::array<int, 3> land = {230, 230, 222};
  int checked = 0;
  for (size_t f = 0; f < sites.size(); ++f) {
    GeomPtr mic(GEOSMaximumInscribedCircle_r(geos_ctx(), sites.geoms[f].get(), upp / 4));
    ASSERT_TRUE(mic);
    double mx = 0, my = 0, radius = 0;
    const GEOSCoordSequence* cs = GEOSGeom_getCoordSeq_r(geos_ctx(), mic.get());
    GEOSCoordSeq_getXY_r(geos_ctx(), cs, 0, &mx, &my);
    GEOSGeomGetLength_r(geos_ctx(), mic.get(), &radius);
    if (radius / upp < 4) continue;  // narrower than 8 pixels: outline and fill mix
    const int px = int((mx - x0) / upp);
    const int py = int((y1 - my) / ((y1 - y0) / im.h));
    ASSERT_TRUE(px >= 1 && py >= 1 && px < im.w - 1 && py < im.h - 1)
        << "site " << f << " at pixel " << px << "," << py << " outside the image";
    const std::array<int, 3> got = im.at(px, py);
    const int want = class_of(counts[f], c.edges);
    int best = -1, best_d = 1 << 30;
    for (size_t i = 0; i < c.class_colors.size(); ++i) {
      const int d = distance(got, rgb(c.class_colors[i]));
      if (d < best_d) {
        best_d = d;
        best = int(i);
      }
    }
    EXPECT_EQ(best, want) << "site " << f << " (" << counts[f] << " records) at " << px << "," << py
                          << ": rgb " << got[0] << "," << got[1] << "," << got[2];
    EXPECT_LT(best_d, 60) << "site " << f << " at " << px << "," << py << ": not a legend colour";
    EXPECT_GT(distance(got, land), 60) << "site " << f << ": land, not a site";
    ++checked;
  }
  EXPECT_GE(checked, 8) << "too few sites wide enough to check at this size";
  std::filesystem::remove(out);
}

}  // namespace
}  // namespace biodash
