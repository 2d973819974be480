#!/usr/bin/env bash
# Sets up (packages, build) and opens the dashboard on the embedded Leiden demo.
# Extra arguments are passed to biodash (e.g. files to open).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
"$ROOT/tools/build.sh"
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "biodash: no display; running under Xvfb (screenshot with: biodash --smoke-frames N --screenshot F)"
  exec xvfb-run -a -s "-screen 0 1600x900x24" "$ROOT/build/biodash" "$@"
fi
exec "$ROOT/build/biodash" "$@"
