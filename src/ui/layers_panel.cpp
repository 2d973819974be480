// Left panel: map CRS, the layer list with styles, layers waiting for a CRS, "Add layer".
#include <imgui.h>
// imgui.h first: imgui_stdlib.h needs its macros.
#include <imgui_stdlib.h>

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <string>

#include "core/crs.hpp"
#include "core/format.hpp"
#include "core/i18n.hpp"
#include "core/labels.hpp"
#include "ui/panels.hpp"

namespace biodash::ui {
namespace {

struct CrsChoice {
  const char* code;   // EPSG code PROJ understands
  const char* label;  // shown in the combo
};
constexpr CrsChoice kMapCrsChoices[] = {
    {"EPSG:28992", "EPSG:28992  RD New (NL)"},
    {"EPSG:3857", "EPSG:3857  Web Mercator"},
    {"EPSG:4326", "EPSG:4326  WGS 84 lon/lat"},
    {"EPSG:32631", "EPSG:32631  UTM zone 31N"},
};

const ImVec4 kWarnColor(0.72f, 0.45f, 0.0f, 1.0f);
const ImVec4 kErrorColor(0.78f, 0.12f, 0.10f, 1.0f);

ImVec4 to_imvec(const Rgba& c) {
  return ImVec4(c.r, c.g, c.b, c.a);
}

// The swatch next to a layer name: its fill, line or point colour.
ImVec4 swatch_color(const SceneLayer& sl) {
  if (sl.choropleth && sl.style.use_feature_colors) return to_imvec(viridis(0.6));
  if (sl.categories && !sl.categories->colors.empty() && sl.style.use_feature_colors)
    return to_imvec(sl.categories->colors.front());
  switch (sl.layer->kind) {
    case GeomKind::Point:
      return to_imvec(sl.style.point);
    case GeomKind::Line:
      return to_imvec(sl.style.stroke);
    default: {
      Rgba f = sl.style.fill;
      if (f.a < 0.05f) return to_imvec(sl.style.stroke);
      return to_imvec(f);
    }
  }
}

void help_tooltip(const char* text) {
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("%s", text);
}

// Point layers: colour by taxon group (with its key) and heatmap (renderer: LayerStyle).
void draw_point_controls(SceneLayer& sl, bool by_group) {
  if (by_group) {
    ImGui::Checkbox(trid("Colour by taxon group", "bygroup").c_str(), &sl.style.color_by_group);
    help_tooltip(
        tr("One colour per taxon group (colour-blind-aware palette); groups hidden by "
           "the taxon group filter are not drawn"));
  }
  ImGui::Checkbox(trid("Heatmap", "heatmap").c_str(), &sl.style.heatmap);
  help_tooltip(tr("Density of the points (same time window and filters) instead of dots"));
  if (sl.style.heatmap) {
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-1);
    ImGui::SliderFloat("##radius", &sl.style.heatmap_radius_px, 5.0f, 80.0f, tr("radius %.0f px"));
  }
  if (!by_group || !sl.style.color_by_group || sl.style.heatmap) return;
  // The group colour key, two per row; hidden groups (taxon group filter) greyed.
  const PointAttributes& a = *sl.point_attributes;
  bool other = false;
  for (uint8_t g : a.group) other |= g >= a.group_labels.size();
  const size_t n = a.group_labels.size() + (other ? 1 : 0);
  const float half = ImGui::GetContentRegionAvail().x * 0.5f;
  const float x0 = ImGui::GetCursorPosX();
  for (size_t g = 0; g < n; ++g) {
    const size_t pal = g < a.group_labels.size() ? g : 15;
    const bool hidden = pal < 16 && (sl.style.hidden_groups >> pal) & 1u;
    if (g % 2) ImGui::SameLine(x0 + half);
    ImVec4 c = to_imvec(sl.style.group_colors[pal]);
    c.w = 1.0f;
    ImGui::ColorButton(("##grp" + std::to_string(g)).c_str(), c,
                       ImGuiColorEditFlags_NoTooltip | ImGuiColorEditFlags_NoBorder,
                       ImVec2(ImGui::GetFontSize() * 0.8f, ImGui::GetFontSize() * 0.8f));
    ImGui::SameLine(0, ImGui::GetStyle().ItemInnerSpacing.x);
    const std::string label =
        g < a.group_labels.size() ? taxon_group_label(a.group_labels[g]) : tr("other");
    if (hidden)
      ImGui::TextDisabled("%s", ellipsize(label, half - ImGui::GetFontSize() * 1.5f).c_str());
    else
      ImGui::TextUnformatted(ellipsize(label, half - ImGui::GetFontSize() * 1.5f).c_str());
  }
}

void draw_style_editor(Workspace& d, SceneLayer& sl, uint64_t id) {
  const Layer& l = *sl.layer;
  const ImGuiColorEditFlags cflags = ImGuiColorEditFlags_NoInputs | ImGuiColorEditFlags_AlphaBar |
                                     ImGuiColorEditFlags_AlphaPreviewHalf;
  ImGui::TextDisabled("%s · %s features · %s", to_string(l.kind), with_separators(l.size()).c_str(),
                      l.map_crs.c_str());
  if (!l.source_path.empty() && ImGui::IsItemHovered()) {
    ImGui::SetTooltip("%s\nsource CRS: %s%s", l.source_path.c_str(),
                      crs_short_name(l.source_crs).c_str(),
                      l.source_crs_assumed ? " (assumed)" : "");
  }
  // Names on the map: none, or the attribute the user picks (core/label_placement places them).
  if (!l.store && !l.fields.empty()) {
    const std::string none = tr("no names on the map");
    const std::string current = sl.label_field >= 0 && size_t(sl.label_field) < l.fields.size()
                                    ? fill(tr("names: %s"), {l.fields[size_t(sl.label_field)]})
                                    : none;
    ImGui::SetNextItemWidth(-1);
    if (ImGui::BeginCombo("##labels", current.c_str())) {
      if (ImGui::Selectable(none.c_str(), sl.label_field < 0)) sl.label_field = -1;
      for (size_t f = 0; f < l.fields.size(); ++f)
        if (ImGui::Selectable(l.fields[f].c_str(), sl.label_field == int(f)))
          sl.label_field = int(f);
      ImGui::EndCombo();
    }
  }
  if (l.source_crs_assumed) {
    ImGui::TextColored(kWarnColor, "Source CRS assumed: %s", crs_short_name(l.source_crs).c_str());
  }
  if (sl.choropleth) {
    ImGui::Checkbox(tr("Choropleth fill"), &sl.style.use_feature_colors);
    help_tooltip(sl.choropleth->title.c_str());
  } else if (sl.categories) {
    const std::string label = "Colour by " + sl.categories->field;
    ImGui::Checkbox(label.c_str(), &sl.style.use_feature_colors);
    if (sl.style.use_feature_colors) {
      for (size_t c = 0; c < sl.categories->labels.size(); ++c) {
        ImGui::ColorButton(("##cat" + std::to_string(c)).c_str(),
                           to_imvec(sl.categories->colors[c]), ImGuiColorEditFlags_NoTooltip);
        ImGui::SameLine();
        const std::string& lab = sl.categories->labels[c];
        ImGui::TextUnformatted(
            (sl.categories->field == "treatment" ? treatment_label(lab) : lab).c_str());
      }
    }
  }
  const bool polygonal = l.kind == GeomKind::Polygon || l.kind == GeomKind::Mixed;
  if (polygonal) {
    ImGui::BeginDisabled((sl.choropleth || sl.categories) && sl.style.use_feature_colors);
    ImGui::ColorEdit4(tr("Fill"), &sl.style.fill.r, cflags);
    ImGui::EndDisabled();
    ImGui::SameLine();
  }
  if (l.kind != GeomKind::Point) {
    ImGui::ColorEdit4(polygonal ? "Outline" : "Line", &sl.style.stroke.r, cflags);
  }
  const bool by_group = l.kind == GeomKind::Point && sl.point_attributes &&
                        !sl.point_attributes->group_labels.empty();
  if (l.kind == GeomKind::Point || l.kind == GeomKind::Mixed) {
    if (l.kind == GeomKind::Mixed) ImGui::SameLine();
    ImGui::BeginDisabled(by_group && sl.style.color_by_group && !sl.style.heatmap);
    ImGui::ColorEdit4(tr("Points"), &sl.style.point.r, cflags);
    ImGui::EndDisabled();
  }
  if (l.kind == GeomKind::Point) draw_point_controls(sl, by_group);
  const float label_w =
      std::max(ImGui::CalcTextSize("Point size").x, ImGui::CalcTextSize("Line width").x) +
      ImGui::GetStyle().ItemInnerSpacing.x;
  ImGui::SetNextItemWidth(-label_w);
  ImGui::SliderFloat(tr("Opacity"), &sl.style.opacity, 0.0f, 1.0f, "%.2f");
  if (l.kind == GeomKind::Point || l.kind == GeomKind::Mixed) {
    ImGui::SetNextItemWidth(-label_w);
    ImGui::SliderFloat(tr("Point size"), &sl.style.point_size, 1.0f, 24.0f, "%.0f px");
  }
  if (l.kind != GeomKind::Point) {
    ImGui::SetNextItemWidth(-label_w);
    ImGui::SliderFloat(tr("Line width"), &sl.style.line_width, 1.0f, 6.0f, "%.1f px");
  }
  if (ImGui::Button(tr("Zoom to layer"))) d.zoom_to_layer(id);
  ImGui::SameLine();
  ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.95f, 0.86f, 0.84f, 1.0f));
  ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImVec4(0.95f, 0.75f, 0.72f, 1.0f));
  if (ImGui::Button(tr("Remove"))) d.remove_layer(id);
  ImGui::PopStyleColor(2);
}

}  // namespace

