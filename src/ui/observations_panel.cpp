// Citizen observations: loads in flight (progress bar, Cancel), the ingest summary of every
// loaded file, and the modal that maps a CSV's columns to Darwin Core terms.
#include <imgui.h>
// imgui.h first: imgui_stdlib.h needs its macros.
#include <imgui_stdlib.h>

#include <algorithm>
#include <string>

#include "core/format.hpp"
#include "core/i18n.hpp"
#include "ui/panels.hpp"

namespace biodash::ui {
namespace {

const ImVec4 kWarnColor(0.72f, 0.45f, 0.0f, 1.0f);
const ImVec4 kErrorColor(0.78f, 0.12f, 0.10f, 1.0f);
const ImVec4 kAccentColor(0.10f, 0.42f, 0.55f, 1.0f);
constexpr const char* kMappingPopup = "Map columns to Darwin Core###mapping";

bool is_required(Term t) {
  return t == Term::Latitude || t == Term::Longitude;
}

// The ingest summary's labels and rejection reasons (core, English) in the UI language.
const char* summary_label(const std::string& key) {
  static const char* const known[] = {tr("format"),
                                      tr("coordinates"),
                                      tr("note"),
                                      tr("rows read"),
                                      tr("records kept"),
                                      tr("rows rejected"),
                                      tr("blank lines skipped"),
                                      tr("kept without date"),
                                      tr("eventDate unparseable, date taken from year/month/day"),
                                      tr("kept without taxon name"),
                                      tr("kept as absence (count 0)"),
                                      tr("strings read as Windows-1252"),
                                      tr("names"),
                                      tr("species"),
                                      tr("records"),
                                      tr("observers"),
                                      tr("date range"),
                                      tr("bbox"),
                                      tr("bbox (source)"),
                                      tr("time"),
                                      tr("no coordinates"),
                                      tr("coordinates not numeric"),
                                      tr("coordinates out of range"),
                                      tr("coordinates 0,0"),
                                      tr("unknown CRS"),
                                      tr("unparseable date"),
                                      tr("wrong number of fields"),
                                      tr("unterminated quoted field"),
                                      tr("occurrence refers to unknown event ID")};
  (void)known;  // listed for the i18n scan; the lookup below follows the current language
  return tr(key.c_str());
}

void draw_summary_table(const ObservationSet& set) {
  const std::vector<SummaryRow> rows = summary_rows(set.report->summary());
  const ImGuiTableFlags flags =
      ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp;
  if (!ImGui::BeginTable("##summary", 2, flags)) return;
  ImGui::TableSetupColumn("key", ImGuiTableColumnFlags_WidthStretch, 0.42f);
  ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch, 0.58f);
  bool reason_open = false;  // the last rejection reason's node is open
  for (size_t i = 0; i < rows.size(); ++i) {
    const SummaryRow& r = rows[i];
    if (r.level == 2) {
      if (!reason_open) continue;
      ImGui::TableNextRow();
      ImGui::TableSetColumnIndex(0);
      ImGui::TableSetColumnIndex(1);
      ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
      ImGui::TextWrapped("%s", base_name(r.key).c_str());
      ImGui::PopStyleColor();
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", r.key.c_str());
      continue;
    }
    if (r.key == "source" || r.key == "bytes/observation" || r.key == "columns") continue;
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    ImGui::PushID(static_cast<int>(i));
    if (r.level == 1) {
      // A rejection reason: its count on the left, the reason (with examples) on the right.
      const bool has_examples = i + 1 < rows.size() && rows[i + 1].level == 2;
      ImGui::Indent();
      ImGui::TextColored(kWarnColor, "%s", r.value.c_str());
      ImGui::Unindent();
      ImGui::TableSetColumnIndex(1);
      ImGui::PushStyleColor(ImGuiCol_Text, kWarnColor);
      reason_open = ImGui::TreeNodeEx(
          "##reason", has_examples ? ImGuiTreeNodeFlags_SpanFullWidth : ImGuiTreeNodeFlags_Leaf,
          "%s", summary_label(r.key));
      ImGui::PopStyleColor();
      if (reason_open) ImGui::TreePop();
      if (has_examples && ImGui::IsItemHovered())
        ImGui::SetTooltip(tr("First rows rejected for this reason (file:line)"));
      ImGui::PopID();
      continue;
    } else {
      ImGui::TextDisabled("%s", summary_label(r.key));
    }
    ImGui::TableSetColumnIndex(1);
    const bool emphasise = r.key == "records kept" || r.key == "rows rejected";
    if (emphasise && r.key == "rows rejected" && r.value != "0") {
      ImGui::TextColored(kWarnColor, "%s", r.value.c_str());
    } else if (emphasise) {
      ImGui::TextColored(kAccentColor, "%s", r.value.c_str());
    } else {
      ImGui::TextWrapped("%s", r.value.c_str());
    }
    ImGui::PopID();
  }
  ImGui::EndTable();
}

}  // namespace

