// Label anchors, the default label field and greedy label placement with a uniform grid for
// collision queries (see label_placement.hpp).
#include "core/label_placement.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <limits>

#include "core/layer.hpp"

namespace biodash {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// A text box on screen, [x0, x1) x [y0, y1) in pixels.
struct Box {
  double x0, y0, x1, y1;
};

bool point_like(const Envelope& e) {
  return e.empty() || (e.width() == 0 && e.height() == 0);
}

double bounds_area(const Envelope& e) {
  double a = e.width() * e.height();
  return a >= 0 ? a : 0;  // NaN -> 0 keeps the ordering strict-weak
}

// Placed boxes bucketed by the grid cells they touch. Cells at the border also hold whatever
// lies beyond it, so boxes sticking out of the image (clamped `always` labels larger than
// the image) are still found.
class BoxGrid {
 public:
  BoxGrid(int width, int height) {
    // ~64 px cells (a few labels each), coarser for very large images.
    double area = static_cast<double>(width) * height;
    cell_ = std::max(64.0, std::sqrt(area / double(1 << 18)));
    nx_ = std::max(1, static_cast<int>(std::ceil(width / cell_)));
    ny_ = std::max(1, static_cast<int>(std::ceil(height / cell_)));
    cells_.resize(static_cast<size_t>(nx_) * ny_);
  }

  // True when `b` comes closer than `pad` to a stored box (touching at exactly `pad` is fine).
  bool collides(const Box& b, double pad) const {
    int cx0, cy0, cx1, cy1;
    range(b.x0 - pad, b.y0 - pad, b.x1 + pad, b.y1 + pad, cx0, cy0, cx1, cy1);
    for (int cy = cy0; cy <= cy1; ++cy)
      for (int cx = cx0; cx <= cx1; ++cx)
        for (uint32_t i : cells_[static_cast<size_t>(cy) * nx_ + cx]) {
          const Box& o = boxes_[i];
          if (o.x0 < b.x1 + pad && b.x0 < o.x1 + pad && o.y0 < b.y1 + pad && b.y0 < o.y1 + pad)
            return true;
        }
    return false;
  }

  void insert(const Box& b) {
    auto id = static_cast<uint32_t>(boxes_.size());
    boxes_.push_back(b);
    int cx0, cy0, cx1, cy1;
    range(b.x0, b.y0, b.x1, b.y1, cx0, cy0, cx1, cy1);
    for (int cy = cy0; cy <= cy1; ++cy)
      for (int cx = cx0; cx <= cx1; ++cx) cells_[static_cast<size_t>(cy) * nx_ + cx].push_back(id);
  }

 private:
  int cell_index(double v, int n) const {
    double c = std::floor(v / cell_);
    if (!(c > 0)) return 0;  // also NaN
    return c >= n - 1 ? n - 1 : static_cast<int>(c);
  }
  void range(double x0, double y0, double x1, double y1, int& cx0, int& cy0, int& cx1,
             int& cy1) const {
    cx0 = cell_index(x0, nx_);
    cy0 = cell_index(y0, ny_);
    cx1 = cell_index(x1, nx_);
    cy1 = cell_index(y1, ny_);
  }

  double cell_ = 64;
  int nx_ = 1, ny_ = 1;
  std::vector<std::vector<uint32_t>> cells_;
  std::vector<Box> boxes_;
};

}  // namespace

