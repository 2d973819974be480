#include "core/polygon_grid.hpp"

#include <algorithm>
#include <cmath>

#include "core/error.hpp"

namespace biodash {
namespace {

// All rings (shells and holes) of a polygonal geometry as flat x,y arrays (closed).
void collect_rings(const GEOSGeometry* g, std::vector<std::vector<double>>& rings) {
  GEOSContextHandle_t h = geos_ctx();
  if (!g || GEOSisEmpty_r(h, g)) return;
  const int t = GEOSGeomTypeId_r(h, g);
  auto add_ring = [&](const GEOSGeometry* r) {
    const GEOSCoordSequence* s = GEOSGeom_getCoordSeq_r(h, r);
    unsigned n = 0;
    GEOSCoordSeq_getSize_r(h, s, &n);
    std::vector<double> xy(2 * n);
    for (unsigned i = 0; i < n; ++i) GEOSCoordSeq_getXY_r(h, s, i, &xy[2 * i], &xy[2 * i + 1]);
    if (n >= 2) rings.push_back(std::move(xy));
  };
  if (t == GEOS_POLYGON) {
    add_ring(GEOSGetExteriorRing_r(h, g));
    for (int i = 0; i < GEOSGetNumInteriorRings_r(h, g); ++i)
      add_ring(GEOSGetInteriorRingN_r(h, g, i));
  } else if (t == GEOS_MULTIPOLYGON || t == GEOS_GEOMETRYCOLLECTION) {
    for (int i = 0; i < GEOSGetNumGeometries_r(h, g); ++i)
      collect_rings(GEOSGetGeometryN_r(h, g, i), rings);
  }
}

struct Pair {
  uint32_t cell;  // cell index
  uint32_t poly;  // polygon index
};

void to_csr(std::vector<Pair>& pairs, size_t n_cells, std::vector<uint32_t>& off,
            std::vector<uint32_t>& vals) {
  off.assign(n_cells + 1, 0);
  for (const Pair& p : pairs) ++off[p.cell + 1];
  for (size_t i = 0; i < n_cells; ++i) off[i + 1] += off[i];
  vals.resize(pairs.size());
  std::vector<uint32_t> pos(off.begin(), off.end() - 1);
  for (const Pair& p : pairs) vals[pos[p.cell]++] = p.poly;
  pairs.clear();
  pairs.shrink_to_fit();
}

}  // namespace

PolygonGrid::PolygonGrid(const std::vector<const GEOSGeometry*>& polygons, size_t max_cells) {
  std::vector<std::vector<std::vector<double>>> rings(polygons.size());
  size_t vertices = 0;
  for (size_t i = 0; i < polygons.size(); ++i) {
    collect_rings(polygons[i], rings[i]);
    for (const auto& r : rings[i]) {
      vertices += r.size() / 2;
      for (size_t k = 0; k + 1 < r.size(); k += 2) ext_.expand(r[k], r[k + 1]);
    }
  }
  if (polygons.size() >= UINT32_MAX) throw Error("too many polygons for the grid");
  if (ext_.empty()) {
    ext_ = Envelope{0, 0, 0, 0};
  }
  // Cell size: ~16 cells per ring vertex. Finer grids leave fewer points in boundary cells but
  // cost more to build; with the exact arithmetic test for boundary cells, 16 measured best
  // (1M points x 2000 polygons: 89 ms CPU incl. a 10 ms build, vs 117 ms at 64).
  const double w = std::max(ext_.width(), 1e-9), hgt = std::max(ext_.height(), 1e-9);
  const double want = std::clamp<double>(16.0 * static_cast<double>(vertices), 1024.0,
                                         static_cast<double>(max_cells));
  cell_ = std::sqrt(w * hgt / want);
  // Pad the extent by a hair so points on its max edges fall inside the last cell.
  nx_ = std::max<int64_t>(1, static_cast<int64_t>(std::ceil(w / cell_)));
  ny_ = std::max<int64_t>(1, static_cast<int64_t>(std::ceil(hgt / cell_)));
  inv_cell_ = 1.0 / cell_;
  const size_t n_cells = static_cast<size_t>(nx_ * ny_);
  if (n_cells >= UINT32_MAX) throw Error("polygon grid too large");

  auto cx_of = [&](double x) {
    return std::clamp<int64_t>(static_cast<int64_t>(std::floor((x - ext_.minx) * inv_cell_)), 0,
                               nx_ - 1);
  };
  auto cy_of = [&](double y) {
    return std::clamp<int64_t>(static_cast<int64_t>(std::floor((y - ext_.miny) * inv_cell_)), 0,
                               ny_ - 1);
  };
  // Cell boxes are widened by this margin in the boundary test, so rounding can only mark
  // more cells as boundary (never fewer): the exact test then decides.
  const double eps = cell_ * 1e-6 + 1e-9 * std::max({std::fabs(ext_.minx), std::fabs(ext_.maxx),
                                                     std::fabs(ext_.miny), std::fabs(ext_.maxy)});

  std::vector<Pair> cand_pairs, certain_pairs;
  std::vector<uint8_t> touched;  // per cell of the polygon's bbox window
  std::vector<double> crossings;
  for (size_t pi = 0; pi < polygons.size(); ++pi) {
    if (rings[pi].empty()) continue;
    Envelope pe;
    for (const auto& r : rings[pi])
      for (size_t k = 0; k + 1 < r.size(); k += 2) pe.expand(r[k], r[k + 1]);
    const int64_t wx0 = cx_of(pe.minx - eps), wx1 = cx_of(pe.maxx + eps);
    const int64_t wy0 = cy_of(pe.miny - eps), wy1 = cy_of(pe.maxy + eps);
    const int64_t ww = wx1 - wx0 + 1, wh = wy1 - wy0 + 1;
    touched.assign(static_cast<size_t>(ww * wh), 0);
    // 1. Boundary cells: every cell whose (widened) box meets a ring segment. Per row, the
    //    segment's x range inside the widened band is rounded outwards: conservative.
    for (const auto& r : rings[pi]) {
      for (size_t k = 0; k + 3 < r.size(); k += 2) {
        const double ax = r[k], ay = r[k + 1], bx = r[k + 2], by = r[k + 3];
        const int64_t y0 = cy_of(std::min(ay, by) - eps), y1 = cy_of(std::max(ay, by) + eps);
        for (int64_t cy = y0; cy <= y1; ++cy) {
          // The part of the segment inside this row's (widened) band, as an x range.
          const double band0 = ext_.miny + cy * cell_ - eps, band1 = band0 + cell_ + 2 * eps;
          double xa, xb;
          if (ay == by) {
            xa = ax;
            xb = bx;
          } else {
            double t0 = (band0 - ay) / (by - ay), t1 = (band1 - ay) / (by - ay);
            if (t0 > t1) std::swap(t0, t1);
            t0 = std::max(t0, 0.0);
            t1 = std::min(t1, 1.0);
            if (t0 > t1) continue;
            xa = ax + t0 * (bx - ax);
            xb = ax + t1 * (bx - ax);
          }
          const int64_t x0 = cx_of(std::min(xa, xb) - eps), x1 = cx_of(std::max(xa, xb) + eps);
          for (int64_t cx = x0; cx <= x1; ++cx) {
            uint8_t& t = touched[static_cast<size_t>((cy - wy0) * ww + (cx - wx0))];
            if (t) continue;
            t = 1;
            cand_pairs.push_back({static_cast<uint32_t>(cy * nx_ + cx), static_cast<uint32_t>(pi)});
          }
        }
      }
    }
    // 2. Interior cells: scanline through each row's cell centres, even-odd over all rings
    //    (holes included); an untouched cell whose centre is inside lies wholly inside.
    for (int64_t cy = wy0; cy <= wy1; ++cy) {
      const double yc = ext_.miny + (static_cast<double>(cy) + 0.5) * cell_;
      crossings.clear();
      for (const auto& r : rings[pi]) {
        for (size_t k = 0; k + 3 < r.size(); k += 2) {
          const double ay = r[k + 1], by = r[k + 3];
          if ((ay > yc) == (by > yc)) continue;
          const double ax = r[k], bx = r[k + 2];
          crossings.push_back(ax + (yc - ay) * (bx - ax) / (by - ay));
        }
      }
      if (crossings.size() < 2) continue;
      std::sort(crossings.begin(), crossings.end());
      for (size_t s = 0; s + 1 < crossings.size(); s += 2) {
        // Cells whose centre lies in (crossings[s], crossings[s+1]).
        const double xa = crossings[s], xb = crossings[s + 1];
        int64_t c0 = static_cast<int64_t>(std::ceil((xa - ext_.minx) * inv_cell_ - 0.5));
        int64_t c1 = static_cast<int64_t>(std::floor((xb - ext_.minx) * inv_cell_ - 0.5));
        c0 = std::max(c0, wx0);
        c1 = std::min(c1, wx1);
        for (int64_t cx = c0; cx <= c1; ++cx) {
          if (touched[static_cast<size_t>((cy - wy0) * ww + (cx - wx0))]) continue;
          certain_pairs.push_back(
              {static_cast<uint32_t>(cy * nx_ + cx), static_cast<uint32_t>(pi)});
        }
      }
    }
  }
  to_csr(cand_pairs, n_cells, cand_off_, cand_);
  to_csr(certain_pairs, n_cells, certain_off_, certain_);
  // Keep the rings for the exact point-in-polygon test.
  ring_xy_.reserve(2 * vertices);
  for (const auto& poly_rings : rings) {
    poly_rings_.push_back(static_cast<uint32_t>(ring_start_.size()));
    for (const auto& r : poly_rings) {
      ring_start_.push_back(static_cast<uint32_t>(ring_xy_.size() / 2));
      ring_xy_.insert(ring_xy_.end(), r.begin(), r.end());
    }
  }
  poly_rings_.push_back(static_cast<uint32_t>(ring_start_.size()));
  ring_start_.push_back(static_cast<uint32_t>(ring_xy_.size() / 2));
}

int PolygonGrid::contains(uint32_t poly, double px, double py) const {
  // Shewchuk's orient2d error bound for the fast (non-adaptive) filter.
  constexpr double kEps = 1.1102230246251565e-16;  // 2^-53
  constexpr double kBound = (3.0 + 16.0 * kEps) * kEps;
  int crossings = 0;
  for (uint32_t r = poly_rings_[poly]; r < poly_rings_[poly + 1]; ++r) {
    const double* v = ring_xy_.data() + 2 * ring_start_[r];
    const uint32_t n = ring_start_[r + 1] - ring_start_[r];
    for (uint32_t k = 1; k < n; ++k) {
      const double x1 = v[2 * k - 2], y1 = v[2 * k - 1], x2 = v[2 * k], y2 = v[2 * k + 1];
      // Same case analysis as GEOS's RayCrossingCounter (ray to +x, half-open in y).
      if (x1 < px && x2 < px) continue;    // segment entirely left
      if (px == x2 && py == y2) return 0;  // on a vertex
      if (y1 == py && y2 == py) {          // horizontal segment on the ray
        if ((x1 <= px && px <= x2) || (x2 <= px && px <= x1)) return 0;  // on it
        continue;
      }
      if ((y1 > py && y2 <= py) || (y2 > py && y1 <= py)) {
        const double l = (x1 - px) * (y2 - py), rr = (y1 - py) * (x2 - px);
        const double det = l - rr;
        const double bound = kBound * (std::fabs(l) + std::fabs(rr));
        // Too close to call in double precision (including p exactly on the segment):
        // let GEOS decide, with its robust predicates.
        if (det <= bound && -det <= bound) return -1;
        int orient = det > 0 ? 1 : -1;  // orientation of (p1, p2, p)
        if (y2 < y1) orient = -orient;
        if (orient > 0) ++crossings;
      }
    }
  }
  return crossings & 1;
}

double PolygonGrid::boundary_share() const {
  size_t n = 0;
  const size_t cells = cand_off_.empty() ? 0 : cand_off_.size() - 1;
  for (size_t c = 0; c < cells; ++c) n += cand_off_[c + 1] > cand_off_[c];
  return cells ? static_cast<double>(n) / static_cast<double>(cells) : 0.0;
}

size_t PolygonGrid::bytes() const {
  return sizeof(uint32_t) *
         (certain_off_.capacity() + certain_.capacity() + cand_off_.capacity() + cand_.capacity());
}

}  // namespace biodash
