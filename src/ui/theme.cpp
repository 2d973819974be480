// Look and layout of the dashboard: light theme and where the panels sit.
#include <algorithm>
#include <cmath>

#include "ui/panels.hpp"
#include "ui/session_ui.hpp"

namespace biodash::ui {

void apply_theme(float scale) {
  ImGui::StyleColorsLight();
  ImGuiStyle& s = ImGui::GetStyle();
  s.WindowRounding = 6;
  s.ChildRounding = 4;
  s.FrameRounding = 4;
  s.PopupRounding = 4;
  s.GrabRounding = 4;
  s.TabRounding = 4;
  s.ScrollbarRounding = 6;
  s.WindowBorderSize = 1;
  s.FrameBorderSize = 0;
  s.WindowPadding = ImVec2(10, 8);
  s.FramePadding = ImVec2(6, 3);
  s.ItemSpacing = ImVec2(8, 5);
  s.ItemInnerSpacing = ImVec2(5, 4);
  s.IndentSpacing = 14;
  s.ScrollbarSize = 12;
  s.WindowTitleAlign = ImVec2(0.0f, 0.5f);

  const ImVec4 accent(0.16f, 0.48f, 0.42f, 1.0f);  // a muted teal green
  ImVec4* c = s.Colors;
  c[ImGuiCol_Text] = ImVec4(0.12f, 0.13f, 0.14f, 1.0f);
  c[ImGuiCol_TextDisabled] = ImVec4(0.45f, 0.47f, 0.48f, 1.0f);
  c[ImGuiCol_WindowBg] = ImVec4(0.985f, 0.985f, 0.98f, 0.97f);
  c[ImGuiCol_ChildBg] = ImVec4(1, 1, 1, 0.0f);
  c[ImGuiCol_PopupBg] = ImVec4(1, 1, 1, 0.98f);
  c[ImGuiCol_Border] = ImVec4(0.0f, 0.0f, 0.0f, 0.12f);
  c[ImGuiCol_FrameBg] = ImVec4(0.92f, 0.93f, 0.92f, 1.0f);
  c[ImGuiCol_FrameBgHovered] = ImVec4(0.86f, 0.90f, 0.88f, 1.0f);
  c[ImGuiCol_FrameBgActive] = ImVec4(0.80f, 0.87f, 0.85f, 1.0f);
  c[ImGuiCol_TitleBg] = ImVec4(0.90f, 0.92f, 0.91f, 1.0f);
  c[ImGuiCol_TitleBgActive] = ImVec4(0.86f, 0.90f, 0.88f, 1.0f);
  c[ImGuiCol_TitleBgCollapsed] = ImVec4(0.90f, 0.92f, 0.91f, 0.9f);
  c[ImGuiCol_CheckMark] = accent;
  c[ImGuiCol_SliderGrab] = ImVec4(accent.x, accent.y, accent.z, 0.8f);
  c[ImGuiCol_SliderGrabActive] = accent;
  c[ImGuiCol_Button] = ImVec4(0.88f, 0.91f, 0.90f, 1.0f);
  c[ImGuiCol_ButtonHovered] = ImVec4(0.76f, 0.86f, 0.83f, 1.0f);
  c[ImGuiCol_ButtonActive] = ImVec4(0.64f, 0.80f, 0.76f, 1.0f);
  c[ImGuiCol_Header] = ImVec4(0.84f, 0.90f, 0.88f, 1.0f);
  c[ImGuiCol_HeaderHovered] = ImVec4(0.76f, 0.86f, 0.83f, 1.0f);
  c[ImGuiCol_HeaderActive] = ImVec4(0.66f, 0.81f, 0.77f, 1.0f);
  c[ImGuiCol_Separator] = ImVec4(0, 0, 0, 0.10f);
  c[ImGuiCol_TableHeaderBg] = ImVec4(0.90f, 0.92f, 0.91f, 1.0f);
  c[ImGuiCol_TableRowBgAlt] = ImVec4(0, 0, 0, 0.03f);
  c[ImGuiCol_TableBorderLight] = ImVec4(0, 0, 0, 0.06f);
  c[ImGuiCol_TableBorderStrong] = ImVec4(0, 0, 0, 0.12f);
  s.ScaleAllSizes(scale);
}

namespace {
float g_top_reserved = 0;  // menu bar height (set_top_reserved)
}  // namespace

void set_top_reserved(float px) {
  g_top_reserved = std::max(0.0f, px);
}
float top_reserved() {
  return g_top_reserved;
}

PanelLayout compute_layout(ImVec2 size, const UiState& ui) {
  const float s = ui.scale;
  const float status_h = std::round(ImGui::GetFrameHeight() + 10 * s);
  const float left_w = std::round(std::min(310 * s, size.x * 0.30f));
  const float right_w = std::round(std::min(280 * s, size.x * 0.26f));
  const float bottom_h = std::round(std::min(150 * s, size.y * 0.25f));
  const float gap = std::round(6 * s);
  PanelLayout l;
  l.status = {0, size.y - status_h, size.x, size.y};
  const float top = g_top_reserved + gap, bottom = l.status.y0 - gap;
  l.left = {gap, top, gap + left_w, bottom};
  l.right = {size.x - gap - right_w, top, size.x - gap, bottom};
  l.bottom = {l.left.x1 + gap, bottom - bottom_h, l.right.x0 - gap, bottom};
  return l;
}

ScreenRect free_map_rect(const PanelLayout& l, const UiState& ui) {
  const float title_h = ImGui::GetFrameHeight();
  ScreenRect r{0, g_top_reserved, l.status.x1, l.status.y0};
  if (!ui.left_collapsed) r.x0 = l.left.x1;
  if (!ui.right_collapsed) r.x1 = l.right.x0;
  r.y1 = ui.bottom_collapsed ? l.bottom.y1 - title_h : l.bottom.y0;
  return r;
}

}  // namespace biodash::ui
