// Right panel "Selection": for an area of the analysis layer, its metrics and effort, a
// records/species-per-year chart, a rarefaction curve, a sortable species table and a side by
// side comparison of up to four areas; for any other feature, its attributes.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/analysis.hpp"
#include "core/format.hpp"
#include "core/i18n.hpp"
#include "core/labels.hpp"
#include "core/place_search.hpp"
#include "ui/charts.hpp"
#include "ui/panels.hpp"
#include "ui/session_ui.hpp"

namespace biodash::ui {
namespace {

constexpr size_t kMaxCompare = 4;

// What the panel shows for the selected area, recomputed when the result or the selection
// changes (records_per_year, area_estimates, diversity_curve and species_counts scan one area).
struct AreaCache {
  uint64_t revision = 0;
  uint64_t layer = 0;
  int64_t feature = -1;
  std::vector<YearCount> years;
  std::vector<DiversityPoint> curve;  // rarefaction/extrapolation with its band
  AreaEstimates est;                  // the estimates with their intervals
  struct SpeciesRow {
    std::string scientific, vernacular;
    uint64_t records;
  };
  std::vector<SpeciesRow> species;
  int sorted_column = -1;
  bool sorted_descending = false;
  bool dutch = false;
};

AreaCache& area_cache() {
  static AreaCache c;
  return c;
}

std::string metric_text(const AreaMetrics& m, Metric k) {
  switch (k) {
    case Metric::Records:
      return with_separators(m.n_obs);
    case Metric::Species:
      return with_separators(m.n_species);
    case Metric::Observers:
      return with_separators(m.n_observers);
    case Metric::Days:
      return with_separators(m.n_days);
    default: {
      const double v = metric_value(m, k);
      return std::isfinite(v) ? format_number(v, 2) : "–";
    }
  }
}

void refresh_cache(Workspace& d, const AnalysisResult& r, uint32_t area) {
  AreaCache& c = area_cache();
  const bool dutch = language() == Language::Dutch;
  if (c.revision == r.revision && c.layer == r.area_layer_id && c.feature == area &&
      c.dutch == dutch)
    return;
  c = AreaCache{};
  c.revision = r.revision;
  c.layer = r.area_layer_id;
  c.feature = area;
  c.dutch = dutch;
  const auto store = d.analysis_store();
  const auto idx = d.analysis_index();
  if (!store || !idx || area >= idx->n_polygons()) return;
  c.years = records_per_year(*store, *idx, area, r.filter);
  // Intervals: 200 bootstrap samples (seed 1) for the estimates, 100 for the curve's band.
  c.est = area_estimates(*store, *idx, {area}, r.filter, d.analysis.coverage, 200, 1);
  c.curve = diversity_curve(*store, *idx, {area}, r.filter, 40, 100, 1);
  for (const auto& [sp, n] : species_counts(*store, *idx, area, r.filter)) {
    const Taxon& t = store->taxon_of_species(sp);
    std::string v = dutch ? t.vernacular_nl : t.vernacular_en;
    if (v.empty()) v = dutch ? t.vernacular_en : t.vernacular_nl;
    c.species.push_back({store->species_name(sp), v, n});
  }
}

void sort_species(int column, bool descending) {
  AreaCache& c = area_cache();
  if (c.sorted_column == column && c.sorted_descending == descending) return;
  c.sorted_column = column;
  c.sorted_descending = descending;
  std::stable_sort(c.species.begin(), c.species.end(), [&](const auto& a, const auto& b) {
    int cmp = 0;
    if (column == 0)
      cmp = a.scientific.compare(b.scientific);
    else if (column == 1)
      cmp = a.vernacular.compare(b.vernacular);
    else
      cmp = a.records < b.records ? -1 : a.records > b.records ? 1 : 0;
    return descending ? cmp > 0 : cmp < 0;
  });
}

const Metric kRows[] = {Metric::Records, Metric::Species, Metric::Observers, Metric::Days,
                        Metric::Shannon, Metric::Simpson, Metric::Rarefied};

// Searchable list of the analysis layer's areas (click selects and zooms).
void draw_area_list(Workspace& d, UiState& ui, float height) {
  const SceneLayer* sl = d.analysis_layer();
  if (!sl) return;
  const Layer& l = *sl->layer;
  ImGui::SetNextItemWidth(-1);
  const bool enter = ImGui::InputTextWithHint("##areaq", tr("Find an area or place…"),
                                              &ui.area_query, ImGuiInputTextFlags_EnterReturnsTrue);
  // Places in the other layers (names and codes, core/place_search): click or Enter flies
  // there and selects it.
  std::vector<const Layer*> others;
  std::vector<uint64_t> other_ids;
  for (size_t i = 0; i < d.scene.layers.size(); ++i) {
    const SceneLayer& o = d.scene.layers[i];
    if (&o == sl || !o.layer || !o.layer->placed() || o.layer->store) continue;
    others.push_back(o.layer.get());
    other_ids.push_back(d.layer_id(i));
  }
  const std::vector<PlaceMatch> places = search_places(others, ui.area_query, 6);
  auto go = [&](const PlaceMatch& p) {
    d.selection = {other_ids[p.layer], static_cast<int64_t>(p.feature)};
    d.zoom_to_selection();
  };
  if (enter && !ui.area_query.empty() && !d.select_area_by_name(ui.area_query) && !places.empty())
    go(places.front());
  for (size_t k = 0; k < places.size(); ++k) {
    const PlaceMatch& p = places[k];
    const std::string text = p.text + "  \u00b7  " + others[p.layer]->name;
    ImGui::PushID(static_cast<int>(k) + 100000);
    if (ImGui::Selectable(ellipsize(text, ImGui::GetContentRegionAvail().x).c_str())) go(p);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s (%s)", text.c_str(), p.field.c_str());
    ImGui::PopID();
  }
  std::string q = ui.area_query;
  for (auto& ch : q) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  const AnalysisResult* r = d.analysis_result();
  const bool have_values =
      r && r->area_layer_id == d.analysis.area_layer_id && r->metrics.size() == l.size();
  // The metric's name is long ("Chao1 richness estimate"): the value column is headed by its
  // unit and sized to the numbers, the names get the rest (full name on hover).
  ImGui::TextDisabled("%s", metric_title(d.analysis.metric));
  const char* unit = metric_unit(d.analysis.metric);
  const float value_w = std::max(ImGui::CalcTextSize(unit).x, ImGui::CalcTextSize("00,000.00").x);
  if (ImGui::BeginTable(
          "##areas", 2,
          ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp,
          ImVec2(0, height))) {
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn(tr("Area"), ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn(unit, ImGuiTableColumnFlags_WidthFixed, value_w);
    ImGui::TableHeadersRow();
    for (size_t f = 0; f < l.size(); ++f) {
      const std::string title = feature_title(l, f);
      if (!q.empty()) {
        std::string t = title;
        for (auto& ch : t) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        if (t.find(q) == std::string::npos) continue;
      }
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::PushID(static_cast<int>(f));
      const float name_w = ImGui::GetColumnWidth();
      if (ImGui::Selectable(ellipsize(title, name_w).c_str(), false,
                            ImGuiSelectableFlags_SpanAllColumns)) {
        d.selection = {d.analysis.area_layer_id, static_cast<int64_t>(f)};
        d.zoom_to_selection();
      }
      if (ImGui::IsItemHovered() && ImGui::CalcTextSize(title.c_str()).x > name_w)
        ImGui::SetTooltip("%s", title.c_str());
      ImGui::PopID();
      ImGui::TableNextColumn();
      if (have_values)
        ImGui::TextUnformatted(metric_text(r->metrics[f], d.analysis.metric).c_str());
    }
    ImGui::EndTable();
  }
}

// The analysis view of one area of the analysis layer.
void draw_area(Workspace& d, UiState& ui, const SceneLayer& sl, size_t f) {
  const Layer& l = *sl.layer;
  ImGui::PushTextWrapPos(0);
  ImGui::TextUnformatted(feature_title(l, f).c_str());
  ImGui::PopTextWrapPos();
  ImGui::TextDisabled("%s", l.name.c_str());
  if (ImGui::SmallButton(trid("Zoom to", "zoomsel").c_str())) d.zoom_to_selection();
  ImGui::SameLine();
  auto& cmp = d.analysis.compare;
  const bool in_cmp = std::find(cmp.begin(), cmp.end(), int64_t(f)) != cmp.end();
  ImGui::BeginDisabled(in_cmp || cmp.size() >= kMaxCompare);
  if (ImGui::SmallButton(trid("+ Compare", "addcmp").c_str())) cmp.push_back(int64_t(f));
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (ImGui::SmallButton(trid("Clear", "clearsel").c_str())) d.clear_selection();
  draw_active_filters(d);

  const AnalysisResult* r = d.analysis_result();
  if (!r || r->area_layer_id != d.analysis.area_layer_id || f >= r->metrics.size()) {
    spinner(ImGui::GetTextLineHeight() * 0.35f, 2.0f);
    ImGui::SameLine();
    ImGui::TextDisabled("%s", tr("computing…"));
    return;
  }
  const AreaMetrics& m = r->metrics[f];
  refresh_cache(d, *r, static_cast<uint32_t>(f));
  AreaCache& c = area_cache();

  if (ImGui::BeginTable("##metrics", 2, ImGuiTableFlags_SizingStretchProp)) {
    auto row = [](const std::string& name, const std::string& value, const std::string& tip) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextDisabled("%s", name.c_str());
      if (!tip.empty() && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tip.c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(value.c_str());
      if (!tip.empty() && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tip.c_str());
    };
    for (Metric k : kRows) {
      std::string name = metric_title(k);
      if (k == Metric::Rarefied) name += " (m = " + std::to_string(d.analysis.rarefy_m) + ")";
      row(name, metric_text(m, k), "");
    }
    ImGui::EndTable();
  }
  // The estimators with their 95 % intervals (core area_estimates: the same recipe as the map's
  // values and `biodash aggregate`), in a table of their own: name, value, interval.
  const AreaEstimates& e = c.est;
  if (e.n > 0) {
    // Two tables with the same columns: the coverage-standardised values under their own line
    // ("At 90 % coverage (166 records):"), which needs the panel's full width.
    auto begin = [](const char* id) {
      if (!ImGui::BeginTable(id, 3, ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_RowBg))
        return false;
      ImGui::TableSetupColumn(tr("Estimate"), ImGuiTableColumnFlags_WidthStretch);
      ImGui::TableSetupColumn(tr("value"), ImGuiTableColumnFlags_WidthFixed,
                              ImGui::CalcTextSize("00,000.0").x);
      ImGui::TableSetupColumn(tr("95% interval"), ImGuiTableColumnFlags_WidthFixed,
                              ImGui::CalcTextSize("00,000\u201300,000").x);
      return true;
    };
    auto est_row = [](const std::string& name, const std::string& value, double lo, double hi,
                      const std::string& tip) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextDisabled("%s", ellipsize(name, ImGui::GetColumnWidth()).c_str());
      const bool hovered = ImGui::IsItemHovered();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(value.c_str());
      ImGui::TableNextColumn();
      if (std::isfinite(lo) && std::isfinite(hi))
        ImGui::TextUnformatted((format_number(lo, 1) + "\u2013" + format_number(hi, 1)).c_str());
      if ((hovered || ImGui::IsItemHovered()) && !tip.empty())
        ImGui::SetTooltip("%s\n%s", name.c_str(), tip.c_str());
    };
    auto value = [](double v) {
      return std::isfinite(v) ? format_number(v, 1) : std::string("\u2013");
    };
    if (begin("##estimates")) {
      ImGui::TableHeadersRow();
      est_row(tr("Coverage"), value(100 * e.coverage) + " %", kNA, kNA,
              tr("Share of the area's individuals that belong to species already recorded (Chao "
                 "& Jost 2012), in %."));
      est_row("Chao1", value(e.chao1.value), e.chao1.lcl, e.chao1.ucl,
              tr("95% log-normal interval (Chao 1987). Chao1 is a lower bound where many species "
                 "are still singletons."));
      ImGui::EndTable();
    }
    ImGui::TextDisabled(
        "%s",
        (std::isnan(e.cov.m) ? fill(tr("At %s%% coverage: needs more than twice the records"),
                                    {format_number(100 * e.target, 0)})
                             : fill(tr("At %s%% coverage (%s records):"),
                                    {format_number(100 * e.target, 0), format_number(e.cov.m, 0)}))
            .c_str());
    const std::string tip =
        fill(tr("95%% bootstrap interval (%s samples, seed %s)"),
             {std::to_string(e.bootstrap), std::to_string(e.seed)}) +
        "\n" +
        tr("Diversity of every area at the same sample completeness: fair between areas sampled "
           "with different effort (Chao et al. 2014).");
    if (begin("##standardised")) {
      const char* names[] = {tr("species"), "Shannon", "Simpson"};
      for (int q = 0; q < 3; ++q)
        est_row(names[q], value(e.cov.q[q]), e.cov.q_lcl[q], e.cov.q_ucl[q], tip);
      ImGui::EndTable();
    }
  }
  if (m.first_day != kUnknownDay)
    ImGui::TextDisabled("%s %s – %s", tr("Records from"), iso_date(m.first_day).c_str(),
                        iso_date(m.last_day).c_str());
  if (d.analysis.low_effort_records && m.n_obs < d.analysis.low_effort_records) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.65f, 0.35f, 0.0f, 1.0f));
    ImGui::TextWrapped("%s", tr("Low effort: too few records to judge this area."));
    ImGui::PopStyleColor();
  }

  const float fs = ImGui::GetFontSize();
  if (ImGui::CollapsingHeader(tr("Records and species per year"), ImGuiTreeNodeFlags_DefaultOpen)) {
    std::vector<double> x, rec, spp;
    for (const auto& y : c.years) {
      x.push_back(y.year);
      rec.push_back(double(y.records));
      spp.push_back(double(y.species));
    }
    draw_chart("years", x,
               {{tr("records"), rec, IM_COL32(120, 170, 200, 255), true, false},
                {tr("species"), spp, IM_COL32(200, 90, 30, 255), false, true}},
               fs * 9);
  }
  if (ImGui::CollapsingHeader(tr("Rarefaction and extrapolation"),
                              ImGuiTreeNodeFlags_DefaultOpen)) {
    // Expected species from 1 record to twice the area's records with a 95 % band, dashed
    // where extrapolated; the sample coverage on the right-hand axis (0–1).
    ChartSeries sp{tr("expected species"), {}, IM_COL32(40, 120, 110, 255), false, false};
    ChartSeries cov{tr("sample coverage"), {}, IM_COL32(150, 150, 160, 255), false, true};
    std::vector<double> x;
    for (size_t i = 0; i < c.curve.size(); ++i) {
      const DiversityPoint& p = c.curve[i];
      x.push_back(p.m);
      sp.y.push_back(p.species.value);
      sp.lo.push_back(p.species.lcl);
      sp.hi.push_back(p.species.ucl);
      cov.y.push_back(p.coverage);
      if (p.extrapolated && sp.dashed_from == SIZE_MAX) sp.dashed_from = i - 1;
    }
    cov.dashed_from = sp.dashed_from;
    draw_chart("curve", x, {sp, cov}, fs * 9, tr("records"));
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("%s", tr("Band: 95% bootstrap interval · dashed: extrapolated"));
    ImGui::PopStyleColor();
  }
  if (!cmp.empty() &&
      ImGui::CollapsingHeader(tr("Compare areas"), ImGuiTreeNodeFlags_DefaultOpen)) {
    // The areas as a numbered list (× removes), the table headed by their numbers: a 280 px
    // panel has no room for up to four names as column headers.
    for (size_t k = 0; k < cmp.size(); ++k) {
      ImGui::PushID(static_cast<int>(k));
      if (ImGui::SmallButton("×")) {
        cmp.erase(cmp.begin() + static_cast<long>(k));
        ImGui::PopID();
        break;
      }
      ImGui::SameLine();
      const std::string t =
          cmp[k] >= 0 && size_t(cmp[k]) < l.size() ? feature_title(l, size_t(cmp[k])) : "?";
      ImGui::Text("%zu", k + 1);
      ImGui::SameLine();
      ImGui::TextUnformatted(ellipsize(t, ImGui::GetContentRegionAvail().x).c_str());
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", t.c_str());
      ImGui::PopID();
    }
    const int cols = 1 + static_cast<int>(cmp.size());
    const float num_w = ImGui::CalcTextSize("00,000").x;
    if (ImGui::BeginTable("##cmp", cols,
                          ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                              ImGuiTableFlags_SizingFixedFit)) {
      ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthStretch);
      char num[24];
      for (size_t k = 0; k < cmp.size(); ++k) {
        std::snprintf(num, sizeof num, "%zu", k + 1);
        ImGui::TableSetupColumn(num, ImGuiTableColumnFlags_WidthFixed, num_w);
      }
      ImGui::TableHeadersRow();
      for (Metric k : kRows) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        const char* name = metric_title(k);
        ImGui::TextDisabled("%s", ellipsize(name, ImGui::GetColumnWidth()).c_str());
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", name);
        for (int64_t a : cmp) {
          ImGui::TableNextColumn();
          if (a >= 0 && size_t(a) < r->metrics.size())
            ImGui::TextUnformatted(metric_text(r->metrics[size_t(a)], k).c_str());
        }
      }
      ImGui::EndTable();
    }
  }
  if (ImGui::CollapsingHeader(tr("Species"), ImGuiTreeNodeFlags_DefaultOpen)) {
    const ImGuiTableFlags tf = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter |
                               ImGuiTableFlags_ScrollY | ImGuiTableFlags_Sortable |
                               ImGuiTableFlags_Resizable | ImGuiTableFlags_SizingStretchProp;
    const float h = std::max(fs * 8, ImGui::GetContentRegionAvail().y);
    if (ImGui::BeginTable("##species", 3, tf, ImVec2(0, h))) {
      ImGui::TableSetupScrollFreeze(0, 1);
      // Names share the width; the count column is sized to its header and numbers (plus the
      // sort arrow).
      const char* records = tr("Records");
      ImGui::TableSetupColumn(tr("Scientific name"), ImGuiTableColumnFlags_WidthStretch, 0.55f);
      ImGui::TableSetupColumn(tr("Name"), ImGuiTableColumnFlags_WidthStretch, 0.45f);
      ImGui::TableSetupColumn(
          records,
          ImGuiTableColumnFlags_WidthFixed | ImGuiTableColumnFlags_DefaultSort |
              ImGuiTableColumnFlags_PreferSortDescending,
          std::max(ImGui::CalcTextSize(records).x, ImGui::CalcTextSize("00,000").x) + fs);
      ImGui::TableHeadersRow();
      if (ImGuiTableSortSpecs* sp = ImGui::TableGetSortSpecs()) {
        if (sp->SpecsCount > 0) {
          ui.species_sort_column = sp->Specs[0].ColumnIndex;
          ui.species_sort_descending = sp->Specs[0].SortDirection == ImGuiSortDirection_Descending;
        }
        sp->SpecsDirty = false;
      }
      sort_species(ui.species_sort_column, ui.species_sort_descending);
      ImGuiListClipper clip;
      clip.Begin(static_cast<int>(c.species.size()));
      while (clip.Step()) {
        for (int i = clip.DisplayStart; i < clip.DisplayEnd; ++i) {
          const auto& row = c.species[size_t(i)];
          ImGui::TableNextRow();
          ImGui::TableNextColumn();
          ImGui::TextUnformatted(row.scientific.c_str());
          if (ImGui::IsItemHovered() &&
              ImGui::CalcTextSize(row.scientific.c_str()).x > ImGui::GetColumnWidth())
            ImGui::SetTooltip("%s", row.scientific.c_str());
          ImGui::TableNextColumn();
          ImGui::TextUnformatted(row.vernacular.c_str());
          if (ImGui::IsItemHovered() &&
              ImGui::CalcTextSize(row.vernacular.c_str()).x > ImGui::GetColumnWidth())
            ImGui::SetTooltip("%s", row.vernacular.c_str());
          ImGui::TableNextColumn();
          ImGui::TextUnformatted(with_separators(row.records).c_str());
        }
      }
      ImGui::EndTable();
    }
  }
}

