#include "ui/offscreen_imgui.hpp"

#include <imgui_impl_opengl3.h>

#include <algorithm>

#include "core/error.hpp"
#include "ui/overlay.hpp"

namespace biodash::ui {

OffscreenImGui::OffscreenImGui(int w, int h, float font_px, bool begin_frame)
    : prev_(ImGui::GetCurrentContext()), w_(w), h_(h) {
  ctx_ = ImGui::CreateContext();
  ImGui::SetCurrentContext(ctx_);
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  io.LogFilename = nullptr;
  io.DisplaySize = ImVec2(static_cast<float>(w), static_cast<float>(h));
  load_fonts(font_px);
  if (!ImGui_ImplOpenGL3_Init("#version 330")) {
    ImGui::DestroyContext(ctx_);
    ImGui::SetCurrentContext(prev_);
    throw Error("ImGui OpenGL3 backend failed to initialise");
  }
  if (begin_frame) new_frame(1.0f / 60.0f);
}

ImGuiIO& OffscreenImGui::io() {
  ImGui::SetCurrentContext(ctx_);
  return ImGui::GetIO();
}

void OffscreenImGui::new_frame(float dt) {
  ImGui::SetCurrentContext(ctx_);
  if (in_frame_) ImGui::EndFrame();
  ImGuiIO& io = ImGui::GetIO();
  io.DisplaySize = ImVec2(static_cast<float>(w_), static_cast<float>(h_));
  io.DeltaTime = std::max(dt, 1e-4f);
  ImGui_ImplOpenGL3_NewFrame();
  ImGui::NewFrame();
  in_frame_ = true;
}

OffscreenImGui::~OffscreenImGui() {
  ImGui::SetCurrentContext(ctx_);
  if (in_frame_) ImGui::EndFrame();
  ImGui_ImplOpenGL3_Shutdown();
  ImGui::DestroyContext(ctx_);
  ImGui::SetCurrentContext(prev_);
}

void OffscreenImGui::render() {
  ImGui::SetCurrentContext(ctx_);
  ImGui::Render();
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  in_frame_ = false;
}

void OffscreenImGui::finish() {
  ImGui::SetCurrentContext(ctx_);
  ImGui::Render();
  in_frame_ = false;
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
