#include "app/gui_script.hpp"

#include <GLFW/glfw3.h>

#include <cctype>
#include <cstdio>

#include "core/atomic_file.hpp"
#include "core/i18n.hpp"

namespace biodash::app {
namespace {

constexpr double kScriptWaitS = 300.0;  // max wait of one wait_idle

std::string lower_ascii(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

void ScriptRunner::step(Workspace& d, ui::ShellState& shell) {
  if (done_ || !screenshot_.empty()) return;
  if (awaiting_) {
    // An export handed to the dialogs' path (run_pending -> worker job): until done.
    if (!shell.pending.empty() || shell.drawing || d.jobs.busy()) return;
    awaiting_ = false;
    if (d.messages.count(MsgLevel::Error) > errors_before_) {
      std::fprintf(stderr, "biodash: script %s:%d: export failed (see the messages)\n",
                   origin_.c_str(), cmds_[next_ - 1].line);
      failed_ = done_ = true;
      return;
    }
  }
  if (next_ >= cmds_.size()) {
    done_ = true;
    return;
  }
  const ScriptCommand& c = cmds_[next_];
  std::string err;
  switch (c.op) {
    case ScriptOp::WaitIdle: {
      const double t = glfwGetTime();
      if (wait_start_ < 0) wait_start_ = t;
      idle_frames_ = d.idle() ? idle_frames_ + 1 : 0;
      // Idle over three frames: a change made by the previous command has been noticed
      // (update() starts the recomputation one frame later) and its result applied.
      if (idle_frames_ < 3) {
        if (t - wait_start_ > kScriptWaitS)
          err = "wait_idle: still busy after 300 s";
        else
          return;
      }
      wait_start_ = -1;
      idle_frames_ = 0;
      break;
    }
    case ScriptOp::Taxon:
      d.analysis.filter.taxa.clear();
      if (!c.text.empty()) d.analysis.filter.taxa.push_back(c.text);
      break;
    case ScriptOp::Time:
      d.analysis.time.enabled = true;
      d.analysis.time.mode = TimeMode::Window;
      d.analysis.time.end_day = c.end_day;
      d.analysis.time.length_days = c.window_days;
      d.analysis.playing = false;
      break;
    case ScriptOp::Play:
      d.analysis.playing = c.text == "on";
      if (d.analysis.playing) d.analysis.time.enabled = true;
      break;
    case ScriptOp::Area: {
      uint64_t id = 0;
      for (size_t i = 0; i < d.scene.layers.size() && !id; ++i) {
        const Layer& l = *d.scene.layers[i].layer;
        if (lower_ascii(l.name) == lower_ascii(c.text) ||
            lower_ascii(l.source_layer) == lower_ascii(c.text))
          id = d.layer_id(i);
      }
      if (id)
        d.analysis.area_layer_id = id;
      else
        err = "area: no layer named '" + c.text + "'";
      break;
    }
    case ScriptOp::Metric:
      if (auto m = parse_metric(c.text))
        d.analysis.metric = *m;
      else
        err = "metric: unknown key '" + c.text + "'";
      break;
    case ScriptOp::Select:
      if (!d.select_area_by_name(c.text)) err = "select: no area named '" + c.text + "'";
      break;
    case ScriptOp::Language: {
      Language l = Language::English;
      parse_language(c.text, l);
      set_language(l);
      break;
    }
    case ScriptOp::ExportPng:
      // The Export dialog's way: drawn at the next run_pending, written by a worker job.
      errors_before_ = d.messages.count(MsgLevel::Error);
      shell.pending.push_back(
          ui::ShellRequest{ui::ShellDialog::ExportPng, c.text, c.width, c.height, ""});
      awaiting_ = true;
      break;
    case ScriptOp::ExportCsv:
    case ScriptOp::ExportGpkg:
      // The way the Export dialog does it: queued, then written by a worker job.
      errors_before_ = d.messages.count(MsgLevel::Error);
      shell.pending.push_back(ui::ShellRequest{
          c.op == ScriptOp::ExportCsv ? ui::ShellDialog::ExportCsv : ui::ShellDialog::ExportGpkg,
          c.text, 0, 0, ""});
      awaiting_ = true;
      break;
    case ScriptOp::ExportReport:
      errors_before_ = d.messages.count(MsgLevel::Error);
      shell.pending.push_back(ui::ShellRequest{ui::ShellDialog::SiteReport, c.text, 0, 0, ""});
      awaiting_ = true;
      break;
    case ScriptOp::SaveSession:
      err = ui::save_view(d, shell, c.text);
      break;
    case ScriptOp::OpenSession:
      err = ui::open_view(d, shell, c.text);
      break;
    case ScriptOp::Dialog: {
      const std::string& k = c.text;
      ui::open_shell_dialog(d, shell,
                            k == "save"   ? ui::ShellDialog::SaveView
                            : k == "open" ? ui::ShellDialog::OpenView
                            : k == "png"  ? ui::ShellDialog::ExportPng
                            : k == "csv"  ? ui::ShellDialog::ExportCsv
                            : k == "gpkg" ? ui::ShellDialog::ExportGpkg
                                          : ui::ShellDialog::SiteReport);
      break;
    }
    case ScriptOp::Screenshot:
      screenshot_ = c.text;  // taken after this frame is drawn
      return;
    case ScriptOp::DumpState:
      try {
        write_file_atomically(c.text, d.state_text());
      } catch (const std::exception& e) {
        err = e.what();
      }
      break;
    case ScriptOp::Quit:
      done_ = true;
      return;
  }
  if (!err.empty()) {
    std::fprintf(stderr, "biodash: script %s:%d: %s\n", origin_.c_str(), c.line, err.c_str());
    failed_ = done_ = true;
    return;
  }
  ++next_;
}

}  // namespace biodash::app
