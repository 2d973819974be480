#pragma once
// Equal-area hexagon grid in a projected CRS (metres; RD New for Dutch data): flat-top
// hexagons with edge length `edge`, on a lattice anchored at the CRS origin so cells are the
// same for every data set. A point's cell is found by arithmetic (axial coordinates + cube
// rounding), so hex aggregation needs no point-in-polygon test. A point exactly on a shared
// hex edge goes to one of the two cells (by the rounding), never to both and never to none.
#include <cstdint>
#include <string>
#include <vector>

#include "core/aggregate.hpp"
#include "core/envelope.hpp"
#include "core/layer.hpp"

namespace biodash {

// The hex sizes (edge length, metres) biodash accepts everywhere (CLI --hex, saved views, the
// window): finer is meaningless for citizen-science coordinates, coarser covers a country.
inline constexpr double kMinHexSizeM = 1.0;
inline constexpr double kMaxHexSizeM = 100000.0;
// "" when `size` is a usable hex size, else the reason (names the range).
std::string hex_size_problem(double size);

class HexGrid {
 public:
  // Cells covering `extent` (every point of the extent lies in a listed cell). Throws Error
  // for a size outside [kMinHexSizeM, kMaxHexSizeM] or more than 50 million cells.
  HexGrid(double edge, const Envelope& extent);

  double edge() const { return edge_; }
  double cell_area() const;  // 3√3/2 · edge²
  size_t size() const { return q_.size(); }
  // Axial coordinates of cell i.
  int64_t q(size_t i) const { return q_[i]; }
  int64_t r(size_t i) const { return r_[i]; }
  // Axial cell containing (x, y) (any point of the plane).
  void axial_of(double x, double y, int64_t& q, int64_t& r) const;
  // Index of the cell containing (x, y), or -1 when that cell is not in this grid.
  int64_t cell_of(double x, double y) const;
  // Cell centre.
  void center(size_t i, double& x, double& y) const;
  // Cell outline as a GEOS polygon (6 vertices, counter-clockwise).
  GeomPtr polygon(size_t i) const;

 private:
  double edge_;                 // hexagon edge length (= circumradius), CRS units
  int64_t q0_ = 0, r0_ = 0;     // lattice window origin
  int64_t nq_ = 0, nr_ = 0;     // window size
  std::vector<int64_t> q_, r_;  // cells, in window order
  std::vector<int64_t> index_;  // window slot -> cell index (or -1)
};

// Assignment of points to hex cells (each point in at most one cell).
Assignment assign_hex(const HexGrid& g, const double* x, const double* y, size_t n);

// The grid as a polygon layer (fields hex_id, q, r) in `crs`, placed (map CRS = crs).
Layer hex_layer(const HexGrid& g, const std::string& crs);

}  // namespace biodash
