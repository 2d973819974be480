// Filters section of the left panel: taxon search with autocomplete (scientific, Dutch and
// English names), chips for the chosen taxa, taxon-group toggles, quality grade, observer,
// coordinate uncertainty and dates. Everything edits Workspace::analysis.filter; the map and
// the charts recompute on a worker.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>

#include "core/analysis.hpp"
#include "core/format.hpp"
#include "core/i18n.hpp"
#include "core/labels.hpp"
#include "ui/panels.hpp"

namespace biodash::ui {
namespace {

// Suggestions and groups are cached per (store, query): the box redraws every frame.
struct Cache {
  const ObservationStore* store = nullptr;
  std::string query;
  std::vector<TaxonSuggestion> suggestions;
  const ObservationStore* groups_store = nullptr;
  std::vector<std::string> groups;
};
Cache& cache() {
  static Cache c;
  return c;
}

const char* quality_label(Quality q) {
  switch (q) {
    case Quality::Casual:
      return tr("casual and better");
    case Quality::NeedsId:
      return tr("needs ID and better");
    case Quality::Research:
      return tr("research grade only");
    default:
      return tr("any quality");
  }
}

// A removable chip: "Turdus merula ×". Returns true when its × was clicked.
bool chip(const std::string& text, int id) {
  ImGui::PushID(id);
  ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.86f, 0.92f, 0.90f, 1.0f));
  ImGui::PushStyleVar(ImGuiStyleVar_FrameRounding, 10.0f);
  const bool x = ImGui::SmallButton((text + "  ×").c_str());
  ImGui::PopStyleVar();
  ImGui::PopStyleColor();
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("Remove this filter"));
  ImGui::PopID();
  return x;
}

// Lays chips out like words: a new line when the next does not fit.
void chip_same_line(float next_w) {
  const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  const float x = ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x;
  if (x + next_w < right) ImGui::SameLine();
}

}  // namespace