void draw_map_section(Workspace& d) {
  const std::string current = d.target_map_crs();
  std::string preview = current;
  for (const auto& c : kMapCrsChoices) {
    if (current == c.code) preview = c.label;
  }
  ImGui::SetNextItemWidth(-1);
  if (ImGui::BeginCombo("##mapcrs", preview.c_str())) {
    for (const auto& c : kMapCrsChoices) {
      const bool selected = current == c.code;
      if (ImGui::Selectable(c.label, selected)) d.set_map_crs(c.code);
      if (selected) ImGui::SetItemDefaultFocus();
    }
    ImGui::EndCombo();
  }
  help_tooltip("Map CRS: every layer is reprojected from its source geometry");
  if (d.target_map_crs() != d.scene.map_crs) {
    spinner(ImGui::GetTextLineHeight() * 0.35f, 2.0f);
    ImGui::SameLine();
    ImGui::TextDisabled(tr("reprojecting to %s…"), d.target_map_crs().c_str());
  }
  if (ImGui::Button(tr("Fit all data  (Home)"))) {
    d.view_touched = true;
    d.fit_all();
  }
}

void draw_basemap_controls(Workspace& d, UiState& ui) {
  ImGui::Separator();
  ImGui::TextUnformatted(tr("Basemap"));
  BasemapSettings& b = d.basemap;
  const BasemapPreset* preset = find_basemap_preset(b.source);
  const std::string preview = b.source.empty() ? std::string(tr("none"))
                              : preset         ? preset->title
                                               : base_name(b.source);
  ImGui::SetNextItemWidth(-1);
  if (ImGui::BeginCombo("##basemap", preview.c_str())) {
    if (ImGui::Selectable(tr("none"), b.source.empty())) b.source.clear();
    for (const BasemapPreset& p : basemap_presets()) {
      const std::string label = p.title + (d.network_allowed() ? "" : tr("  (needs the network)"));
      if (ImGui::Selectable(label.c_str(), preset == &p)) b.source = "preset:" + p.name;
    }
    ImGui::EndCombo();
  }
  help_tooltip(
      tr("A raster under the layers: a GeoTIFF, MBTiles or GeoPackage file (any CRS, "
         "reprojected), or an online basemap when network access is on"));
  const float use_w = ImGui::CalcTextSize(tr("Use")).x + 2 * ImGui::GetStyle().FramePadding.x;
  ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - use_w -
                          ImGui::GetStyle().ItemSpacing.x);
  bool go = ImGui::InputTextWithHint("##basemap_path", "basemap.tif | .mbtiles | .gpkg",
                                     &ui.basemap_path, ImGuiInputTextFlags_EnterReturnsTrue);
  ImGui::SameLine();
  ImGui::BeginDisabled(ui.basemap_path.empty());
  go |= ImGui::Button(tr("Use"));
  ImGui::EndDisabled();
  if (go && !ui.basemap_path.empty()) {
    b.source = ui.basemap_path;
    ui.basemap_path.clear();
  }
  if (b.source.empty()) return;
  ImGui::SetNextItemWidth(-1);
  ImGui::SliderFloat("##basemap_opacity", &b.opacity, 0.0f, 1.0f, tr("opacity %.2f"));
  ImGui::SetNextItemWidth(-1);
  ImGui::SliderFloat("##basemap_dim", &b.dim, 0.0f, 0.9f, tr("lighten %.2f"));
  help_tooltip(tr("Mixes white into the basemap so the thematic colours stay readable"));
  ImGui::Checkbox(tr("Greyscale"), &b.greyscale);
  const std::string status = d.basemap_status();
  if (!status.empty()) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextDisabled("%s", status.c_str());
    ImGui::PopTextWrapPos();
  }
}

