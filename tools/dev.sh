#!/usr/bin/env bash
# One entry point for a fresh Debian 12 machine (run as root, or with sudo):
#   tools/dev.sh demo   install packages, build, run the main job on the bundled sample
#   tools/dev.sh test   install packages, build, run the whole test suite
#   tools/dev.sh build  install packages and build only
#   tools/dev.sh sanitize  build the test suite with AddressSanitizer and UBSan
#                          (gcc, in build-asan/) and run it
#   tools/dev.sh fuzz   build the libFuzzer targets with clang and run each for
#                       60 s (tools/fuzz.sh; docs/fuzzing.md)
# Idempotent: packages already present are not reinstalled, the build is incremental.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD=${SLACLOCK_BUILD_DIR:-$ROOT/build}

PACKAGES=(build-essential cmake pkg-config tzdata sqlite3 libsqlite3-dev
  libsqlitecpp-dev libyaml-cpp-dev doctest-dev
  libcli11-dev nlohmann-json3-dev libssl-dev clang-format help2man libcpp-httplib-dev)

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

# Clang and its libFuzzer runtime, plus llvm-symbolizer for readable stacks.
FUZZ_PACKAGES=(clang libclang-rt-14-dev llvm-14)

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
  sanitize)
    # Every test, CLI runs included, under ASan (leaks too) and UBSan; any report
    # fails it. The source checks (layers, format) compile nothing: `test` runs them.
    install_packages chromium
    ASAN_BUILD=${SLACLOCK_ASAN_BUILD_DIR:-$ROOT/build-asan}
    cmake -S "$ROOT" -B "$ASAN_BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" \
      -DSLACLOCK_SANITIZE=ON -DSLACLOCK_WERROR=OFF >/dev/null  # GCC's sanitizer builds warn falsely; `test` keeps -Werror
    cmake --build "$ASAN_BUILD" -j"$(nproc)"
    export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:detect_stack_use_after_return=1}
    export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
    cd "$ASAN_BUILD" && ctest --output-on-failure -j"$(nproc)" --label-exclude source_checks
    ;;
  fuzz)
    install_packages "${FUZZ_PACKAGES[@]}"
    "$ROOT/tools/fuzz.sh" 60
    ;;
  demo)
    install_packages
    build
    "$ROOT/tools/demo.sh" "$BUILD"
    ;;
  *)
    echo "usage: tools/dev.sh demo|test|build|sanitize|fuzz" >&2
    exit 2
    ;;
esac
