#pragma once
// The Messages panel's content: what the app did and what went wrong, newest last.
// Thread-safe: worker threads may add messages; the GUI thread reads a snapshot.
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

namespace biodash {

enum class MsgLevel { Info, Warning, Error };

struct Message {
  MsgLevel level = MsgLevel::Info;  // severity, chooses the colour in the panel
  std::string text;                 // one line: file/layer/feature and the reason
  double time_s = 0;                // seconds since the app started
};

class MessageLog {
 public:
  MessageLog();
  void add(MsgLevel level, std::string text);
  void info(std::string text) { add(MsgLevel::Info, std::move(text)); }
  void warn(std::string text) { add(MsgLevel::Warning, std::move(text)); }
  void error(std::string text) { add(MsgLevel::Error, std::move(text)); }
  void clear();
  // Copies the messages when they changed since `revision`; returns the current revision.
  uint64_t snapshot(uint64_t revision, std::vector<Message>& out) const;
  size_t count(MsgLevel level) const;  // messages of one level so far

 private:
  mutable std::mutex mu_;          // guards everything below
  std::vector<Message> messages_;  // oldest first
  uint64_t revision_ = 1;          // bumped on every change
  double start_s_ = 0;             // steady clock at construction, seconds
};

}  // namespace biodash
