#!/usr/bin/env bash
# The main job on bundled data, as an operator would run it.
set -euo pipefail
BUILD=${1:?usage: tools/demo.sh BUILD_DIR}
S="$BUILD/tools/slaclock"
run() { echo; echo "\$ slaclock $*"; "$S" "$@"; }

echo "== business-calendar answers (england-and-wales, Europe/London)"
run calendar add --from 2024-03-28T16:00:00Z --business-hours 4 --format table
run calendar add --from 2024-03-28T16:00:00Z --business-days 4 --format table
run calendar between --from 2024-10-25T16:00:00+01:00 --to 2024-10-28T10:00:00Z --format table
run calendar business-day 2024-04-01 --format table
run calendar holidays --year 2026 --calendar scotland --format table
