#include "core/mesh.hpp"

#include <cmath>

namespace biodash {
namespace {

void append_coords(const GEOSCoordSequence* seq, std::vector<double>& xy) {
  GEOSContextHandle_t h = geos_ctx();
  unsigned n = 0;
  GEOSCoordSeq_getSize_r(h, seq, &n);
  for (unsigned i = 0; i < n; ++i) {
    double x, y;
    GEOSCoordSeq_getXY_r(h, seq, i, &x, &y);
    xy.push_back(x);
    xy.push_back(y);
  }
}

struct MeshBuilder {
  Mesh& m;           // mesh being filled
  uint32_t feature;  // current feature index

  float fx(double x) const { return static_cast<float>(x - m.origin_x); }
  float fy(double y) const { return static_cast<float>(y - m.origin_y); }

  void line_string(const GEOSGeometry* g) {
    std::vector<double> xy;
    append_coords(GEOSGeom_getCoordSeq_r(geos_ctx(), g), xy);
    for (size_t i = 2; i + 1 < xy.size(); i += 2) {
      m.line_xy.insert(m.line_xy.end(), {fx(xy[i - 2]), fy(xy[i - 1]), fx(xy[i]), fy(xy[i + 1])});
      m.line_feature.insert(m.line_feature.end(), {feature, feature});
    }
  }

  void polygon(const GEOSGeometry* g) {
    GEOSContextHandle_t h = geos_ctx();
    std::vector<double> tri;
    if (triangulate_polygonal(g, tri)) {
      for (size_t i = 0; i + 1 < tri.size(); i += 2) {
        m.fill_xy.push_back(fx(tri[i]));
        m.fill_xy.push_back(fy(tri[i + 1]));
        m.fill_feature.push_back(feature);
      }
    } else {
      ++m.failed_triangulations;
    }
    line_string(GEOSGetExteriorRing_r(h, g));
    int holes = GEOSGetNumInteriorRings_r(h, g);
    for (int i = 0; i < holes; ++i) line_string(GEOSGetInteriorRingN_r(h, g, i));
  }

  void point(const GEOSGeometry* g) {
    double x, y;
    GEOSGeomGetX_r(geos_ctx(), g, &x);
    GEOSGeomGetY_r(geos_ctx(), g, &y);
    m.point_xy.push_back(fx(x));
    m.point_xy.push_back(fy(y));
    m.point_feature.push_back(feature);
  }

  void any(const GEOSGeometry* g) {
    GEOSContextHandle_t h = geos_ctx();
    if (!g || GEOSisEmpty_r(h, g)) return;
    switch (GEOSGeomTypeId_r(h, g)) {
      case GEOS_POINT:
        point(g);
        break;
      case GEOS_LINESTRING:
      case GEOS_LINEARRING:
        line_string(g);
        break;
      case GEOS_POLYGON:
        polygon(g);
        break;
      default: {
        int n = GEOSGetNumGeometries_r(h, g);
        for (int i = 0; i < n; ++i) any(GEOSGetGeometryN_r(h, g, i));
      }
    }
  }
};

}  // namespace

bool triangulate_polygonal(const GEOSGeometry* g, std::vector<double>& out) {
  GEOSContextHandle_t h = geos_ctx();
  if (!g || GEOSisEmpty_r(h, g)) return true;
  int type = GEOSGeomTypeId_r(h, g);
  if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
    bool ok = true;
    int n = GEOSGetNumGeometries_r(h, g);
    for (int i = 0; i < n; ++i) ok = triangulate_polygonal(GEOSGetGeometryN_r(h, g, i), out) && ok;
    return ok;
  }
  if (type != GEOS_POLYGON) return true;
  // Constrained Delaunay triangulation of the polygon: triangles cover exactly its interior
  // (holes excluded), every ring edge is a triangle edge.
  GeomPtr tris(GEOSConstrainedDelaunayTriangulation_r(h, g));
  if (!tris) return false;
  int n = GEOSGetNumGeometries_r(h, tris.get());
  std::vector<double> ring;
  for (int i = 0; i < n; ++i) {
    const GEOSGeometry* t = GEOSGetGeometryN_r(h, tris.get(), i);
    ring.clear();
    append_coords(GEOSGeom_getCoordSeq_r(h, GEOSGetExteriorRing_r(h, t)), ring);
    if (ring.size() < 6) continue;
    out.insert(out.end(), ring.begin(), ring.begin() + 6);  // 3 corners (ring is closed)
  }
  return true;
}

double triangles_area(const std::vector<double>& xy) {
  double a = 0;
  for (size_t i = 0; i + 5 < xy.size(); i += 6) {
    double cross = (xy[i + 2] - xy[i]) * (xy[i + 5] - xy[i + 1]) -
                   (xy[i + 4] - xy[i]) * (xy[i + 3] - xy[i + 1]);
    a += std::fabs(cross) * 0.5;
  }
  return a;
}

Mesh build_mesh(const Layer& layer) {
  Mesh m;
  m.n_features = layer.size();
  if (!layer.bounds.empty()) {
    m.origin_x = std::floor((layer.bounds.minx + layer.bounds.maxx) * 0.5);
    m.origin_y = std::floor((layer.bounds.miny + layer.bounds.maxy) * 0.5);
  }
  if (layer.store) {
    // One float pair per row, straight from the columns (reprojected chunk by chunk when the
    // map CRS is not the store's). A point PROJ could not place stays at +inf: clipped.
    m.point_identity = true;
    m.point_xy.resize(2 * layer.size());
    float* out = m.point_xy.data();
    for_each_map_point_chunk(layer, [&](size_t first, const double* x, const double* y, size_t n) {
      for (size_t i = 0; i < n; ++i) {
        out[2 * (first + i)] = static_cast<float>(x[i] - m.origin_x);
        out[2 * (first + i) + 1] = static_cast<float>(y[i] - m.origin_y);
      }
    });
    return m;
  }
  MeshBuilder b{m, 0};
  for (size_t i = 0; i < layer.geoms.size(); ++i) {
    b.feature = static_cast<uint32_t>(i);
    b.any(layer.geoms[i].get());
  }
  return m;
}

}  // namespace biodash
