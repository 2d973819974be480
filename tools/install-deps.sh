#!/usr/bin/env bash
# Installs the Debian 12 packages biodash needs, only when something is missing.
# Waits for the dpkg lock instead of failing when another apt is running.
set -euo pipefail
PKGS=(cmake ninja-build g++ pkg-config git
      libgdal-dev gdal-bin libproj-dev proj-data libgeos-dev
      libimgui-dev libglfw3-dev python3-glad libstb-dev
      libegl-dev libgl-dev libegl-mesa0 libgl1-mesa-dri
      libgtest-dev libbenchmark-dev
      fonts-dejavu-core xvfb xauth xdotool imagemagick strace
      clang-14 libclang-rt-14-dev unzip libsqlite3-dev python3)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
echo "biodash: installing missing Debian packages: ${missing[*]}"
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq
$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends "${missing[@]}"