void draw_observations_section(Workspace& d, UiState& ui) {
  for (const ObservationLoad& load : d.observation_loads) {
    ImGui::PushID(static_cast<int>(load.seq));
    ImGui::TextUnformatted(
        ellipsize(base_name(load.spec), ImGui::GetContentRegionAvail().x).c_str());
    const float cancel_w =
        ImGui::CalcTextSize(tr("Cancel")).x + 2 * ImGui::GetStyle().FramePadding.x;
    const float f = load.fraction->load();
    const bool cancelling = load.cancel->load();
    char overlay[48];
    std::snprintf(overlay, sizeof overlay, cancelling ? tr("cancelling…") : "%.0f %%", f * 100.0f);
    ImGui::ProgressBar(
        f, ImVec2(ImGui::GetContentRegionAvail().x - cancel_w - ImGui::GetStyle().ItemSpacing.x, 0),
        overlay);
    ImGui::SameLine();
    ImGui::BeginDisabled(cancelling);
    if (ImGui::Button(tr("Cancel"))) d.cancel_observations(load.seq);
    ImGui::EndDisabled();
    ImGui::PopID();
  }
  if (d.observations.empty() && d.observation_loads.empty()) {
    ImGui::TextDisabled(tr("No observation files loaded."));
    return;
  }
  for (size_t k = d.observations.size(); k-- > 0;) {  // newest first
    const ObservationSet& set = d.observations[k];
    ImGui::PushID(static_cast<int>(k));
    const IngestReport& r = *set.report;
    const std::string title = ellipsize(set.name, ImGui::GetContentRegionAvail().x - 30) + "###obs";
    ImGuiTreeNodeFlags flags = ImGuiTreeNodeFlags_FramePadding;
    if (k + 1 == d.observations.size()) flags |= ImGuiTreeNodeFlags_DefaultOpen;
    if (ImGui::TreeNodeEx(title.c_str(), flags)) {
      ImGui::TextWrapped(tr("%s kept of %s rows · %s species · %s observers"),
                         with_separators(r.kept).c_str(), with_separators(r.rows_read).c_str(),
                         with_separators(r.species).c_str(), with_separators(r.observers).c_str());
      // How records became species (core/species): what richness counts.
      ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
      ImGui::TextWrapped(tr("%s records at species rank · %s above it (records, not species) · "
                            "%s names merged · %s absences excluded"),
                         with_separators(r.taxa.species_records).c_str(),
                         with_separators(r.taxa.higher_rank_records).c_str(),
                         with_separators(r.taxa.names_merged).c_str(),
                         with_separators(r.taxa.absences).c_str());
      ImGui::PopStyleColor();
      if (!set.layer_id)
        ImGui::TextColored(kWarnColor, "%s", tr("Nothing kept: no layer on the map"));
      if (ui.summary_as_text) {
        std::string text = r.summary();  // read-only: selectable and copyable
        ImGui::InputTextMultiline("##summarytext", &text,
                                  ImVec2(-1, ImGui::GetTextLineHeight() * 16),
                                  ImGuiInputTextFlags_ReadOnly);
      } else {
        draw_summary_table(set);
      }
      if (ImGui::SmallButton(ui.summary_as_text ? tr("Table") : tr("As text"))) {
        ui.summary_as_text = !ui.summary_as_text;
      }
      ImGui::SameLine();
      if (ImGui::SmallButton(tr("Copy"))) ImGui::SetClipboardText(r.summary().c_str());
      if (set.layer_id) {
        ImGui::SameLine();
        if (ImGui::SmallButton(tr("Zoom"))) d.zoom_to_layer(set.layer_id);
      }
      if (r.format == "delimited text") {
        ImGui::SameLine();
        if (ImGui::SmallButton(tr("Remap…"))) {
          MappingRequest req;
          req.path = r.source;
          req.reason = "Change how the columns are read (then the file is loaded again).";
          req.mapping = mapping_of_load(r.columns);  // terms not read stay "(none)"
          req.src_crs = r.src_crs;
          open_mapping_dialog(ui, req);
        }
      }
      ImGui::TreePop();
    }
    ImGui::PopID();
  }
}

