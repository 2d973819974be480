// MapCamera math, checked against values worked out by hand.
#include "render/map_camera.hpp"

#include <gtest/gtest.h>

namespace biodash {
namespace {

MapCamera leiden_camera() {
  MapCamera c;
  c.center_x = 94087.441;  // Leiden centre in RD New
  c.center_y = 463921.818;
  c.units_per_pixel = 2.0;
  c.width = 800;
  c.height = 600;
  return c;
}

TEST(MapCamera, CentreOfScreenIsCentreOfMap) {
  const MapCamera c = leiden_camera();
  double mx = 0, my = 0;
  c.screen_to_map(400, 300, mx, my);
  EXPECT_DOUBLE_EQ(mx, 94087.441);
  EXPECT_DOUBLE_EQ(my, 463921.818);
}

TEST(MapCamera, ScreenYPointsDownMapYPointsUp) {
  const MapCamera c = leiden_camera();
  double mx = 0, my = 0;
  c.screen_to_map(0, 0, mx, my);  // top-left: 400 px left, 300 px up, 2 m per pixel
  EXPECT_DOUBLE_EQ(mx, 94087.441 - 800.0);
  EXPECT_DOUBLE_EQ(my, 463921.818 + 600.0);
  c.screen_to_map(800, 600, mx, my);
  EXPECT_DOUBLE_EQ(mx, 94087.441 + 800.0);
  EXPECT_DOUBLE_EQ(my, 463921.818 - 600.0);
}

TEST(MapCamera, ScreenMapRoundTrip) {
  const MapCamera c = leiden_camera();
  for (double sx : {0.0, 13.5, 400.0, 799.0}) {
    for (double sy : {0.0, 77.25, 599.0}) {
      double mx = 0, my = 0, bx = 0, by = 0;
      c.screen_to_map(sx, sy, mx, my);
      c.map_to_screen(mx, my, bx, by);
      EXPECT_NEAR(bx, sx, 1e-6);
      EXPECT_NEAR(by, sy, 1e-6);
    }
  }
}

TEST(MapCamera, ZoomAtKeepsCursorPointFixed) {
  MapCamera c = leiden_camera();
  double before_x = 0, before_y = 0;
  c.screen_to_map(123, 456, before_x, before_y);
  c.zoom_at(123, 456, 2.0);
  EXPECT_DOUBLE_EQ(c.units_per_pixel, 1.0);
  double after_x = 0, after_y = 0;
  c.screen_to_map(123, 456, after_x, after_y);
  EXPECT_NEAR(after_x, before_x, 1e-6);
  EXPECT_NEAR(after_y, before_y, 1e-6);
  c.zoom_at(700, 20, 0.25);  // zoom out
  EXPECT_DOUBLE_EQ(c.units_per_pixel, 4.0);
}

TEST(MapCamera, ZoomAtCentreKeepsCentre) {
  MapCamera c = leiden_camera();
  c.zoom_at(400, 300, 3.0);
  EXPECT_NEAR(c.center_x, 94087.441, 1e-9);
  EXPECT_NEAR(c.center_y, 463921.818, 1e-9);
}

TEST(MapCamera, PanMovesMapWithTheDrag) {
  MapCamera c = leiden_camera();
  double mx = 0, my = 0;
  c.screen_to_map(100, 100, mx, my);
  c.pan_pixels(30, -20);
  double sx = 0, sy = 0;
  c.map_to_screen(mx, my, sx, sy);  // the grabbed point follows the cursor
  EXPECT_NEAR(sx, 130, 1e-9);
  EXPECT_NEAR(sy, 80, 1e-9);
}

TEST(MapCamera, FitShowsWholeEnvelopeWithMargin) {
  MapCamera c;
  c.width = 1000;
  c.height = 500;
  Envelope e;
  e.expand(90000, 460000);
  e.expand(98000, 462000);  // 8000 x 2000 m: width limits, 900 usable px at 5% margins
  c.fit(e, 0.05);
  EXPECT_DOUBLE_EQ(c.center_x, 94000);
  EXPECT_DOUBLE_EQ(c.center_y, 461000);
  EXPECT_NEAR(c.units_per_pixel, 8000.0 / 900.0, 1e-9);
  const Envelope v = c.visible();
  EXPECT_LT(v.minx, e.minx);
  EXPECT_GT(v.maxx, e.maxx);
  EXPECT_LT(v.miny, e.miny);
  EXPECT_GT(v.maxy, e.maxy);
  // Tall envelope: height limits (450 usable px).
  Envelope tall;
  tall.expand(0, 0);
  tall.expand(100, 4500);
  c.fit(tall, 0.05);
  EXPECT_NEAR(c.units_per_pixel, 10.0, 1e-9);
}

TEST(MapCamera, FitIgnoresEmptyEnvelopeAndKeepsZoomForAPoint) {
  MapCamera c = leiden_camera();
  c.fit(Envelope{});
  EXPECT_DOUBLE_EQ(c.center_x, 94087.441);
  EXPECT_DOUBLE_EQ(c.units_per_pixel, 2.0);
  Envelope p;
  p.expand(100, 200);
  c.fit(p);
  EXPECT_DOUBLE_EQ(c.center_x, 100);
  EXPECT_DOUBLE_EQ(c.center_y, 200);
  EXPECT_DOUBLE_EQ(c.units_per_pixel, 2.0);
}

TEST(MapCamera, VisibleEnvelope) {
  const MapCamera c = leiden_camera();
  const Envelope v = c.visible();
  EXPECT_DOUBLE_EQ(v.minx, 94087.441 - 800);
  EXPECT_DOUBLE_EQ(v.maxx, 94087.441 + 800);
  EXPECT_DOUBLE_EQ(v.miny, 463921.818 - 600);
  EXPECT_DOUBLE_EQ(v.maxy, 463921.818 + 600);
}

TEST(MapCamera, ClipMatrixMapsOffsetsToClipSpace) {
  const MapCamera c = leiden_camera();
  const double ox = 94000, oy = 463900;  // mesh origin
  const auto m = c.clip_matrix(ox, oy);
  auto clip = [&](float vx, float vy, float& cx, float& cy) {
    cx = m[0] * vx + m[4] * vy + m[12];
    cy = m[1] * vx + m[5] * vy + m[13];
  };
  float cx = 0, cy = 0;
  // The map centre goes to clip (0,0).
  clip(static_cast<float>(94087.441 - ox), static_cast<float>(463921.818 - oy), cx, cy);
  EXPECT_NEAR(cx, 0.0f, 1e-6f);
  EXPECT_NEAR(cy, 0.0f, 1e-6f);
  // The top-right corner of the view (+800 m, +600 m from the centre) goes to (1,1).
  clip(static_cast<float>(94087.441 + 800 - ox), static_cast<float>(463921.818 + 600 - oy), cx, cy);
  EXPECT_NEAR(cx, 1.0f, 1e-6f);
  EXPECT_NEAR(cy, 1.0f, 1e-6f);
  EXPECT_FLOAT_EQ(m[15], 1.0f);
}

TEST(MapCamera, ClipMatrixKeepsCentimetresAtRdNewMagnitudes) {
  // Zoomed in to 1 cm per pixel: a vertex 1 cm east of the centre must land 1 pixel right.
  MapCamera c = leiden_camera();
  c.units_per_pixel = 0.01;
  const auto m = c.clip_matrix(c.center_x - 0.5, c.center_y);
  const float vx = 0.51f;  // origin + 0.51 = centre + 0.01
  const double px = (m[0] * vx + m[12]) * c.width / 2.0;
  EXPECT_NEAR(px, 1.0, 0.01);
}

}  // namespace
}  // namespace biodash
