// The dashboard shell without a window: recent session files and the UI script parser.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "core/layer.hpp"
#include "core/observations.hpp"
#include "ui/session_ui.hpp"
#include "workspace/job_queue.hpp"
#include "workspace/ui_script.hpp"

namespace fs = std::filesystem;
using namespace biodash;
using namespace biodash::ui;

TEST(Recent, NewestFirstOnceAtMostTen) {
  std::vector<std::string> l;
  for (int i = 0; i < 12; ++i) add_recent(l, "/views/v" + std::to_string(i) + ".biodash");
  ASSERT_EQ(l.size(), 10u);
  EXPECT_EQ(l.front(), "/views/v11.biodash");
  EXPECT_EQ(l.back(), "/views/v2.biodash");  // v0, v1 fell off
  add_recent(l, "/views/v5.biodash");        // again: moves to the front, not duplicated
  ASSERT_EQ(l.size(), 10u);
  EXPECT_EQ(l.front(), "/views/v5.biodash");
  EXPECT_EQ(std::count(l.begin(), l.end(), "/views/v5.biodash"), 1);
  add_recent(l, "/views/../views/v7.biodash");  // normalised: same file as v7
  EXPECT_EQ(l.front(), "/views/v7.biodash");
  EXPECT_EQ(std::count(l.begin(), l.end(), "/views/v7.biodash"), 1);
  // Relative paths are stored absolute.
  add_recent(l, "rel.biodash");
  EXPECT_EQ(l.front(), (fs::current_path() / "rel.biodash").string());
}

TEST(Recent, SavedAtomicallyAndReadBack) {
  const fs::path dir = fs::temp_directory_path() / ("biodash_recent_" + std::to_string(getpid()));
  fs::remove_all(dir);
  setenv("XDG_CONFIG_HOME", dir.c_str(), 1);
  const std::string file = recent_file_path();
  EXPECT_EQ(file, (dir / "biodash" / "recent.txt").string());
  EXPECT_TRUE(load_recent(file).empty());  // missing file: empty list
  const std::vector<std::string> l = {"/a b/one.biodash", "/two.biodash"};
  save_recent(file, l);  // creates the folder
  EXPECT_EQ(load_recent(file), l);
  // Hand-edited file: blank lines, CRLF and duplicates are tolerated, at most ten kept.
  {
    std::ofstream f(file);
    f << "/x.biodash\r\n\n/x.biodash\n";
    for (int i = 0; i < 15; ++i) f << "/y" << i << ".biodash\n";
  }
  const std::vector<std::string> r = load_recent(file);
  ASSERT_EQ(r.size(), 10u);
  EXPECT_EQ(r[0], "/x.biodash");
  EXPECT_EQ(r[1], "/y0.biodash");
  // No temporary files left next to it.
  size_t n = 0;
  for (const auto& e : fs::directory_iterator(dir / "biodash")) n += e.is_regular_file();
  EXPECT_EQ(n, 1u);
  unsetenv("XDG_CONFIG_HOME");
  fs::remove_all(dir);
}

TEST(Script, ParsesEveryCommand) {
  const auto cmds = parse_script(
      "# demo run\n"
      "wait_idle\n"
      "taxon Turdus merula\n"
      "time 2021-06-30 90\n"
      "time 2020-01-01\n"
      "\n"
      "select Park de Put\n"
      "language nl\n"
      "export_png out/map.png 1920 1080\n"
      "export_csv out/t.csv\n"
      "export_gpkg out/t.gpkg\n"
      "save_session out/v.biodash\n"
      "screenshot out/s.png\n"
      "quit\n",
      "t.txt");
  ASSERT_EQ(cmds.size(), 12u);
  EXPECT_EQ(cmds[0].op, ScriptOp::WaitIdle);
  EXPECT_EQ(cmds[1].op, ScriptOp::Taxon);
  EXPECT_EQ(cmds[1].text, "Turdus merula");
  EXPECT_EQ(cmds[2].op, ScriptOp::Time);
  // 2021-06-30: 51 years after 1970 with 13 leap days (1972..2020) = 18628, + 180 days of 2021.
  EXPECT_EQ(cmds[2].end_day, 18628 + 180);
  EXPECT_EQ(cmds[2].end_day, days_from_civil(2021, 6, 30));
  EXPECT_EQ(cmds[2].window_days, 90);
  EXPECT_EQ(cmds[3].window_days, 365);
  EXPECT_EQ(cmds[4].op, ScriptOp::Select);
  EXPECT_EQ(cmds[4].text, "Park de Put");
  EXPECT_EQ(cmds[4].line, 7);
  EXPECT_EQ(cmds[5].text, "nl");
  EXPECT_EQ(cmds[6].op, ScriptOp::ExportPng);
  EXPECT_EQ(cmds[6].text, "out/map.png");
  EXPECT_EQ(cmds[6].width, 1920);
  EXPECT_EQ(cmds[6].height, 1080);
  EXPECT_EQ(cmds[7].op, ScriptOp::ExportCsv);
  EXPECT_EQ(cmds[8].op, ScriptOp::ExportGpkg);
  EXPECT_EQ(cmds[9].op, ScriptOp::SaveSession);
  EXPECT_EQ(cmds[10].op, ScriptOp::Screenshot);
  EXPECT_EQ(cmds[11].op, ScriptOp::Quit);
}

