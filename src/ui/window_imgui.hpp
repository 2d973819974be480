#pragma once
// The one on-screen ImGui context: a context with the GLFW and OpenGL3 backends on a window,
// for the dashboard window and the kiosk's window (offscreen images: ui/offscreen_imgui.hpp).
// Needs the window's GL 3.3 context current. Fonts are loaded by the caller (ui::load_fonts),
// since the window rescales them.
struct GLFWwindow;

namespace biodash::ui {

class WindowImGui {
 public:
  // Creates the context (no .ini or log file) and starts both backends; throws Error when one
  explicit WindowImGui(GLFWwindow* window);
  ~WindowImGui();
  WindowImGui(const WindowImGui&) = delete;
  WindowImGui& operator=(const WindowImGui&) = delete;

  // Starts a frame: the backends read the window's size and input, then ImGui::NewFrame().
  void new_frame();
  // Draws the frame's draw data (after ImGui::Render()) into the bound framebuffer.
  void draw();

 private:
  bool glfw_ = false;  // GLFW backend started
  bool gl_ = false;    // OpenGL3 backend started
};

}  // namespace biodash::ui