std::vector<PlacedLabel> place_labels(const std::vector<LabelCandidate>& candidates,
                                      const LabelView& view, const LabelRules& rules) {
  std::vector<PlacedLabel> placed;
  const double ppu = view.pixels_per_unit;
  if (view.width <= 0 || view.height <= 0 || !(ppu > 0) || !std::isfinite(ppu)) return placed;
  const double pad = std::max(0.0f, rules.padding_px);
  const double margin = std::max(0.0f, rules.margin_px);
  const double min_px = rules.min_feature_px;
  const double W = view.width, H = view.height;

  // Candidates that may be placed at all, sorted into placement order by compact keys.
  struct Key {
    bool always;
    int priority;
    double area;
    size_t index;
  };
  std::vector<Key> keys;
  keys.reserve(candidates.size());
  for (size_t i = 0; i < candidates.size(); ++i) {
    const LabelCandidate& c = candidates[i];
    if (c.text.empty() || !(c.width_px > 0) || !(c.height_px > 0) || !std::isfinite(c.width_px) ||
        !std::isfinite(c.height_px) || !std::isfinite(c.x) || !std::isfinite(c.y))
      continue;
    if (!c.always && !point_like(c.feature_bounds) && c.feature_bounds.width() * ppu < min_px &&
        c.feature_bounds.height() * ppu < min_px)
      continue;  // too small on screen at this zoom
    keys.push_back({c.always, c.priority, bounds_area(c.feature_bounds), i});
  }
  std::sort(keys.begin(), keys.end(), [](const Key& a, const Key& b) {
    if (a.always != b.always) return a.always;
    if (a.priority != b.priority) return a.priority > b.priority;
    if (a.area != b.area) return a.area > b.area;
    return a.index < b.index;
  });

  BoxGrid grid(view.width, view.height);
  placed.reserve(std::min<size_t>(keys.size(), 4096));
  for (const Key& key : keys) {
    const size_t i = key.index;
    const LabelCandidate& c = candidates[i];
    double sx = 0, sy = 0;
    view.to_screen(c.x, c.y, sx, sy);
    if (!std::isfinite(sx) || !std::isfinite(sy)) continue;
    const double w = c.width_px, h = c.height_px;
    // Top-left corners to try: centred, then (points only) above, below, left, right.
    double pos[5][2] = {{sx - w / 2, sy - h / 2},
                        {sx - w / 2, sy - pad - h},
                        {sx - w / 2, sy + pad},
                        {sx - pad - w, sy - h / 2},
                        {sx + pad, sy - h / 2}};
    const int npos = point_like(c.feature_bounds) ? 5 : 1;
    bool found = false;
    Box first{};
    for (int k = 0; k < npos && !found; ++k) {
      double x0 = pos[k][0], y0 = pos[k][1];
      if (c.always) {  // clamp into the image, left/top edge first
        x0 = std::max(margin, std::min(x0, W - margin - w));
        y0 = std::max(margin, std::min(y0, H - margin - h));
      }
      // Work with the float corner the caller gets back, so its boxes are exactly these.
      Box b;
      b.x0 = static_cast<float>(x0);
      b.y0 = static_cast<float>(y0);
      b.x1 = b.x0 + w;
      b.y1 = b.y0 + h;
      if (k == 0) first = b;
      if (!c.always && (b.x0 < margin || b.y0 < margin || b.x1 > W - margin || b.y1 > H - margin))
        continue;  // not fully inside the image
      if (grid.collides(b, pad)) continue;
      grid.insert(b);
      placed.push_back({i, static_cast<float>(b.x0), static_cast<float>(b.y0)});
      found = true;
    }
    if (!found && c.always) {  // the selected feature's label goes in regardless
      grid.insert(first);
      placed.push_back({i, static_cast<float>(first.x0), static_cast<float>(first.y0)});
    }
  }
  return placed;
}

