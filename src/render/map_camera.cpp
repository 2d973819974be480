// MapCamera: screen pixels (origin top-left, y down) <-> map CRS, zoom, pan, fit, clip matrix.
#include "render/map_camera.hpp"

#include <algorithm>
#include <cmath>

namespace biodash {

namespace {
double safe_w(int w) {
  return w > 0 ? w : 1;
}
}  // namespace

void MapCamera::screen_to_map(double sx, double sy, double& mx, double& my) const {
  mx = center_x + (sx - safe_w(width) * 0.5) * units_per_pixel;
  my = center_y - (sy - safe_w(height) * 0.5) * units_per_pixel;
}

void MapCamera::map_to_screen(double mx, double my, double& sx, double& sy) const {
  sx = (mx - center_x) / units_per_pixel + safe_w(width) * 0.5;
  sy = (center_y - my) / units_per_pixel + safe_w(height) * 0.5;
}

void MapCamera::zoom_at(double sx, double sy, double factor) {
  if (!(factor > 0) || !std::isfinite(factor)) return;
  double mx = 0, my = 0;
  screen_to_map(sx, sy, mx, my);
  units_per_pixel /= factor;
  // Put (mx, my) back under the cursor.
  center_x = mx - (sx - safe_w(width) * 0.5) * units_per_pixel;
  center_y = my + (sy - safe_w(height) * 0.5) * units_per_pixel;
}

void MapCamera::pan_pixels(double dx, double dy) {
  // Dragging right moves the map right, i.e. the view centre left.
  center_x -= dx * units_per_pixel;
  center_y += dy * units_per_pixel;
}

void MapCamera::fit(const Envelope& e, double margin) {
  if (e.empty() || !std::isfinite(e.minx) || !std::isfinite(e.maxx) || !std::isfinite(e.miny) ||
      !std::isfinite(e.maxy)) {
    return;
  }
  margin = std::clamp(margin, 0.0, 0.45);
  center_x = (e.minx + e.maxx) * 0.5;
  center_y = (e.miny + e.maxy) * 0.5;
  const double usable_w = safe_w(width) * (1.0 - 2.0 * margin);
  const double usable_h = safe_w(height) * (1.0 - 2.0 * margin);
  const double upp = std::max(e.width() / usable_w, e.height() / usable_h);
  if (upp > 0 && std::isfinite(upp)) units_per_pixel = upp;  // a single point keeps the zoom
}

void MapCamera::fit_rect(const Envelope& e, double x0, double y0, double x1, double y1,
                         double margin) {
  if (e.empty()) return;
  if (!(x1 - x0 >= 1) || !(y1 - y0 >= 1)) {
    fit(e, margin);
    return;
  }
  const int full_w = width, full_h = height;
  // Fit into a camera the size of the rectangle, then move the centre so that the
  // rectangle's centre shows the envelope's centre.
  width = static_cast<int>(std::lround(x1 - x0));
  height = static_cast<int>(std::lround(y1 - y0));
  fit(e, margin);
  width = full_w;
  height = full_h;
  center_x -= ((x0 + x1) * 0.5 - safe_w(width) * 0.5) * units_per_pixel;
  center_y += ((y0 + y1) * 0.5 - safe_w(height) * 0.5) * units_per_pixel;
}

Envelope MapCamera::visible() const {
  Envelope e;
  double x = 0, y = 0;
  screen_to_map(0, 0, x, y);
  e.expand(x, y);
  screen_to_map(safe_w(width), safe_w(height), x, y);
  e.expand(x, y);
  return e;
}

std::array<float, 16> MapCamera::clip_matrix(double origin_x, double origin_y) const {
  // clip = (origin + v - center) * 2 / (upp * size); the translation is computed in double so
  // that large map coordinates (RD New ~1e5 m) cancel before the cast to float.
  const double sx = 2.0 / (units_per_pixel * safe_w(width));
  const double sy = 2.0 / (units_per_pixel * safe_w(height));
  const double tx = (origin_x - center_x) * sx;
  const double ty = (origin_y - center_y) * sy;
  std::array<float, 16> m{};
  m[0] = static_cast<float>(sx);
  m[5] = static_cast<float>(sy);
  m[10] = 1.0f;
  m[12] = static_cast<float>(tx);
  m[13] = static_cast<float>(ty);
  m[15] = 1.0f;
  return m;
}

}  // namespace biodash
