#pragma once
// Names on the map: the labelled layers of a scene (SceneLayer::label_field) drawn with a
// white halo, placed by core/label_placement (no overlaps, small areas unlabelled when zoomed
// out, the selected feature always labelled). One drawing for the window, its map exports and
// `biodash render`; the text is measured with the current ImGui font.
#include <imgui.h>

#include <cstdint>

#include "render/map_camera.hpp"
#include "render/scene.hpp"

namespace biodash::ui {

// Draws the labels of `scene` for `cam` into the rectangle (x0, y0)-(x1, y1) of `dl`'s
// coordinates, where the camera's screen pixel (sx, sy) is at (sx + dx, sy + dy). The
// selected feature (`selected` layer, `feature` index) is labelled whatever its size.
struct LabelTarget {
  float x0 = 0, y0 = 0, x1 = 0, y1 = 0;  // where labels may go
  float dx = 0, dy = 0;                  // camera pixel -> draw-list coordinate
};
void draw_map_labels(ImDrawList* dl, const Scene& scene, const MapCamera& cam,
                     const LabelTarget& target, const Layer* selected = nullptr,
                     int64_t feature = -1);

}  // namespace biodash::ui
