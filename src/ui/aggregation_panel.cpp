// Analysis section of the left panel: the thematic map. Which areas (a polygon layer or a hex
// grid), which observations, which metric, and how values become colours. Workspace::update()
// notices every change of Workspace::analysis and recomputes on a worker.
#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "core/analysis.hpp"
#include "core/classify.hpp"
#include "core/format.hpp"
#include "core/i18n.hpp"
#include "core/labels.hpp"
#include "ui/panels.hpp"

namespace biodash::ui {
namespace {

constexpr double kHexSizes[] = {100, 250, 500, 1000, 2000};

void label(const char* text) {
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(text);
}

const char* method_label(BreakMethod m) {
  switch (m) {
    case BreakMethod::Quantile:
      return tr("Quantile");
    case BreakMethod::EqualInterval:
      return tr("Equal interval");
    default:
      return tr("Natural breaks");
  }
}

const char* palette_label(Palette p) {
  switch (p) {
    case Palette::Viridis:
      return tr("Viridis (sequential)");
    case Palette::Cividis:
      return tr("Cividis (sequential)");
    case Palette::PuOr:
      return tr("Purple–orange (diverging)");
    default:
      return tr("Brown–teal (diverging)");
  }
}

// A palette preview strip after the current item.
void palette_strip(Palette p, float w, float h) {
  const ImVec2 a = ImGui::GetCursorScreenPos();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const int n = 24;
  for (int i = 0; i < n; ++i) {
    const Rgba c = palette_color(p, (i + 0.5) / n);
    dl->AddRectFilled(ImVec2(a.x + w * i / n, a.y), ImVec2(a.x + w * (i + 1) / n + 1, a.y + h),
                      IM_COL32(int(c.r * 255), int(c.g * 255), int(c.b * 255), 255));
  }
  ImGui::Dummy(ImVec2(w, h));
}

}  // namespace

void draw_aggregation_section(Workspace& d) {
  AnalysisView& v = d.analysis;
  // ---- areas ----
  label(tr("Areas"));
  std::string preview = tr("(choose a polygon layer)");
  if (v.hex_size_m > 0) {
    preview = hex_grid_name(v.hex_size_m);
  } else if (const SceneLayer* sl = d.analysis_layer()) {
    preview = sl->layer->name;
  }
  ImGui::SetNextItemWidth(-1);
  if (ImGui::BeginCombo("##areas", preview.c_str())) {
    for (size_t i = d.scene.layers.size(); i-- > 0;) {
      const Layer& l = *d.scene.layers[i].layer;
      if (l.kind != GeomKind::Polygon && l.kind != GeomKind::Mixed) continue;
      if (l.name.rfind("Hex grid", 0) == 0) continue;  // offered below
      const uint64_t id = d.layer_id(i);
      const std::string item = l.name + "  (" + with_separators(l.size()) + ")";
      ImGui::PushID(static_cast<int>(id));
      if (ImGui::Selectable(item.c_str(), v.hex_size_m <= 0 && v.area_layer_id == id)) {
        v.hex_size_m = 0;
        v.area_layer_id = id;
        v.compare.clear();
      }
      ImGui::PopID();
    }
    if (ImGui::Selectable(tr("Hex grid"), v.hex_size_m > 0)) {
      if (v.hex_size_m <= 0) v.hex_size_m = 250;
      v.compare.clear();
    }
    ImGui::EndCombo();
  }
  if (v.hex_size_m > 0) {
    label(tr("Cell edge"));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-1);
    const std::string cur = format_number(v.hex_size_m, 0) + " m";
    if (ImGui::BeginCombo("##hexsize", cur.c_str())) {
      for (double s : kHexSizes) {
        const std::string item = format_number(s, 0) + " m";
        if (ImGui::Selectable(item.c_str(), s == v.hex_size_m)) v.hex_size_m = s;
      }
      ImGui::EndCombo();
    }
  }

  // ---- observations ----
  label(tr("Observations"));
  if (d.observations.empty()) {
    ImGui::TextDisabled(
        "%s", d.observation_loads.empty() ? tr("none loaded (add a CSV/DwC-A)") : tr("loading…"));
  } else {
    if (v.observation_set >= d.observations.size()) v.observation_set = 0;
    ImGui::SetNextItemWidth(-1);
    const ObservationSet& cur = d.observations[v.observation_set];
    const std::string pv =
        cur.name + "  (" + with_separators(cur.store ? cur.store->size() : 0) + ")";
    if (ImGui::BeginCombo("##obsset", pv.c_str())) {
      for (size_t i = 0; i < d.observations.size(); ++i) {
        const ObservationSet& o = d.observations[i];
        const std::string item = o.name + "  (" + with_separators(o.store ? o.store->size() : 0) +
                                 ")##" + std::to_string(i);
        if (ImGui::Selectable(item.c_str(), i == v.observation_set)) v.observation_set = i;
      }
      ImGui::EndCombo();
    }
  }

