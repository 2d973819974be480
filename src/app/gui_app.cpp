// The biodash desktop dashboard: GLFW window, GL 3.3 core context, Dear ImGui panels around a
// full-window map. Heavy work (loading, reprojection, aggregation) runs on worker threads
// owned by Workspace; this file is only the window, the input and the frame loop.
#include <glad/gl.h>
// glad first: it provides the GL declarations GLFW would otherwise include.
#include <GLFW/glfw3.h>
#include <imgui.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "app/cli_args.hpp"
#include "app/commands.hpp"
#include "app/frame_bench.hpp"
#include "app/gui_script.hpp"
#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/format.hpp"
#include "core/i18n.hpp"
#include "core/session.hpp"
#include "io/gdal_dataset.hpp"
#include "render/headless.hpp"
#include "render/map_renderer.hpp"
#include "ui/overlay.hpp"
#include "ui/panels.hpp"
#include "ui/session_ui.hpp"
#include "ui/window_imgui.hpp"
#include "workspace/ui_script.hpp"
#include "workspace/workspace.hpp"

namespace biodash::app {
namespace {

constexpr float kBaseFontPx = 15.0f;            // UI font size at scale 1
constexpr float kWheelZoomStep = 1.25f;         // zoom factor per wheel notch
constexpr float kClickSlopPx = 4.0f;            // a press that moves less than this is a click
constexpr size_t kSoftwarePointBudget = 30000;  // points per layer and frame on llvmpipe
constexpr double kSmokeJobWaitS = 60.0;         // smoke test: max wait for background jobs
constexpr double kQuitGraceS = 3.0;             // quitting: max wait for workers to stop

struct GuiArgs {
  std::vector<std::string> files;         // FILE[:LAYER] specs
  std::string map_crs = kDefaultMapCrs;   // --map-crs
  std::string src_crs;                    // --src-crs
  int smoke_frames = -1;                  // --smoke-frames N (test mode), -1 = interactive
  std::string screenshot;                 // --screenshot PATH (with --smoke-frames)
  std::string mapping_dialog;             // --mapping-dialog FILE: open the column mapping
  std::string lang;                       // --lang nl|en ("" = the session's, else English)
  std::string session;                    // --session FILE: open a saved view at start
  std::string script;                     // --script FILE: scripted UI test mode
  int bench_frames = -1;                  // --bench-frames N: frame-time benchmark
  std::vector<std::string> observations;  // --observations FILE (read as observations)
  bool help = false;                      // --help: usage printed, nothing opened
  bool allow_network = false;             // --allow-network: Settings' network access on
  std::string basemap;                    // --basemap FILE|preset:NAME under the layers
};

// Parses the dashboard's arguments; throws Error on a bad one.
GuiArgs parse_args(int argc, char** argv) {
  GuiArgs a;
  std::string smoke, bench, error;
  ArgParser args;
  args.value({"--map-crs"}, &a.map_crs)
      .value({"--src-crs"}, &a.src_crs)
      .value({"--smoke-frames"}, &smoke)
      .value({"--bench-frames"}, &bench)
      .value({"--lang"}, &a.lang)
      .value({"--session"}, &a.session)
      .value({"--script"}, &a.script)
      .list({"--observations"}, &a.observations)
      .value({"--screenshot"}, &a.screenshot)
      .value({"--mapping-dialog"}, &a.mapping_dialog)
      .flag({"--allow-network"}, &a.allow_network)
      .value({"--basemap"}, &a.basemap)
      .positionals(&a.files);
  switch (args.parse(argc, argv, error)) {
    case ArgsResult::Help:
      a.help = true;
      return a;
    case ArgsResult::Error:
      throw Error(error + " (see biodash --help)");
    case ArgsResult::Ok:
      break;
  }
  if (!smoke.empty())
    a.smoke_frames = static_cast<int>(parse_whole("--smoke-frames", smoke, 1, 100000000));
  if (!bench.empty())
    a.bench_frames = static_cast<int>(parse_whole("--bench-frames", bench, 1, 100000000));
  Language l;
  if (!a.lang.empty() && !parse_language(a.lang, l))
    throw Error("--lang needs nl or en, got '" + a.lang + "'");
  if (!a.screenshot.empty() && a.smoke_frames < 0) a.smoke_frames = 1;
  if (!a.script.empty() && (a.smoke_frames > 0 || a.bench_frames > 0))
    throw Error("--script cannot be combined with --smoke-frames/--bench-frames");
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

void handle_map_input(Workspace& d, ui::UiState& ui, MapInput& in) {
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
    const Selection s = d.pick(mouse.x, mouse.y);
    ui.hover_layer = s.layer_id;
    ui.hover_feature = s.feature;
  }
  if (ui.hover_feature >= 0 && !over_ui) ui::draw_hover_tooltip(d, ui);
}

void handle_shortcuts(Workspace& d, ui::UiState& ui) {
  ImGuiIO& io = ImGui::GetIO();
  if (io.KeyCtrl && !io.KeyShift && ImGui::IsKeyPressed(GLFW_KEY_O, false)) ui.focus_path = true;
  if (io.WantTextInput) return;  // typing in a field: Home/Esc belong to it
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Home), false)) {
    d.view_touched = true;
    d.fit_all();
  }
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false)) d.clear_selection();
}

