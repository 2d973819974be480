#include "kiosk/kiosk_controller.hpp"

#include <algorithm>
#include <cmath>

namespace biodash::kiosk {

const char* to_string(Mode m) {
  switch (m) {
    case Mode::Tour:
      return "tour";
    case Mode::Transition:
      return "transition";
    case Mode::Interactive:
      return "interactive";
    case Mode::Returning:
      return "returning";
  }
  return "?";
}

double ease_in_out(double t) {
  t = std::clamp(t, 0.0, 1.0);
  return t * t * t * (t * (t * 6 - 15) + 10);
}

MapCamera glide(const MapCamera& a, const MapCamera& b, double t) {
  const double e = ease_in_out(t);
  MapCamera c = b;
  c.center_x = a.center_x + (b.center_x - a.center_x) * e;
  c.center_y = a.center_y + (b.center_y - a.center_y) * e;
  const double la = std::log(a.units_per_pixel), lb = std::log(b.units_per_pixel);
  c.units_per_pixel = std::exp(la + (lb - la) * e);
  return c;
}

Controller::Controller(std::vector<Envelope> views, std::vector<double> durations,
                       ControllerOptions o)
    : views_(std::move(views)), durations_(std::move(durations)), opt_(o) {
  if (views_.empty()) views_.push_back(Envelope());
  durations_.resize(views_.size(), 20.0);
  for (double& d : durations_) d = std::max(d, 1.0);
  cam_ = scene_camera(0);
  from_ = cam_;
}

void Controller::set_viewport(int width, int height) {
  if (width == cam_.width && height == cam_.height) return;
  const bool following = mode_ == Mode::Tour;
  cam_.width = width;
  cam_.height = height;
  from_.width = width;
  from_.height = height;
  if (following) cam_ = scene_camera(scene_);
}

MapCamera Controller::scene_camera(size_t i) const {
  MapCamera c = cam_;
  const Envelope& e = views_[std::min(i, views_.size() - 1)];
  if (e.empty()) return c;
  const double h = static_cast<double>(c.height);
  c.fit_rect(e, 0, 0.04 * h, c.width, h * (1.0 - opt_.caption_fraction), 0.04);
  return c;
}

double Controller::scene_progress() const {
  return std::clamp(scene_t_ / durations_[scene_], 0.0, 1.0);
}

void Controller::start_glide(Mode m) {
  from_ = cam_;
  glide_t_ = 0;
  mode_ = m;
}

void Controller::tick(double dt) {
  if (!(dt > 0)) return;
  dt = std::min(dt, 1.0);  // a stalled frame must not skip a scene
  idle_ += dt;
  switch (mode_) {
    case Mode::Tour:
      scene_t_ += dt;
      cam_ = scene_camera(scene_);
      if (scene_t_ >= durations_[scene_]) {
        scene_ = (scene_ + 1) % durations_.size();
        scene_t_ = 0;
        ++changes_;
        start_glide(Mode::Transition);
      }
      break;
    case Mode::Transition:
    case Mode::Returning:
      glide_t_ += dt / opt_.transition_s;
      cam_ = glide(from_, scene_camera(scene_), glide_t_);
      if (glide_t_ >= 1.0) {
        cam_ = scene_camera(scene_);
        mode_ = Mode::Tour;
      }
      break;
    case Mode::Interactive:
      scene_t_ = std::min(scene_t_ + dt, durations_[scene_]);  // time keeps playing, no skip
      if (idle_ >= opt_.idle_s) {
        card_ = -1;
        scene_t_ = 0;
        start_glide(Mode::Returning);
      }
      break;
  }
}

void Controller::touch() {
  idle_ = 0;
  if (mode_ != Mode::Interactive) mode_ = Mode::Interactive;  // camera stays where it is
}

void Controller::pan(double dx_px, double dy_px) {
  touch();
  cam_.pan_pixels(dx_px, dy_px);
}

void Controller::zoom_at(double sx, double sy, double factor) {
  touch();
  if (!(factor > 0) || !std::isfinite(factor)) return;
  const double target = std::clamp(cam_.units_per_pixel / factor, opt_.min_upp, opt_.max_upp);
  cam_.zoom_at(sx, sy, cam_.units_per_pixel / target);
}

void Controller::restart() {
  idle_ = 0;
  card_ = -1;
  scene_ = 0;
  scene_t_ = 0;
  start_glide(Mode::Returning);
}

}  // namespace biodash::kiosk
