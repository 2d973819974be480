#include "core/hexgrid.hpp"

#include <cmath>
#include <cstdio>

#include "core/error.hpp"

namespace biodash {
namespace {
const double kSqrt3 = std::sqrt(3.0);
}

std::string hex_size_problem(double size) {
  if (std::isfinite(size) && size >= kMinHexSizeM && size <= kMaxHexSizeM) return "";
  char buf[160];
  std::snprintf(buf, sizeof buf, "hex size must be between %g and %g metres, got %g", kMinHexSizeM,
                kMaxHexSizeM, size);
  return buf;
}

HexGrid::HexGrid(double edge, const Envelope& extent) : edge_(edge) {
  if (const std::string p = hex_size_problem(edge); !p.empty()) throw Error(p);
  if (extent.empty()) return;
  // Counted in floating point before any integer conversion (no overflowing cast).
  const double cells =
      (extent.width() / (1.5 * edge) + 3) * (extent.height() / (kSqrt3 * edge) + 3);
  if (!std::isfinite(extent.minx) || !std::isfinite(extent.maxy) || !(cells <= 5e7))
    throw Error("hex grid too fine for the extent (more than 50 million cells)");
  // Flat-top: centre x = 1.5 e q, y = √3 e (r + q/2). Window of q and r that covers the
  // extent with a margin of one cell on every side.
  const int64_t qa = static_cast<int64_t>(std::floor(extent.minx / (1.5 * edge))) - 1;
  const int64_t qb = static_cast<int64_t>(std::ceil(extent.maxx / (1.5 * edge))) + 1;
  auto r_range = [&](int64_t q, int64_t& ra, int64_t& rb) {
    ra = static_cast<int64_t>(std::floor(extent.miny / (kSqrt3 * edge) - q / 2.0)) - 1;
    rb = static_cast<int64_t>(std::ceil(extent.maxy / (kSqrt3 * edge) - q / 2.0)) + 1;
  };
  int64_t rmin = INT64_MAX, rmax = INT64_MIN;
  for (int64_t q : {qa, qb}) {
    int64_t ra, rb;
    r_range(q, ra, rb);
    rmin = std::min(rmin, ra);
    rmax = std::max(rmax, rb);
  }
  q0_ = qa;
  r0_ = rmin;
  nq_ = qb - qa + 1;
  nr_ = rmax - rmin + 1;
  if (static_cast<double>(nq_) * static_cast<double>(nr_) > 5e7)
    throw Error("hex grid too fine for the extent (more than 50 million cells)");
  index_.assign(static_cast<size_t>(nq_ * nr_), -1);
  for (int64_t q = qa; q <= qb; ++q) {
    int64_t ra, rb;
    r_range(q, ra, rb);
    for (int64_t r = ra; r <= rb; ++r) {
      // Keep cells whose hexagon meets the extent (bounding box test of the hexagon).
      const double cx = 1.5 * edge * q, cy = kSqrt3 * edge * (r + q / 2.0);
      if (cx + edge < extent.minx || cx - edge > extent.maxx ||
          cy + kSqrt3 / 2 * edge < extent.miny || cy - kSqrt3 / 2 * edge > extent.maxy)
        continue;
      index_[static_cast<size_t>((q - q0_) * nr_ + (r - r0_))] = static_cast<int64_t>(q_.size());
      q_.push_back(q);
      r_.push_back(r);
    }
  }
}

double HexGrid::cell_area() const {
  return 1.5 * kSqrt3 * edge_ * edge_;
}

void HexGrid::axial_of(double x, double y, int64_t& q, int64_t& r) const {
  const double fq = (2.0 / 3.0 * x) / edge_;
  const double fr = (-1.0 / 3.0 * x + kSqrt3 / 3.0 * y) / edge_;
  // Cube rounding: x + y + z = 0.
  const double fx = fq, fz = fr, fy = -fx - fz;
  double rx = std::round(fx), ry = std::round(fy), rz = std::round(fz);
  const double dx = std::fabs(rx - fx), dy = std::fabs(ry - fy), dz = std::fabs(rz - fz);
  if (dx > dy && dx > dz)
    rx = -ry - rz;
  else if (dy > dz)
    ry = -rx - rz;
  else
    rz = -rx - ry;
  q = static_cast<int64_t>(rx);
  r = static_cast<int64_t>(rz);
}

int64_t HexGrid::cell_of(double x, double y) const {
  if (!std::isfinite(x) || !std::isfinite(y) || index_.empty()) return -1;
  int64_t q, r;
  axial_of(x, y, q, r);
  q -= q0_;
  r -= r0_;
  if (q < 0 || r < 0 || q >= nq_ || r >= nr_) return -1;
  return index_[static_cast<size_t>(q * nr_ + r)];
}

void HexGrid::center(size_t i, double& x, double& y) const {
  x = 1.5 * edge_ * static_cast<double>(q_[i]);
  y = kSqrt3 * edge_ * (static_cast<double>(r_[i]) + static_cast<double>(q_[i]) / 2.0);
}

GeomPtr HexGrid::polygon(size_t i) const {
  double cx, cy;
  center(i, cx, cy);
  GEOSContextHandle_t h = geos_ctx();
  GEOSCoordSequence* s = GEOSCoordSeq_create_r(h, 7, 2);
  for (int k = 0; k <= 6; ++k) {
    const double a = (k % 6) * M_PI / 3.0;  // flat-top: vertices at 0°, 60°, ...
    GEOSCoordSeq_setXY_r(h, s, static_cast<unsigned>(k), cx + edge_ * std::cos(a),
                         cy + edge_ * std::sin(a));
  }
  GEOSGeometry* ring = GEOSGeom_createLinearRing_r(h, s);
  return GeomPtr(GEOSGeom_createPolygon_r(h, ring, nullptr, 0));
}

Assignment assign_hex(const HexGrid& g, const double* x, const double* y, size_t n) {
  Assignment a;
  a.n_polygons = g.size();
  a.offset.reserve(n + 1);
  a.polygon.reserve(n);
  a.offset.push_back(0);
  for (size_t k = 0; k < n; ++k) {
    const int64_t c = g.cell_of(x[k], y[k]);
    if (c >= 0) a.polygon.push_back(static_cast<uint32_t>(c));
    a.offset.push_back(static_cast<uint32_t>(a.polygon.size()));
  }
  return a;
}

Layer hex_layer(const HexGrid& g, const std::string& crs) {
  Layer l;
  l.name = "Hexagons " + std::to_string(static_cast<long long>(std::lround(g.edge()))) + " m";
  l.source_crs = crs;
  l.map_crs = crs;
  l.kind = GeomKind::Polygon;
  l.fields = {"hex_id", "q", "r"};
  for (size_t i = 0; i < g.size(); ++i) {
    l.fids.push_back(static_cast<int64_t>(i + 1));
    l.values.push_back({std::to_string(i + 1), std::to_string(g.q(i)), std::to_string(g.r(i))});
    GeomPtr p = g.polygon(i);
    l.bounds.expand(envelope_of(p.get()));
    l.geoms.push_back(clone(p.get()));
    l.source_geoms.push_back(std::move(p));
  }
  l.report.source = l.name;
  l.report.features_read = l.report.loaded = g.size();
  return l;
}

}  // namespace biodash
