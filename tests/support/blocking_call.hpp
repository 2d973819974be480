#pragma once
// For tests of reads that must never block (FIFOs, devices): runs a call on another thread and
// returns the message of the biodash::Error it throws ("" when it returns). A call still
// blocked after `seconds` fails the test; the FIFO `unblock` is then opened for writing so the
// blocked reader returns and the test ends instead of hanging.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <functional>
#include <future>
#include <string>

#include "core/error.hpp"

inline std::string error_within(int seconds, const std::function<void()>& f,
                                const std::string& unblock = "") {
  auto fut = std::async(std::launch::async, [f]() -> std::string {
    try {
      f();
    } catch (const biodash::Error& e) {
      return e.what();
    }
    return "";
  });
  if (fut.wait_for(std::chrono::seconds(seconds)) != std::future_status::ready) {
    ADD_FAILURE() << "the call blocked for more than " << seconds << " s";
    if (!unblock.empty()) {
      const int w = ::open(unblock.c_str(), O_WRONLY | O_NONBLOCK);
      if (w >= 0) ::close(w);
    }
  }
  return fut.get();
}
