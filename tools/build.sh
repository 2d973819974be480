#!/usr/bin/env bash
# Configures (once) and builds biodash into build/ (Release with debug info). Idempotent.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BIODASH_BUILD_DIR:-$ROOT/build}
"$ROOT/tools/install-deps.sh"
if [ ! -f "$BUILD/build.ninja" ]; then
  cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@"
fi
cmake --build "$BUILD" -j "$(nproc)"
