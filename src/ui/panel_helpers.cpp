// Small drawing helpers shared by the panels.
#include <cctype>
#include <cmath>

#include "ui/panels.hpp"

namespace biodash::ui {

void spinner(float radius, float thickness) {
  const ImVec2 pos = ImGui::GetCursorScreenPos();
  const float h = ImGui::GetTextLineHeight();
  ImGui::Dummy(ImVec2(radius * 2 + 2, h));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 c(pos.x + radius + 1, pos.y + h / 2);
  const float t = static_cast<float>(ImGui::GetTime());
  const float start = std::fmod(t * 6.0f, 2 * 3.14159265f);
  dl->PathClear();
  dl->PathArcTo(c, radius, start, start + 4.4f, 20);
  dl->PathStroke(ImGui::GetColorU32(ImGuiCol_CheckMark), 0, thickness);
}

std::string ellipsize(const std::string& text, float max_width) {
  if (ImGui::CalcTextSize(text.c_str()).x <= max_width) return text;
  const char* dots = "...";
  const float dots_w = ImGui::CalcTextSize(dots).x;
  std::string out = text;
  while (!out.empty() && ImGui::CalcTextSize(out.c_str()).x + dots_w > max_width) {
    out.pop_back();
    // Do not cut a UTF-8 sequence in half.
    while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80) out.pop_back();
    if (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0xC0) out.pop_back();
  }
  return out + dots;
}

}  // namespace biodash::ui
