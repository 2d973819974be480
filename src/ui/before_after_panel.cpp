// Before/after section of the left panel. LBSP: pick a greening measure (the demo's impact
// areas, their controls and dates are pre-set from the layers' measure_id/control_ids/
// carried_out fields) and see what was recorded (the four-cell table, core baci()), the verdict
// of the replicated design in one sentence and the per-period differences with their intervals
// and the intervention date (core baci_replicated). Polderlab: species per year since 2021 per
// treatment (control, shallow, deep rewetting). Computed on a worker whenever the measure, the
// observations or the filter change.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <memory>

#include "core/aggregate.hpp"
#include "core/analysis.hpp"
#include "core/baci.hpp"
#include "core/baci_replicated.hpp"
#include "core/before_after.hpp"
#include "core/format.hpp"
#include "core/i18n.hpp"
#include "core/labels.hpp"
#include "core/text.hpp"
#include "io/occurrence_parse.hpp"
#include "render/demo_style.hpp"
#include "ui/charts.hpp"
#include "ui/panels.hpp"

namespace biodash::ui {
namespace {

using Measure = BaciMeasure;
using Outcome = BeforeAfter;

struct State {
  // What the last job was for.
  const ObservationStore* store = nullptr;
  const Layer* impact = nullptr;
  int measure = -2;
  ViewFilter filter;
  bool running = false;
  std::shared_ptr<Outcome> out;
};
State& state() {
  static State s;
  return s;
}

const SceneLayer* layer_of(const Workspace& d, DemoRole role) {
  for (const auto& sl : d.scene.layers)
    if (demo_role(*sl.layer) == role) return &sl;
  return nullptr;
}

std::string value(const Layer& l, size_t f, const char* field) {
  const int i = l.field_index(field);
  return i >= 0 && f < l.values.size() && size_t(i) < l.values[f].size() ? l.values[f][i] : "";
}

}  // namespace

namespace {

void start(Workspace& d, const std::shared_ptr<const ObservationStore>& store,
           const SceneLayer& impact, const SceneLayer& control, const SceneLayer* plots,
           const Measure& m) {
  State& s = state();
  s.running = true;
  // Own copies of the polygons (GEOS objects are not shared between threads): impact, its
  // controls, then the Polderlab plots.
  auto own = std::make_shared<std::vector<GeomPtr>>();
  own->push_back(clone(impact.layer->geoms[m.impact].get()));
  for (size_t c : m.controls) own->push_back(clone(control.layer->geoms[c].get()));
  std::vector<std::string> plot_treatment;
  if (plots) {
    for (size_t f = 0; f < plots->layer->size(); ++f) {
      own->push_back(clone(plots->layer->geoms[f].get()));
      plot_treatment.push_back(value(*plots->layer, f, "treatment"));
    }
  }
  const size_t n_controls = m.controls.size();
  const ViewFilter vf = d.analysis.filter;
  const int32_t date = m.date;
  d.jobs.submit(
      "Before/after",
      [store, own, n_controls, vf, date, plot_treatment]() -> JobQueue::Completion {
        std::vector<const GEOSGeometry*> pg;
        for (const auto& g : *own) pg.push_back(g.get());
        auto out = std::make_shared<Outcome>(
            compute_before_after(*store, pg, n_controls, plot_treatment, vf, date));
        return [out] {
          state().running = false;
          state().out = out;
        };
      },
      [&d](const std::string& err) {
        state().running = false;
        d.messages.error("Before/after: " + err);
      });
}

ImU32 treatment_color(const std::string& t) {
  if (t.find("deep") != std::string::npos) return IM_COL32(213, 94, 0, 255);
  if (t.find("shallow") != std::string::npos) return IM_COL32(230, 159, 0, 255);
  return IM_COL32(0, 114, 178, 255);
}

}  // namespace

void draw_before_after_section(Workspace& d, UiState& ui) {
  const auto store = d.analysis_store();
  const SceneLayer* impact = layer_of(d, DemoRole::ImpactAreas);
  const SceneLayer* control = layer_of(d, DemoRole::Controls);
  const SceneLayer* plots = layer_of(d, DemoRole::PolderlabPlots);
  if (!store || !impact || !control) {
    ImGui::TextWrapped("%s", tr("Needs observations and LBSP impact and control layers (as in "
                                "the demo)."));
    return;
  }
  const std::vector<Measure> ms = comparable_measures(*impact->layer, *control->layer);
  if (ms.empty()) {
    ImGui::TextWrapped("%s", tr("No measure with a date (carried_out) and controls found."));
    return;
  }
  if (ui.baci_measure < 0 || size_t(ui.baci_measure) >= ms.size()) ui.baci_measure = 0;
  ImGui::SetNextItemWidth(-1);
  if (ImGui::BeginCombo("##measure", ms[size_t(ui.baci_measure)].label.c_str())) {
    for (size_t i = 0; i < ms.size(); ++i)
      if (ImGui::Selectable(ms[i].label.c_str(), int(i) == ui.baci_measure))
        ui.baci_measure = int(i);
    ImGui::EndCombo();
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", ms[size_t(ui.baci_measure)].label.c_str());
  const Measure& m = ms[size_t(ui.baci_measure)];
  State& s = state();
  if (!s.running && (s.store != store.get() || s.impact != impact->layer.get() ||
                     s.measure != ui.baci_measure || !(s.filter == d.analysis.filter))) {
    s.store = store.get();
    s.impact = impact->layer.get();
    s.measure = ui.baci_measure;
    s.filter = d.analysis.filter;
    s.out.reset();
    start(d, store, *impact, *control, plots, m);
  }
  std::string ctl_names;
  for (size_t c : m.controls)
    ctl_names += (ctl_names.empty() ? "" : ", ") + feature_title(*control->layer, c);
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  ImGui::TextWrapped("%s %s", tr("Control:"), ctl_names.c_str());
  ImGui::PopStyleColor();
  if (!s.out) {
    spinner(ImGui::GetTextLineHeight() * 0.35f, 2.0f);
    ImGui::SameLine();
    ImGui::TextDisabled("%s", tr("computing…"));
    return;
  }
  const Outcome& o = *s.out;
  const BaciResult& b = o.baci;
  // The classic 2×2 layout: impact and control, each before and after; one row per quantity.
  // The value columns are sized to their numbers, the row labels get the rest.
  const char* rarefied_label = "E[S]";
  char rarefied_buf[32];
  std::snprintf(rarefied_buf, sizeof rarefied_buf, "E[S%llu]",
                static_cast<unsigned long long>(b.rarefy_m));
  rarefied_label = rarefied_buf;
  const float num_w =
      std::max(ImGui::CalcTextSize("00,000").x, ImGui::CalcTextSize(tr("before")).x);
  if (ImGui::BeginTable(
          "##baci", 5,
          ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingFixedFit)) {
    ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthStretch);
    for (int k = 0; k < 4; ++k)
      ImGui::TableSetupColumn(k % 2 ? tr("after") : tr("before"), ImGuiTableColumnFlags_WidthFixed,
                              num_w);
    ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
    ImGui::TableSetColumnIndex(1);
    ImGui::TextUnformatted(tr("Impact"));
    ImGui::TableSetColumnIndex(3);
    ImGui::TextUnformatted(tr("Control"));
    ImGui::TableHeadersRow();
    const BaciCell* cells[] = {&b.impact_before, &b.impact_after, &b.control_before,
                               &b.control_after};
    auto row = [&](const char* name, auto value) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextDisabled("%s", ellipsize(name, ImGui::GetColumnWidth()).c_str());
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", name);
      for (const BaciCell* c : cells) {
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(value(*c).c_str());
      }
    };
    row(tr("records"), [](const BaciCell& c) { return with_separators(c.m.n_obs); });
    row(tr("species"), [](const BaciCell& c) { return with_separators(c.m.n_species); });
    row(rarefied_label, [](const BaciCell& c) { return format_number(c.m.rarefied, 1); });
    row(tr("obs.-days"), [](const BaciCell& c) { return with_separators(c.observer_days); });
    ImGui::EndTable();
  }
  const float fs = ImGui::GetFontSize();
  // The verdict (core/baci_replicated): one sentence, coloured by what it says.
  const BaciReplicated& rep = o.replicated;
  const ImVec4 col = rep.verdict == Verdict::Increase   ? ImVec4(0.10f, 0.50f, 0.25f, 1)
                     : rep.verdict == Verdict::Decrease ? ImVec4(0.75f, 0.30f, 0.05f, 1)
                                                        : ImGui::GetStyleColorVec4(ImGuiCol_Text);
  ImGui::PushStyleColor(ImGuiCol_Text, col);
  ImGui::BeginGroup();
  text_wrapped_at_spaces(baci_verdict_sentence(rep));
  ImGui::EndGroup();
  ImGui::PopStyleColor();
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("%s", tr("Per 12-month period: the impact area minus the mean of the "
                               "controls, each standardised to the same sample coverage.\n"
                               "Effect = mean after − mean before, 95% interval from Welch's t "
                               "(BACI-PS, Stewart-Oaten et al. 1986)."));
  size_t skipped = 0;
  std::string reasons;
  for (const BaciPeriod& p : rep.periods)
    if (!p.skipped.empty()) {
      ++skipped;
      reasons += iso_date(p.from) + " \u2013 " + iso_date(p.to) + ": " + p.skipped + "\n";
    }
  if (skipped) {
    ImGui::TextDisabled(
        "%s", fill(tr("%s periods skipped (too few records)"), {std::to_string(skipped)}).c_str());
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", reasons.c_str());
  }
  // Per-period differences, the mean before and after with their intervals, and the date.
  std::vector<double> x;
  ChartSeries diff{tr("impact − controls"), {}, IM_COL32(213, 94, 0, 255), false, false};
  ChartSeries before{tr("mean before"), {}, IM_COL32(0, 114, 178, 255), false, false};
  ChartSeries after{tr("mean after"), {}, IM_COL32(0, 158, 115, 255), false, false};
  diff.points_only = true;
  double marker = -1;
  for (const BaciPeriod& p : rep.periods) {
    int y;
    unsigned mo, dd;
    civil_from_days(p.from, y, mo, dd);
    if (p.after && marker < 0) marker = static_cast<double>(x.size()) - 0.5;
    x.push_back(y);
    diff.y.push_back(p.difference);
    diff.lo.push_back(p.difference_lcl);
    diff.hi.push_back(p.difference_ucl);
    const bool used = !std::isnan(p.difference);
    before.y.push_back(!p.after && used ? rep.before_mean : kNA);
    before.lo.push_back(!p.after && used ? rep.before_lcl : kNA);
    before.hi.push_back(!p.after && used ? rep.before_ucl : kNA);
    after.y.push_back(p.after && used ? rep.after_mean : kNA);
    after.lo.push_back(p.after && used ? rep.after_lcl : kNA);
    after.hi.push_back(p.after && used ? rep.after_ucl : kNA);
  }
  std::vector<ChartMarker> markers;
  if (marker >= 0) markers.push_back({marker, iso_date(rep.date)});
  draw_chart("baci_periods", x, {before, after, diff}, fs * 9, "", "", "", markers);
  ImGui::PushTextWrapPos(0);
  ImGui::TextDisabled("%s", tr("Dots: impact − controls per period, bars its 95% bootstrap "
                               "interval; lines: the mean before and after with their 95% "
                               "intervals (t)."));
  ImGui::PopTextWrapPos();
  if (!o.treatments.empty() && !o.plot_years.empty()) {
    ImGui::Spacing();
    ImGui::TextUnformatted(tr("Polderlab: species per year by treatment"));
    std::vector<ChartSeries> ser;
    for (size_t t = 0; t < o.treatments.size(); ++t)
      ser.push_back({treatment_label(o.treatments[t]), o.plot_species[t],
                     treatment_color(o.treatments[t]), true, false});
    draw_chart("polder", o.plot_years, ser, fs * 8);
  }
}

}  // namespace biodash::ui
