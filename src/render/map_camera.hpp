#pragma once
// 2D map camera: which map-CRS point is at the viewport centre and how many map units one
// pixel spans. Screen pixels have the origin top-left, y down (like GLFW/ImGui).
#include <array>

#include "core/envelope.hpp"

namespace biodash {

struct MapCamera {
  double center_x = 94000;  // map CRS (default: Leiden in RD New)
  double center_y = 463900;
  double units_per_pixel = 10.0;  // map units (metres in RD New) per screen pixel
  int width = 1280;               // viewport size in pixels
  int height = 800;

  void screen_to_map(double sx, double sy, double& mx, double& my) const;
  void map_to_screen(double mx, double my, double& sx, double& sy) const;
  // Zooms by `factor` (>1 zooms in) keeping the map point under (sx, sy) fixed.
  void zoom_at(double sx, double sy, double factor);
  // Moves the map by a screen-pixel drag (dx, dy).
  void pan_pixels(double dx, double dy);
  // Shows the whole envelope with a margin (fraction of the viewport on each side).
  void fit(const Envelope& e, double margin = 0.05);
  // Shows the whole envelope inside the screen rectangle (x0, y0)-(x1, y1) (pixels, e.g. the
  // part of the image not covered by a legend), with a margin (fraction of that rectangle).
  void fit_rect(const Envelope& e, double x0, double y0, double x1, double y1,
                double margin = 0.05);
  // Visible map envelope.
  Envelope visible() const;
  // Column-major 4x4 matrix mapping (map - origin) to clip space, for vertices stored as
  // float offsets from (origin_x, origin_y) (see Mesh).
  std::array<float, 16> clip_matrix(double origin_x, double origin_y) const;
};

}  // namespace biodash
