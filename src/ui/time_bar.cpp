// The time bar: a strip along the bottom of the map. A window (1 month .. 5 years) that slides
// over the observations' dates, cumulative or seasonal, and plays. Every move changes
// Workspace::analysis.time; the maps and charts recompute on a worker (latest wins).
#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "core/analysis.hpp"
#include "core/format.hpp"
#include "core/i18n.hpp"
#include "core/labels.hpp"
#include "ui/panels.hpp"

namespace biodash::ui {
namespace {

const char* mode_label(TimeMode m) {
  switch (m) {
    case TimeMode::Cumulative:
      return tr("Cumulative");
    case TimeMode::Seasonal:
      return tr("Seasonal");
    default:
      return tr("Window");
  }
}

}  // namespace

float draw_time_bar(Workspace& d, const UiState& ui, const ScreenRect& map) {
  const auto [first, last] = d.analysis_day_range();
  if (first == kUnknownDay) return 0;
  TimeSlider& t = d.analysis.time;
  if (t.end_day < first || t.end_day > last) t.end_day = last;
  const float s = ui.scale;
  const ImGuiStyle& st = ImGui::GetStyle();
  const float h = ImGui::GetFrameHeight() + 2 * st.WindowPadding.y;
  const float margin = 8 * s;
  const float w = std::min(map.width() - 2 * margin, 900 * s);
  if (w < 200) return 0;
  ImGui::SetNextWindowPos(ImVec2((map.x0 + map.x1 - w) / 2, map.y1 - h - margin), ImGuiCond_Always);
  ImGui::SetNextWindowSize(ImVec2(w, h), ImGuiCond_Always);
  ImGui::SetNextWindowBgAlpha(0.92f);
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                 ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoScrollbar;
  if (ImGui::Begin("##timebar", nullptr, flags)) {
    ImGui::Checkbox(trid("Time", "time_on").c_str(), &t.enabled);
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("%s",
                        tr("Show only the records of a time window that you can slide and play"));
    ImGui::SameLine();
    ImGui::BeginDisabled(!t.enabled);
    const std::string play_label =
        d.analysis.playing ? trid("Pause", "play") : trid("Play", "play");
    if (ImGui::Button(play_label.c_str(), ImVec2(60 * s, 0))) {
      d.analysis.playing = !d.analysis.playing;
      if (d.analysis.playing && t.end_day >= last)
        t.end_day = std::min(last, first + std::max(0, t.length_days - 1));
    }
    ImGui::SameLine();
    // Right-hand controls take fixed widths; the slider gets the rest.
    const float len_w = 90 * s, mode_w = 105 * s, speed_w = 90 * s;
    const float slider_w = std::max(
        80.0f, ImGui::GetContentRegionAvail().x - len_w - mode_w - speed_w - 3 * st.ItemSpacing.x);
    ImGui::SetNextItemWidth(slider_w);
    int end = t.end_day;
    const std::string label =
        time_window_text(t.enabled ? t : TimeSlider{true, t.mode, t.end_day, t.length_days});
    if (ImGui::SliderInt("##end", &end, first, last, label.c_str(), ImGuiSliderFlags_AlwaysClamp)) {
      t.end_day = end;
      d.analysis.playing = false;
    }
    ImGui::SameLine();
    ImGui::SetNextItemWidth(len_w);
    size_t n_len = 0;
    const WindowLength* lengths = window_lengths(n_len);
    const char* cur_len = lengths[3].label;
    for (size_t k = 0; k < n_len; ++k)
      if (lengths[k].days == t.length_days) cur_len = lengths[k].label;
    ImGui::BeginDisabled(t.mode == TimeMode::Cumulative);
    if (ImGui::BeginCombo("##len", cur_len)) {
      for (size_t k = 0; k < n_len; ++k)
        if (ImGui::Selectable(lengths[k].label, lengths[k].days == t.length_days))
          t.length_days = lengths[k].days;
      ImGui::EndCombo();
    }
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::SetNextItemWidth(mode_w);
    if (ImGui::BeginCombo("##mode", mode_label(t.mode))) {
      for (TimeMode m : {TimeMode::Window, TimeMode::Cumulative, TimeMode::Seasonal})
        if (ImGui::Selectable(mode_label(m), m == t.mode)) t.mode = m;
      ImGui::EndCombo();
    }
    ImGui::SameLine();
    ImGui::SetNextItemWidth(speed_w);
    float months_per_s = d.analysis.play_days_per_second / 30.4f;
    if (ImGui::SliderFloat("##speed", &months_per_s, 0.5f, 24.0f, tr("%.1f mo/s"),
                           ImGuiSliderFlags_Logarithmic))
      d.analysis.play_days_per_second = months_per_s * 30.4f;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("Playback speed: months per second"));
    ImGui::EndDisabled();
  }
  ImGui::End();
  return h + margin;
}

}  // namespace biodash::ui
