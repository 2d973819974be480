// Aggregation section of the left panel: count a point layer's points per polygon of a
// polygon layer (core count_points_in_polygons on a worker) and show it as a choropleth.
#include "ui/format.hpp"
#include "ui/panels.hpp"

namespace biodash::ui {
namespace {

// Combo over the scene layers of some kinds; `id` is the chosen layer id (0 = none).
void layer_combo(Dashboard& d, const char* label, uint64_t& id, GeomKind a, GeomKind b) {
  const int cur = d.scene_index(id);
  if (cur < 0) id = 0;
  if (id == 0) {  // pick the first layer that fits, so the button works right away
    for (size_t i = d.scene.layers.size(); i-- > 0;) {
      const GeomKind k = d.scene.layers[i].layer->kind;
      if (k == a || k == b) {
        id = d.layer_id(i);
        break;
      }
    }
  }
  const int sel = d.scene_index(id);
  const std::string preview = sel >= 0 ? d.scene.layers[sel].layer->name : "(none loaded)";
  ImGui::TextUnformatted(label);
  ImGui::SetNextItemWidth(-1);
  ImGui::PushID(label);
  if (ImGui::BeginCombo("##combo", preview.c_str())) {
    for (size_t i = d.scene.layers.size(); i-- > 0;) {
      const Layer& l = *d.scene.layers[i].layer;
      if (l.kind != a && l.kind != b) continue;
      const uint64_t lid = d.layer_id(i);
      const std::string item = l.name + "  (" + with_separators(l.size()) + ")";
      if (ImGui::Selectable(item.c_str(), lid == id)) id = lid;
    }
    ImGui::EndCombo();
  }
  ImGui::PopID();
}

}  // namespace

void draw_aggregation_section(Dashboard& d) {
  layer_combo(d, "Polygons", d.agg_polygons_id, GeomKind::Polygon, GeomKind::Mixed);
  layer_combo(d, "Points", d.agg_points_id, GeomKind::Point, GeomKind::Point);
  const bool ready = d.agg_polygons_id && d.agg_points_id && !d.aggregation_running();
  ImGui::BeginDisabled(!ready);
  if (ImGui::Button("Count points")) d.count_points(d.agg_polygons_id, d.agg_points_id);
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) {
    ImGui::SetTooltip(
        "Points inside each polygon (GEOS contains: points on an edge count in\n"
        "no polygon); shown as a choropleth with quantile classes");
  }
  if (d.aggregation_running()) {
    ImGui::SameLine();
    spinner(ImGui::GetTextLineHeight() * 0.35f, 2.0f);
    ImGui::SameLine();
    ImGui::TextDisabled("counting…");
  }
  if (!d.aggregation) return;
  const AggregationResult& a = *d.aggregation;
  const int pi = d.scene_index(a.polygon_layer_id);
  if (pi < 0) return;
  const Layer& polys = *d.scene.layers[pi].layer;
  ImGui::TextWrapped("%s of %s points fall in %s polygons.", with_separators(a.inside).c_str(),
                     with_separators(a.points).c_str(), with_separators(a.polygons).c_str());
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Counted in %s", format_seconds(a.seconds).c_str());
  if (a.top.empty()) return;
  ImGui::TextDisabled("Most records — click to select");
  const ImGuiTableFlags tflags =
      ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp;
  if (ImGui::BeginTable("##top", 2, tflags)) {
    ImGui::TableSetupColumn("polygon", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("records", ImGuiTableColumnFlags_WidthFixed);
    for (const auto& [feature, count] : a.top) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::PushID(static_cast<int>(feature));
      const bool selected =
          d.selection.layer_id == a.polygon_layer_id && d.selection.feature == int64_t(feature);
      const std::string title = feature_title(polys, feature);
      if (ImGui::Selectable(title.c_str(), selected, ImGuiSelectableFlags_SpanAllColumns)) {
        d.selection = {a.polygon_layer_id, int64_t(feature)};
        d.zoom_to_selection();
      }
      ImGui::PopID();
      ImGui::TableNextColumn();
      ImGui::Text("%s", with_separators(count).c_str());
    }
    ImGui::EndTable();
  }
}

}  // namespace biodash::ui
