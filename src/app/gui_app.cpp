// The biodash desktop dashboard: GLFW window, GL 3.3 core context, Dear ImGui panels around a
// full-window map. Heavy work (loading, reprojection, aggregation) runs on worker threads
// owned by ui::Dashboard; this file is only the window, the input and the frame loop.
#include <glad/gl.h>
// glad first: it provides the GL declarations GLFW would otherwise include.
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "app/commands.hpp"
#include "core/error.hpp"
#include "render/headless.hpp"
#include "render/map_renderer.hpp"
#include "ui/dashboard.hpp"
#include "ui/format.hpp"
#include "ui/overlay.hpp"
#include "ui/panels.hpp"

namespace biodash::app {
namespace {

constexpr float kBaseFontPx = 15.0f;     // UI font size at scale 1
constexpr float kWheelZoomStep = 1.25f;  // zoom factor per wheel notch
constexpr float kClickSlopPx = 4.0f;     // a press that moves less than this is a click
constexpr double kSmokeJobWaitS = 60.0;  // smoke test: max wait for background jobs

struct GuiArgs {
  std::vector<std::string> files;        // FILE[:LAYER] specs
  std::string map_crs = kDefaultMapCrs;  // --map-crs
  std::string src_crs;                   // --src-crs
  int smoke_frames = -1;                 // --smoke-frames N (test mode), -1 = interactive
  std::string screenshot;                // --screenshot PATH (with --smoke-frames)
  std::string mapping_dialog;            // --mapping-dialog FILE: open the column mapping
};

// Parses the dashboard's arguments; throws Error on a bad one.
GuiArgs parse_args(int argc, char** argv) {
  GuiArgs a;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    std::string value;
    bool has_value = false;
    if (arg.rfind("--", 0) == 0) {
      const size_t eq = arg.find('=');
      if (eq != std::string::npos) {
        value = arg.substr(eq + 1);
        arg = arg.substr(0, eq);
        has_value = true;
      }
    }
    auto take = [&]() -> std::string {
      if (has_value) return value;
      if (i + 1 >= argc) throw Error("option " + arg + " needs a value");
      return argv[++i];
    };
    if (arg == "--map-crs") {
      a.map_crs = take();
    } else if (arg == "--src-crs") {
      a.src_crs = take();
    } else if (arg == "--smoke-frames") {
      const std::string v = take();
      char* end = nullptr;
      const long n = std::strtol(v.c_str(), &end, 10);
      if (!end || *end || n < 1)
        throw Error("--smoke-frames needs a positive number, got '" + v + "'");
      a.smoke_frames = static_cast<int>(n);
    } else if (arg == "--screenshot") {
      a.screenshot = take();
    } else if (arg == "--mapping-dialog") {
      a.mapping_dialog = take();
    } else if (arg.rfind("--", 0) == 0) {
      throw Error("unknown option " + arg + " (see biodash --help)");
    } else {
      a.files.push_back(arg);
    }
  }
  if (!a.screenshot.empty() && a.smoke_frames < 0) a.smoke_frames = 1;
  return a;
}

// ---- RAII owners for GLFW and ImGui -----------------------------------------------------

struct GlfwLibrary {
  GlfwLibrary() {
    glfwSetErrorCallback([](int code, const char* msg) {
      std::fprintf(stderr, "biodash: GLFW error %d: %s\n", code, msg);
    });
    if (!glfwInit()) throw Error("cannot initialise GLFW (is there a display? try xvfb-run)");
  }
  ~GlfwLibrary() { glfwTerminate(); }
  GlfwLibrary(const GlfwLibrary&) = delete;
  GlfwLibrary& operator=(const GlfwLibrary&) = delete;
};

struct WindowDeleter {
  void operator()(GLFWwindow* w) const { glfwDestroyWindow(w); }
};
using WindowPtr = std::unique_ptr<GLFWwindow, WindowDeleter>;

class ImGuiSession {
 public:
  explicit ImGuiSession(GLFWwindow* w) {
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr;  // fixed layout: nothing to remember
    if (!ImGui_ImplGlfw_InitForOpenGL(w, true)) throw Error("ImGui GLFW backend failed");
    glfw_ = true;
    if (!ImGui_ImplOpenGL3_Init("#version 330 core")) throw Error("ImGui OpenGL3 backend failed");
    gl_ = true;
  }
  ~ImGuiSession() {
    if (gl_) ImGui_ImplOpenGL3_Shutdown();
    if (glfw_) ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
  }
  ImGuiSession(const ImGuiSession&) = delete;
  ImGuiSession& operator=(const ImGuiSession&) = delete;

