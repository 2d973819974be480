// Bottom panel: what happened (load reports, aggregation results) and what went wrong.
#include <algorithm>
#include <cstdio>
#include <string>

#include "core/i18n.hpp"
#include "ui/panels.hpp"

namespace biodash::ui {
namespace {

ImVec4 level_color(MsgLevel l) {
  switch (l) {
    case MsgLevel::Error:
      return ImVec4(0.78f, 0.12f, 0.10f, 1.0f);
    case MsgLevel::Warning:
      return ImVec4(0.66f, 0.40f, 0.0f, 1.0f);
    default:
      return ImGui::GetStyleColorVec4(ImGuiCol_Text);
  }
}

const char* level_tag(MsgLevel l) {
  switch (l) {
    case MsgLevel::Error:
      return tr("error");
    case MsgLevel::Warning:
      return tr("warning");
    default:
      return tr("info");
  }
}

}  // namespace

void draw_messages_panel(Workspace& d, UiState& ui, const ScreenRect& r) {
  const uint64_t rev = d.messages.snapshot(ui.messages_revision, ui.messages_cache);
  if (rev != ui.messages_revision) {
    ui.messages_revision = rev;
    ui.messages_scroll = true;
  }
  size_t errors = 0, warnings = 0;
  for (const auto& m : ui.messages_cache) {
    errors += m.level == MsgLevel::Error;
    warnings += m.level == MsgLevel::Warning;
  }
  // "Messages · 2 errors, 1 warning" (the ###id keeps the window when the text changes).
  std::string title = tr("Messages");
  if (errors || warnings) {
    char e[64], w[64];
    if (errors == 1)
      std::snprintf(e, sizeof e, "%s", tr("1 error"));
    else
      std::snprintf(e, sizeof e, tr("%zu errors"), errors);
    if (warnings == 1)
      std::snprintf(w, sizeof w, "%s", tr("1 warning"));
    else
      std::snprintf(w, sizeof w, tr("%zu warnings"), warnings);
    title += std::string("  ·  ") + e + ", " + w;
  }
  title += "###messages";
  ImGui::SetNextWindowPos(ImVec2(r.x0, r.y0), ImGuiCond_Always);
  ImGui::SetNextWindowSize(ImVec2(r.width(), r.height()), ImGuiCond_Always);
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                                 ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoScrollbar;
  const bool visible = ImGui::Begin(title.c_str(), nullptr, flags);
  ui.bottom_collapsed = ImGui::IsWindowCollapsed();
  if (visible) {
    const float clear_w = ImGui::CalcTextSize(tr("Clear")).x + 2 * ImGui::GetStyle().FramePadding.x;
    ImGui::BeginChild("##log", ImVec2(ImGui::GetContentRegionAvail().x - clear_w - 8, 0), false,
                      ImGuiWindowFlags_HorizontalScrollbar);
    // The tags ("info", "warning"/"let op", "error"/"fout") in one column, whatever the language.
    float tag_w = 0;
    for (MsgLevel l : {MsgLevel::Info, MsgLevel::Warning, MsgLevel::Error})
      tag_w = std::max(tag_w, ImGui::CalcTextSize(level_tag(l)).x);
    tag_w += ImGui::GetStyle().ItemSpacing.x;
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(ui.messages_cache.size()));
    while (clipper.Step()) {
      for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
        const Message& m = ui.messages_cache[i];
        ImGui::TextDisabled("%6.1fs", m.time_s);
        ImGui::SameLine();
        const float tag_x = ImGui::GetCursorPosX();
        ImGui::PushStyleColor(ImGuiCol_Text, level_color(m.level));
        ImGui::TextUnformatted(level_tag(m.level));
        ImGui::SameLine(tag_x + tag_w);
        ImGui::TextUnformatted(m.text.c_str());
        ImGui::PopStyleColor();
        if (ImGui::IsItemHovered()) {
          if (ImGui::GetItemRectMax().x > ImGui::GetWindowPos().x + ImGui::GetWindowWidth()) {
            ImGui::BeginTooltip();
            ImGui::PushTextWrapPos(ImGui::GetFontSize() * 40);
            ImGui::TextUnformatted(m.text.c_str());
            ImGui::PopTextWrapPos();
            ImGui::EndTooltip();
          }
          if (ImGui::IsMouseClicked(ImGuiMouseButton_Right))
            ImGui::SetClipboardText(m.text.c_str());
        }
      }
    }
    if (ui.messages_scroll) {
      ImGui::SetScrollHereY(1.0f);
      ui.messages_scroll = false;
    }
    ImGui::EndChild();
    ImGui::SameLine();
    if (ImGui::Button(trid("Clear", "clear").c_str())) d.messages.clear();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("Right-click a message to copy it"));
  }
  ImGui::End();
}

}  // namespace biodash::ui
