// Right panel: the selected feature's attributes, its measure and its aggregated value.
#include <cmath>

#include "ui/format.hpp"
#include "ui/panels.hpp"

namespace biodash::ui {
namespace {

void draw_help() {
  ImGui::TextWrapped("Click a feature on the map to see its attributes.");
  ImGui::Spacing();
  ImGui::Separator();
  ImGui::TextDisabled("Map controls");
  const char* rows[][2] = {
      {"Drag", "pan"},          {"Wheel", "zoom at cursor"}, {"Double-click", "zoom in"},
      {"Home", "fit all data"}, {"Esc", "clear selection"},  {"Ctrl+O", "open a file"},
  };
  if (ImGui::BeginTable("##help", 2, ImGuiTableFlags_SizingFixedFit)) {
    for (const auto& r : rows) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(r[0]);
      ImGui::TableNextColumn();
      ImGui::TextDisabled("%s", r[1]);
    }
    ImGui::EndTable();
  }
}

}  // namespace

void draw_selection_panel(Dashboard& d, UiState& ui, const ScreenRect& r) {
  ImGui::SetNextWindowPos(ImVec2(r.x0, r.y0), ImGuiCond_Always);
  ImGui::SetNextWindowSize(ImVec2(r.width(), r.height()), ImGuiCond_Always);
  const ImGuiWindowFlags flags =
      ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoSavedSettings;
  const bool visible = ImGui::Begin("Selection###right", nullptr, flags);
  ui.right_collapsed = ImGui::IsWindowCollapsed();
  if (!visible) {
    ImGui::End();
    return;
  }
  const int li = d.scene_index(d.selection.layer_id);
  if (li < 0 || d.selection.feature < 0 ||
      size_t(d.selection.feature) >= d.scene.layers[li].layer->size()) {
    draw_help();
    ImGui::End();
    return;
  }
  const SceneLayer& sl = d.scene.layers[li];
  const Layer& l = *sl.layer;
  const size_t f = static_cast<size_t>(d.selection.feature);

  // Title: the feature's name, then where it comes from.
  ImGui::PushTextWrapPos(0);
  ImGui::TextUnformatted(feature_title(l, f).c_str());
  ImGui::PopTextWrapPos();
  const int64_t fid = f < l.fids.size() ? l.fids[f] : int64_t(f);
  ImGui::TextDisabled("%s · FID %lld", l.name.c_str(), static_cast<long long>(fid));

  bool is_area = false;
  const double m = feature_measure(l, f, is_area);
  if (m > 0) {
    const bool metres = l.map_crs != "EPSG:4326";
    ImGui::Text("%s %s", is_area ? "Area" : "Length", format_measure(m, is_area, metres).c_str());
    if (l.map_crs == "EPSG:3857" && ImGui::IsItemHovered()) {
      ImGui::SetTooltip("Measured in Web Mercator: inflated by 1/cos²(latitude) (~2.7x at Leiden)");
    }
  }
  if (sl.choropleth && f < sl.choropleth->values.size()) {
    const double v = sl.choropleth->values[f];
    const bool whole = std::floor(v) == v;
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.10f, 0.40f, 0.35f, 1.0f));
    ImGui::Text("%s: %s %s", sl.choropleth->title.c_str(),
                whole ? with_separators(uint64_t(v)).c_str() : format_number(v, 2).c_str(),
                sl.choropleth->unit.c_str());
    ImGui::PopStyleColor();
  }
  if (ImGui::Button("Zoom to")) d.zoom_to_selection();
  ImGui::SameLine();
  if (ImGui::Button("Clear  (Esc)")) d.clear_selection();
  ImGui::Spacing();

  // Attribute table; long tables go through the clipper.
  const ImGuiTableFlags tflags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                                 ImGuiTableFlags_BordersOuter | ImGuiTableFlags_ScrollY |
                                 ImGuiTableFlags_Resizable | ImGuiTableFlags_SizingStretchProp;
  if (ImGui::BeginTable("##attrs", 2, tflags, ImVec2(0, ImGui::GetContentRegionAvail().y))) {
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("Field", ImGuiTableColumnFlags_WidthStretch, 0.45f);
    ImGui::TableSetupColumn("Value", ImGuiTableColumnFlags_WidthStretch, 0.55f);
    ImGui::TableHeadersRow();
    const std::vector<std::string>* vals = f < l.values.size() ? &l.values[f] : nullptr;
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(l.fields.size()));
    while (clipper.Step()) {
      for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextDisabled("%s", l.fields[i].c_str());
        ImGui::TableNextColumn();
        const std::string& v = vals && size_t(i) < vals->size() ? (*vals)[i] : std::string();
        if (v.empty()) {
          ImGui::TextDisabled("–");
        } else {
          ImGui::TextUnformatted(v.c_str());
          if (ImGui::IsItemHovered() &&
              ImGui::CalcTextSize(v.c_str()).x > ImGui::GetColumnWidth()) {
            ImGui::SetTooltip("%s", v.c_str());
          }
        }
      }
    }
    ImGui::EndTable();
  }
  ImGui::End();
}

}  // namespace biodash::ui
