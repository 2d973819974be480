#pragma once
// An acceleration grid over a polygon layer for point assignment. Each cell records the
// polygons that certainly contain the whole (closed) cell, and the polygons whose boundary
// touches the cell (candidates: a point there needs the exact GEOS `contains` test). Cells
// are classified by arithmetic: conservative segment/box tests mark boundary cells, scanlines
// through cell centres fill the interior. A point in a cell untouched by polygon i's boundary
// is inside i exactly when the cell centre is, so results equal GEOS contains exactly.
#include <cstdint>
#include <vector>

#include "core/envelope.hpp"
#include "core/geos_handle.hpp"

namespace biodash {

class PolygonGrid {
 public:
  // Builds the grid for the polygons (null / non-polygonal entries are ignored). The cell
  // size is chosen from the extent and the number of ring vertices (about max_cells cells).
  explicit PolygonGrid(const std::vector<const GEOSGeometry*>& polygons,
                       size_t max_cells = size_t{1} << 22);

  // Cell of a point, or -1 when outside the grid (then no polygon contains the point).
  int64_t cell_of(double x, double y) const {
    if (!(x >= ext_.minx && x <= ext_.maxx && y >= ext_.miny && y <= ext_.maxy)) return -1;
    int64_t cx = static_cast<int64_t>((x - ext_.minx) * inv_cell_);
    int64_t cy = static_cast<int64_t>((y - ext_.miny) * inv_cell_);
    if (cx >= nx_) cx = nx_ - 1;
    if (cy >= ny_) cy = ny_ - 1;
    return cy * nx_ + cx;
  }
  // Polygons that contain the whole cell: [certain_begin, certain_end).
  const uint32_t* certain_begin(int64_t c) const { return certain_.data() + certain_off_[c]; }
  const uint32_t* certain_end(int64_t c) const { return certain_.data() + certain_off_[c + 1]; }
  // Polygons whose boundary touches the cell (exact test needed).
  const uint32_t* candidate_begin(int64_t c) const { return cand_.data() + cand_off_[c]; }
  const uint32_t* candidate_end(int64_t c) const { return cand_.data() + cand_off_[c + 1]; }

  // Exact `contains` of polygon `poly` for the point, without GEOS: crossing number over all
  // rings with Shewchuk's filtered orientation test. Returns 1 (interior), 0 (exterior or on
  // the boundary, as GEOS contains), or -1 when floating point cannot decide (the caller then
  // asks GEOS).
  int contains(uint32_t poly, double x, double y) const;

  int64_t nx() const { return nx_; }          // cells per row
  int64_t ny() const { return ny_; }          // rows
  double cell_size() const { return cell_; }  // map units
  // Share of cells that have candidates (boundary cells), for diagnostics.
  double boundary_share() const;
  // Bytes held by the grid.
  size_t bytes() const;

 private:
  Envelope ext_;                       // grid extent (union of polygon envelopes)
  double cell_ = 1;                    // cell size (square), map units
  double inv_cell_ = 1;                // 1 / cell_
  int64_t nx_ = 0, ny_ = 0;            // grid dimensions
  std::vector<uint32_t> certain_off_;  // CSR offsets per cell (nx*ny + 1)
  std::vector<uint32_t> certain_;      // polygon indices containing the cell
  std::vector<uint32_t> cand_off_;     // CSR offsets per cell (nx*ny + 1)
  std::vector<uint32_t> cand_;         // polygon indices whose boundary touches the cell
  std::vector<double> ring_xy_;        // all ring vertices, x,y interleaved, rings closed
  std::vector<uint32_t> ring_start_;   // vertex index (pairs) where each ring starts (+ end)
  std::vector<uint32_t> poly_rings_;   // first ring of each polygon (+ end)
};

}  // namespace biodash
