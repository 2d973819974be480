// Map furniture (legend, scale bar, attribution, hints) and the hover tooltip.
#include <algorithm>

#include "ui/format.hpp"
#include "ui/overlay.hpp"
#include "ui/panels.hpp"

namespace biodash::ui {

void draw_map_overlays(Dashboard& d, const UiState& ui) {
  ImDrawList* dl = ImGui::GetBackgroundDrawList();
  const ScreenRect& r = d.map_rect;
  const float s = ui.scale;
  const float margin = 12 * s;
  // Attribution bottom-right, scale bar above it, legend bottom-left (MapLibre-like corners).
  float scale_bottom = r.y1 - margin;
  if (!d.attribution.empty()) {
    const float w = ImGui::CalcTextSize(d.attribution.c_str()).x + 0.6f * ImGui::GetFontSize();
    draw_attribution(dl, d.attribution,
                     ImVec2(std::max(r.x0 + margin, r.x1 - margin - w), r.y1 - 6 * s));
    scale_bottom = r.y1 - 6 * s - ImGui::GetTextLineHeight() - 0.6f * ImGui::GetFontSize() - 6 * s;
  }
  draw_scale_bar(dl, d.camera, ImVec2(r.x1 - margin, scale_bottom));
  if (const Choropleth* c = d.legend_choropleth())
    draw_legend(dl, *c, ImVec2(r.x0 + margin, r.y1 - margin));

  if (d.scene.layers.empty() && d.unplaced.empty()) {
    const char* hint = d.jobs.busy() ? "Loading…"
                                     : "Drop GeoPackage, Shapefile, GeoJSON, FlatGeobuf, KML or "
                                       "CSV files here";
    const ImVec2 ts = ImGui::CalcTextSize(hint);
    const ImVec2 c((r.x0 + r.x1) / 2, (r.y0 + r.y1) / 2);
    dl->AddText(ImVec2(c.x - ts.x / 2, c.y - ts.y / 2), IM_COL32(90, 95, 100, 255), hint);
  }
}

void draw_hover_tooltip(Dashboard& d, const UiState& ui) {
  const int li = d.scene_index(ui.hover_layer);
  if (li < 0 || ui.hover_feature < 0) return;
  const SceneLayer& sl = d.scene.layers[li];
  const size_t f = static_cast<size_t>(ui.hover_feature);
  if (f >= sl.layer->size()) return;
  ImGui::BeginTooltip();
  ImGui::TextUnformatted(feature_title(*sl.layer, f).c_str());
  ImGui::TextDisabled("%s", sl.layer->name.c_str());
  if (sl.choropleth && f < sl.choropleth->values.size()) {
    const double v = sl.choropleth->values[f];
    std::string unit = sl.choropleth->unit;
    if (v == 1 && unit.size() > 1 && unit.back() == 's') unit.pop_back();  // "1 record"
    const bool whole = v == static_cast<double>(static_cast<int64_t>(v));
    ImGui::Text("%s %s", format_number(v, whole ? 0 : 2).c_str(), unit.c_str());
  }
  ImGui::EndTooltip();
}

}  // namespace biodash::ui
