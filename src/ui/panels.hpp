#pragma once
// The dashboard's ImGui panels. Each draws one window at a fixed place (the map stays the
// hero: panels sit on the left, right and bottom edges) and calls Workspace operations.
#include <imgui.h>

#include <cstdint>
#include <string>
#include <vector>

#include "core/labels.hpp"
#include "workspace/message_log.hpp"
#include "workspace/observation_load.hpp"
#include "workspace/workspace.hpp"

namespace biodash::ui {

// The column-mapping dialog of observation files (observations_panel.cpp).
struct MappingDialog {
  bool open = false;           // the modal is (to be) shown
  ObservationPreview preview;  // first rows, header, automatic mapping
  std::vector<int> choice;     // column per mapping_dialog_terms() entry, -1 = none
  std::string src_crs;         // source CRS field
  std::string reason;          // why the dialog came up
};

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
  MappingDialog mapping;                // observation column-mapping dialog
  bool summary_as_text = false;         // Observations: summary as selectable text
  bool show_export_dialog = false;      // File > Export… dialog open
  std::string taxon_query;              // Filters: taxon search box
  std::string observer_query;           // Filters: observer field
  std::string area_query;               // Selection: search box of the area list
  int species_sort_column = 2;          // Selection species table: 0 scientific, 1 name, 2 records
  bool species_sort_descending = true;  // its direction
  int baci_measure = -1;                // Before/after: chosen LBSP measure (-1 = none yet)
  std::string basemap_path;             // Map: basemap file field
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

void draw_left_panel(Workspace& d, UiState& ui, const ScreenRect& r);
// Sections of the left panel (layers_panel.cpp, aggregation_panel.cpp).
void draw_map_section(Workspace& d);
// The basemap under the layers: none, a file, or a preset; opacity, lighten, greyscale, state.
void draw_basemap_controls(Workspace& d, UiState& ui);
void draw_layers_section(Workspace& d);
void draw_add_layer_section(Workspace& d, UiState& ui);
// The Analysis section (thematic map: areas, observations, metric, classes, palette, low
// effort), the Filters section (taxon search, groups, quality, observer, uncertainty, dates)
// and the Before/after section (LBSP BACI, Polderlab treatments).
void draw_aggregation_section(Workspace& d);
void draw_filters_section(Workspace& d, UiState& ui);
void draw_before_after_section(Workspace& d, UiState& ui);
// The "active filters" line (always visible when a filter is set).
void draw_active_filters(Workspace& d);
// The time bar: a strip at the bottom of the map (above Messages); returns its height (0 when
// there are no observations). Call before reading d.map_rect for overlays.
float draw_time_bar(Workspace& d, const UiState& ui, const ScreenRect& map);
// Observation loads (progress, Cancel) and the summaries of loaded files.
void draw_observations_section(Workspace& d, UiState& ui);
// The column-mapping modal; opens itself when Workspace::mapping_request is set. Call once
// per frame at the top level (outside any window).
void draw_mapping_dialog(Workspace& d, UiState& ui);
// Opens the mapping dialog for `path` (also for "Map columns…" and --mapping-dialog).
void open_mapping_dialog(UiState& ui, const MappingRequest& req);
void draw_selection_panel(Workspace& d, UiState& ui, const ScreenRect& r);
void draw_messages_panel(Workspace& d, UiState& ui, const ScreenRect& r);
void draw_status_bar(Workspace& d, UiState& ui, const ScreenRect& r, ImVec2 mouse,
                     bool mouse_on_map);
// Legend, scale bar, attribution and hints, into the background draw list (under panels).
void draw_map_overlays(Workspace& d, const UiState& ui);
// Tooltip for the feature under the cursor.
void draw_hover_tooltip(Workspace& d, const UiState& ui);

// Small helpers shared by the panels.
void spinner(float radius, float thickness);
std::string ellipsize(const std::string& text, float max_width);
// Text wrapped at spaces only (ImGui's TextWrapped also breaks after '.', splitting "+48.9"),
// in the current text colour, over the available width.
void text_wrapped_at_spaces(const std::string& text);

}  // namespace biodash::ui
