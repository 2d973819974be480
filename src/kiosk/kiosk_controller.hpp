#pragma once
// The kiosk's behaviour without any GL: which scene plays, where the camera is (with eased
// glides between scenes), user pan/zoom, the idle timeout that glides back into the tour, the
// language and the open story card. Driven by tick(dt) with any clock (tests: a fixed dt).
#include <cstddef>
#include <vector>

#include "core/envelope.hpp"
#include "render/map_camera.hpp"

namespace biodash::kiosk {

enum class Lang { Nl, En };
enum class Mode {
  Tour,         // a scene plays; the next follows after its duration
  Transition,   // gliding from one scene's view to the next
  Interactive,  // a visitor is in control
  Returning,    // idle: gliding back to the current scene's view
};
const char* to_string(Mode m);

// Smooth ease-in-out on 0..1 (smootherstep: zero velocity and acceleration at both ends).
double ease_in_out(double t);

// Camera between a and b at eased fraction t: centre linear, scale interpolated in log space
// so zooms feel uniform.
MapCamera glide(const MapCamera& a, const MapCamera& b, double t);

struct ControllerOptions {
  double idle_s = 60;              // seconds without input before returning to the tour
  double transition_s = 3;         // glide duration
  double min_upp = 0.25;           // closest zoom (map units per pixel)
  double max_upp = 200;            // farthest zoom
  double caption_fraction = 0.24;  // bottom part of the screen kept for the caption
};

class Controller {
 public:
  // `views`: the extent each scene shows; `durations`: seconds per scene (same size, >= 1).
  Controller(std::vector<Envelope> views, std::vector<double> durations, ControllerOptions o);

  void set_viewport(int width, int height);  // framebuffer size in pixels
  void tick(double dt);                      // advance the clock by dt seconds

  // Visitor input (each resets the idle timer and hands the camera to the visitor).
  void pan(double dx_px, double dy_px);
  void zoom_at(double sx, double sy, double factor);  // factor > 1 zooms in
  void touch();                                       // any other input (tap, button, key)
  void restart();                                     // "start again": scene 0, glide there
  void toggle_language() { lang_ = lang_ == Lang::Nl ? Lang::En : Lang::Nl; }
  void set_language(Lang l) { lang_ = l; }
  void open_card(int site) { card_ = site; }
  void close_card() { card_ = -1; }

  const MapCamera& camera() const { return cam_; }
  size_t scene() const { return scene_; }
  Mode mode() const { return mode_; }
  Lang language() const { return lang_; }
  int card() const { return card_; }     // open story card (site index) or -1
  double idle() const { return idle_; }  // seconds since the last input
  // Fraction 0..1 of the current scene played (drives its time animation).
  double scene_progress() const;
  // Seconds into the tour cycle's scene sequence: completed scene changes so far.
  size_t scene_changes() const { return changes_; }
  // The camera that shows scene i in the current viewport.
  MapCamera scene_camera(size_t i) const;

 private:
  void start_glide(Mode m);

  std::vector<Envelope> views_;    // per scene
  std::vector<double> durations_;  // per scene
  ControllerOptions opt_;          // timings and limits
  MapCamera cam_;                  // current camera
  MapCamera from_;                 // glide start
  size_t scene_ = 0;               // current scene
  Mode mode_ = Mode::Tour;         // state
  double scene_t_ = 0;             // seconds into the scene
  double glide_t_ = 0;             // 0..1 through the glide
  double idle_ = 0;                // seconds since input
  Lang lang_ = Lang::Nl;           // caption language
  int card_ = -1;                  // open story card
  size_t changes_ = 0;             // scene changes so far
};

}  // namespace biodash::kiosk
