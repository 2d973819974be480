#!/usr/bin/env bash
# Builds everything, runs the libFuzzer targets for a bounded time (ASan+UBSan, seeded with
# the real fixtures), runs every test through ctest (prints ctest's summary), then builds the
# core and CLI tests with AddressSanitizer + UndefinedBehaviorSanitizer in build-asan/ and runs
# them too. --quick skips the fuzzers and the sanitizer build.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
"$ROOT/tools/build.sh"
if [ "${1:-}" != "--quick" ]; then
  "$ROOT/fuzz/run.sh" "${BIODASH_FUZZ_SECONDS:-20}"
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
