// Status bar: background jobs with a spinner, cursor position (map CRS and WGS84), counts.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "core/format.hpp"
#include "core/i18n.hpp"
#include "ui/panels.hpp"

namespace biodash::ui {

void draw_status_bar(Workspace& d, UiState& ui, const ScreenRect& r, ImVec2 mouse,
                     bool mouse_on_map) {
  ImGui::SetNextWindowPos(ImVec2(r.x0, r.y0), ImGuiCond_Always);
  ImGui::SetNextWindowSize(ImVec2(r.width(), r.height()), ImGuiCond_Always);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0.0f);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(10 * ui.scale, 5 * ui.scale));
  ImGui::PushStyleColor(ImGuiCol_WindowBg, ImVec4(0.93f, 0.94f, 0.93f, 1.0f));
  const ImGuiWindowFlags flags =
      ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
      ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoFocusOnAppearing;
  ImGui::Begin("##status", nullptr, flags);
  ImGui::AlignTextToFramePadding();

  // Jobs.
  const auto& jobs = d.jobs.active();
  if (!jobs.empty()) {
    // A bar when the first job reports its progress, else a spinner.
    const float p = jobs.front().control ? jobs.front().control->progress.load() : -1.0f;
    if (p >= 0) {
      ImGui::ProgressBar(std::min(p, 1.0f), ImVec2(70 * ui.scale, ImGui::GetTextLineHeight()), "");
    } else {
      spinner(ImGui::GetTextLineHeight() * 0.38f, 2.0f);
    }
    ImGui::SameLine();
    std::string label = jobs.front().label;
    if (jobs.size() > 1) {
      char more[48];
      std::snprintf(more, sizeof more, tr("(+%zu more)"), jobs.size() - 1);
      label += std::string("  ") + more;
    }
    ImGui::TextUnformatted(ellipsize(label, 360 * ui.scale).c_str());
    if (ImGui::IsItemHovered()) {
      std::string all;
      for (const auto& j : jobs) all += j.label + "\n";
      ImGui::SetTooltip("%s", all.c_str());
    }
    ImGui::SameLine();
    const uint64_t first = jobs.front().id;
    if (ImGui::SmallButton(trid("Cancel", "cancel_job").c_str())) d.jobs.cancel(first);
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("%s", tr("Cancel this job (its result is dropped)"));
  } else {
    ImGui::TextDisabled("%s", tr("Ready"));
  }

  // Cursor position.
  // After the jobs (label + Cancel can be wider than 400 px), never over them.
  const float jobs_end = ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x;
  ImGui::SameLine(std::max(jobs_end + 20 * ui.scale, 400 * ui.scale));
  if (mouse_on_map) {
    double mx = 0, my = 0, lon = 0, lat = 0;
    const bool geo = d.cursor_position(mouse.x, mouse.y, mx, my, lon, lat);
    const bool degrees = d.scene.map_crs == "EPSG:4326";
    char buf[160];
    if (degrees) {
      std::snprintf(buf, sizeof buf, "%.5f, %.5f  %s", mx, my, d.scene.map_crs.c_str());
    } else {
      std::snprintf(buf, sizeof buf, "x %s  y %s  %s", format_number(mx, 1).c_str(),
                    format_number(my, 1).c_str(), d.scene.map_crs.c_str());
    }
    ImGui::TextUnformatted(buf);
    if (geo && !degrees) {
      ImGui::SameLine();
      ImGui::TextDisabled("·");
      ImGui::SameLine();
      std::snprintf(buf, sizeof buf, "%.5f°%c  %.5f°%c  WGS 84", std::fabs(lat),
                    lat >= 0 ? 'N' : 'S', std::fabs(lon), lon >= 0 ? 'E' : 'W');
      ImGui::TextUnformatted(buf);
    }
  } else {
    ImGui::TextDisabled("%s", d.scene.map_crs.c_str());
  }

  // The map draws a random sample of the points (the software renderer's point budget).
  if (d.map_sampling.sampled()) {
    ImGui::SameLine();
    ImGui::TextDisabled("·");
    ImGui::SameLine();
    const double pct = 100.0 * static_cast<double>(d.map_sampling.drawn) /
                       static_cast<double>(d.map_sampling.in_window);
    ImGui::TextDisabled(tr("map: %s%% sample of %s points"),
                        format_number(pct, pct < 10 ? 1 : 0).c_str(),
                        with_separators(d.map_sampling.in_window).c_str());
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("%s", tr("Without a graphics card the map draws a random sample of the "
                                 "points, the same every frame; every number, legend and export "
                                 "counts all records. Shorten the time window to see them all."));
  }

  // Counts and frame rate, right-aligned.
  char layers[48], features[64], fps[32], right[192];
  const size_t n = d.scene.layers.size();
  if (n == 1)
    std::snprintf(layers, sizeof layers, "%s", tr("1 layer"));
  else
    std::snprintf(layers, sizeof layers, tr("%zu layers"), n);
  std::snprintf(features, sizeof features, tr("%s features"),
                with_separators(d.feature_count()).c_str());
  std::snprintf(fps, sizeof fps, tr("%.0f fps"), ui.fps);
  std::snprintf(right, sizeof right, "%s · %s · %s", layers, features, fps);
  const float w = ImGui::CalcTextSize(right).x;
  // Right-aligned, but never over what the line already shows (the sample note is long in
  // Dutch).
  const float shown_end = ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x;
  ImGui::SameLine(std::max(shown_end + 20 * ui.scale, ImGui::GetWindowWidth() - w - 12 * ui.scale));
  ImGui::TextDisabled("%s", right);

  ImGui::End();
  ImGui::PopStyleColor();
  ImGui::PopStyleVar(2);
}

}  // namespace biodash::ui
