#include "ui/offscreen_imgui.hpp"

#include <imgui_impl_opengl3.h>

#include <algorithm>

#include "core/error.hpp"
#include "ui/overlay.hpp"

namespace biodash::ui {

OffscreenImGui::OffscreenImGui(int w, int h, float font_px) : prev_(ImGui::GetCurrentContext()) {
  ctx_ = ImGui::CreateContext();
  ImGui::SetCurrentContext(ctx_);
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  io.LogFilename = nullptr;
  io.DisplaySize = ImVec2(static_cast<float>(w), static_cast<float>(h));
  io.DeltaTime = 1.0f / 60.0f;
  load_fonts(font_px);
  if (!ImGui_ImplOpenGL3_Init("#version 330")) {
    ImGui::DestroyContext(ctx_);
    ImGui::SetCurrentContext(prev_);
    throw Error("ImGui OpenGL3 backend failed to initialise");
  }
  ImGui_ImplOpenGL3_NewFrame();
  ImGui::NewFrame();
}

OffscreenImGui::~OffscreenImGui() {
  ImGui::SetCurrentContext(ctx_);
  if (!rendered_) ImGui::EndFrame();
  ImGui_ImplOpenGL3_Shutdown();
  ImGui::DestroyContext(ctx_);
  ImGui::SetCurrentContext(prev_);
}

void OffscreenImGui::render() {
  ImGui::Render();
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  rendered_ = true;
}

void OffscreenImGui::finish() {
  ImGui::Render();
  rendered_ = true;
  ImGui::SetCurrentContext(prev_);
}

void OffscreenImGui::render_region(int x, int y, int w, int h) {
  ImGui::SetCurrentContext(ctx_);
  ImDrawData* dd = ImGui::GetDrawData();
  const ImVec2 pos = dd->DisplayPos, size = dd->DisplaySize;
  dd->DisplayPos = ImVec2(static_cast<float>(x), static_cast<float>(y));
  dd->DisplaySize = ImVec2(static_cast<float>(w), static_cast<float>(h));
  ImGui_ImplOpenGL3_RenderDrawData(dd);
  dd->DisplayPos = pos;
  dd->DisplaySize = size;
  ImGui::SetCurrentContext(prev_);
}

float image_font_px(int w, int h) {
  return std::clamp(static_cast<float>(std::min(w, h)) / 55.0f, 13.0f, 40.0f);
}

}  // namespace biodash::ui
