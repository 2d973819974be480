#include "app/frame_bench.hpp"

#include <glad/gl.h>
// glad first: it provides the GL declarations GLFW would otherwise include.
#include <GLFW/glfw3.h>
#include <malloc.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "core/observations.hpp"

namespace biodash::app {
namespace {

constexpr int kBenchDaysPerFrame = 3;      // slider step per frame
constexpr double kBenchLoadWaitS = 600.0;  // max wait for loading

void print_percentiles(const char* what, std::vector<double> v) {
  std::sort(v.begin(), v.end());
  auto pct = [&](double p) {
    const size_t k = std::min(v.size() - 1, static_cast<size_t>(std::ceil(p * v.size())) - 1);
    return v[k];
  };
  double sum = 0;
  for (double x : v) sum += x;
  std::printf(
      "biodash: bench: %zu frames, %s ms: p50 %.2f  p95 %.2f  p99 %.2f  max %.2f  "
      "mean %.2f\n",
      v.size(), what, pct(0.50), pct(0.95), pct(0.99), v.back(), sum / v.size());
}

void print_memory(const char* when, const ProcessMemory& m, size_t observations) {
  const double mb = 1024.0 * 1024.0;
  std::printf("biodash: bench: memory %s: resident %.1f MB, peak %.1f MB", when,
              static_cast<double>(m.resident) / mb, static_cast<double>(m.peak) / mb);
  if (observations > 0)
    std::printf(", %.1f resident bytes per observation (all %zu, demo included)",
                static_cast<double>(m.resident) / static_cast<double>(observations), observations);
  std::printf("\n");
}

}  // namespace

ProcessMemory process_memory() {
  ProcessMemory m;
  std::ifstream f("/proc/self/status");
  std::string line;
  while (std::getline(f, line)) {
    unsigned long long kb = 0;
    if (std::sscanf(line.c_str(), "VmRSS: %llu kB", &kb) == 1) m.resident = kb * 1024;
    if (std::sscanf(line.c_str(), "VmHWM: %llu kB", &kb) == 1) m.peak = kb * 1024;
  }
  return m;
}

FrameBench::FrameBench(int frames) : frames_(frames) {
  times_ms_.reserve(size_t(frames));
  finished_ms_.reserve(size_t(frames));
}

void FrameBench::step(Workspace& d) {
  if (measuring_ && pan_) {
    // BIODASH_BENCH_PAN: the map moves 6 pixels per frame, 100 frames east then 100 west,
    // so a basemap (--basemap) reads and uploads tiles while frames are measured.
    d.camera.pan_pixels((pan_frame_++ / 100) % 2 ? 6.0 : -6.0, 0.0);
    d.view_touched = true;
  }
  if (measuring_ || done_) return;
  const double t = glfwGetTime();
  if (start_ < 0) start_ = t;
  if (t - start_ > kBenchLoadWaitS) {
    std::fprintf(stderr, "biodash: bench: loading not finished after %.0f s\n", kBenchLoadWaitS);
    done_ = failed_ = true;
    return;
  }
  idle_frames_ = d.idle() ? idle_frames_ + 1 : 0;
  if (idle_frames_ < 3) return;
  if (!configured_) {
    size_t best = 0, n = 0;
    all_observations_ = 0;
    for (size_t i = 0; i < d.observations.size(); ++i) {
      const auto& st = d.observations[i].store;
      if (!st) continue;
      all_observations_ += st->size();
      if (st->size() > n) {
        n = st->size();
        best = i;
      }
    }
    if (n == 0) {
      std::fprintf(stderr, "biodash: bench: no observations loaded\n");
      done_ = failed_ = true;
      return;
    }
    loaded_memory_ = process_memory();
    std::printf("biodash: bench: loaded in %.1f s\n", t - start_);
    print_memory("once loaded", loaded_memory_, all_observations_);
    if (std::getenv("BIODASH_BENCH_TRIM")) {
      malloc_trim(0);
      print_memory("after malloc_trim", process_memory(), all_observations_);
    }
    d.analysis.observation_set = best;
    observations_ = n;
    const auto [first, last] = day_range(*d.observations[best].store);
    d.analysis.time.enabled = true;
    d.analysis.time.mode = TimeMode::Window;
    d.analysis.time.length_days = 365;
    d.analysis.time.end_day = first == kUnknownDay ? 0 : first + 364;
    d.analysis.playing = false;
    configured_ = true;
    idle_frames_ = 0;
    return;
  }
  // First result in: play and measure.
  const AnalysisResult* r = d.analysis_result();
  if (!r) {
    std::fprintf(stderr, "biodash: bench: no thematic map (no area layer?)\n");
    done_ = failed_ = true;
    return;
  }
  areas_ = r->metrics.size();
  first_revision_ = r->revision;
  d.analysis.playing = true;
  // Three days per frame, not per second of wall time: every run (fast or slow binary,
  // quiet or loaded machine) measures the same sequence of windows.
  d.analysis.play_days_per_update = kBenchDaysPerFrame;
  measuring_ = true;
  pan_ = std::getenv("BIODASH_BENCH_PAN") != nullptr;
  if (pan_ || !d.basemap.source.empty())
    std::printf("biodash: bench: %s, basemap %s\n", pan_ ? "panning 6 px per frame" : "no panning",
                d.basemap.source.empty() ? "none" : d.basemap.source.c_str());
  std::printf(
      "biodash: bench: %zu observations, %zu areas, time slider playing (%d days per frame); %d "
      "frames\n",
      observations_, areas_, kBenchDaysPerFrame, frames_);
}

void FrameBench::frame_done(double cpu_ms, double finished_ms, const Workspace& d,
                            const std::array<double, 3>& phases) {
  if (!measuring_) return;
  for (size_t k = 0; k < 3; ++k) phase_ms_[k].push_back(phases[k]);
  times_ms_.push_back(cpu_ms);
  finished_ms_.push_back(finished_ms);
  if (const AnalysisResult* r = d.analysis_result()) last_revision_ = r->revision;
  if (static_cast<int>(times_ms_.size()) >= frames_) {
    measuring_ = false;
    done_ = true;
    report(d);
  }
}

void FrameBench::report(const Workspace& d) {
  print_percentiles("CPU frame time (frame start to SwapBuffers)", times_ms_);
  print_percentiles("frame time with GL finished (glFinish)", finished_ms_);
  print_percentiles("  of which events + Workspace::update()", phase_ms_[0]);
  print_percentiles("  of which building the panels (ImGui)", phase_ms_[1]);
  print_percentiles("  of which submitting map + UI draw calls", phase_ms_[2]);
  const auto* gl_renderer = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
  std::printf(
      "biodash: bench: %llu analysis results applied while playing (time slider end %s), "
      "renderer %s\n",
      static_cast<unsigned long long>(last_revision_ - first_revision_),
      iso_date(d.analysis.time.end_day).c_str(), gl_renderer ? gl_renderer : "?");
  print_memory("at the end", process_memory(), all_observations_);
}

}  // namespace biodash::app
