#pragma once
// Geometry for sampling record locations (internal to the demo generator): polygon rings
// copied out of GEOS for a fast even-odd point test and uniform draws, and centrelines with
// weighted lengths for drawing points along a path.
#include <cstddef>
#include <vector>

#include "core/geos_handle.hpp"
#include "generator_random.hpp"

namespace biodash::demo {

// The rings of a (multi)polygon, exterior and interior alike (even-odd rule), RD New.
struct Rings {
  std::vector<std::vector<double>> rings;         // each ring: x0,y0,x1,y1,... closed
  double minx = 0, miny = 0, maxx = 0, maxy = 0;  // envelope

  bool contains(double x, double y) const {
    bool in = false;
    for (const auto& r : rings) {
      const size_t n = r.size() / 2;
      for (size_t i = 0, j = n - 1; i < n; j = i++) {
        const double xi = r[2 * i], yi = r[2 * i + 1], xj = r[2 * j], yj = r[2 * j + 1];
        if ((yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) in = !in;
      }
    }
    return in;
  }
  // One uniform draw in the envelope (x, then y); true when the point lies inside.
  bool draw_in_envelope(Rng& rng, double& x, double& y) const {
    x = minx + rng.uniform() * (maxx - minx);
    y = miny + rng.uniform() * (maxy - miny);
    return contains(x, y);
  }
};

// The polygon rings of g (a Polygon or MultiPolygon; other parts are skipped) and its
// envelope; throws Error when there is no polygon or GEOS fails.
Rings rings_of(const GEOSGeometry* g);

// Polylines with cumulative (weighted) lengths, for "along a path" sampling: a busier path
// gets a larger factor, i.e. more records per metre.
struct Paths {
  std::vector<double> ax, ay, bx, by;  // segment ends
  Cdf length;                          // cumulative segment lengths times the line's factor

  void add_segment(double x0, double y0, double x1, double y1, double factor);
  // x0,y0,x1,y1,... (RD New), cut into pieces of about 60 m whose factor varies at random
  // (0.2..1.8 times `factor`, from `patchy`): stretches with benches, feeding spots or a good
  // view get more records than the rest.
  void add_coords(const std::vector<double>& xy, double factor, Rng& patchy);
  // A GEOS LineString, as add_coords.
  void add_line(const GEOSGeometry* g, double factor, Rng& patchy);
};

}  // namespace biodash::demo