std::string window_title(const GuiArgs& a, bool demo) {
  if (demo || a.files.empty()) return tr("biodash — Leiden demo");
  std::string t = "biodash — " + base_name(a.files.front());
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

// Switches between a window and fullscreen on the monitor the window is on (F11).
struct Fullscreen {
  bool on = false;
  int x = 0, y = 0, w = 1440, h = 900;  // windowed placement to return to

  void toggle(GLFWwindow* win) {
    GLFWmonitor* mon = glfwGetPrimaryMonitor();
    const GLFWvidmode* mode = mon ? glfwGetVideoMode(mon) : nullptr;
    if (!mode) return;
    if (!on) {
      glfwGetWindowPos(win, &x, &y);
      glfwGetWindowSize(win, &w, &h);
      glfwSetWindowMonitor(win, mon, 0, 0, mode->width, mode->height, mode->refreshRate);
    } else {
      glfwSetWindowMonitor(win, nullptr, x, y, w, h, 0);
    }
    on = !on;
  }
};

}  // namespace

int run_gui(int argc, char** argv) {
  GuiArgs args;
  std::vector<ScriptCommand> script;
  Session start_session;
  bool have_session = false;
  try {
    args = parse_args(argc, argv);
    if (args.help) {
      print_usage();
      return 0;
    }
    if (!args.script.empty()) script = load_script(args.script);
    if (!args.session.empty()) {
      start_session = load_session_file(args.session);
      have_session = true;
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "biodash: %s\n", e.what());
    return 2;
  }
  // Start language: --lang, else the session's, else English.
  {
    Language l = Language::English;
    if (have_session) parse_language(start_session.language, l);
    if (!args.lang.empty()) parse_language(args.lang, l);
    set_language(l);
  }
  // No files: the demo, unless a session brings its own layers (a session saved from the demo,
  // whose layers are all demo files, starts the demo: its styling and arrangement).
  bool session_is_demo = true;
  if (have_session) {
    for (const SessionLayer& l : start_session.layers) {
      bool found = false;
      for (const char* const* f = demo_files(); f && *f && !found; ++f) found = l.spec == *f;
      session_is_demo = session_is_demo && found;
    }
  }
  const bool demo = args.files.empty() && args.mapping_dialog.empty() && session_is_demo;
  if (demo) {
    for (const char* const* f = demo_files(); f && *f; ++f) args.files.emplace_back(*f);
  }
  const bool smoke = args.smoke_frames > 0;
  const bool scripted = !args.script.empty();
  const bool bench = args.bench_frames > 0;
  const bool unattended = smoke || scripted || bench;  // never sleep waiting for input

  GlfwLibrary glfw;
  int win_w = 1440, win_h = 900;
  if (const GLFWvidmode* mode = glfwGetVideoMode(glfwGetPrimaryMonitor())) {
    win_w = std::min(win_w, mode->width);
    win_h = std::min(win_h, mode->height);
  }
  std::string title = window_title(args, demo);
  // 4x MSAA for smooth edges on a GPU; a software rasteriser (llvmpipe) pays ~3x per frame
  // for it, so there the window is made again without.
  WindowPtr window = create_window(win_w, win_h, title, 4);
  if (is_software_renderer()) {
    window.reset();
    window = create_window(win_w, win_h, title, 0);
  }
  WindowEvents events;
  glfwSetWindowUserPointer(window.get(), &events);
  glfwSwapInterval(bench ? 0 : 1);  // vsync (the benchmark measures CPU time without it)
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

  ui::WindowImGui imgui(window.get());
  ui::load_fonts(std::round(kBaseFontPx * ui.scale));
  ui::apply_theme(ui.scale);

  MapRenderer renderer;
  // A software rasteriser spends CPU time and binning memory on every point: at most a random
  // sample of about this many per point layer and frame (the status bar says so). A GPU draws
  // them all. Exports always draw every point.
  if (is_software_renderer()) renderer.set_point_budget(kSoftwarePointBudget);
  WorkspaceOptions opts;
  opts.files = args.files;
  opts.map_crs = have_session && args.map_crs == kDefaultMapCrs && !start_session.map_crs.empty()
                     ? start_session.map_crs
                     : args.map_crs;
  opts.src_crs = args.src_crs;
  opts.demo = demo;
  opts.observations_by_extension = true;
  set_network_allowed(args.allow_network);  // before the first file opens (workers)
  Workspace dash(opts);
  for (const std::string& f : args.observations) dash.open_observations(f);
  ui::ShellState shell;
  ui::init_shell(dash, shell);
  if (have_session) ui::open_view(dash, shell, args.session);
  if (!args.basemap.empty()) dash.basemap.source = args.basemap;  // over the session's
  if (!args.mapping_dialog.empty()) {
    MappingRequest req;
    req.path = args.mapping_dialog;
    req.reason = tr("Choose the columns that hold the coordinates, date, taxon… and their CRS.");
    ui::open_mapping_dialog(ui, req);
  }
  dash.camera.width = ww;
  dash.camera.height = wh;

  std::unique_ptr<ScriptRunner> runner;
  if (scripted) runner = std::make_unique<ScriptRunner>(args.script, std::move(script));
  std::unique_ptr<FrameBench> bencher;
  if (bench) bencher = std::make_unique<FrameBench>(args.bench_frames);

  MapInput input;
  Fullscreen fullscreen;
  Language title_language = language();
  int frame = 0;
  double smoke_done_frames_at = -1;
  bool smoke_settled = false;  // one extra frame after the last job before the screenshot
  int exit_code = 0;
  while (!glfwWindowShouldClose(window.get()) && !shell.quit) {
    const auto frame_start = std::chrono::steady_clock::now();
    // Sleep until something happens unless work is in flight or the UI is settling.
    if (unattended || dash.jobs.busy() || dash.basemap_busy() || shell.drawing ||
        !shell.pending.empty() || events.wake_frames > 0 || input.dragging ||
        dash.analysis.playing) {
      glfwPollEvents();
    } else {
      glfwWaitEventsTimeout(0.5);
    }
    if (events.wake_frames > 0) --events.wake_frames;
    for (const auto& p : events.dropped) {
      char msg[1200];
      std::snprintf(msg, sizeof msg, tr("Dropped %s"), p.c_str());
      dash.messages.info(msg);
      dash.open(p, "");
    }
    events.dropped.clear();
    // While a map image is drawn tile by tile the scene must stay as it is: updates (finished
    // jobs, the playing time slider) wait until the last tile, a few frames.
    const bool exporting = shell.drawing != nullptr;
    if (!exporting) dash.update();
    const auto updated_at = std::chrono::steady_clock::now();

    // Work that draws offscreen with GL runs here, outside the ImGui frame.
    ui::run_pending(dash, renderer, shell);
    if (runner) {
      runner->step(dash, shell);
      if (runner->done()) {
        exit_code = runner->failed() ? 1 : 0;
        if (!runner->failed()) std::printf("biodash: script %s done\n", args.script.c_str());
        break;
      }
    }
    if (bencher) {
      bencher->step(dash);
      if (bencher->done()) {
        exit_code = bencher->failed() ? 1 : 0;
        break;
      }
    }
    if (shell.toggle_fullscreen) {
      shell.toggle_fullscreen = false;
      fullscreen.toggle(window.get());
      shell.fullscreen = fullscreen.on;
    }
    if (language() != title_language) {
      title_language = language();
      title = window_title(args, demo);
      glfwSetWindowTitle(window.get(), title.c_str());
    }

    glfwGetFramebufferSize(window.get(), &fb_w, &fb_h);
    glfwGetWindowSize(window.get(), &ww, &wh);
    if (fb_w <= 0 || fb_h <= 0) continue;  // minimised
    dash.camera.width = ww;
    dash.camera.height = wh;

    imgui.new_frame();
    const ImGuiIO& io = ImGui::GetIO();
    ui.fps = io.Framerate;  // ImGui's running average over the last frames
    if (!exporting) {
      handle_shortcuts(dash, ui);
      ui::handle_shell_shortcuts(dash, shell);
    }
    ui::draw_menu_bar(dash, shell);
    ui::set_top_reserved(shell.menu_height);
    const ui::PanelLayout layout = ui::compute_layout(io.DisplaySize, ui);
    ui::draw_left_panel(dash, ui, layout.left);
    ui::draw_selection_panel(dash, ui, layout.right);
    ui::draw_messages_panel(dash, ui, layout.bottom);
    dash.map_rect = ui::free_map_rect(layout, ui);
    dash.map_rect.y1 -= ui::draw_time_bar(dash, ui, dash.map_rect);
    const bool mouse_on_map = !io.WantCaptureMouse && ImGui::IsMousePosValid() &&
                              glfwGetWindowAttrib(window.get(), GLFW_HOVERED);
    ui::draw_status_bar(dash, ui, layout.status, io.MousePos, mouse_on_map);
    if (!exporting) handle_map_input(dash, ui, input);
    ui::draw_map_overlays(dash, ui);
    ui::draw_mapping_dialog(dash, ui);
    ui::draw_shell_dialogs(dash, shell);
    ImGui::Render();
    const auto ui_built_at = std::chrono::steady_clock::now();

    glViewport(0, 0, fb_w, fb_h);
    dash.render(renderer);
    imgui.draw();
    ++frame;

    if (runner && !runner->screenshot().empty()) {
      try {
        save_screenshot(runner->screenshot(), fb_w, fb_h);
      } catch (const std::exception& e) {
        std::fprintf(stderr, "biodash: script %s: %s\n", args.script.c_str(), e.what());
        exit_code = 1;
        break;
      }
      runner->screenshot_taken();
    }

    if (smoke && frame >= args.smoke_frames) {
      // Let background work finish (still drawing frames) so the screenshot shows the data.
      const double t = glfwGetTime();
      if (smoke_done_frames_at < 0) smoke_done_frames_at = t;
      const bool waited_out = t - smoke_done_frames_at > kSmokeJobWaitS;
      if (!dash.jobs.busy() || waited_out) {
        if (waited_out) {  // a smoke test that did not settle has failed
          std::fprintf(stderr, "biodash: smoke test: jobs still running after %.0f s\n",
                       kSmokeJobWaitS);
          exit_code = 1;
        }
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
    if (bencher && bencher->measuring()) {
      const std::chrono::duration<double, std::milli> cpu =
          std::chrono::steady_clock::now() - frame_start;
      glFinish();  // and with the GL work of the frame done (llvmpipe: that is CPU work too)
      const std::chrono::duration<double, std::milli> all =
          std::chrono::steady_clock::now() - frame_start;
      using ms_t = std::chrono::duration<double, std::milli>;
      bencher->frame_done(
          cpu.count(), all.count(), dash,
          {ms_t(updated_at - frame_start).count(), ms_t(ui_built_at - updated_at).count(),
           ms_t(std::chrono::steady_clock::now() - ui_built_at).count() -
               (all.count() - cpu.count())});
    }
    glfwSwapBuffers(window.get());
  }
  dash.release(renderer);
  // Quitting never waits on a worker stuck in I/O (a slow disk, a hung network share): after
  // a short grace its temporary files are removed and the process ends without joining it.
  if (!dash.jobs.stop_all(kQuitGraceS)) {
    std::fprintf(stderr, "biodash: quitting while a background job is still busy\n");
    remove_unfinished_temp_files();
    std::fflush(nullptr);
    std::_Exit(exit_code);
  }
  return exit_code;
}

}  // namespace biodash::app
