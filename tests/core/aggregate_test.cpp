#include "core/aggregate.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <random>

#include "core/error.hpp"
#include "core/layer.hpp"
#include "core/polygon_grid.hpp"
#include "io/vector_reader.hpp"

using namespace biodash;

namespace {

std::vector<const GEOSGeometry*> raw(const std::vector<GeomPtr>& v) {
  std::vector<const GEOSGeometry*> r;
  for (auto& g : v) r.push_back(g.get());
  return r;
}

// All vertices of all polygons: boundary points that ST_Contains counts in no polygon.
void add_vertices(const GEOSGeometry* g, std::vector<double>& x, std::vector<double>& y) {
  GEOSContextHandle_t h = geos_ctx();
  GeomPtr pts(GEOSGeom_extractUniquePoints_r(h, g));
  for (int i = 0; i < GEOSGetNumGeometries_r(h, pts.get()); ++i) {
    double px, py;
    GEOSGeomGetX_r(h, GEOSGetGeometryN_r(h, pts.get(), i), &px);
    GEOSGeomGetY_r(h, GEOSGetGeometryN_r(h, pts.get(), i), &py);
    x.push_back(px);
    y.push_back(py);
  }
}

}  // namespace

TEST(Aggregate, HandCountsWithHoleEdgeAndVertex) {
  std::vector<GeomPtr> polys;
  polys.push_back(from_wkt("POLYGON((0 0,10 0,10 10,0 10,0 0),(4 4,6 4,6 6,4 6,4 4))"));
  polys.push_back(from_wkt("POLYGON((10 0,20 0,20 10,10 10,10 0))"));  // shares edge x=10
  polys.push_back(from_wkt("POLYGON((15 5,25 5,25 15,15 15,15 5))"));  // overlaps polygon 1
  //                 inside0 hole  edge0/1 vertex  in1     in1&2   outside holeEdge
  std::vector<double> x{1, 5, 10, 0, 12, 17, 30, 4};
  std::vector<double> y{1, 5, 5, 0, 2, 7, 30, 5};
  // By hand: polygon 0 contains only (1,1); polygon 1 contains (12,2) and (17,7);
  // polygon 2 contains (17,7). (10,5) lies on the shared edge, (0,0) on a vertex, (4,5) on the
  // hole's edge: counted nowhere.
  auto c = count_points_in_polygons(raw(polys), x.data(), y.data(), x.size());
  EXPECT_EQ(c, (std::vector<uint64_t>{1, 2, 1}));
}

TEST(Aggregate, EqualsBruteForceOnRealPolygonsWithRandomAndBoundaryPoints) {
  OpenOptions o;
  o.map_crs = "EPSG:28992";
  const std::string d = std::string(BIODASH_DEMO_DATA) + "/leiden/";
  std::vector<GeomPtr> polys;
  for (const char* f : {"leiden_buurten_2024.geojson", "buurten_2024_edgecases.geojson",
                        "leiden_wijken_2024.geojson"})  // wijken overlap the buurten
    for (auto& l : read_vector_file(d + f, o))
      for (auto& g : l.geoms) polys.push_back(clone(g.get()));
  auto p = raw(polys);
  Envelope e;
  for (size_t i = 0; i < 54; ++i) e.expand(envelope_of(p[i]));  // Leiden's buurten
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> ux(e.minx, e.maxx), uy(e.miny, e.maxy);
  std::vector<double> x, y;
  for (int i = 0; i < 60000; ++i) {
    x.push_back(ux(rng));
    y.push_back(uy(rng));
  }
  for (auto* g : p) add_vertices(g, x, y);
  auto ref = count_points_brute_force(p, x.data(), y.data(), x.size());
  EXPECT_EQ(count_points_in_polygons(p, x.data(), y.data(), x.size(), {1, false}), ref);  // STRtree
  EXPECT_EQ(count_points_in_polygons(p, x.data(), y.data(), x.size(), {1, true}), ref);   // grid
  // The full per-point assignment (not only the counts) equals the brute force.
  Assignment a = assign_points(p, x.data(), y.data(), x.size(), {2, true});
  GEOSContextHandle_t h = geos_ctx();
  for (size_t k = 0; k < x.size(); k += 37) {
    GeomPtr pt(GEOSGeom_createPointFromXY_r(h, x[k], y[k]));
    std::vector<uint32_t> want;
    for (size_t i = 0; i < p.size(); ++i)
      if (GEOSContains_r(h, p[i], pt.get()) == 1) want.push_back(static_cast<uint32_t>(i));
    std::vector<uint32_t> got(a.polygon.begin() + a.offset[k], a.polygon.begin() + a.offset[k + 1]);
    ASSERT_EQ(got, want) << "point " << k;
  }
  // A stop flag that is never raised changes nothing; a raised one ends both paths with
  // Cancelled (the dashboard's Cancel raises it while the workers run).
  std::atomic<bool> stop{false};
  for (const bool grid : {true, false}) {
    AggregateOptions so{2, grid, &stop};
    stop = false;
    const Assignment b = assign_points(p, x.data(), y.data(), x.size(), so);
    EXPECT_EQ(b.offset, a.offset) << "grid " << grid;
    EXPECT_EQ(b.polygon, a.polygon) << "grid " << grid;
    stop = true;
    EXPECT_THROW(assign_points(p, x.data(), y.data(), x.size(), so), biodash::Cancelled)
        << "grid " << grid;
  }
  // Several parallel runs: GEOS geometries cache derived data lazily, so sharing one geometry
  // between threads gave wrong counts once; each thread must work on its own copies.
  for (int run = 0; run < 4; ++run) {
    auto par = count_points_in_polygons(p, x.data(), y.data(), x.size(), {2, run % 2 == 0});
    EXPECT_EQ(par, ref) << "run " << run;
  }
  uint64_t total = 0;
  for (auto c : ref) total += c;
  EXPECT_GT(total, 10000u);  // the test is not vacuous
}

