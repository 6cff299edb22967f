#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz, docs/fuzzing.md) with clang and
# -fsanitize=fuzzer,address,undefined, then runs each for SECONDS.
#
#   tools/fuzz.sh [SECONDS]      default 60 per target; exit 1 when any target
#                                found a crash, leak, UB, out-of-memory or timeout
#
# Environment:
#   SLACLOCK_FUZZ_BUILD_DIR   build folder (default build-fuzz/)
#   SLACLOCK_FUZZ_TARGETS     targets to run, space separated (default: all)
#   SLACLOCK_FUZZ_RSS_MB      memory limit per target in MB (default 2048)
#   SLACLOCK_FUZZ_TIMEOUT     seconds one input may take before it is a hang (default 10)
#   SLACLOCK_JOBS             parallel compile jobs (default: nproc)
#   SLACLOCK_FUZZ_PARALLEL    targets run at once (default: nproc)
#
# New inputs that reach new code go to BUILD/corpus/<target>/ (kept between
# runs); the seeds in tests/fuzz/corpus/<target>/ and the past findings in
# tests/data/fuzz/<target>/ are only read. A finding is
# saved as BUILD/artifacts/<target>/crash-... (or leak-, timeout-, oom-);
# reproduce it with BUILD/tests/fuzz/fuzz_<target> FILE. Needs clang and
# libclang-rt-14-dev (tools/dev.sh fuzz installs them).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

SECONDS_PER_TARGET=${1:-60}
if ! [[ $SECONDS_PER_TARGET =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: tools/fuzz.sh [SECONDS]   (a whole number of seconds per target, default 60)" >&2
  exit 2
fi
BUILD=${SLACLOCK_FUZZ_BUILD_DIR:-$ROOT/build-fuzz}
read -r -a TARGETS <<<"${SLACLOCK_FUZZ_TARGETS:-jsonl_reader csv_reader timestamp calendar_yaml rules_yaml kvi_yaml}"
RSS_MB=${SLACLOCK_FUZZ_RSS_MB:-2048}
TIMEOUT=${SLACLOCK_FUZZ_TIMEOUT:-10}
JOBS=${SLACLOCK_JOBS:-$(nproc)}

CXX_CLANG=${CXX_CLANG:-clang++}
command -v "$CXX_CLANG" >/dev/null 2>&1 || {
  echo "fuzz: $CXX_CLANG not found (apt-get install clang libclang-rt-14-dev, or tools/dev.sh fuzz)" >&2
  exit 2
}

echo "== fuzz: building targets in $BUILD"
# -O1 -g without NDEBUG: asserts stay on and stacks stay readable.
cmake -S "$ROOT" -B "$BUILD" -DCMAKE_CXX_COMPILER="$CXX_CLANG" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" -DSLACLOCK_FUZZ=ON -DSLACLOCK_BUILD_TESTS=OFF \
  -DSLACLOCK_WERROR=OFF >/dev/null
cmake --build "$BUILD" --target fuzz -j"$JOBS"

# Sanitizer reports abort the run; symbolised stacks when llvm-symbolizer is there.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:detect_stack_use_after_return=1:strict_string_checks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
if ! command -v llvm-symbolizer >/dev/null 2>&1 && [ -x /usr/lib/llvm-14/bin/llvm-symbolizer ]; then
  export ASAN_SYMBOLIZER_PATH=/usr/lib/llvm-14/bin/llvm-symbolizer
fi

# One target per core at a time: each is single-threaded, so on 2 cores the
# six 60 s runs take 3 minutes instead of 6.
PARALLEL=${SLACLOCK_FUZZ_PARALLEL:-$(nproc)}
run_target() {
  local t=$1 bin=$BUILD/tests/fuzz/fuzz_$1 log=$BUILD/logs/$1.log status=0
  # Past findings (tests/data/fuzz/<target>/, replayed by the regression tests) seed it too.
  local dirs=("$BUILD/corpus/$t" "$ROOT/tests/fuzz/corpus/$t")
  [ -d "$ROOT/tests/data/fuzz/$t" ] && dirs+=("$ROOT/tests/data/fuzz/$t")
  "$bin" -max_total_time="$SECONDS_PER_TARGET" -rss_limit_mb="$RSS_MB" -malloc_limit_mb="$RSS_MB" \
    -timeout="$TIMEOUT" -print_final_stats=1 -artifact_prefix="$BUILD/artifacts/$t/" \
    "${dirs[@]}" >"$log" 2>&1 || status=$?
  echo "$status" >"$BUILD/logs/$t.status"
}

for t in "${TARGETS[@]}"; do
  bin=$BUILD/tests/fuzz/fuzz_$t
  seeds=$ROOT/tests/fuzz/corpus/$t
  [ -x "$bin" ] || { echo "fuzz: no target '$t' ($bin)" >&2; exit 2; }
  [ -d "$seeds" ] || { echo "fuzz: no seed corpus $seeds" >&2; exit 2; }
  mkdir -p "$BUILD/corpus/$t" "$BUILD/artifacts/$t" "$BUILD/logs"
  rm -f "$BUILD/logs/$t.status"
done
running=0
for t in "${TARGETS[@]}"; do
  if ((running >= PARALLEL)); then
    wait -n || true
    running=$((running - 1))
  fi
  echo "== fuzz: $t for ${SECONDS_PER_TARGET}s (log: $BUILD/logs/$t.log)"
  run_target "$t" &
  running=$((running + 1))
done
wait || true

failed=()
for t in "${TARGETS[@]}"; do
  log=$BUILD/logs/$t.log
  status=$(cat "$BUILD/logs/$t.status" 2>/dev/null || echo 1)
  echo "== fuzz: $t: exit $status"
  grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb' "$log" | sed 's/^/   /' || true
  if ((status != 0)); then
    echo "== fuzz: $t FAILED (exit $status); the report ends:" >&2
    grep -E 'ERROR: |SUMMARY: |fuzz finding: |runtime error: |terminate called|  what\(\): |Test unit written to' "$log" | head -n 20 >&2 || true
    failed+=("$t")
  fi
done

if ((${#failed[@]})); then
  echo "fuzz: findings in: ${failed[*]}; inputs under $BUILD/artifacts/ (docs/fuzzing.md: turn each into a test)" >&2
  exit 1
fi
echo "fuzz: ${#TARGETS[@]} target(s), ${SECONDS_PER_TARGET}s each, no findings"
