#include "workspace/message_log.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>

namespace biodash {
namespace {

double now_s() {
  using namespace std::chrono;
  return duration<double>(steady_clock::now().time_since_epoch()).count();
}

constexpr size_t kMaxMessages = 5000;  // oldest dropped beyond this

}  // namespace

MessageLog::MessageLog() : start_s_(now_s()) {}

void MessageLog::add(MsgLevel level, std::string text) {
  // Also to stderr, so smoke tests and users starting from a terminal see problems.
  if (level != MsgLevel::Info) {
    std::fprintf(stderr, "biodash: %s: %s\n", level == MsgLevel::Error ? "error" : "warning",
                 text.c_str());
  }
  std::lock_guard<std::mutex> lock(mu_);
  if (messages_.size() >= kMaxMessages) {
    messages_.erase(messages_.begin(), messages_.begin() + kMaxMessages / 10);
  }
  messages_.push_back({level, std::move(text), now_s() - start_s_});
  ++revision_;
}

void MessageLog::clear() {
  std::lock_guard<std::mutex> lock(mu_);
  messages_.clear();
  ++revision_;
}

uint64_t MessageLog::snapshot(uint64_t revision, std::vector<Message>& out) const {
  std::lock_guard<std::mutex> lock(mu_);
  if (revision != revision_) out = messages_;
  return revision_;
}

size_t MessageLog::count(MsgLevel level) const {
  std::lock_guard<std::mutex> lock(mu_);
  return std::count_if(messages_.begin(), messages_.end(),
                       [level](const Message& m) { return m.level == level; });
}

}  // namespace biodash