void draw_layers_section(Workspace& d) {
  if (d.scene.layers.empty() && d.unplaced.empty()) {
    ImGui::TextDisabled(d.jobs.busy() ? "Loading…" : "No layers yet.");
  }
  std::optional<std::pair<uint64_t, int>> move;  // applied after the loop
  const float row_h = ImGui::GetFrameHeight();
  const float btn_w = row_h;
  const int n = static_cast<int>(d.scene.layers.size());
  for (int k = n - 1; k >= 0; --k) {  // topmost first, like every GIS
    SceneLayer& sl = d.scene.layers[k];
    const uint64_t id = d.layer_id(k);
    ImGui::PushID(static_cast<int>(id));
    ImGui::Checkbox("##visible", &sl.style.visible);
    help_tooltip("Show or hide");
    ImGui::SameLine(0, ImGui::GetStyle().ItemInnerSpacing.x);
    ImVec4 swatch = swatch_color(sl);
    swatch.w = 1.0f;  // the hue identifies the layer; opacity is in the style editor
    ImGui::ColorButton("##swatch", swatch,
                       ImGuiColorEditFlags_NoTooltip | ImGuiColorEditFlags_NoPicker |
                           ImGuiColorEditFlags_NoDragDrop,
                       ImVec2(row_h * 0.7f, row_h));
    ImGui::SameLine(0, ImGui::GetStyle().ItemInnerSpacing.x);
    const float avail = ImGui::GetContentRegionAvail().x;
    const float buttons_w = 2 * btn_w + ImGui::GetStyle().ItemInnerSpacing.x;
    const float name_w = avail - buttons_w - ImGui::GetTreeNodeToLabelSpacing() - 8;
    const std::string label = ellipsize(sl.layer->name, name_w);
    const bool selected_layer = d.selection.layer_id == id;
    ImGuiTreeNodeFlags tflags =
        ImGuiTreeNodeFlags_AllowItemOverlap | ImGuiTreeNodeFlags_FramePadding;
    if (selected_layer) tflags |= ImGuiTreeNodeFlags_Selected;
    const bool open = ImGui::TreeNodeEx("##node", tflags, "%s", label.c_str());
    if (ImGui::IsItemHovered() && label != sl.layer->name)
      ImGui::SetTooltip("%s", sl.layer->name.c_str());
    ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - buttons_w);
    ImGui::BeginDisabled(k == n - 1);
    if (ImGui::ArrowButton("##up", ImGuiDir_Up)) move = {id, +1};
    ImGui::EndDisabled();
    help_tooltip("Move up (draw on top)");
    ImGui::SameLine(0, ImGui::GetStyle().ItemInnerSpacing.x);
    ImGui::BeginDisabled(k == 0);
    if (ImGui::ArrowButton("##down", ImGuiDir_Down)) move = {id, -1};
    ImGui::EndDisabled();
    help_tooltip("Move down");
    if (open) {
      draw_style_editor(d, sl, id);
      ImGui::TreePop();
      ImGui::Spacing();
    }
    ImGui::PopID();
    if (d.scene_index(id) < 0) break;  // removed by the editor: the list changed
  }
  if (move) d.move_layer(move->first, move->second);

  // Layers whose CRS is unknown: not on the map until the user says what it is.
  uint64_t apply_id = 0, remove_id = 0;
  std::string apply_crs;
  for (auto& u : d.unplaced) {
    ImGui::PushID(static_cast<int>(u.id));
    ImGui::Separator();
    ImGui::TextColored(kWarnColor, "! %s",
                       ellipsize(u.layer->name, ImGui::GetContentRegionAvail().x - 20).c_str());
    ImGui::TextWrapped(tr("CRS unknown: %s features are not on the map. Which CRS is the data in?"),
                       with_separators(u.layer->size()).c_str());
    const float apply_w = ImGui::CalcTextSize("Apply").x + 2 * ImGui::GetStyle().FramePadding.x;
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - apply_w -
                            ImGui::GetStyle().ItemSpacing.x);
    const bool enter = ImGui::InputTextWithHint("##crs", "EPSG:28992", &u.crs_input,
                                                ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::SameLine();
    ImGui::BeginDisabled(u.placing || u.crs_input.empty());
    if (ImGui::Button(tr("Apply")) || (enter && !u.placing)) {
      apply_id = u.id;
      apply_crs = u.crs_input;
    }
    ImGui::EndDisabled();
    if (u.placing) {
      spinner(ImGui::GetTextLineHeight() * 0.35f, 2.0f);
      ImGui::SameLine();
      ImGui::TextDisabled(tr("placing…"));
    }
    if (!u.last_error.empty()) {
      ImGui::PushStyleColor(ImGuiCol_Text, kErrorColor);
      ImGui::TextWrapped("%s", u.last_error.c_str());
      ImGui::PopStyleColor();
    }
    if (ImGui::SmallButton(tr("Remove"))) remove_id = u.id;
    ImGui::PopID();
  }
  if (apply_id) d.apply_crs(apply_id, apply_crs);
  if (remove_id) d.remove_layer(remove_id);
}

