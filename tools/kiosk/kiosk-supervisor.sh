#!/bin/sh
# Minimal supervisor for systems without systemd user units: runs the kiosk, restarts it when it
# exits abnormally (crash, signal), stops when it quits cleanly via the key chord (exit 0).
# Start at login e.g. from ~/.config/autostart/biodash-kiosk.desktop (Exec=this script).
#   usage: kiosk-supervisor.sh [BIODASH] [TOUR_FILE]
BIODASH=${1:-biodash}
TOUR=${2:-/opt/biodash/share/biodash/data/tours/leiden_nature.tour}
LOG=${XDG_STATE_HOME:-$HOME/.local/state}/biodash-kiosk.log
mkdir -p "$(dirname "$LOG")"
while :; do
  "$BIODASH" --kiosk "$TOUR" >>"$LOG" 2>&1
  rc=$?
  [ "$rc" -eq 0 ] && exit 0
  echo "$(date -Is) kiosk exited with $rc, restarting in 3 s" >>"$LOG"
  sleep 3
done