 private:
  bool glfw_ = false;  // GLFW backend initialised
  bool gl_ = false;    // OpenGL3 backend initialised
};

// What GLFW callbacks report to the frame loop (window user pointer).
struct WindowEvents {
  std::vector<std::string> dropped;  // paths dropped onto the window, not yet opened
  int wake_frames = 3;               // frames to draw before sleeping until the next event
};

WindowEvents* events_of(GLFWwindow* w) {
  return static_cast<WindowEvents*>(glfwGetWindowUserPointer(w));
}

// Installed before ImGui's, which chains to them; they only note that something happened.
void install_callbacks(GLFWwindow* w) {
  glfwSetDropCallback(w, [](GLFWwindow* win, int n, const char** paths) {
    WindowEvents* e = events_of(win);
    for (int i = 0; i < n; ++i) e->dropped.emplace_back(paths[i]);
    e->wake_frames = 3;
  });
  glfwSetCursorPosCallback(
      w, [](GLFWwindow* win, double, double) { events_of(win)->wake_frames = 3; });
  glfwSetMouseButtonCallback(
      w, [](GLFWwindow* win, int, int, int) { events_of(win)->wake_frames = 3; });
  glfwSetScrollCallback(w,
                        [](GLFWwindow* win, double, double) { events_of(win)->wake_frames = 3; });
  glfwSetKeyCallback(w,
                     [](GLFWwindow* win, int, int, int, int) { events_of(win)->wake_frames = 3; });
  glfwSetCharCallback(w, [](GLFWwindow* win, unsigned) { events_of(win)->wake_frames = 3; });
  glfwSetWindowSizeCallback(w, [](GLFWwindow* win, int, int) { events_of(win)->wake_frames = 3; });
  glfwSetWindowRefreshCallback(w, [](GLFWwindow* win) { events_of(win)->wake_frames = 3; });
}

// Reads the back buffer (RGBA8, bottom row first in GL) and writes a top-row-first PNG.
void save_screenshot(const std::string& path, int w, int h) {
  std::vector<uint8_t> px(size_t(w) * h * 4);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadBuffer(GL_BACK);
  glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, px.data());
  std::vector<uint8_t> flipped(px.size());
  const size_t row = size_t(w) * 4;
  for (int y = 0; y < h; ++y) {
    std::memcpy(&flipped[size_t(y) * row], &px[size_t(h - 1 - y) * row], row);
  }
  for (size_t i = 3; i < flipped.size(); i += 4) flipped[i] = 255;  // the window is opaque
  write_png(path, flipped, w, h);
}

// Map navigation and picking with the mouse, when ImGui does not want it.
struct MapInput {
  bool dragging = false;      // left button went down on the map and is held
  bool moved = false;         // the drag went beyond the click slop
  ImVec2 press_pos;           // where the button went down
  ImVec2 last_hover{-1, -1};  // mouse position of the last hover pick
};

void handle_map_input(ui::Dashboard& d, ui::UiState& ui, MapInput& in) {
  ImGuiIO& io = ImGui::GetIO();
  const bool over_ui = io.WantCaptureMouse;
  const ImVec2 mouse = io.MousePos;
  if (!over_ui && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
    in.dragging = true;
    in.moved = false;
    in.press_pos = mouse;
  }
  if (in.dragging) {
    if (ImGui::IsMouseDown(ImGuiMouseButton_Left)) {
      const float dx = mouse.x - in.press_pos.x, dy = mouse.y - in.press_pos.y;
      if (dx * dx + dy * dy > kClickSlopPx * kClickSlopPx) in.moved = true;
      if (in.moved && (io.MouseDelta.x != 0 || io.MouseDelta.y != 0)) {
        d.camera.pan_pixels(io.MouseDelta.x, io.MouseDelta.y);
        d.view_touched = true;
      }
    } else {
      in.dragging = false;
      if (!in.moved) d.select_at(mouse.x, mouse.y);
    }
  }
  if (!over_ui && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) {
    d.camera.zoom_at(mouse.x, mouse.y, 2.0);
    d.view_touched = true;
  }
  if (!over_ui && io.MouseWheel != 0) {
    d.camera.zoom_at(mouse.x, mouse.y, std::pow(kWheelZoomStep, io.MouseWheel));
    d.view_touched = true;
  }
  // Hover: pick again only when the mouse moved (picking is GEOS work, not free).
  if (over_ui || in.dragging || !ImGui::IsMousePosValid()) {
    ui.hover_feature = -1;
    in.last_hover = ImVec2(-1, -1);
  } else if (mouse.x != in.last_hover.x || mouse.y != in.last_hover.y) {
    in.last_hover = mouse;
    const ui::Selection s = d.pick(mouse.x, mouse.y);
    ui.hover_layer = s.layer_id;
    ui.hover_feature = s.feature;
  }
  if (ui.hover_feature >= 0 && !over_ui) ui::draw_hover_tooltip(d, ui);
}

