#include "ui/window_imgui.hpp"

#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include "core/error.hpp"

namespace biodash::ui {

WindowImGui::WindowImGui(GLFWwindow* window) {
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // fixed layouts: nothing to remember
  io.LogFilename = nullptr;
  try {
    if (!ImGui_ImplGlfw_InitForOpenGL(window, true)) throw Error("ImGui GLFW backend failed");
    glfw_ = true;
    if (!ImGui_ImplOpenGL3_Init("#version 330 core")) throw Error("ImGui OpenGL3 backend failed");
    gl_ = true;
  } catch (...) {
    if (glfw_) ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    throw;
  }
}

WindowImGui::~WindowImGui() {
  if (gl_) ImGui_ImplOpenGL3_Shutdown();
  if (glfw_) ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
}

void WindowImGui::new_frame() {
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ImGui::NewFrame();
}

void WindowImGui::draw() {
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

}  // namespace biodash::ui