void draw_add_layer_section(Workspace& d, UiState& ui) {
  if (ui.focus_path) {
    ImGui::SetKeyboardFocusHere();
    ui.focus_path = false;
  }
  ImGui::SetNextItemWidth(-1);
  bool go = ImGui::InputTextWithHint("##path", "file.gpkg[:layer]   (Ctrl+O)", &ui.add_path,
                                     ImGuiInputTextFlags_EnterReturnsTrue);
  help_tooltip(
      "GeoPackage, Shapefile, GeoJSON, FlatGeobuf, KML, GPX, CSV…\n"
      "Append :LAYER to open one layer of a multi-layer file.");
  const float open_w = ImGui::CalcTextSize("Open").x + 2 * ImGui::GetStyle().FramePadding.x;
  ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - open_w -
                          ImGui::GetStyle().ItemSpacing.x);
  go |= ImGui::InputTextWithHint("##srccrs", "source CRS, if missing", &ui.add_crs,
                                 ImGuiInputTextFlags_EnterReturnsTrue);
  help_tooltip("Only used when the file does not declare its CRS");
  ImGui::SameLine();
  ImGui::BeginDisabled(ui.add_path.empty());
  go |= ImGui::Button(tr("Open"));
  ImGui::EndDisabled();
  if (go && !ui.add_path.empty()) {
    d.open(ui.add_path, ui.add_crs);
    ui.add_path.clear();
  }
  ImGui::BeginDisabled(ui.add_path.empty());
  if (ImGui::Button(tr("Open as observations…"))) {
    d.open_observations(ui.add_path, {}, ui.add_crs);
    ui.add_path.clear();
  }
  help_tooltip(
      "Citizen observations: GBIF download, Darwin Core Archive (.zip), iNaturalist or\n"
      "waarneming.nl export, any CSV with coordinates. CSV/TSV/TXT/ZIP files open this way\n"
      "by default; rows are counted as kept or rejected (see Observations).");
  ImGui::SameLine();
  if (ImGui::Button(tr("Map columns…"))) {
    MappingRequest req;
    req.path = ui.add_path;
    req.reason = "Choose the columns that hold the coordinates, date, taxon... and their CRS.";
    open_mapping_dialog(ui, req);
  }
  help_tooltip("Preview the first rows and choose which column is which Darwin Core term");
  ImGui::EndDisabled();
  ImGui::TextDisabled("…or drop files onto the window");
}

