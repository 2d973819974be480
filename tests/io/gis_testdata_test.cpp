// Every real file under tests/data/gis-testdata (copied from ../shared/data/real/gis-testdata)
// either loads with the feature count `ogrinfo` (GDAL 3.6.2, a peer tool) reports, summed over
// the layers that have a geometry column, or fails with an Error naming the file — never a crash.
#include <gtest/gtest.h>

#include <string>

#include "core/error.hpp"
#include "io/vector_reader.hpp"

using namespace biodash;

namespace {

struct Case {
  const char* file;  // relative to tests/data/gis-testdata
  long features;     // ogrinfo "Feature Count" summed over geometry layers; -1: must fail; -2: any
};

const Case kCases[] = {
    {"flatgeobuf/alldatatypes.fgb", 1},
    {"flatgeobuf/binary_wkb.fgb", 1},
    {"flatgeobuf/clusterfuzz-testcase-minimized-fgb_fuzzer-4642513358553088", -1},
    {"flatgeobuf/countries.fgb", 179},
    {"flatgeobuf/countries.shp", 179},
    {"flatgeobuf/countries_nogeo.fgb", 179},  // all 179 geometries null: counted, skipped
    {"flatgeobuf/empty.fgb", 0},
    {"flatgeobuf/heterogeneous.fgb", 3},
    {"flatgeobuf/mp_overlapping.fgb", 2},
    {"flatgeobuf/multipolygon.geojson", 1},
    {"flatgeobuf/no_properties.fgb", 1},
    {"flatgeobuf/points.geojson", 4},
    {"flatgeobuf/poly00.fgb", 10},
    {"flatgeobuf/poly_landmarks.geojson", 85},
    {"flatgeobuf/polygonwithhole.geojson", 1},
    {"flatgeobuf/properties.geojson", 1},
    {"flatgeobuf/triangle.fgb", 1},
    {"flatgeobuf/unknown_feature_count.fgb", 1},
    {"georust-gdal/null_feature_fields.geojson", 1},
    {"georust-gdal/points_with_datetime.json", 1},
    {"georust-gdal/poly.gpkg", 1},
    {"georust-gdal/roads.geojson", 21},
    {"georust-gdal/soundg.json", 1},
    {"georust-gdal/three_layer_ds.s3db", 9},
    {"georust-gdal/two_geoms.csv", 1},
    {"pyogrio/curvepolygon.gpkg", 1},
    {"pyogrio/line_zm.gpkg", 1},
    {"pyogrio/multisurface.gpkg", 1},
    {"pyogrio/naturalearth_lowres.shp", 177},
    {"pyogrio/poly_not_enough_points.shp.zip", 1},
    {"pyogrio/sample.osm.pbf", -2},
    {"pyogrio/test_datetime_tz.geojson", 2},
    {"pyogrio/test_fgdb.gdb.zip", 8},  // 4 geometry layers: 2+2+2+2; 4 tables skipped
    {"pyogrio/test_gpkg_nulls.gpkg", 4},
    {"pyogrio/test_nested.geojson", 1},
    {"togeojson/addresses.kml", 15},
    {"togeojson/bad.gpx", 7},
    {"togeojson/bad.kml", 1},
    {"togeojson/cdata.kml", 1},
    {"togeojson/empty_ele.gpx", 3},
    {"togeojson/empty_trk.gpx", 1},
    {"togeojson/extended_data.kml", 1},
    {"togeojson/gdal.gpx", 14},
    {"togeojson/linear_ring.kml", 1},
    {"togeojson/multigeometry.kml", 1},
    {"togeojson/networklink.kml", 0},
    {"togeojson/nogeomplacemark.kml", 1},
    {"togeojson/null_geometry.kml", 1},
    {"togeojson/osm.gpx", 423},
    {"togeojson/point.kml", 1},
    {"togeojson/point_extra_coordinates.kml", 1},
    {"togeojson/polygon.kml", 1},
    {"togeojson/schema.kml", 1},
    {"togeojson/selfclosing.kml", 1},
    {"togeojson/simpledata.kml", 2},
    {"togeojson/trek.gpx", 121},
    {"togeojson/trek_no_rtept.gpx", 1},
    {"togeojson/wpt.gpx", 40},
};

class GisTestdata : public ::testing::TestWithParam<Case> {};

}  // namespace

