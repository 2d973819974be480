#include "core/mesh.hpp"

#include <gtest/gtest.h>

#include "io/vector_reader.hpp"

using namespace biodash;

namespace {

double geos_area(const GEOSGeometry* g) {
  double a = 0;
  GEOSArea_r(geos_ctx(), g, &a);
  return a;
}

void expect_triangulation_matches_area(const std::string& path, const std::string& crs) {
  OpenOptions o;
  o.map_crs = crs;
  for (const Layer& l : read_vector_file(path, o)) {
    ASSERT_TRUE(l.placed()) << path;
    for (size_t i = 0; i < l.size(); ++i) {
      std::vector<double> tri;
      ASSERT_TRUE(triangulate_polygonal(l.geoms[i].get(), tri)) << path << " #" << i;
      double want = geos_area(l.geoms[i].get());
      EXPECT_NEAR(triangles_area(tri), want, 1e-9 * want + 1e-9) << path << " feature " << i;
    }
  }
}

}  // namespace

TEST(Mesh, HandSquareWithHole) {
  // 10x10 square minus a 2x2 hole: area 96 by hand.
  GeomPtr g = from_wkt("POLYGON((0 0,10 0,10 10,0 10,0 0),(4 4,6 4,6 6,4 6,4 4))");
  std::vector<double> tri;
  ASSERT_TRUE(triangulate_polygonal(g.get(), tri));
  EXPECT_DOUBLE_EQ(triangles_area(tri), 96.0);
  // No triangle centroid lies in the hole.
  for (size_t i = 0; i + 5 < tri.size(); i += 6) {
    double cx = (tri[i] + tri[i + 2] + tri[i + 4]) / 3,
           cy = (tri[i + 1] + tri[i + 3] + tri[i + 5]) / 3;
    EXPECT_FALSE(cx > 4 && cx < 6 && cy > 4 && cy < 6);
  }
}

TEST(Mesh, TriangulatedAreaEqualsGeosAreaOnRealPolygonsWithHoles) {
  // Real CBS polygons: Leiden buurten (incl. repaired Marewijk) and the edge-case file with a
  // 2-hole polygon and a 4-part multipolygon, in RD New metres.
  const std::string d = std::string(BIODASH_DEMO_DATA) + "/leiden/";
  expect_triangulation_matches_area(d + "leiden_buurten_2024.geojson", "EPSG:28992");
  expect_triangulation_matches_area(d + "buurten_2024_edgecases.geojson", "EPSG:28992");
  expect_triangulation_matches_area(d + "leiden_region_gemeenten_2024.geojson", "EPSG:28992");
  const std::string t = std::string(BIODASH_TEST_DATA) + "/gis-testdata/flatgeobuf/";
  expect_triangulation_matches_area(t + "polygonwithhole.geojson", "EPSG:4326");
  expect_triangulation_matches_area(t + "poly_landmarks.geojson", "EPSG:4326");
  expect_triangulation_matches_area(t + "mp_overlapping.fgb", "EPSG:4326");
}

TEST(Mesh, BuildMeshHasFillsOutlinesAndPoints) {
  Layer l;
  l.map_crs = "EPSG:28992";
  l.geoms.push_back(from_wkt("POLYGON((100000 460000,100010 460000,100010 460010,100000 460000))"));
  l.geoms.push_back(from_wkt("LINESTRING(100000 460000,100005 460005,100010 460000)"));
  l.geoms.push_back(from_wkt("MULTIPOINT((100001 460001),(100002 460002))"));
  for (auto& g : l.geoms) l.bounds.expand(envelope_of(g.get()));
  Mesh m = build_mesh(l);
  EXPECT_EQ(m.fill_xy.size(), 6u);            // one triangle
  EXPECT_EQ(m.line_xy.size(), (3 + 2) * 4u);  // 3 ring edges + 2 line segments, 2 vertices each
  EXPECT_EQ(m.point_xy.size(), 4u);
  EXPECT_EQ(m.point_feature[1], 2u);
  EXPECT_EQ(m.fill_feature[0], 0u);
  EXPECT_EQ(m.line_feature.back(), 1u);
  // Vertices are offsets from the origin: small numbers, exact in float.
  EXPECT_DOUBLE_EQ(m.origin_x + m.point_xy[0], 100001.0);
  EXPECT_DOUBLE_EQ(m.origin_y + m.point_xy[1], 460001.0);
}
