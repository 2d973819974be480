#include "sampling_geometry.hpp"

#include <algorithm>
#include <cmath>

#include "core/error.hpp"

namespace biodash::demo {
namespace {

void add_ring(Rings& out, const GEOSGeometry* ring) {
  GEOSContextHandle_t h = geos_ctx();
  const GEOSCoordSequence* cs = GEOSGeom_getCoordSeq_r(h, ring);
  unsigned n = 0;
  if (!cs || !GEOSCoordSeq_getSize_r(h, cs, &n)) throw Error("GEOS: " + geos_last_error());
  std::vector<double> r;
  for (unsigned i = 0; i < n; ++i) {
    double x, y;
    GEOSCoordSeq_getXY_r(h, cs, i, &x, &y);
    r.push_back(x);
    r.push_back(y);
  }
  out.rings.push_back(std::move(r));
}

}  // namespace

Rings rings_of(const GEOSGeometry* g) {
  GEOSContextHandle_t h = geos_ctx();
  Rings out;
  const int parts = GEOSGetNumGeometries_r(h, g);
  for (int p = 0; p < parts; ++p) {
    const GEOSGeometry* poly = GEOSGetGeometryN_r(h, g, p);
    if (GEOSGeomTypeId_r(h, poly) != GEOS_POLYGON) continue;
    add_ring(out, GEOSGetExteriorRing_r(h, poly));
    for (int k = 0; k < GEOSGetNumInteriorRings_r(h, poly); ++k)
      add_ring(out, GEOSGetInteriorRingN_r(h, poly, k));
  }
  Envelope e = envelope_of(g);
  out.minx = e.minx;
  out.miny = e.miny;
  out.maxx = e.maxx;
  out.maxy = e.maxy;
  if (out.rings.empty()) throw Error("sampling area has no polygon");
  return out;
}

void Paths::add_segment(double x0, double y0, double x1, double y1, double factor) {
  ax.push_back(x0), ay.push_back(y0), bx.push_back(x1), by.push_back(y1);
  length.add(factor * std::sqrt((x1 - x0) * (x1 - x0) + (y1 - y0) * (y1 - y0)));
}

void Paths::add_coords(const std::vector<double>& xy, double factor, Rng& patchy) {
  for (size_t i = 2; i + 1 < xy.size(); i += 2) {
    const double x0 = xy[i - 2], y0 = xy[i - 1], x1 = xy[i], y1 = xy[i + 1];
    const double len = std::sqrt((x1 - x0) * (x1 - x0) + (y1 - y0) * (y1 - y0));
    const int pieces = std::max(1, static_cast<int>(len / 60.0));
    for (int k = 0; k < pieces; ++k) {
      const double a = static_cast<double>(k) / pieces, b = static_cast<double>(k + 1) / pieces;
      const double u = patchy.uniform();
      add_segment(x0 + a * (x1 - x0), y0 + a * (y1 - y0), x0 + b * (x1 - x0), y0 + b * (y1 - y0),
                  factor * (0.2 + 1.6 * u * u));
    }
  }
}

void Paths::add_line(const GEOSGeometry* g, double factor, Rng& patchy) {
  GEOSContextHandle_t h = geos_ctx();
  const GEOSCoordSequence* cs = GEOSGeom_getCoordSeq_r(h, g);
  unsigned n = 0;
  if (!cs || !GEOSCoordSeq_getSize_r(h, cs, &n)) throw Error("GEOS: " + geos_last_error());
  std::vector<double> xy;
  for (unsigned i = 0; i < n; ++i) {
    double x, y;
    GEOSCoordSeq_getXY_r(h, cs, i, &x, &y);
    xy.push_back(x);
    xy.push_back(y);
  }
  add_coords(xy, factor, patchy);
}

}  // namespace biodash::demo
