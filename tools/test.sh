#!/usr/bin/env bash
# Builds everything, runs the libFuzzer targets for a bounded time (ASan+UBSan, seeded with
# the real fixtures), runs every test through ctest (prints ctest's summary), then builds the
# core and CLI tests with AddressSanitizer + UndefinedBehaviorSanitizer in build-asan/ and runs
# them too, then builds everything with ThreadSanitizer in build-tsan/ and runs the workspace and
# job tests, the three-faces test and the scripted window sessions under it (third-party
# internals suppressed in tools/tsan.supp, each with its reason). The main and TSan builds
# treat warnings as errors. --quick skips the fuzzers and the sanitizer builds.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
"$ROOT/tools/build.sh" -DBIODASH_WERROR=ON
if [ "${1:-}" != "--quick" ]; then
  "$ROOT/fuzz/run.sh" "${BIODASH_FUZZ_SECONDS:-60}"
fi
ctest --test-dir "$ROOT/build" --output-on-failure -j "$(nproc)"
if [ "${1:-}" != "--quick" ]; then
  ASAN=$ROOT/build-asan
  if [ ! -f "$ASAN/build.ninja" ]; then
    cmake -S "$ROOT" -B "$ASAN" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DBIODASH_GUI=OFF \
      -DBIODASH_BENCH=OFF -DBIODASH_SANITIZE=address,undefined
  fi
  cmake --build "$ASAN" -j "$(nproc)"
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --test-dir "$ASAN" --output-on-failure -j "$(nproc)"
fi
if [ "${1:-}" != "--quick" ]; then
  TSAN=$ROOT/build-tsan
  if [ ! -f "$TSAN/build.ninja" ]; then
    cmake -S "$ROOT" -B "$TSAN" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBIODASH_BENCH=OFF \
      -DBIODASH_SANITIZE=thread -DBIODASH_WERROR=ON
  fi
  # exitcode 66: a report fails the test even when the program would have passed.
  export TSAN_OPTIONS="suppressions=$ROOT/tools/tsan.supp halt_on_error=0 exitcode=66 second_deadlock_stack=1"
  cmake --build "$TSAN" -j "$(nproc)"
  ctest --test-dir "$TSAN" --output-on-failure -j "$(nproc)" -L workspace
  ctest --test-dir "$TSAN" --output-on-failure -R "JobQueue|Faces|gui_script|gui_switch_areas"
fi