TEST(Script, BadLinesNameFileLineAndReason) {
  auto error_of = [](const char* text) {
    try {
      parse_script(text, "s.txt");
    } catch (const std::exception& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(error_of("wait_idle\nfly away\n"), "s.txt:2: unknown command 'fly'");
  EXPECT_NE(error_of("time 2021-13-45\n").find("s.txt:1: time needs an end date"),
            std::string::npos);
  EXPECT_NE(error_of("time 2021\n").find("s.txt:1:"), std::string::npos);  // a year, not a day
  EXPECT_NE(error_of("time 2021-01-01 -5\n").find("window"), std::string::npos);
  EXPECT_NE(error_of("export_png a.png 10 100\n").find("16..16384"), std::string::npos);
  EXPECT_NE(error_of("export_png a.png 100\n").find("PATH WIDTH HEIGHT"), std::string::npos);
  EXPECT_NE(error_of("language de\n").find("nl or en"), std::string::npos);
  EXPECT_NE(error_of("export_csv\n").find("needs a file path"), std::string::npos);
  EXPECT_NE(error_of("select\n").find("needs a name"), std::string::npos);
  EXPECT_THROW(load_script("/nonexistent/biodash-script.txt"), std::exception);
}

TEST(Script, DialogCommandNamesAKnownDialog) {
  const auto c = parse_script("dialog png\ndialog report\n", "d.txt");
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[0].op, ScriptOp::Dialog);
  EXPECT_EQ(c[0].text, "png");
  EXPECT_THROW(parse_script("dialog print\n", "d.txt"), std::exception);
}

TEST(ShellDialog, NeverOverwritesWithoutConfirmation) {
  const fs::path dir = fs::temp_directory_path() / ("biodash_dialog_" + std::to_string(getpid()));
  fs::create_directories(dir);
  const std::string existing = (dir / "map.png").string();
  std::ofstream(existing) << "x";
  const std::string fresh = (dir / "new.png").string();
  for (ShellDialog k : {ShellDialog::SaveView, ShellDialog::ExportPng, ShellDialog::ExportCsv,
                        ShellDialog::ExportGpkg, ShellDialog::SiteReport}) {
    EXPECT_EQ(check_dialog(k, existing, 1920, 1080, false).outcome, DialogOutcome::AskOverwrite);
    EXPECT_EQ(check_dialog(k, existing, 1920, 1080, true).outcome, DialogOutcome::Run);
    EXPECT_EQ(check_dialog(k, fresh, 1920, 1080, false).outcome, DialogOutcome::Run);
  }
  // Opening reads: an existing file runs, a missing one is an error, never a question.
  EXPECT_EQ(check_dialog(ShellDialog::OpenView, existing, 0, 0, false).outcome, DialogOutcome::Run);
  const DialogCheck missing = check_dialog(ShellDialog::OpenView, fresh, 0, 0, false);
  EXPECT_EQ(missing.outcome, DialogOutcome::Error);
  EXPECT_EQ(missing.error, "The file does not exist.");
  // Bad folder, empty path, bad PNG size.
  EXPECT_EQ(check_dialog(ShellDialog::ExportCsv, "/nonexistent-biodash/t.csv", 0, 0, false).error,
            "The folder does not exist.");
  EXPECT_EQ(check_dialog(ShellDialog::SaveView, "", 0, 0, false).outcome, DialogOutcome::Error);
  EXPECT_EQ(check_dialog(ShellDialog::ExportPng, fresh, 15, 1080, false).outcome,
            DialogOutcome::Error);
  // A file the window has open (here through a link and as FILE:LAYER) is never an output,
  // confirmed or not; the dialog names it.
  const std::string link = (dir / "link.png").string();
  fs::remove(link);
  fs::create_symlink(existing, link);
  for (ShellDialog k : {ShellDialog::SaveView, ShellDialog::ExportPng, ShellDialog::ExportCsv,
                        ShellDialog::ExportGpkg, ShellDialog::SiteReport}) {
    const DialogCheck c = check_dialog(k, link, 1920, 1080, true, {existing + ":layer"});
    EXPECT_EQ(c.outcome, DialogOutcome::Error);
    EXPECT_EQ(c.error, "This file is open in biodash (%s); choose another file.");
    EXPECT_EQ(c.arg, existing + ":layer");
  }
  EXPECT_EQ(check_dialog(ShellDialog::ExportPng, fresh, 16384, 16384, false).outcome,
            DialogOutcome::Run);
  EXPECT_EQ(check_dialog(ShellDialog::ExportPng, fresh, 16385, 100, false).outcome,
            DialogOutcome::Error);
  fs::remove_all(dir);
}

TEST(JobQueue, CancelResetsLikeAFailureAndDropsTheResult) {
  JobQueue q;
  std::atomic<bool> release{false}, ran{false};
  std::vector<std::string> errors;
  const uint64_t id = q.submit(
      "slow",
      [&]() -> JobQueue::Completion {
        while (!release.load()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
        return [&] { ran = true; };
      },
      [&](const std::string& e) { errors.push_back(e); });
  ASSERT_TRUE(q.busy());
  EXPECT_TRUE(q.cancel(id));
  EXPECT_FALSE(q.busy());  // gone from the status bar at once
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0], "cancelled");  // the caller's failure path ran, now
  EXPECT_FALSE(q.cancel(id));         // not running any more
  release = true;                     // the worker finishes in the background...
  for (int i = 0; i < 2000 && q.drain() == 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  EXPECT_FALSE(ran.load());  // ...and its result is dropped
  EXPECT_EQ(errors.size(), 1u);
  // Other jobs are unaffected.
  bool other = false;
  q.submit(
      "fast", [&]() -> JobQueue::Completion { return [&] { other = true; }; },
      [](const std::string&) {});
  for (int i = 0; i < 2000 && !other; ++i) {
    q.drain();
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  EXPECT_TRUE(other);
}

TEST(JobQueue, CancelRaisesTheStopFlagOfControlledWork) {
  JobQueue q;
  std::atomic<bool> left{false};
  std::vector<std::string> errors;
  const uint64_t id = q.submit_controlled(
      "controlled",
      [&](JobQueue::Control& c) -> JobQueue::Completion {
        c.progress.store(0.25f);
        // Runs until told to stop (at most 10 s, so a broken cancel fails instead of hanging).
        for (int i = 0; i < 10000 && !c.stop.load(); ++i)
          std::this_thread::sleep_for(std::chrono::milliseconds(1));
        left = c.stop.load();
        return [] {};
      },
      [&](const std::string& e) { errors.push_back(e); });
  ASSERT_EQ(q.active().size(), 1u);
  ASSERT_NE(q.active()[0].control, nullptr);
  for (int i = 0; i < 2000 && q.active()[0].control->progress.load() < 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  EXPECT_FLOAT_EQ(q.active()[0].control->progress.load(), 0.25f);  // what the status bar draws
  EXPECT_TRUE(q.cancel(id));
  for (int i = 0; i < 2000 && !left.load(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  EXPECT_TRUE(left.load()) << "the worker did not see the stop flag";
  EXPECT_EQ(errors, std::vector<std::string>{"cancelled"});
}

// Quitting: stop_all() raises every stop flag and waits a bounded time; a worker stuck in a
// blocking call (here: a wait it cannot leave until released) makes it return false instead of
// hanging the window.
TEST(JobQueue, StopAllNeverWaitsForeverOnAStuckWorker) {
  JobQueue q;
  std::atomic<bool> release{false};
  q.submit_controlled(
      "polite",
      [](JobQueue::Control& c) -> JobQueue::Completion {
        for (int i = 0; i < 10000 && !c.stop.load(); ++i)
          std::this_thread::sleep_for(std::chrono::milliseconds(1));
        return [] {};
      },
      [](const std::string&) {});
  q.submit(
      "stuck",
      [&]() -> JobQueue::Completion {
        while (!release.load()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
        return [] {};
      },
      [](const std::string&) {});
  const auto t0 = std::chrono::steady_clock::now();
  EXPECT_FALSE(q.stop_all(0.2));
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(5));
  release = true;
  EXPECT_TRUE(q.stop_all(10.0));
}

TEST(I18n, LayerLoadSummaryInDutch) {
  // The Messages panel's per-layer line, worked out by hand in both languages.
  LoadReport r;
  r.source = "/data/wijken.gpkg";
  r.features_read = 3;
  r.loaded = 1;
  r.null_skipped = 1;
  r.invalid_repaired = 2;
  EXPECT_EQ(r.summary(),
            "wijken.gpkg: 3 features, 1 loaded; 1 null geometry skipped; "
            "2 invalid polygons repaired");
  set_language(Language::Dutch);
  EXPECT_EQ(r.summary(&tr),
            "wijken.gpkg: 3 objecten, 1 geladen; 1 null-geometrie overgeslagen; "
            "2 ongeldige polygonen hersteld");
  set_language(Language::English);
  EXPECT_EQ(r.summary(&tr), r.summary());
}