namespace {

std::pair<double, double> point_xy(GEOSContextHandle_t ctx, const GEOSGeometry* p) {
  double x = kNaN, y = kNaN;
  if (!p || GEOSGeomGetX_r(ctx, p, &x) != 1 || GEOSGeomGetY_r(ctx, p, &y) != 1) return {kNaN, kNaN};
  return {x, y};
}

std::pair<double, double> point_on_surface(GEOSContextHandle_t ctx, const GEOSGeometry* g) {
  GeomPtr p(GEOSPointOnSurface_r(ctx, g));
  return point_xy(ctx, p.get());
}

std::pair<double, double> line_midpoint(GEOSContextHandle_t ctx, const GEOSGeometry* line) {
  double len = 0;
  if (GEOSLength_r(ctx, line, &len) == 1 && std::isfinite(len)) {
    GeomPtr p(GEOSInterpolate_r(ctx, line, len / 2));
    auto xy = point_xy(ctx, p.get());
    if (std::isfinite(xy.first) && std::isfinite(xy.second)) return xy;
  }
  return point_on_surface(ctx, line);
}

std::pair<double, double> polygon_anchor(GEOSContextHandle_t ctx, const GEOSGeometry* g) {
  Envelope e = envelope_of(g);
  double tol = 0.01 * std::max(e.width(), e.height());
  if (tol > 0 && std::isfinite(tol)) {
    // A line from the circle's centre to the nearest boundary point.
    GeomPtr mic(GEOSMaximumInscribedCircle_r(ctx, g, tol));
    const GEOSCoordSequence* cs = mic ? GEOSGeom_getCoordSeq_r(ctx, mic.get()) : nullptr;
    double x = kNaN, y = kNaN;
    if (cs && GEOSCoordSeq_getXY_r(ctx, cs, 0, &x, &y) == 1 && std::isfinite(x) && std::isfinite(y))
      return {x, y};
  }
  return point_on_surface(ctx, g);
}

std::string lower(std::string s) {
  for (auto& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return s;
}

bool ends_with(const std::string& s, const char* suffix) {
  std::string t(suffix);
  return s.size() >= t.size() && s.compare(s.size() - t.size(), t.size(), t) == 0;
}

// 0 best .. 2 worst; 3: not a name field.
int name_tier(const std::string& field) {
  const std::string f = lower(field);
  if (f == "name" || f == "naam" || f == "statnaam") return 0;
  if (f == "title" || f == "titel" || f == "label" || ends_with(f, "naam") || ends_with(f, "name"))
    return 1;
  if (f.find("naam") != std::string::npos || f.find("name") != std::string::npos) return 2;
  return 3;
}

std::string trimmed(const std::string& s) {
  auto space = [](char ch) { return std::isspace(static_cast<unsigned char>(ch)) != 0; };
  size_t b = 0, e = s.size();
  while (b < e && space(s[b])) ++b;
  while (e > b && space(s[e - 1])) --e;
  return s.substr(b, e - b);
}

}  // namespace

std::pair<double, double> label_anchor(const GEOSGeometry* g) {
  if (!g) return {kNaN, kNaN};
  GEOSContextHandle_t ctx = geos_ctx();
  if (GEOSisEmpty_r(ctx, g) != 0) return {kNaN, kNaN};  // empty (1) or failed (2)
  switch (GEOSGeomTypeId_r(ctx, g)) {
    case GEOS_POINT:
      return point_xy(ctx, g);
    case GEOS_LINESTRING:
    case GEOS_LINEARRING:
      return line_midpoint(ctx, g);
    case GEOS_MULTILINESTRING: {
      const GEOSGeometry* longest = nullptr;
      double best = -1;
      int n = GEOSGetNumGeometries_r(ctx, g);
      for (int i = 0; i < n; ++i) {
        const GEOSGeometry* part = GEOSGetGeometryN_r(ctx, g, i);
        double len = 0;
        if (part && GEOSisEmpty_r(ctx, part) == 0 && GEOSLength_r(ctx, part, &len) == 1 &&
            len > best) {
          best = len;
          longest = part;
        }
      }
      return longest ? line_midpoint(ctx, longest) : point_on_surface(ctx, g);
    }
    case GEOS_POLYGON:
    case GEOS_MULTIPOLYGON:
      return polygon_anchor(ctx, g);
    default:
      return point_on_surface(ctx, g);
  }
}

std::vector<LabelCandidate> layer_label_candidates(const Layer& layer, int field,
                                                   int priority_bias) {
  std::vector<LabelCandidate> out;
  if (layer.store || field < 0 || static_cast<size_t>(field) >= layer.fields.size() ||
      !layer.placed())
    return out;
  const auto f = static_cast<size_t>(field);
  const size_t n = std::min(layer.geoms.size(), layer.values.size());
  for (size_t i = 0; i < n; ++i) {
    if (f >= layer.values[i].size()) continue;
    std::string text = trimmed(layer.values[i][f]);
    const GEOSGeometry* g = layer.geoms[i].get();
    if (text.empty() || !g) continue;
    auto [x, y] = label_anchor(g);
    if (!std::isfinite(x) || !std::isfinite(y)) continue;
    LabelCandidate c;
    c.text = std::move(text);
    c.x = x;
    c.y = y;
    c.feature_bounds = envelope_of(g);
    c.priority = priority_bias;
    c.feature = i;
    out.push_back(std::move(c));
  }
  return out;
}

int default_label_field(const Layer& layer) {
  int best = -1, best_tier = 3;
  for (size_t f = 0; f < layer.fields.size(); ++f) {
    int t = name_tier(layer.fields[f]);
    if (t < best_tier) {
      best_tier = t;
      best = static_cast<int>(f);
    }
  }
  return best;
}

}  // namespace biodash
