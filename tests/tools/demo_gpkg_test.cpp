// The demo GeoPackage generated at build time: layers, counts, CRS, and every project feature
// inside the real CBS gemeente polygon it belongs to (GEOS against the CBS GeoJSON, read and
// reprojected here with OGR + PROJ, not with biodash).
#include <gdal.h>
#include <gtest/gtest.h>
#include <ogr_api.h>

#include <algorithm>
#include <fstream>

#include "independent_geo.hpp"
#include "io/vector_reader.hpp"

using namespace demotest;

namespace {

const std::string kGpkg = std::string(BIODASH_DEMO_DIR) + "/leiden_demo.gpkg";

const std::vector<std::pair<std::string, int>> kLayers = {
    {"gemeenten", 12},           {"wijken", 10},       {"buurten", 54},
    {"biodiversity_sites", 21},  {"lbsp_measures", 6}, {"lbsp_impact_areas", 7},
    {"lbsp_controls", 4},        {"levend_lab", 1},    {"polderlab_plots", 9},
    {"muskrat_catches", 2653},   {"water", 2},         {"landmarks", 1},
    {"citizen_observations", -1}};

size_t csv_rows() {
  std::ifstream in(std::string(BIODASH_DEMO_DIR) + "/leiden_citizen_observations.csv");
  return static_cast<size_t>(std::count(std::istreambuf_iterator<char>(in),
                                        std::istreambuf_iterator<char>(), '\n')) -
         1;
}

}  // namespace

TEST(DemoGpkg, LayersCountsAndCrs) {
  auto names = layer_names(kGpkg);
  std::sort(names.begin(), names.end());
  std::vector<std::string> want;
  for (const auto& [n, c] : kLayers) want.push_back(n);
  std::sort(want.begin(), want.end());
  EXPECT_EQ(names, want);
  for (const auto& [name, count] : kLayers) {
    if (name == "citizen_observations") continue;  // checked below, it is large
    EXPECT_EQ(read_ogr_layer(kGpkg, name).size(), static_cast<size_t>(count)) << name;
    EXPECT_EQ(layer_epsg(kGpkg, name), "28992") << name;
  }
  EXPECT_EQ(layer_epsg(kGpkg, "citizen_observations"), "28992");
}

TEST(DemoGpkg, ObservationLayerMatchesTheCsv) {
  GDALAllRegister();
  GDALDatasetH ds =
      GDALOpenEx(kGpkg.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr);
  ASSERT_NE(ds, nullptr);
  OGRLayerH l = GDALDatasetGetLayerByName(ds, "citizen_observations");
  ASSERT_NE(l, nullptr);
  EXPECT_EQ(static_cast<size_t>(OGR_L_GetFeatureCount(l, TRUE)), csv_rows());
  EXPECT_GE(csv_rows(), 100000u);
  GDALClose(ds);
}

TEST(DemoGpkg, ProjectFeaturesLieInTheirGemeente) {
  Geom leiden = cbs_gemeente_rd("GM0546"), kaag = cbs_gemeente_rd("GM1884");
  ASSERT_NE(leiden.g, nullptr);
  ASSERT_NE(kaag.g, nullptr);
  for (const char* layer : {"biodiversity_sites", "lbsp_measures", "lbsp_impact_areas",
                            "lbsp_controls", "levend_lab", "landmarks"}) {
    for (const Feature& f : read_ogr_layer(kGpkg, layer)) {
      ASSERT_NE(f.geom.g, nullptr);
      EXPECT_EQ(GEOSContains_r(ctx(), leiden.g, f.geom.g), 1)
          << layer << " "
          << f.attr.at(layer == std::string("lbsp_impact_areas") ? "measure_id" : "id")
          << " is not inside the CBS polygon of Leiden";
    }
  }
  for (const Feature& f : read_ogr_layer(kGpkg, "polderlab_plots")) {
    EXPECT_EQ(GEOSContains_r(ctx(), kaag.g, f.geom.g), 1) << f.attr.at("id");
    // Oud-Ade area: within 3 km of the village (RD New ~ 104700, 467800).
    double x, y;
    GEOSGeometry* c = GEOSGetCentroid_r(ctx(), f.geom.g);
    GEOSGeomGetX_r(ctx(), c, &x);
    GEOSGeomGetY_r(ctx(), c, &y);
    GEOSGeom_destroy_r(ctx(), c);
    EXPECT_LT((x - 104700) * (x - 104700) + (y - 467800) * (y - 467800), 3000.0 * 3000.0);
  }
  // LBSP features lie on the Bio Science Park, west of Leiden Centraal.
  for (const char* layer : {"lbsp_measures", "lbsp_impact_areas", "lbsp_controls", "levend_lab"})
    for (const Feature& f : read_ogr_layer(kGpkg, layer)) {
      double minx, miny, maxx, maxy;
      GEOSGeom_getXMin_r(ctx(), f.geom.g, &minx);
      GEOSGeom_getYMin_r(ctx(), f.geom.g, &miny);
      GEOSGeom_getXMax_r(ctx(), f.geom.g, &maxx);
      GEOSGeom_getYMax_r(ctx(), f.geom.g, &maxy);
      EXPECT_TRUE(minx > 90900 && maxx < 93200 && miny > 464300 && maxy < 465300) << layer;
    }
}

