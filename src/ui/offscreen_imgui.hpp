#pragma once
// The one offscreen ImGui context: a private context (own font atlas and OpenGL3 backend) for
// drawing into an offscreen image: the overlays (legend, key, title, scale bar, attribution)
// of the window's exports and site reports and of `biodash render` (one frame), and the
// headless kiosk's frames (a frame after another). The context current before is current
// again afterwards. Needs a current GL 3.3 context. (On-screen: ui/window_imgui.hpp.)
#include <imgui.h>

namespace biodash::ui {

class OffscreenImGui {
 public:
  // A context of w x h pixels with fonts of font_px, its first frame begun unless
  // `begin_frame` is false (then call new_frame()). Throws Error when the OpenGL3 backend
  // cannot start.
  OffscreenImGui(int w, int h, float font_px, bool begin_frame = true);
  ~OffscreenImGui();
  OffscreenImGui(const OffscreenImGui&) = delete;
  OffscreenImGui& operator=(const OffscreenImGui&) = delete;

  ImDrawList* draw_list() { return ImGui::GetForegroundDrawList(); }
  // For frame after frame (the headless kiosk): io() makes the context current and returns its
  // input state to fill; new_frame() starts the next frame of dt seconds (ends an unrendered
  // one); render() ends and draws it. The context stays current until destruction.
  ImGuiIO& io();
  void new_frame(float dt);
  // Ends the frame and draws it into the bound framebuffer.
  void render();
  // For drawing in parts (TiledMapImage): ends the layout and makes the context that was current
  // before current again; render_region() then draws the part (x, y, w, h) of the laid-out image
  // (top-left origin, may reach outside it) into the bound framebuffer of that size.
  void finish();
  void render_region(int x, int y, int w, int h);

 private:
  ImGuiContext* prev_ = nullptr;  // restored on destruction
  ImGuiContext* ctx_ = nullptr;   // ours
  bool in_frame_ = false;         // NewFrame() called, Render() not yet
  int w_, h_;                     // pixels
};

// The font size of exported images and `biodash render`: 13..40 px by the smaller edge.
float image_font_px(int w, int h);

}  // namespace biodash::ui