const char* quality_text(Quality q) {
  switch (q) {
    case Quality::Research:
      return tr("research grade");
    case Quality::NeedsId:
      return tr("needs ID");
    case Quality::Casual:
      return tr("casual");
    default:
      return "–";
  }
}

// One citizen observation (a point of an observation set's layer: feature i = store row i);
// its attributes come from the store's columns.
void draw_observation(Workspace& d, const ObservationStore& s, const SceneLayer& sl, size_t i) {
  const Taxon* t = s.taxon[i] < s.taxa.size() ? &s.taxa[s.taxon[i]] : nullptr;
  const bool dutch = language() == Language::Dutch;
  std::string vern;
  if (t) vern = dutch ? t->vernacular_nl : t->vernacular_en;
  if (t && vern.empty()) vern = dutch ? t->vernacular_en : t->vernacular_nl;
  ImGui::PushTextWrapPos(0);
  ImGui::TextUnformatted(!vern.empty() ? vern.c_str() : t ? t->scientific_name.c_str() : "?");
  ImGui::PopTextWrapPos();
  ImGui::TextDisabled("%s · %s %u", sl.layer->name.c_str(), tr("row"), s.source_row[i]);
  if (ImGui::SmallButton(trid("Zoom to", "zoomsel").c_str())) d.zoom_to_selection();
  ImGui::SameLine();
  if (ImGui::SmallButton(trid("Clear", "clearsel").c_str())) d.clear_selection();
  ImGui::Spacing();
  std::string date = "–";
  if (s.day[i] != kUnknownDay) {
    date = iso_date(s.day[i]);
    if (s.day_span[i]) date += " – " + iso_date(s.day[i] + s.day_span[i]);
  }
  const std::string observer =
      s.observer[i] < s.observers.size() && !s.observers[s.observer[i]].empty()
          ? s.observers[s.observer[i]]
          : "–";
  const float u = s.uncertainty_m[i];
  const std::string rows[][2] = {
      {tr("Scientific name"), t ? t->scientific_name : "–"},
      {tr("Name"), vern.empty() ? "–" : vern},
      {tr("Taxon group"), t && !t->group.empty() ? taxon_group_label(t->group) : "–"},
      {tr("Date"), date},
      {tr("Observer"), observer},
      {tr("Count"), with_separators(s.count[i])},
      {tr("Quality"), quality_text(s.quality[i])},
      {tr("Uncertainty"), std::isnan(u) ? "–" : format_number(u, 0) + " m"},
  };
  if (ImGui::BeginTable("##obs", 2,
                        ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                            ImGuiTableFlags_SizingStretchProp)) {
    ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthStretch, 0.4f);
    ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthStretch, 0.6f);
    for (const auto& r : rows) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextDisabled("%s", r[0].c_str());
      ImGui::TableNextColumn();
      ImGui::PushTextWrapPos(0);
      ImGui::TextUnformatted(r[1].c_str());
      ImGui::PopTextWrapPos();
    }
    ImGui::EndTable();
  }
}