TEST(DemoGpkg, ImpactAndControlAreasDoNotOverlap) {
  auto impacts = read_ogr_layer(kGpkg, "lbsp_impact_areas");
  auto controls = read_ogr_layer(kGpkg, "lbsp_controls");
  for (const Feature& i : impacts)
    for (const Feature& c : controls)
      EXPECT_EQ(GEOSIntersects_r(ctx(), i.geom.g, c.geom.g), 0)
          << i.attr.at("measure_id") << " overlaps " << c.attr.at("id");
}

TEST(DemoGpkg, EveryObservationIsInLeidenOrKaagEnBraassem) {
  Geom leiden = cbs_gemeente_rd("GM0546"), kaag = cbs_gemeente_rd("GM1884");
  std::ifstream in(std::string(BIODASH_DEMO_DIR) + "/leiden_citizen_observations.csv");
  std::string line;
  std::getline(in, line);
  const auto header = split_tabs(line);
  const int lat =
      static_cast<int>(std::find(header.begin(), header.end(), "decimalLatitude") - header.begin());
  std::vector<double> xs, ys;
  while (std::getline(in, line)) {
    auto f = split_tabs(line);
    ys.push_back(std::stod(f[lat]));
    xs.push_back(std::stod(f[lat + 1]));
  }
  ASSERT_GT(xs.size(), 1000u);
  wgs84_to_rd(xs, ys);
  const GEOSPreparedGeometry* pl = GEOSPrepare_r(ctx(), leiden.g);
  const GEOSPreparedGeometry* pk = GEOSPrepare_r(ctx(), kaag.g);
  size_t outside = 0, in_leiden = 0;
  for (size_t i = 0; i < xs.size(); ++i) {
    if (contains_xy(pl, xs[i], ys[i])) {
      ++in_leiden;
    } else if (!contains_xy(pk, xs[i], ys[i])) {
      // Rounding to 6 decimals (~0.1 m) may move a point sampled on the edge just outside.
      GEOSCoordSequence* cs = GEOSCoordSeq_create_r(ctx(), 1, 2);
      GEOSCoordSeq_setXY_r(ctx(), cs, 0, xs[i], ys[i]);
      GEOSGeometry* pt = GEOSGeom_createPoint_r(ctx(), cs);
      double dl = 0, dk = 0;
      GEOSDistance_r(ctx(), leiden.g, pt, &dl);
      GEOSDistance_r(ctx(), kaag.g, pt, &dk);
      GEOSGeom_destroy_r(ctx(), pt);
      if (std::min(dl, dk) > 1.0) ++outside;
    }
  }
  GEOSPreparedGeom_destroy_r(ctx(), pl);
  GEOSPreparedGeom_destroy_r(ctx(), pk);
  EXPECT_EQ(outside, 0u);
  EXPECT_GT(in_leiden, xs.size() / 2);  // Leiden is the main area; Oud Ade the second
}

// The reader (biodash's core) names GeoPackage layers by their gpkg_contents identifier.
TEST(DemoGpkg, LayerIdentifierBecomesTheDisplayName) {
  auto layers = biodash::read_vector_file(kGpkg + ":biodiversity_sites");
  ASSERT_EQ(layers.size(), 1u);
  EXPECT_EQ(layers[0].name, "BiodiverCity sites");
  EXPECT_EQ(layers[0].source_layer, "biodiversity_sites");
  EXPECT_EQ(layers[0].source_crs, "EPSG:28992");
}