TEST(Aggregate, PointCoordinatesTakeMultipointPartsAndCountOthers) {
  Layer l;
  l.geoms.push_back(from_wkt("POINT(1 2)"));
  l.geoms.push_back(from_wkt("MULTIPOINT((3 4),(5 6))"));
  l.geoms.push_back(from_wkt("LINESTRING(0 0,1 1)"));
  std::vector<double> x, y;
  size_t skipped = 0;
  point_coordinates(l, x, y, skipped);
  EXPECT_EQ(x, (std::vector<double>{1, 3, 5}));
  EXPECT_EQ(y, (std::vector<double>{2, 4, 6}));
  EXPECT_EQ(skipped, 1u);
}

TEST(PolygonGridTest, ExactContainsAgreesWithGeosOnEdgesVerticesAndNearMisses) {
  std::vector<GeomPtr> polys;
  polys.push_back(from_wkt("POLYGON((0 0,10 0,10 10,0 10,0 0),(4 4,6 4,6 6,4 6,4 4))"));
  polys.push_back(from_wkt("MULTIPOLYGON(((20 0,30 0,25 8,20 0)),((20 10,30 10,25 18,20 10)))"));
  polys.push_back(from_wkt("POLYGON((0.1 20.3,9.7 21.1,5.3 29.9,0.1 20.3))"));  // slanted edges
  std::vector<const GEOSGeometry*> p;
  for (auto& g : polys) p.push_back(g.get());
  PolygonGrid grid(p);
  GEOSContextHandle_t h = geos_ctx();
  std::vector<std::pair<double, double>> pts = {
      {5, 5},      {4, 5},      {5, 4},      {4, 4},      {0, 0},  {10, 5},    {5, 10},  {1, 1},
      {25, 8},     {25, 4},     {22.5, 4},   {25, 10},    {25, 9}, {20, 0},    {30, 10}, {25, 0},
      {0.1, 20.3}, {4.9, 20.7}, {5.3, 29.9}, {7.5, 25.5}, {3, 24}, {9.7, 21.1}};
  // Points a hair off the slanted edges: both sides.
  for (double t : {0.25, 0.5, 0.75}) {
    const double x = 0.1 + t * (9.7 - 0.1), y = 20.3 + t * (21.1 - 20.3);
    for (double d : {-1e-12, 0.0, 1e-12}) pts.push_back({x, y + d});
  }
  for (size_t i = 0; i < p.size(); ++i) {
    for (auto [x, y] : pts) {
      GeomPtr pt(GEOSGeom_createPointFromXY_r(h, x, y));
      const int want = GEOSContains_r(h, p[i], pt.get());
      const int got = grid.contains(static_cast<uint32_t>(i), x, y);
      if (got >= 0) {
        EXPECT_EQ(got, want) << "polygon " << i << " point " << x << "," << y;
      }
    }
  }
  // Decidable points are decided without GEOS: the centre of the hole and a clear interior.
  EXPECT_EQ(grid.contains(0, 5, 5), 0);
  EXPECT_EQ(grid.contains(0, 1, 1), 1);
}
