#pragma once
// Map furniture drawn with ImGui draw lists on top of the map: scale bar, legend, attribution,
// cursor coordinates. Used by the GUI each frame and by headless `biodash render`.
#include <imgui.h>

#include <string>
#include <vector>

#include "core/choropleth.hpp"
#include "core/layer.hpp"
#include "render/map_camera.hpp"

namespace biodash::ui {

// Loads DejaVu Sans (Debian fonts-dejavu-core) at `pixel_size` into the current ImGui
// context's atlas; falls back to ImGui's built-in font (and says so) when it is missing.
void load_fonts(float pixel_size);

// Scale bar with a round length (1, 2, 5 x 10^k map units), bottom-right anchored.
void draw_scale_bar(ImDrawList* dl, const MapCamera& cam, ImVec2 bottom_right);
// Legend box (title, unit, one swatch per class with its range), bottom-left anchored.
void draw_legend(ImDrawList* dl, const Choropleth& c, ImVec2 bottom_left);
// Small attribution text, e.g. "CBS/Kadaster CC BY 4.0 · UVW CC0", bottom-left anchored.
// With max_width > 0 a longer text is drawn smaller (down to 60 %) so that it fits.
void draw_attribution(ImDrawList* dl, const std::string& text, ImVec2 bottom_left,
                      float max_width = 0.0f);

// One row of a layer key: a swatch drawn like the layer (fill+outline, line or disc) and a name.
struct LayerKeyEntry {
  std::string name;                   // layer name shown next to the swatch
  GeomKind kind = GeomKind::Polygon;  // swatch shape: polygon square, line stroke or point disc
  Rgba fill;                          // polygon fill / point colour
  Rgba stroke;                        // outline / line colour
  bool sub = false;                   // a class of the entry above (e.g. a treatment): indented
};
// Layer key box (one row per entry), top-left anchored.
void draw_layer_key(ImDrawList* dl, const std::vector<LayerKeyEntry>& entries, ImVec2 top_left);
// Size of the box draw_layer_key draws (current font).
ImVec2 layer_key_size(const std::vector<LayerKeyEntry>& entries);
// Size of the box draw_legend draws (current font).
ImVec2 legend_size(const Choropleth& c);
// A map title in larger type on a light box, centred horizontally on top_center; returns the
// box height.
float draw_title(ImDrawList* dl, const std::string& text, ImVec2 top_center);

// Picks a round scale-bar length for a target on-screen width; returns map units.
double nice_scale_length(double units_per_pixel, double target_pixels);

}  // namespace biodash::ui
