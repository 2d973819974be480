// Map furniture (legend, scale bar, attribution, hints) and the hover tooltip.
#include <algorithm>

#include "core/format.hpp"
#include "core/i18n.hpp"
#include "core/labels.hpp"
#include "ui/map_labels.hpp"
#include "ui/overlay.hpp"
#include "ui/panels.hpp"

namespace biodash::ui {

void draw_map_overlays(Workspace& d, const UiState& ui) {
  ImDrawList* dl = ImGui::GetBackgroundDrawList();
  const ScreenRect& r = d.map_rect;
  const float s = ui.scale;
  // Names first: the legend and the other furniture go over them.
  {
    const int si = d.selection.layer_id ? d.scene_index(d.selection.layer_id) : -1;
    draw_map_labels(dl, d.scene, d.camera, {r.x0, r.y0, r.x1, r.y1, 0, 0},
                    si >= 0 ? d.scene.layers[size_t(si)].layer.get() : nullptr,
                    d.selection.feature);
  }
  const float margin = 12 * s;
  // Attribution bottom-right, scale bar above it, legend bottom-left (MapLibre-like corners).
  float scale_bottom = r.y1 - margin;
  float attribution_x0 = r.x1;                          // left end of the attribution box
  const std::string attribution = d.map_attribution();  // the data's and the basemap's
  if (!attribution.empty()) {
    const float w = ImGui::CalcTextSize(attribution.c_str()).x + 0.6f * ImGui::GetFontSize();
    attribution_x0 = std::max(r.x0 + margin, r.x1 - margin - w);
    draw_attribution(dl, attribution, ImVec2(attribution_x0, r.y1 - 6 * s), r.width() - 2 * margin);
    scale_bottom = r.y1 - 6 * s - ImGui::GetTextLineHeight() - 0.6f * ImGui::GetFontSize() - 6 * s;
  }
  draw_scale_bar(dl, d.camera, ImVec2(r.x1 - margin, scale_bottom));
  if (const Choropleth* c = d.legend_choropleth()) {
    // Above the attribution line when the two would overlap (narrow maps).
    const bool clash = r.x0 + margin + legend_size(*c).x + margin > attribution_x0;
    draw_legend(dl, *c, ImVec2(r.x0 + margin, clash ? scale_bottom : r.y1 - margin));
  }

  // Qualitative colours (e.g. Polderlab treatments) of visible layers in view: a key top-right.
  const Envelope view = d.camera.visible();
  std::vector<LayerKeyEntry> cats;
  for (size_t k = d.scene.layers.size(); k-- > 0;) {
    const SceneLayer& sl = d.scene.layers[k];
    const Envelope& b = sl.layer->bounds;
    const bool in_view = !b.empty() && b.minx <= view.maxx && view.minx <= b.maxx &&
                         b.miny <= view.maxy && view.miny <= b.maxy;
    if (!sl.style.visible || !in_view) continue;
    // Points coloured by taxon group: one disc per group.
    if (sl.layer->kind == GeomKind::Point && sl.point_attributes && sl.style.color_by_group &&
        !sl.style.heatmap && !sl.point_attributes->group_labels.empty()) {
      cats.push_back({sl.layer->name, GeomKind::Point, sl.style.point, sl.style.point});
      const auto& labels = sl.point_attributes->group_labels;
      for (size_t g = 0; g < labels.size() && g < 15; ++g) {
        if ((sl.style.hidden_groups >> g) & 1u) continue;
        Rgba c = sl.style.group_colors[g];
        c.a = 1.0f;
        LayerKeyEntry e{taxon_group_label(labels[g]), GeomKind::Point, c, c};
        e.sub = true;
        cats.push_back(e);
      }
      continue;
    }
    if (!sl.categories || !sl.style.use_feature_colors || sl.choropleth) continue;
    cats.push_back({sl.layer->name, GeomKind::Line, Rgba{0, 0, 0, 0}, sl.style.stroke});
    const bool treatments = sl.categories->field == "treatment";
    for (size_t c = 0; c < sl.categories->labels.size(); ++c) {
      const std::string& lab = sl.categories->labels[c];
      LayerKeyEntry e{treatments ? treatment_label(lab) : lab, GeomKind::Polygon,
                      sl.categories->colors[c], sl.style.stroke};
      e.sub = true;
      cats.push_back(e);
    }
  }
  if (!cats.empty()) {
    const ImVec2 size = layer_key_size(cats);
    draw_layer_key(dl, cats,
                   ImVec2(std::max(r.x0 + margin, r.x1 - margin - size.x), r.y0 + margin));
  }

  if (d.scene.layers.empty() && d.unplaced.empty()) {
    const char* hint =
        d.jobs.busy()
            ? tr("Loading…")
            : tr("Drop GeoPackage, Shapefile, GeoJSON, FlatGeobuf, KML or CSV files here");
    const ImVec2 ts = ImGui::CalcTextSize(hint);
    const ImVec2 c((r.x0 + r.x1) / 2, (r.y0 + r.y1) / 2);
    dl->AddText(ImVec2(c.x - ts.x / 2, c.y - ts.y / 2), IM_COL32(90, 95, 100, 255), hint);
  }
}

void draw_hover_tooltip(Workspace& d, const UiState& ui) {
  const int li = d.scene_index(ui.hover_layer);
  if (li < 0 || ui.hover_feature < 0) return;
  const SceneLayer& sl = d.scene.layers[li];
  const size_t f = static_cast<size_t>(ui.hover_feature);
  if (f >= sl.layer->size()) return;
  // A point of an observation set: its taxon and date from the store (core/labels).
  const std::string title = feature_title(*sl.layer, f);
  ImGui::BeginTooltip();
  ImGui::TextUnformatted(title.c_str());
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
