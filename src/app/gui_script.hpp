#pragma once
// --script: a scripted window session (tests). One command per frame step, through the same
// shell operations the panels use (exports queued like the Export dialog's, views saved and
// opened like the View menu's).
#include <cstdio>
#include <string>
#include <vector>

#include "ui/session_ui.hpp"
#include "workspace/ui_script.hpp"
#include "workspace/workspace.hpp"

namespace biodash::app {

// --script: runs one command per frame step through the shell operations.
class ScriptRunner {
 public:
  ScriptRunner(std::string origin, std::vector<ScriptCommand> cmds)
      : origin_(std::move(origin)), cmds_(std::move(cmds)) {}

  bool done() const { return done_; }
  bool failed() const { return failed_; }
  // A screenshot to take of the frame just drawn ("" = none); clear with screenshot_taken().
  const std::string& screenshot() const { return screenshot_; }
  void screenshot_taken() {
    std::printf("biodash: script: screenshot %s\n", screenshot_.c_str());
    screenshot_.clear();
    ++next_;
  }

  // Before the ImGui frame, after Workspace::update() (GL context current).
  void step(Workspace& d, ui::ShellState& shell);

 private:
  std::string origin_;
  std::vector<ScriptCommand> cmds_;
  size_t next_ = 0;           // command to run
  int idle_frames_ = 0;       // wait_idle: consecutive idle frames
  double wait_start_ = -1;    // wait_idle: when it began (glfwGetTime)
  std::string screenshot_;    // pending screenshot path
  bool awaiting_ = false;     // a queued export is being written
  size_t errors_before_ = 0;  // error messages before it
  bool done_ = false;         // quit (or the end of the script) reached
  bool failed_ = false;       // a command failed
};

}  // namespace biodash::app
