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

void text_wrapped_at_spaces(const std::string& text) {
  const float width = ImGui::GetContentRegionAvail().x;
  const float space = ImGui::CalcTextSize(" ").x;
  std::string line;
  float line_w = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find(' ', pos);
    if (end == std::string::npos) end = text.size();
    const std::string word = text.substr(pos, end - pos);
    const float w = ImGui::CalcTextSize(word.c_str()).x;
    if (!line.empty() && line_w + space + w > width) {
      ImGui::TextUnformatted(line.c_str());
      line.clear();
      line_w = 0;
    }
    if (!line.empty()) {
      line += ' ';
      line_w += space;
    }
    line += word;
    line_w += w;
    pos = end + 1;
  }
  if (!line.empty()) ImGui::TextUnformatted(line.c_str());
}

}  // namespace biodash::ui