namespace {
// BIODASH_OPEN_SECTIONS=baci,layers,...: exactly these sections of the left panel are open at
// start (analysis, filters, baci, layers, map, add, obs), for screenshots of otherwise folded
// sections. Unset: the usual defaults.
void open_if_asked(const char* id) {
  static const std::string list = [] {
    const char* e = std::getenv("BIODASH_OPEN_SECTIONS");
    return e ? "," + std::string(e) + "," : std::string();
  }();
  if (!list.empty())
    ImGui::SetNextItemOpen(list.find("," + std::string(id) + ",") != std::string::npos,
                           ImGuiCond_Once);
}
}  // namespace

void draw_left_panel(Workspace& d, UiState& ui, const ScreenRect& r) {
  ImGui::SetNextWindowPos(ImVec2(r.x0, r.y0), ImGuiCond_Always);
  ImGui::SetNextWindowSize(ImVec2(r.width(), r.height()), ImGuiCond_Always);
  if (ui.focus_path) ImGui::SetNextWindowCollapsed(false);
  const ImGuiWindowFlags flags =
      ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoSavedSettings;
  const bool visible = ImGui::Begin(trid("Data", "left").c_str(), nullptr, flags);
  ui.left_collapsed = ImGui::IsWindowCollapsed();
  if (visible) {
    ImGui::PushItemWidth(-1);
    // The analysis first (the map answers questions), then the data behind it.
    open_if_asked("analysis");
    if (ImGui::CollapsingHeader(trid("Analysis", "sec_analysis").c_str(),
                                ImGuiTreeNodeFlags_DefaultOpen)) {
      draw_aggregation_section(d);
    }
    open_if_asked("filters");
    if (ImGui::CollapsingHeader(trid("Filters", "sec_filters").c_str(),
                                ImGuiTreeNodeFlags_DefaultOpen)) {
      draw_filters_section(d, ui);
    } else {
      draw_active_filters(d);  // always visible
    }
    open_if_asked("baci");
    if (ImGui::CollapsingHeader(trid("Before / after", "sec_baci").c_str()))
      draw_before_after_section(d, ui);
    open_if_asked("layers");
    if (ImGui::CollapsingHeader(trid("Layers", "sec_layers").c_str())) draw_layers_section(d);
    open_if_asked("map");
    if (ImGui::CollapsingHeader(trid("Map", "sec_map").c_str())) {
      draw_map_section(d);
      draw_basemap_controls(d, ui);
    }
    if (ui.focus_path) ImGui::SetNextItemOpen(true);
    if (ImGui::CollapsingHeader(trid("Add layer", "sec_add").c_str())) {
      draw_add_layer_section(d, ui);
    }
    if (!d.observations.empty() || !d.observation_loads.empty()) {
      open_if_asked("obs");
      if (!d.observation_loads.empty()) ImGui::SetNextItemOpen(true);  // show the progress
      if (ImGui::CollapsingHeader(trid("Observations", "sec_obs").c_str()))
        draw_observations_section(d, ui);
    }
    ImGui::PopItemWidth();
  }
  ImGui::End();
}

}  // namespace biodash::ui
