#pragma once
// Axis-aligned bounding box in some CRS (units of that CRS).
#include <algorithm>
#include <limits>

namespace biodash {

struct Envelope {
  double minx = std::numeric_limits<double>::infinity();   // west
  double miny = std::numeric_limits<double>::infinity();   // south
  double maxx = -std::numeric_limits<double>::infinity();  // east
  double maxy = -std::numeric_limits<double>::infinity();  // north

  bool empty() const { return !(minx <= maxx && miny <= maxy); }
  void expand(double x, double y) {
    minx = std::min(minx, x);
    miny = std::min(miny, y);
    maxx = std::max(maxx, x);
    maxy = std::max(maxy, y);
  }
  void expand(const Envelope& o) {
    if (o.empty()) return;
    expand(o.minx, o.miny);
    expand(o.maxx, o.maxy);
  }
  bool contains(double x, double y) const {
    return x >= minx && x <= maxx && y >= miny && y <= maxy;
  }
  double width() const { return empty() ? 0.0 : maxx - minx; }
  double height() const { return empty() ? 0.0 : maxy - miny; }
};

}  // namespace biodash
