#pragma once
// Test helper: drives a Workspace headless until its background work is done.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "workspace/workspace.hpp"

namespace biodash::ui {

// Applies finished jobs until none is left (fails the test after 60 s). update() may start
// follow-up work (e.g. the metrics after an assignment): that is waited for too.
inline void wait_idle(Workspace& d) {
  const auto t0 = std::chrono::steady_clock::now();
  do {
    d.update();
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    ASSERT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(60)) << "jobs hang";
  } while (d.jobs.busy());
}

}  // namespace biodash::ui
