#!/usr/bin/env bash
# ctest registers each doctest TEST_CASE by its name and runs it with that
# name as its filter; ';' is CMake's list separator, so a name containing it
# becomes a filter that matches nothing: the test runs no assertion and still
# "passes". Refuse such names.
set -euo pipefail
cd "$(dirname "$0")/.."
bad=$(grep -n 'TEST_CASE("[^"]*;' tests/*.cpp || true)
if [ -n "$bad" ]; then
  echo "check_test_names: a test case name with ';' would run nothing under ctest; rename:" >&2
  echo "$bad" >&2
  exit 1
fi
echo "check_test_names: no test case name contains ';'"