void draw_filters_section(Workspace& d, UiState& ui) {
  ViewFilter& f = d.analysis.filter;
  const auto store = d.analysis_store();
  Cache& c = cache();

  // ---- taxon search ----
  ImGui::SetNextItemWidth(-1);
  const bool enter =
      ImGui::InputTextWithHint("##taxon", tr("Search a species or group…"), &ui.taxon_query,
                               ImGuiInputTextFlags_EnterReturnsTrue);
  const bool typing = ImGui::IsItemActive();
  if (store && (c.store != store.get() || c.query != ui.taxon_query)) {
    c.store = store.get();
    c.query = ui.taxon_query;
    c.suggestions = ui.taxon_query.size() >= 2 ? taxon_suggestions(*store, ui.taxon_query, 8)
                                               : std::vector<TaxonSuggestion>{};
  }
  static bool list_hovered = false;
  if (!ui.taxon_query.empty() && store && (typing || list_hovered || enter)) {
    if (enter && !c.suggestions.empty()) {
      f.taxa.push_back(c.suggestions.front().name);
      ui.taxon_query.clear();
    } else if (c.suggestions.empty()) {
      ImGui::TextDisabled(
          "%s", ui.taxon_query.size() < 2 ? tr("type 2 letters or more") : tr("no taxon matches"));
    } else {
      const float row = ImGui::GetTextLineHeightWithSpacing();
      ImGui::BeginChild("##suggest", ImVec2(0, row * std::min<size_t>(c.suggestions.size(), 6) + 6),
                        true);
      for (size_t i = 0; i < c.suggestions.size(); ++i) {
        const auto& s = c.suggestions[i];
        ImGui::PushID(static_cast<int>(i));
        if (ImGui::Selectable(s.label.c_str())) {
          if (std::find(f.taxa.begin(), f.taxa.end(), s.name) == f.taxa.end())
            f.taxa.push_back(s.name);
          ui.taxon_query.clear();
        }
        ImGui::PopID();
      }
      list_hovered = ImGui::IsWindowHovered();
      ImGui::EndChild();
    }
  } else {
    list_hovered = false;
  }
  // Chips of the chosen taxa.
  for (size_t i = 0; i < f.taxa.size();) {
    if (chip(f.taxa[i], static_cast<int>(i))) {
      f.taxa.erase(f.taxa.begin() + static_cast<long>(i));
      continue;
    }
    ++i;
    if (i < f.taxa.size()) chip_same_line(ImGui::CalcTextSize(f.taxa[i].c_str()).x + 40);
  }

  // ---- groups ----
  if (store && c.groups_store != store.get()) {
    c.groups_store = store.get();
    c.groups = taxon_groups(*store);
  }
  if (!c.groups.empty()) {
    ImGui::TextDisabled("%s", tr("Taxon groups (none ticked = all)"));
    for (size_t i = 0; i < c.groups.size(); ++i) {
      const std::string& g = c.groups[i];
      auto it = std::find(f.groups.begin(), f.groups.end(), g);
      bool on = it != f.groups.end();
      if (i % 2)
        ImGui::SameLine(ImGui::GetContentRegionAvail().x * 0.5f + ImGui::GetCursorPosX() * 0);
      ImGui::PushID(static_cast<int>(i));
      if (ImGui::Checkbox(taxon_group_label(g).c_str(), &on)) {
        if (on)
          f.groups.push_back(g);
        else
          f.groups.erase(it);
      }
      ImGui::PopID();
    }
  }

  // ---- quality, observer, uncertainty, dates ----
  ImGui::SetNextItemWidth(-1);
  if (ImGui::BeginCombo("##quality", quality_label(f.min_quality))) {
    for (Quality q : {Quality::Unknown, Quality::Casual, Quality::NeedsId, Quality::Research}) {
      if (ImGui::Selectable(quality_label(q), q == f.min_quality)) f.min_quality = q;
    }
    ImGui::EndCombo();
  }
  ImGui::SetNextItemWidth(-1);
  if (ImGui::InputTextWithHint("##observer", tr("Observer id (Enter)"), &ui.observer_query,
                               ImGuiInputTextFlags_EnterReturnsTrue)) {
    f.observers.clear();
    if (!ui.observer_query.empty()) f.observers.push_back(ui.observer_query);
  }
  for (size_t i = 0; i < f.observers.size(); ++i) {
    if (chip(std::string(tr("observer")) + " " + f.observers[i], 1000 + static_cast<int>(i))) {
      f.observers.clear();
      ui.observer_query.clear();
      break;
    }
  }
  float unc = f.max_uncertainty_m;
  ImGui::SetNextItemWidth(-1);
  if (ImGui::InputFloat("##unc", &unc, 10, 100,
                        unc > 0 ? tr("max. uncertainty %.0f m") : tr("any uncertainty")))
    f.max_uncertainty_m = std::max(0.0f, unc);
  const float half = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) / 2;
  // Dates apply when the field is left (or Enter): half-typed dates would only give errors.
  static std::string from_text, to_text;
  ImGui::SetNextItemWidth(half);
  ImGui::InputTextWithHint("##from", tr("from (2019-04)"), &from_text);
  if (ImGui::IsItemDeactivatedAfterEdit()) f.from = from_text;
  if (!ImGui::IsItemActive()) from_text = f.from;
  ImGui::SameLine();
  ImGui::SetNextItemWidth(half);
  ImGui::InputTextWithHint("##to", tr("to (2020)"), &to_text);
  if (ImGui::IsItemDeactivatedAfterEdit()) f.to = to_text;
  if (!ImGui::IsItemActive()) to_text = f.to;

  if (!f.empty()) {
    if (ImGui::SmallButton(trid("Clear all filters", "clearfilters").c_str())) {
      f = ViewFilter{};
      ui.observer_query.clear();
    }
  }
  draw_active_filters(d);
}

}  // namespace biodash::ui