void handle_shortcuts(ui::Dashboard& d, ui::UiState& ui) {
  ImGuiIO& io = ImGui::GetIO();
  if (io.KeyCtrl && ImGui::IsKeyPressed(GLFW_KEY_O, false)) ui.focus_path = true;
  if (io.WantTextInput) return;  // typing in a field: Home/Esc belong to it
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Home), false)) {
    d.view_touched = true;
    d.fit_all();
  }
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false)) d.clear_selection();
}

std::string window_title(const GuiArgs& a, bool demo) {
  if (demo || a.files.empty()) return "biodash — Leiden demo";
  std::string t = "biodash — " + ui::base_name(a.files.front());
  if (a.files.size() > 1) t += " + " + std::to_string(a.files.size() - 1) + " more";
  return t;
}

// A window with a current GL 3.3 core context and the GL functions loaded.
WindowPtr create_window(int w, int h, const std::string& title, int samples) {
  glfwDefaultWindowHints();
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  glfwWindowHint(GLFW_SAMPLES, samples);
  glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);
  WindowPtr window(glfwCreateWindow(w, h, title.c_str(), nullptr, nullptr));
  if (!window) throw Error("cannot create a window with an OpenGL 3.3 core context");
  glfwMakeContextCurrent(window.get());
  if (!load_gl_functions(reinterpret_cast<GlProcLoader>(glfwGetProcAddress))) {
    throw Error("OpenGL 3.3 core is not available");
  }
  return window;
}

// True for Mesa's CPU rasterisers (llvmpipe, softpipe), e.g. under Xvfb.
bool is_software_renderer() {
  const auto* r = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
  return r && (std::strstr(r, "llvmpipe") || std::strstr(r, "softpipe"));
}

}  // namespace

