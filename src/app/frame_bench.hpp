#pragma once
// --bench-frames N: the window's frame-time and memory benchmark (docs/performance.md). Waits
// until everything is loaded, puts the thematic map on the largest observation set with a
// one-year time window, starts the time slider playing (a fixed number of days per frame, so
// every run measures the same windows) and records the CPU time of N frames (frame start to
// the SwapBuffers call: vsync waits excluded) and the same after glFinish. Reports the
// process's resident memory once loaded and at the end, and bytes per observation.
#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "workspace/workspace.hpp"

namespace biodash::app {

// Resident and peak resident memory of this process in bytes (/proc/self/status VmRSS,
// VmHWM); 0 when unknown.
struct ProcessMemory {
  uint64_t resident = 0;
  uint64_t peak = 0;
};
ProcessMemory process_memory();

class FrameBench {
 public:
  explicit FrameBench(int frames);
  bool done() const { return done_; }
  bool measuring() const { return measuring_; }
  // BIODASH_BENCH_PAN set: the map pans while measuring (with --basemap: tiles stream in).
  bool failed() const { return failed_; }

  // Before the ImGui frame each iteration: waits for loading, then configures the view.
  void step(Workspace& d);
  // cpu_ms: frame start to the SwapBuffers call; finished_ms: the same after glFinish().
  // phases: events + Workspace::update(), building the UI (panels), submitting the map and UI
  // draw calls.
  void frame_done(double cpu_ms, double finished_ms, const Workspace& d,
                  const std::array<double, 3>& phases);

 private:
  void report(const Workspace& d);

  int frames_;
  std::vector<double> times_ms_;                 // frame start to SwapBuffers
  std::vector<double> finished_ms_;              // the same after glFinish
  std::array<std::vector<double>, 3> phase_ms_;  // see frame_done()
  double start_ = -1;
  int idle_frames_ = 0;
  bool configured_ = false, measuring_ = false, done_ = false, failed_ = false;
  bool pan_ = false;  // BIODASH_BENCH_PAN: the map pans while measuring
  int pan_frame_ = 0;
  size_t observations_ = 0, areas_ = 0;
  size_t all_observations_ = 0;  // in every loaded set
  uint64_t first_revision_ = 0, last_revision_ = 0;
  ProcessMemory loaded_memory_;  // when loading had finished
};

}  // namespace biodash::app