void draw_help() {
  ImGui::TextWrapped("%s", tr("Click a feature on the map to see its attributes."));
  ImGui::Spacing();
  ImGui::Separator();
  ImGui::TextDisabled(tr("Map controls"));
  const char* mouse[][2] = {
      {tr("Drag"), tr("pan")},
      {tr("Wheel"), tr("zoom at cursor")},
      {tr("Double-click"), tr("zoom in")},
  };
  if (ImGui::BeginTable("##help", 2, ImGuiTableFlags_SizingFixedFit)) {
    auto row = [](const char* keys, const char* what) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(keys);
      ImGui::TableNextColumn();
      ImGui::TextDisabled("%s", what);
    };
    for (const auto& r : mouse) row(r[0], r[1]);
    for (const Shortcut& k : shell_shortcuts()) row(k.keys, tr(k.what));
    ImGui::EndTable();
  }
}

}  // namespace

void draw_selection_panel(Workspace& d, UiState& ui, const ScreenRect& r) {
  ImGui::SetNextWindowPos(ImVec2(r.x0, r.y0), ImGuiCond_Always);
  ImGui::SetNextWindowSize(ImVec2(r.width(), r.height()), ImGuiCond_Always);
  const ImGuiWindowFlags flags =
      ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoSavedSettings;
  const bool visible = ImGui::Begin(trid("Selection", "right").c_str(), nullptr, flags);
  ui.right_collapsed = ImGui::IsWindowCollapsed();
  if (!visible) {
    ImGui::End();
    return;
  }
  const int li = d.scene_index(d.selection.layer_id);
  if (li < 0 || d.selection.feature < 0 ||
      size_t(d.selection.feature) >= d.scene.layers[li].layer->size()) {
    if (d.analysis_layer()) {
      ImGui::TextWrapped("%s", tr("Click an area on the map, or pick one:"));
      draw_area_list(d, ui,
                     std::max(ImGui::GetFontSize() * 10, ImGui::GetContentRegionAvail().y * 0.6f));
      ImGui::Spacing();
    }
    draw_help();
    ImGui::End();
    return;
  }
  if (d.selection.layer_id == d.analysis.area_layer_id && d.analysis_store()) {
    draw_area(d, ui, d.scene.layers[li], size_t(d.selection.feature));
    ImGui::End();
    return;
  }
  if (const auto& store = d.scene.layers[li].layer->store) {  // an observation set's point
    draw_observation(d, *store, d.scene.layers[li], size_t(d.selection.feature));
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
  const int64_t fid = feature_fid(l, f);
  ImGui::TextDisabled("%s · FID %lld", l.name.c_str(), static_cast<long long>(fid));

  bool is_area = false;
  const double m = feature_measure(l, f, is_area);
  if (m > 0) {
    const bool metres = l.map_crs != "EPSG:4326";
    ImGui::Text("%s %s", is_area ? "Area" : "Length", format_measure(m, is_area, metres).c_str());
    if (l.map_crs == "EPSG:3857" && ImGui::IsItemHovered()) {
      ImGui::SetTooltip(
          tr("Measured in Web Mercator: inflated by 1/cos²(latitude) (~2.7x at Leiden)"));
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
  if (ImGui::Button(tr("Zoom to"))) d.zoom_to_selection();
  ImGui::SameLine();
  if (ImGui::Button(tr("Clear  (Esc)"))) d.clear_selection();
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