  // ---- metric ----
  label(tr("Metric"));
  ImGui::SetNextItemWidth(-1);
  const bool baci_ready = !v.baci_impact.empty() && !v.baci_control.empty();
  if (ImGui::BeginCombo("##metric", metric_title(v.metric))) {
    for (int m = 0; m < kMetricCount; ++m) {
      const Metric mm = static_cast<Metric>(m);
      const bool disabled = mm == Metric::BaciContrast && !baci_ready;
      ImGui::BeginDisabled(disabled);
      if (ImGui::Selectable(metric_title(mm), mm == v.metric)) {
        v.metric = mm;
        const bool div = is_diverging(v.style.palette);
        if (mm == Metric::BaciContrast && !div) v.style.palette = Palette::PuOr;
        if (mm != Metric::BaciContrast && div) v.style.palette = Palette::Viridis;
      }
      ImGui::EndDisabled();
      if (disabled && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip("%s", tr("Set impact and control areas under Before / after first"));
    }
    ImGui::EndCombo();
  }
  if (v.metric == Metric::Rarefied) {
    label(tr("at m ="));
    ImGui::SameLine();
    int m = static_cast<int>(v.rarefy_m);
    ImGui::SetNextItemWidth(-1);
    if (ImGui::InputInt("##rarefy", &m, 10, 50)) v.rarefy_m = static_cast<uint64_t>(std::max(1, m));
  }
  if (v.metric == Metric::Q0Cov || v.metric == Metric::Q1Cov || v.metric == Metric::Q2Cov) {
    // The common sample coverage every area is standardised to (core/thematic).
    float pct = static_cast<float>(100 * v.coverage);
    ImGui::SetNextItemWidth(-1);
    if (ImGui::SliderFloat("##coverage", &pct, 50, 99, tr("at %.0f%% coverage")))
      v.coverage = std::clamp(static_cast<double>(pct) / 100, 0.5, 0.99);
  }
  if (is_diversity_metric(v.metric) && v.metric != Metric::BaciContrast) {
    // Diversity of too incomplete a sample is hatched (core/thematic, "incomplete" legend row).
    float pct = static_cast<float>(100 * v.min_coverage);
    ImGui::SetNextItemWidth(-1);
    if (ImGui::SliderFloat("##mincov", &pct, 0, 95, tr("hatch below %.0f%% coverage")))
      v.min_coverage = std::clamp(static_cast<double>(pct) / 100, 0.0, 0.95);
  }

  // ---- classes ----
  const float half = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) / 2;
  ImGui::SetNextItemWidth(half);
  if (ImGui::BeginCombo("##method", method_label(v.style.method))) {
    for (BreakMethod m :
         {BreakMethod::Quantile, BreakMethod::EqualInterval, BreakMethod::NaturalBreaks}) {
      if (ImGui::Selectable(method_label(m), m == v.style.method)) v.style.method = m;
    }
    ImGui::EndCombo();
  }
  ImGui::SameLine();
  ImGui::SetNextItemWidth(half);
  ImGui::SliderInt("##classes", &v.style.classes, 2, 9, tr("%d classes"));
  ImGui::SetNextItemWidth(-1);
  if (ImGui::BeginCombo("##palette", palette_label(v.style.palette))) {
    for (Palette p : {Palette::Viridis, Palette::Cividis, Palette::PuOr, Palette::BrBG}) {
      if (ImGui::Selectable(palette_label(p), p == v.style.palette)) v.style.palette = p;
    }
    ImGui::EndCombo();
  }
  palette_strip(v.style.palette, ImGui::GetContentRegionAvail().x,
                6 * ImGui::GetIO().FontGlobalScale + 4);
  bool low = v.low_effort_records > 0;
  if (ImGui::Checkbox(trid("Mark low effort below", "loweffort").c_str(), &low))
    v.low_effort_records = low ? 5 : 0;
  if (low) {
    ImGui::SameLine();
    int n = static_cast<int>(v.low_effort_records);
    ImGui::SetNextItemWidth(-1);
    if (ImGui::InputInt("##lown", &n, 1, 5))
      v.low_effort_records = static_cast<uint64_t>(std::max(1, n));
  }
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("%s", tr("Areas with fewer records under the filter are hatched: too few\n"
                               "records to tell \"poor\" from \"unvisited\""));

  // ---- status ----
  if (d.analysis_busy()) {
    spinner(ImGui::GetTextLineHeight() * 0.35f, 2.0f);
    ImGui::SameLine();
    ImGui::TextDisabled("%s", tr("computing…"));
  } else if (const AnalysisResult* r = d.analysis_result()) {
    uint64_t total = 0;
    for (const auto& m : r->metrics) total += m.n_obs;
    ImGui::TextDisabled(tr("%s records in %s areas · %s"), with_separators(total).c_str(),
                        with_separators(r->metrics.size()).c_str(),
                        format_seconds(r->seconds).c_str());
  }
}

void draw_active_filters(Workspace& d) {
  const std::string text = thematic_filter_text(d.analysis);
  if (text.empty()) {
    ImGui::TextDisabled("%s", tr("No filter: all observations"));
    return;
  }
  ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.55f, 0.25f, 0.05f, 1.0f));
  ImGui::PushTextWrapPos(0);
  ImGui::Text("%s %s", tr("Active filters:"), text.c_str());
  ImGui::PopTextWrapPos();
  ImGui::PopStyleColor();
}

}  // namespace biodash::ui
