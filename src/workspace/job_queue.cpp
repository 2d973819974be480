#include "workspace/job_queue.hpp"

#include <algorithm>
#include <chrono>
#include <exception>

#include "core/i18n.hpp"

namespace biodash {
namespace {

double now_s() {
  using namespace std::chrono;
  return duration<double>(steady_clock::now().time_since_epoch()).count();
}

}  // namespace

JobQueue::~JobQueue() {
  for (auto& [id, t] : threads_) {
    if (t.joinable()) t.join();
  }
}

uint64_t JobQueue::submit(std::string label, Work work, OnError on_error) {
  return submit_controlled(
      std::move(label), [work = std::move(work)](Control&) { return work(); }, std::move(on_error));
}

uint64_t JobQueue::submit_controlled(std::string label, ControlledWork work, OnError on_error) {
  const uint64_t id = next_id_++;
  auto control = std::make_shared<Control>();
  active_.push_back({id, std::move(label), now_s(), control});
  on_error_.emplace(id, on_error);
  threads_.emplace(id, std::thread([this, id, control, work = std::move(work),
                                    on_error = std::move(on_error)]() mutable {
                     Completion done;
                     try {
                       done = work(*control);
                     } catch (const std::exception& e) {
                       done = [on_error, msg = std::string(e.what())] { on_error(msg); };
                     } catch (...) {
                       done = [on_error] { on_error("unknown error"); };
                     }
                     std::lock_guard<std::mutex> lock(mu_);
                     finished_.push_back({id, std::move(done)});
                   }));
  return id;
}

bool JobQueue::stop_all(double wait_s) {
  for (const ActiveJob& a : active_) a.control->stop = true;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(wait_s);
  while (true) {
    size_t returned = 0;  // a worker's last act is to queue its result
    {
      std::lock_guard<std::mutex> lock(mu_);
      returned = finished_.size();
    }
    if (returned >= threads_.size()) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

size_t JobQueue::drain() {
  std::vector<Finished> done;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (finished_.empty()) return 0;
    done.swap(finished_);
  }
  for (auto& f : done) {
    auto it = threads_.find(f.id);
    if (it != threads_.end()) {
      it->second.join();  // the worker has returned already: join does not block the frame
      threads_.erase(it);
    }
    on_error_.erase(f.id);
    if (cancelled_.erase(f.id)) continue;  // cancelled: the user has moved on, drop it
    active_.erase(std::remove_if(active_.begin(), active_.end(),
                                 [&](const ActiveJob& a) { return a.id == f.id; }),
                  active_.end());
    if (f.completion) f.completion();
  }
  return done.size();
}

bool JobQueue::cancel(uint64_t id) {
  const auto a =
      std::find_if(active_.begin(), active_.end(), [&](const ActiveJob& j) { return j.id == id; });
  if (a == active_.end()) return false;
  if (a->control) a->control->stop.store(true);
  active_.erase(a);
  cancelled_[id] = true;
  OnError on_error;
  if (auto it = on_error_.find(id); it != on_error_.end()) {
    on_error = std::move(it->second);
    on_error_.erase(it);
  }
  if (on_error) on_error(tr("cancelled"));
  return true;
}

size_t JobQueue::running_with_prefix(const std::string& prefix) const {
  return std::count_if(active_.begin(), active_.end(), [&](const ActiveJob& a) {
    return a.label.compare(0, prefix.size(), prefix) == 0;
  });
}

}  // namespace biodash
