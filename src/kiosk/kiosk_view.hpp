#pragma once
// Draws the kiosk: the current scene's map (MapRenderer) and the ImGui overlay (captions in
// large type, NL | EN toggle, + / − zoom, "start again", story card), and turns ImGui mouse
// input on the map into Controller calls. One frame function for the GLFW window and for the
// headless EGL path (KioskHeadless), so the soak test runs the same code as the screen.
#include <imgui.h>

#include <cstdint>
#include <memory>
#include <vector>

#include "kiosk/kiosk_controller.hpp"
#include "kiosk/kiosk_data.hpp"
#include "render/headless.hpp"
#include "render/map_renderer.hpp"
#include "render/scene.hpp"
#include "ui/offscreen_imgui.hpp"

namespace biodash::kiosk {

// Font size for the kiosk body text: 1/24 of the screen height (45 px at 1080p).
float kiosk_font_px(int height);

class KioskView {
 public:
  // Needs a current GL 3.3 context and an ImGui context with its OpenGL3 backend.
  explicit KioskView(const KioskData& data);
  ~KioskView();  // frees GL objects (GL thread)
  KioskView(const KioskView&) = delete;
  KioskView& operator=(const KioskView&) = delete;

  // Between ImGui::NewFrame() and ImGui::Render(): handles input, draws the map into the
  // bound framebuffer (width x height pixels) and the overlay into ImGui.
  void frame(Controller& c, int width, int height);

  // What the last frame drew (for tests): the point layers drawn and the scene shown.
  struct Drawn {
    size_t scene = 0;                 // controller scene
    bool fallback = false;            // the fallback scene was shown
    std::vector<const Mesh*> points;  // point meshes drawn (visible)
    bool cells = false;               // sensitive cells drawn
    int step = 0;                     // time step
  };
  const Drawn& drawn() const { return drawn_; }
  // Tests: draw without the public points (to compare pixels with and without them).
  void set_points_hidden(bool h) { points_hidden_ = h; }
  static std::vector<Envelope> views(const KioskData& d);
  static std::vector<double> durations(const KioskData& d);

 private:
  void overlay(Controller& c, int width, int height);
  void handle_map_input(Controller& c);

  const KioskData& data_;                  // prepared tour
  std::unique_ptr<MapRenderer> renderer_;  // GL objects
  std::vector<Scene> scenes_;              // one per tour scene (uploaded once, kept)
  std::vector<size_t> first_points_;       // per scene: index of the first year layer
  std::vector<int> step_;                  // per scene: time step whose colours are uploaded
  Drawn drawn_;                            // last frame
  bool press_on_map_ = false;              // left button went down over the map
  float drag_ = 0;                         // pixels dragged since the press
  bool points_hidden_ = false;             // tests only: public points not drawn
};

// The kiosk without any window: EGL context, ImGui context + backend, the view. Input is
// injected into ImGui's IO like a mouse would.
class KioskHeadless {
 public:
  KioskHeadless(const KioskData& data, int width, int height);
  ~KioskHeadless();
  KioskHeadless(const KioskHeadless&) = delete;
  KioskHeadless& operator=(const KioskHeadless&) = delete;

  struct Input {
    float x = -1, y = -1;  // pointer position (-1: none)
    bool down = false;     // left button held
    float wheel = 0;       // wheel clicks (> 0 zooms in)
  };
  // One frame of dt seconds; returns the number of GL errors seen in that frame.
  int frame(Controller& c, double dt, const Input& in);
  std::vector<uint8_t> pixels();  // the last frame, RGBA top row first
  KioskView& view() { return *view_; }

 private:
  HeadlessContext gl_;                         // EGL + FBO
  std::unique_ptr<ui::OffscreenImGui> imgui_;  // its own offscreen ImGui context
  std::unique_ptr<KioskView> view_;            // draws
  int width_, height_;                         // pixels
};

}  // namespace biodash::kiosk