void open_mapping_dialog(UiState& ui, const MappingRequest& req) {
  MappingDialog& m = ui.mapping;
  m.preview = preview_observation_file(req.path);
  m.choice = initial_choices(m.preview, req.mapping);
  // The reader's message names its CLI flags (--map); say it in the dialog's words.
  m.reason = is_mapping_failure(req.reason)
                 ? "No coordinate columns were found by name. Choose the latitude and longitude "
                   "columns (and any others) below."
                 : req.reason;
  m.src_crs =
      !req.src_crs.empty() ? req.src_crs : (is_mapping_failure(req.reason) ? "EPSG:4326" : "");
  m.open = true;
}

void draw_mapping_dialog(Workspace& d, UiState& ui) {
  MappingDialog& m = ui.mapping;
  if (d.mapping_request) {
    open_mapping_dialog(ui, *d.mapping_request);
    d.mapping_request.reset();
  }
  if (m.open && !ImGui::IsPopupOpen(kMappingPopup)) ImGui::OpenPopup(kMappingPopup);
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float s = ui.scale;
  const ImVec2 size(std::min(900 * s, vp->WorkSize.x - 40), std::min(640 * s, vp->WorkSize.y - 40));
  ImGui::SetNextWindowPos(
      ImVec2(vp->WorkPos.x + vp->WorkSize.x * 0.5f, vp->WorkPos.y + vp->WorkSize.y * 0.5f),
      ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(size, ImGuiCond_Appearing);
  if (!ImGui::BeginPopupModal(kMappingPopup, nullptr, ImGuiWindowFlags_NoSavedSettings)) return;
  const ObservationPreview& p = m.preview;
  ImGui::TextUnformatted(base_name(p.path).c_str());
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", p.path.c_str());
  if (!m.reason.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, kWarnColor);
    ImGui::TextWrapped("%s", m.reason.c_str());
    ImGui::PopStyleColor();
  }
  bool can_load = true;
  if (!p.error.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, kErrorColor);
    ImGui::TextWrapped(tr("No preview: %s"), p.error.c_str());
    ImGui::PopStyleColor();
  } else {
    // Preview of the first rows; a mapped column shows its term under the name.
    ImGui::TextDisabled(tr("First %zu rows (delimiter '%s')"), p.rows.size(),
                        p.delimiter == '\t' ? "TAB" : std::string(1, p.delimiter).c_str());
    const int ncol = static_cast<int>(std::min<size_t>(p.header.size(), 64));
    const ImGuiTableFlags tflags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg |
                                   ImGuiTableFlags_ScrollX | ImGuiTableFlags_ScrollY |
                                   ImGuiTableFlags_SizingFixedFit;
    const float table_h = ImGui::GetTextLineHeightWithSpacing() * 11.5f;
    if (ncol > 0 && ImGui::BeginTable("##preview", ncol, tflags, ImVec2(-1, table_h))) {
      ImGui::TableSetupScrollFreeze(0, 2);
      for (int c = 0; c < ncol; ++c) ImGui::TableSetupColumn(p.header[c].c_str());
      ImGui::TableHeadersRow();
      ImGui::TableNextRow();
      const auto& terms = mapping_dialog_terms();
      for (int c = 0; c < ncol; ++c) {
        ImGui::TableSetColumnIndex(c);
        std::string mapped;
        for (size_t t = 0; t < terms.size(); ++t) {
          if (m.choice[t] == c)
            mapped += (mapped.empty() ? "" : ", ") + std::string(term_name(terms[t]));
        }
        if (mapped.empty()) {
          ImGui::TextDisabled("-");
        } else {
          ImGui::TextColored(kAccentColor, "%s", mapped.c_str());
        }
      }
      for (const auto& row : p.rows) {
        ImGui::TableNextRow();
        for (int c = 0; c < ncol && c < static_cast<int>(row.size()); ++c) {
          ImGui::TableSetColumnIndex(c);
          ImGui::TextUnformatted(row[c].c_str());
        }
      }
      ImGui::EndTable();
    }
    ImGui::Spacing();
    ImGui::TextUnformatted(tr("Darwin Core term  ->  column of the file  (* required)"));
    const auto& terms = mapping_dialog_terms();
    const ImGuiTableFlags gflags = ImGuiTableFlags_SizingStretchSame;
    if (ImGui::BeginTable("##terms", 4, gflags)) {
      for (size_t t = 0; t < terms.size(); ++t) {
        if (t % 2 == 0) ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::AlignTextToFramePadding();
        if (is_required(terms[t])) {
          ImGui::Text("%s *", term_name(terms[t]));
        } else {
          ImGui::TextUnformatted(term_name(terms[t]));
        }
        ImGui::TableNextColumn();
        ImGui::PushID(static_cast<int>(t));
        ImGui::SetNextItemWidth(-1);
        const int cur = m.choice[t];
        const char* preview = cur >= 0 ? p.header[cur].c_str() : "(none)";
        if (ImGui::BeginCombo("##col", preview)) {
          if (ImGui::Selectable("(none)", cur < 0)) m.choice[t] = -1;
          for (int c = 0; c < static_cast<int>(p.header.size()); ++c) {
            const std::string item = p.header[c] + "##" + std::to_string(c);
            if (ImGui::Selectable(item.c_str(), cur == c)) m.choice[t] = c;
            if (cur == c) ImGui::SetItemDefaultFocus();
          }
          ImGui::EndCombo();
        }
        ImGui::PopID();
      }
      ImGui::EndTable();
    }
    for (size_t t = 0; t < terms.size(); ++t) {
      if (is_required(terms[t]) && m.choice[t] < 0) can_load = false;
    }
    if (!can_load) ImGui::TextColored(kWarnColor, "Choose the latitude and longitude columns.");
  }
  ImGui::Spacing();
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(tr("Source CRS"));
  ImGui::SameLine();
  ImGui::SetNextItemWidth(220 * s);
  ImGui::InputTextWithHint("##srccrs", "RD New: EPSG:28992", &m.src_crs);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip(
        "CRS of the coordinate columns: EPSG:4326 for degrees, EPSG:28992 for RD "
        "New metres, EPSG:31370 for Belgian Lambert 72. Empty: detect.");
  ImGui::SameLine();
  if (ImGui::SmallButton("WGS 84")) m.src_crs = "EPSG:4326";
  ImGui::SameLine();
  if (ImGui::SmallButton("RD New")) m.src_crs = "EPSG:28992";
  ImGui::Separator();
  ImGui::BeginDisabled(!can_load);
  if (ImGui::Button(tr("Load"), ImVec2(120 * s, 0))) {
    d.open_observations(
        p.path, p.error.empty() ? mapping_from_choices(p.header, m.choice) : ColumnMapping{},
        m.src_crs);
    m.open = false;
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (ImGui::Button(tr("Cancel"), ImVec2(120 * s, 0)) ||
      ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false)) {
    d.messages.info(base_name(p.path) + ": not loaded (column mapping cancelled)");
    m.open = false;
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndPopup();
}

}  // namespace biodash::ui
