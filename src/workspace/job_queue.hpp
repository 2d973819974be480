#pragma once
// Background work for the GUI: each job runs on its own worker thread and hands its result
// back as a completion (a closure) through a mutex-protected queue; the GUI thread runs the
// completions between frames (drain()), so shared state is only ever touched there.
// The frame never waits for a job. Exceptions thrown by a job become an error callback.
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

namespace biodash {

class JobQueue {
 public:
  using Completion = std::function<void()>;                 // runs on the GUI thread
  using Work = std::function<Completion()>;                 // runs on a worker thread
  using OnError = std::function<void(const std::string&)>;  // GUI thread, with e.what()

  // Shared by a job's worker and the GUI thread: the progress the worker reports (the status
  // bar draws a bar) and the stop flag cancel() raises (the worker checks it where it can and
  // leaves early, e.g. by throwing Cancelled).
  struct Control {
    std::atomic<float> progress{-1.0f};  // 0..1; < 0: unknown (a spinner)
    std::atomic<bool> stop{false};       // set by cancel()
  };
  using ControlledWork = std::function<Completion(Control&)>;  // runs on a worker thread

  struct ActiveJob {
    uint64_t id = 0;                   // job id (submission order)
    std::string label;                 // what the status bar shows, e.g. "Loading buurten.geojson"
    double started_s = 0;              // steady clock seconds at submission
    std::shared_ptr<Control> control;  // progress and stop flag
  };

  JobQueue() = default;
  ~JobQueue();  // waits for running jobs; their completions are dropped
  JobQueue(const JobQueue&) = delete;
  JobQueue& operator=(const JobQueue&) = delete;

  // Starts `work` on a new thread. `work` must not touch GUI state: it captures its inputs
  // by value (shared_ptr to immutable data) and returns a completion that applies the result.
  uint64_t submit(std::string label, Work work, OnError on_error);
  // The same for work that reports progress and can stop early (Control).
  uint64_t submit_controlled(std::string label, ControlledWork work, OnError on_error);
  // Runs the completions of finished jobs on the calling thread; returns how many ran.
  size_t drain();
  // Cancels a running job (GUI thread): it leaves active() at once and its error callback runs
  // now with "cancelled" (translated), so the caller's state is reset exactly as after a failure;
  // its Control::stop is raised, so controlled work that checks it stops early; other work runs
  // to its end in the background. Either way its result is dropped. Returns false when the job
  // is not running.
  bool cancel(uint64_t id);
  // Jobs still running (GUI thread).
  const std::vector<ActiveJob>& active() const { return active_; }
  bool busy() const { return !active_.empty(); }
  // Quitting (GUI thread): raises every job's stop flag and waits up to `wait_s` seconds for
  // the workers to return. False when one is still stuck (e.g. in a blocking read): the caller
  // may then end the process without joining it (see install_temp_cleanup_on_signals).
  bool stop_all(double wait_s);
  // Number of jobs with this label prefix still running.
  size_t running_with_prefix(const std::string& prefix) const;

 private:
  struct Finished {
    uint64_t id = 0;        // job id
    Completion completion;  // result applier, or the error callback bound to the message
  };
  std::mutex mu_;                                      // guards finished_
  std::vector<Finished> finished_;                     // filled by workers, drained by GUI
  std::unordered_map<uint64_t, std::thread> threads_;  // GUI thread only
  std::vector<ActiveJob> active_;                      // GUI thread only
  std::unordered_map<uint64_t, OnError> on_error_;     // GUI thread only, per running job
  std::unordered_map<uint64_t, bool> cancelled_;       // GUI thread only: result to drop
  uint64_t next_id_ = 1;                               // GUI thread only
};

}  // namespace biodash