int run_gui(int argc, char** argv) {
  GuiArgs args;
  try {
    args = parse_args(argc, argv);
  } catch (const Error& e) {
    std::fprintf(stderr, "biodash: %s\n", e.what());
    return 2;
  }
  const bool demo = args.files.empty() && args.mapping_dialog.empty();
  if (demo) {
    for (const char* const* f = demo_files(); f && *f; ++f) args.files.emplace_back(*f);
  }
  const bool smoke = args.smoke_frames > 0;

  GlfwLibrary glfw;
  int win_w = 1440, win_h = 900;
  if (const GLFWvidmode* mode = glfwGetVideoMode(glfwGetPrimaryMonitor())) {
    win_w = std::min(win_w, mode->width);
    win_h = std::min(win_h, mode->height);
  }
  const std::string title = window_title(args, demo);
  // 4x MSAA for smooth edges on a GPU; a software rasteriser (llvmpipe) pays ~3x per frame
  // for it, so there the window is made again without.
  WindowPtr window = create_window(win_w, win_h, title, 4);
  if (is_software_renderer()) {
    window.reset();
    window = create_window(win_w, win_h, title, 0);
  }
  WindowEvents events;
  glfwSetWindowUserPointer(window.get(), &events);
  glfwSwapInterval(1);  // vsync
  install_callbacks(window.get());

  // DPI: GLFW's content scale, divided by any framebuffer/window ratio (Retina-style displays
  // already scale the framebuffer, ImGui handles that part).
  float xscale = 1, yscale = 1;
  glfwGetWindowContentScale(window.get(), &xscale, &yscale);
  int fb_w = 0, fb_h = 0, ww = 0, wh = 0;
  glfwGetFramebufferSize(window.get(), &fb_w, &fb_h);
  glfwGetWindowSize(window.get(), &ww, &wh);
  const float fb_ratio = ww > 0 ? float(fb_w) / float(ww) : 1.0f;
  ui::UiState ui;
  ui.scale = std::clamp(xscale / std::max(1.0f, fb_ratio), 1.0f, 4.0f);

  ImGuiSession imgui(window.get());
  ui::load_fonts(std::round(kBaseFontPx * ui.scale));
  ui::apply_theme(ui.scale);

  MapRenderer renderer;
  ui::DashboardOptions opts;
  opts.files = args.files;
  opts.map_crs = args.map_crs;
  opts.src_crs = args.src_crs;
  opts.demo = demo;
  opts.observations_by_extension = true;
  ui::Dashboard dash(opts);
  if (!args.mapping_dialog.empty()) {
    ui::MappingRequest req;
    req.path = args.mapping_dialog;
    req.reason = "Choose the columns that hold the coordinates, date, taxon... and their CRS.";
    ui::open_mapping_dialog(ui, req);
  }
  dash.camera.width = ww;
  dash.camera.height = wh;

  MapInput input;
  int frame = 0;
  double smoke_done_frames_at = -1;
  bool smoke_settled = false;  // one extra frame after the last job before the screenshot
  while (!glfwWindowShouldClose(window.get())) {
    // Sleep until something happens unless work is in flight or the UI is settling.
    if (smoke || dash.jobs.busy() || events.wake_frames > 0 || input.dragging) {
      glfwPollEvents();
    } else {
      glfwWaitEventsTimeout(0.5);
    }
    if (events.wake_frames > 0) --events.wake_frames;
    for (const auto& p : events.dropped) {
      dash.messages.info("Dropped " + p);
      dash.open(p, "");
    }
    events.dropped.clear();
    dash.update();

    glfwGetFramebufferSize(window.get(), &fb_w, &fb_h);
    glfwGetWindowSize(window.get(), &ww, &wh);
    if (fb_w <= 0 || fb_h <= 0) continue;  // minimised
    dash.camera.width = ww;
    dash.camera.height = wh;

    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    const ImGuiIO& io = ImGui::GetIO();
    ui.fps = io.Framerate;  // ImGui's running average over the last frames
    handle_shortcuts(dash, ui);
    const ui::PanelLayout layout = ui::compute_layout(io.DisplaySize, ui);
    ui::draw_left_panel(dash, ui, layout.left);
    ui::draw_selection_panel(dash, ui, layout.right);
    ui::draw_messages_panel(dash, ui, layout.bottom);
    dash.map_rect = ui::free_map_rect(layout, ui);
    const bool mouse_on_map = !io.WantCaptureMouse && ImGui::IsMousePosValid() &&
                              glfwGetWindowAttrib(window.get(), GLFW_HOVERED);
    ui::draw_status_bar(dash, ui, layout.status, io.MousePos, mouse_on_map);
    handle_map_input(dash, ui, input);
    ui::draw_map_overlays(dash, ui);
    ui::draw_mapping_dialog(dash, ui);
    ImGui::Render();

    glViewport(0, 0, fb_w, fb_h);
    dash.render(renderer);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    ++frame;

    if (smoke && frame >= args.smoke_frames) {
      // Let background work finish (still drawing frames) so the screenshot shows the data.
      const double t = glfwGetTime();
      if (smoke_done_frames_at < 0) smoke_done_frames_at = t;
      const bool waited_out = t - smoke_done_frames_at > kSmokeJobWaitS;
      if (!dash.jobs.busy() || waited_out) {
        if (waited_out)
          std::fprintf(stderr, "biodash: smoke test: jobs still running after %.0f s\n",
                       kSmokeJobWaitS);
        if (!args.screenshot.empty()) {
          // One more frame after the jobs' results were applied, then read it back.
          if (!smoke_settled) {
            smoke_settled = true;
            glfwSwapBuffers(window.get());
            continue;
          }
          save_screenshot(args.screenshot, fb_w, fb_h);
          std::printf("biodash: %d frames, screenshot %s (%dx%d)\n", frame, args.screenshot.c_str(),
                      fb_w, fb_h);
        } else {
          std::printf("biodash: %d frames\n", frame);
        }
        break;
      }
    }
    glfwSwapBuffers(window.get());
  }
  dash.release(renderer);
  return 0;
}

}  // namespace biodash::app