TEST_P(GisTestdata, LoadsWithOgrinfoCountOrFailsClearly) {
  const Case c = GetParam();
  const std::string path = std::string(BIODASH_TEST_DATA) + "/gis-testdata/" + c.file;
  OpenOptions opts;
  opts.fallback_crs = "";  // files without CRS stay unplaced
  try {
    std::vector<Layer> layers = read_vector_file(path, opts);
    ASSERT_NE(c.features, -1) << c.file << " was expected to fail but loaded";
    long read = 0;
    for (const auto& l : layers) {
      const LoadReport& r = l.report;
      read += static_cast<long>(r.features_read);
      // Every feature is accounted for: loaded or skipped for a counted reason.
      EXPECT_EQ(r.features_read, r.loaded + r.null_skipped + r.empty_skipped + r.unrepairable)
          << r.summary();
      EXPECT_EQ(l.size(), r.loaded);
      EXPECT_EQ(l.values.size(), l.size());
      EXPECT_FALSE(r.summary().empty());
      if (l.placed()) {
        EXPECT_EQ(l.geoms.size(), l.size());
      } else {
        EXPECT_NE(r.summary().find("CRS"), std::string::npos) << r.summary();
      }
    }
    if (c.features >= 0) {
      EXPECT_EQ(read, c.features) << c.file;
    }
  } catch (const Error& e) {
    EXPECT_EQ(c.features, -1) << c.file << " failed: " << e.what();
    EXPECT_NE(std::string(e.what()).find(c.file), std::string::npos)
        << "message must name the file: " << e.what();
  }
}

INSTANTIATE_TEST_SUITE_P(AllFiles, GisTestdata, ::testing::ValuesIn(kCases),
                         [](const ::testing::TestParamInfo<Case>& i) {
                           std::string n = i.param.file;
                           for (auto& ch : n)
                             if (!isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           return n;
                         });

TEST(GisTestdataDetails, CurvesAndZmAreCountedInTheReport) {
  const std::string d = std::string(BIODASH_TEST_DATA) + "/gis-testdata/pyogrio/";
  auto curve = read_vector_file(d + "curvepolygon.gpkg");
  EXPECT_EQ(curve.at(0).report.curves_linearised, 1u);
  EXPECT_EQ(curve.at(0).kind, GeomKind::Polygon);
  auto zm = read_vector_file(d + "line_zm.gpkg");
  EXPECT_EQ(zm.at(0).report.zm_dropped, 1u);
  EXPECT_NE(zm.at(0).report.summary().find("Z/M dropped"), std::string::npos);
}

TEST(GisTestdataDetails, RdNewShapefileIsPlacedWithoutReprojection) {
  // Invalid RD New polygon (ring with too few points) in a zipped shapefile.
  auto l = read_vector_file(std::string(BIODASH_TEST_DATA) +
                            "/gis-testdata/pyogrio/poly_not_enough_points.shp.zip");
  ASSERT_EQ(l.size(), 1u);
  EXPECT_EQ(l[0].source_crs, "EPSG:28992");
  EXPECT_EQ(l[0].report.features_read, 1u);
}

TEST(GisTestdataDetails, MissingCrsLeavesLayerUnplacedUntilSet) {
  // heterogeneous.fgb declares no CRS (ogrinfo: "Layer SRS WKT: (unknown)").
  auto l = read_vector_file(std::string(BIODASH_TEST_DATA) +
                            "/gis-testdata/flatgeobuf/heterogeneous.fgb");
  ASSERT_EQ(l.size(), 1u);
  EXPECT_FALSE(l[0].placed());
  EXPECT_NE(l[0].report.summary().find("no CRS"), std::string::npos);
  l[0].source_crs = "EPSG:4326";
  place_layer(l[0], "EPSG:28992");
  EXPECT_TRUE(l[0].placed());
}

TEST(GisTestdataDetails, BritishNationalGridIsReprojected) {
  auto l = read_vector_file(std::string(BIODASH_TEST_DATA) + "/gis-testdata/flatgeobuf/poly00.fgb");
  ASSERT_EQ(l.size(), 1u);
  EXPECT_EQ(l[0].source_crs, "EPSG:27700");
  EXPECT_TRUE(l[0].placed());
}
