#pragma once
// The dashboard's ImGui panels. Each draws one window at a fixed place (the map stays the
// hero: panels sit on the left, right and bottom edges) and calls Dashboard operations.
#include <imgui.h>

#include <cstdint>
#include <string>
#include <vector>

#include "ui/dashboard.hpp"
#include "ui/message_log.hpp"

namespace biodash::ui {

// UI-only state: text fields, caches and layout, owned by the window loop.
struct UiState {
  std::string add_path;                 // "Add layer" path field
  std::string add_crs;                  // "Add layer" optional source CRS field
  bool focus_path = false;              // Ctrl+O: focus the path field next frame
  uint64_t messages_revision = 0;       // MessageLog revision of messages_cache
  std::vector<Message> messages_cache;  // snapshot drawn by the Messages panel
  bool messages_scroll = false;         // scroll Messages to the newest line
  float scale = 1.0f;                   // DPI scale (content scale)
  float fps = 0.0f;                     // smoothed frames per second
  bool left_collapsed = false;          // left panel folded to its title bar
  bool right_collapsed = false;         // right panel folded to its title bar
  bool bottom_collapsed = false;        // Messages folded to its title bar
  int64_t hover_feature = -1;           // feature under the cursor (tooltip), -1 none
  uint64_t hover_layer = 0;             // its layer id
};

// Where the panels go for a window of `size` (window coordinates).
struct PanelLayout {
  ScreenRect left;    // Layers / Add layer / Aggregation
  ScreenRect right;   // Selection
  ScreenRect bottom;  // Messages
  ScreenRect status;  // status bar
};
PanelLayout compute_layout(ImVec2 size, const UiState& ui);
// The part of the window the map shows unobstructed, given which panels are folded.
ScreenRect free_map_rect(const PanelLayout& l, const UiState& ui);

// Light theme with rounded frames, scaled by the DPI scale.
void apply_theme(float scale);

void draw_left_panel(Dashboard& d, UiState& ui, const ScreenRect& r);
// Sections of the left panel (layers_panel.cpp, aggregation_panel.cpp).
void draw_map_section(Dashboard& d);
void draw_layers_section(Dashboard& d);
void draw_add_layer_section(Dashboard& d, UiState& ui);
void draw_aggregation_section(Dashboard& d);
void draw_selection_panel(Dashboard& d, UiState& ui, const ScreenRect& r);
void draw_messages_panel(Dashboard& d, UiState& ui, const ScreenRect& r);
void draw_status_bar(Dashboard& d, UiState& ui, const ScreenRect& r, ImVec2 mouse,
                     bool mouse_on_map);
// Legend, scale bar, attribution and hints, into the background draw list (under panels).
void draw_map_overlays(Dashboard& d, const UiState& ui);
// Tooltip for the feature under the cursor.
void draw_hover_tooltip(Dashboard& d, const UiState& ui);

// Small helpers shared by the panels.
void spinner(float radius, float thickness);
std::string feature_title(const Layer& l, size_t feature);
std::string ellipsize(const std::string& text, float max_width);

}  // namespace biodash::ui
