// `biodash --kiosk TOUR_FILE`: the public display mode for Naturalis (issue #7). Full screen on
// the chosen monitor, no decorations, no dialogs, no quit except the key chord; cursor hidden
// when idle. `--headless` renders the same frames without a display (soak runs, screenshots).
#include <GLFW/glfw3.h>
#include <imgui.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <memory>
#include <string>

#include "app/cli_args.hpp"
#include "app/commands.hpp"
#include "core/error.hpp"
#include "kiosk/kiosk_controller.hpp"
#include "kiosk/kiosk_data.hpp"
#include "kiosk/kiosk_tour.hpp"
#include "kiosk/kiosk_view.hpp"
#include "render/headless.hpp"
#include "render/map_renderer.hpp"
#include "ui/overlay.hpp"
#include "ui/window_imgui.hpp"

namespace biodash::app {

namespace {

using namespace biodash::kiosk;

constexpr const char* kUsage =
    "usage: biodash --kiosk TOUR_FILE [--monitor N] [--quit-chord CHORD] [--window WxH]\n"
    "       biodash --kiosk TOUR_FILE --headless [--size WxH] [--frames N] [--shots DIR]\n"
    "  Public display mode: full screen on monitor N (default: the primary one), the tour\n"
    "  from TOUR_FILE (see data/tours/README.md). Quits only on the key chord (default\n"
    "  ctrl+shift+q, or quit_chord in the tour). --window: a decorated window instead\n"
    "  (testing). --headless: no display; --frames N runs N frames of 1/30 s; --shots DIR\n"
    "  writes kiosk_<scene>_<nl|en>.png for every scene (and kiosk_card_<lang>.png).\n";

struct Args {
  std::string tour;                 // tour file
  int monitor = -1;                 // -1: primary
  std::string quit_chord;           // overrides the tour's
  int win_w = 0, win_h = 0;         // --window size (0: full screen)
  bool headless = false;            // no display
  int width = 1920, height = 1080;  // headless size
  long frames = 0;                  // headless frames
  std::string shots;                // headless screenshot folder
};

Args parse(int argc, char** argv) {
  Args a;
  std::string monitor, window, size, frames, error;
  ArgParser args;
  args.value({"--kiosk"}, &a.tour)
      .value({"--monitor"}, &monitor)
      .value({"--quit-chord"}, &a.quit_chord)
      .value({"--window"}, &window)
      .value({"--size"}, &size)
      .flag({"--headless"}, &a.headless)
      .value({"--frames"}, &frames)
      .value({"--shots"}, &a.shots);
  switch (args.parse(argc, argv, error)) {
    case ArgsResult::Help:
      std::fputs(kUsage, stdout);
      std::exit(0);
    case ArgsResult::Error:
      throw Error(error);
    case ArgsResult::Ok:
      break;
  }
  if (!monitor.empty()) a.monitor = static_cast<int>(parse_whole("--monitor", monitor, 0, 63));
  if (!a.quit_chord.empty()) parse_chord(a.quit_chord);
  if (!window.empty()) parse_size("--window", window, 64, 8192, a.win_w, a.win_h);
  if (!size.empty()) parse_size("--size", size, 64, 8192, a.width, a.height);
  if (!frames.empty()) a.frames = parse_whole("--frames", frames, 0, 100000000);
  if (a.tour.empty()) throw Error("--kiosk needs a tour file");
  return a;
}

std::string demo_gpkg() {
  for (const char* const* f = demo_files(); f != nullptr && *f != nullptr; ++f) {
    const std::string s = *f;
    const size_t p = s.find(".gpkg:");
    if (p != std::string::npos) return s.substr(0, p + 5);
  }
  return {};
}

ControllerOptions options(const Tour& t) {
  ControllerOptions o;
  o.idle_s = t.idle_s;
  o.transition_s = t.transition_s;
  return o;
}

int run_headless(const Args& a, const KioskData& data) {
  Controller c(KioskView::views(data), KioskView::durations(data), options(data.tour()));
  KioskHeadless k(data, a.width, a.height);
  const double dt = 1.0 / 30.0;
  int errors = 0;
  for (long f = 0; f < a.frames; ++f) errors += k.frame(c, dt, {});
  if (!a.shots.empty()) {
    for (const Lang lang : {Lang::Nl, Lang::En}) {
      const char* tag = lang == Lang::Nl ? "nl" : "en";
      Controller s(KioskView::views(data), KioskView::durations(data), options(data.tour()));
      s.set_language(lang);
      for (size_t i = 0; i < data.scenes().size(); ++i) {
        // Play into scene i until its time animation is 80 % through, camera settled.
        while (s.scene() != i || s.mode() != Mode::Tour || s.scene_progress() < 0.8) s.tick(0.25);
        errors += k.frame(s, 1.0 / 30.0, {});
        errors += k.frame(s, 1.0 / 30.0, {});
        const std::string out = a.shots + "/kiosk_" + std::to_string(i + 1) + "_" + tag + ".png";
        write_png(out, k.pixels(), a.width, a.height);
        std::fprintf(stderr, "wrote %s\n", out.c_str());
        if (data.scenes()[i].sites >= 0 && !data.stories().empty()) {
          s.open_card(0);
          errors += k.frame(s, 1.0 / 30.0, {});
          const std::string card = a.shots + "/kiosk_card_" + tag + ".png";
          write_png(card, k.pixels(), a.width, a.height);
          std::fprintf(stderr, "wrote %s\n", card.c_str());
          s.close_card();
        }
      }
    }
  }
  std::fprintf(stderr, "kiosk: %ld frames, %d GL errors\n", a.frames, errors);
  return errors == 0 ? 0 : 2;
}

struct KioskWindowState {
  KeyChord chord;        // quit chord
  bool quit = false;     // chord pressed
  double last_move = 0;  // glfwGetTime of the last pointer movement
};

bool chord_key_matches(const KeyChord& k, int key) {
  if (k.key.size() == 1) {
    const char ch = static_cast<char>(std::toupper(static_cast<unsigned char>(k.key[0])));
    return key == ch;  // GLFW_KEY_A.. and GLFW_KEY_0.. are ASCII
  }
  if (k.key == "escape") return key == GLFW_KEY_ESCAPE;
  if (k.key[0] == 'f') return key == GLFW_KEY_F1 + std::atoi(k.key.c_str() + 1) - 1;
  return false;
}

int run_window(const Args& a, const KioskData& data, const KeyChord& chord) {
  glfwSetErrorCallback([](int code, const char* msg) {
    std::fprintf(stderr, "kiosk: GLFW error %d: %s\n", code, msg);
  });
  if (!glfwInit()) throw Error("cannot initialise GLFW (no display?)");
  struct Term {
    ~Term() { glfwTerminate(); }
  } term;
  GLFWmonitor* monitor = glfwGetPrimaryMonitor();
  int count = 0;
  GLFWmonitor** monitors = glfwGetMonitors(&count);
  if (a.monitor >= 0 && a.monitor < count) monitor = monitors[a.monitor];
  if (a.monitor >= count)
    std::fprintf(stderr, "kiosk: no monitor %d, using the primary\n", a.monitor);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  glfwWindowHint(GLFW_SAMPLES, 4);
  GLFWwindow* win = nullptr;
  if (a.win_w > 0) {
    win = glfwCreateWindow(a.win_w, a.win_h, "biodash kiosk", nullptr, nullptr);
  } else {
    const GLFWvidmode* mode = monitor ? glfwGetVideoMode(monitor) : nullptr;
    glfwWindowHint(GLFW_DECORATED, GLFW_FALSE);
    glfwWindowHint(GLFW_AUTO_ICONIFY, GLFW_FALSE);  // stay up when focus goes elsewhere
    if (mode) {
      glfwWindowHint(GLFW_REFRESH_RATE, mode->refreshRate);
      win = glfwCreateWindow(mode->width, mode->height, "biodash kiosk", monitor, nullptr);
    } else {
      win = glfwCreateWindow(1920, 1080, "biodash kiosk", nullptr, nullptr);
    }
  }
  if (win == nullptr) throw Error("cannot create the kiosk window (OpenGL 3.3)");
  glfwMakeContextCurrent(win);
  if (!load_gl_functions(reinterpret_cast<GlProcLoader>(glfwGetProcAddress)))
    throw Error("OpenGL 3.3 core is not available");
  glfwSwapInterval(1);
  KioskWindowState st{chord, false, glfwGetTime()};
  glfwSetWindowUserPointer(win, &st);
  // Installed before ImGui's backend, which chains to them.
  glfwSetKeyCallback(win, [](GLFWwindow* w, int key, int, int action, int mods) {
    auto* s = static_cast<KioskWindowState*>(glfwGetWindowUserPointer(w));
    if (action != GLFW_PRESS) return;
    const KeyChord& k = s->chord;
    if (chord_key_matches(k, key) && k.ctrl == ((mods & GLFW_MOD_CONTROL) != 0) &&
        k.shift == ((mods & GLFW_MOD_SHIFT) != 0) && k.alt == ((mods & GLFW_MOD_ALT) != 0)) {
      s->quit = true;
    }
  });
  glfwSetCursorPosCallback(win, [](GLFWwindow* w, double, double) {
    static_cast<KioskWindowState*>(glfwGetWindowUserPointer(w))->last_move = glfwGetTime();
  });
  // Closing the window (Alt+F4, the window manager) is refused: only the chord quits.
  glfwSetWindowCloseCallback(win, [](GLFWwindow* w) {
    if (!static_cast<KioskWindowState*>(glfwGetWindowUserPointer(w))->quit)
      glfwSetWindowShouldClose(w, GLFW_FALSE);
  });

  int fb_w = 0, fb_h = 0;
  glfwGetFramebufferSize(win, &fb_w, &fb_h);
  int rc = 0;
  {
    ui::WindowImGui imgui(win);
    ui::load_fonts(kiosk_font_px(fb_h));
    KioskView view(data);
    Controller c(KioskView::views(data), KioskView::durations(data), options(data.tour()));
    double last = glfwGetTime();
    bool cursor_hidden = false;
    while (!st.quit) {
      glfwPollEvents();
      const double now = glfwGetTime();
      const double dt = std::clamp(now - last, 0.0, 0.25);
      last = now;
      const bool hide = now - st.last_move > 3.0;
      if (hide != cursor_hidden) {
        glfwSetInputMode(win, GLFW_CURSOR, hide ? GLFW_CURSOR_HIDDEN : GLFW_CURSOR_NORMAL);
        cursor_hidden = hide;
        std::fprintf(stderr, "kiosk: cursor %s\n", hide ? "hidden (idle 3 s)" : "shown");
      }
      glfwGetFramebufferSize(win, &fb_w, &fb_h);
      if (fb_w <= 0 || fb_h <= 0) {
        glfwWaitEventsTimeout(0.1);
        continue;
      }
      c.tick(dt);
      imgui.new_frame();
      try {
        view.frame(c, fb_w, fb_h);
      } catch (const std::exception& e) {
        std::fprintf(stderr, "kiosk: frame: %s\n", e.what());  // logged, never shown
      }
      ImGui::Render();
      imgui.draw();
      glfwSwapBuffers(win);
    }
  }
  glfwDestroyWindow(win);
  return rc;
}

}  // namespace

int run_kiosk(int argc, char** argv) {
  Args a;
  Tour tour;
  try {
    a = parse(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "biodash --kiosk: %s\n%s", e.what(), kUsage);
    return 2;  // a usage error, as in every subcommand
  }
  try {
    tour = load_tour(a.tour);
  } catch (const std::exception& e) {
    // A missing or broken tour file: the reason goes to the journal, and the screen shows the
    // friendly fallback scene instead of the bare desktop (no restart loop).
    std::fprintf(stderr, "biodash --kiosk: %s (showing the fallback scene)\n", e.what());
    tour = fallback_tour(e.what());
  }
  try {
    const KeyChord chord = parse_chord(a.quit_chord.empty() ? tour.quit_chord : a.quit_chord);
    const KioskData data(tour, demo_gpkg());
    for (const std::string& p : data.problems())
      std::fprintf(stderr, "kiosk: fallback: %s\n", p.c_str());
    return a.headless ? run_headless(a, data) : run_window(a, data, chord);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "biodash --kiosk: %s\n", e.what());
    return 1;
  }
}

}  // namespace biodash::app
