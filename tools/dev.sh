#!/usr/bin/env bash
# One entry point for a fresh Debian 12 machine (run as root, or with sudo):
#   tools/dev.sh demo   install packages, build, run the main job on the bundled sample
#   tools/dev.sh test   install packages, build, run the whole test suite
#   tools/dev.sh build  install packages and build only
# Idempotent: packages already present are not reinstalled, the build is incremental.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD=${SLACLOCK_BUILD_DIR:-$ROOT/build}

PACKAGES=(build-essential cmake pkg-config tzdata sqlite3 libsqlite3-dev
  libboost-date-time-dev libsqlitecpp-dev libyaml-cpp-dev doctest-dev
  libcli11-dev nlohmann-json3-dev libssl-dev clang-format libcpp-httplib-dev)

install_packages() {
  local missing=()
  for p in "${PACKAGES[@]}" "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if ((${#missing[@]})); then
    echo "== installing: ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo=sudo
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

build() {
  cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$BUILD" -j"$(nproc)"
}

case "${1:-}" in
  build)
    install_packages
    build
    ;;
  test)
    # Chromium renders the KVI committee pack in the browser test.
    install_packages chromium
    build
    cd "$BUILD" && ctest --output-on-failure -j"$(nproc)"
    ;;
  demo)
    install_packages
    build
    "$ROOT/tools/demo.sh" "$BUILD"
    ;;
  *)
    echo "usage: tools/dev.sh demo|test|build" >&2
    exit 2
    ;;
esac
