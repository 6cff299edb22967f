#!/usr/bin/env bash
# The main job on the bundled sample, as operations, the service desk and an
# auditor would run it. Starts from a fresh database each time.
#   tools/demo.sh BUILD_DIR                  from the source tree: BUILD_DIR/tools/slaclock, writes BUILD_DIR/demo
#   /usr/share/slaclock/demo.sh [OUT_DIR]    installed: slaclock from PATH, writes OUT_DIR (default ./slaclock-demo)
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
if [ -f "$HERE/samples/sample-events.jsonl" ]; then # installed next to its samples/
  S=$(command -v slaclock || echo "$HERE/../../bin/slaclock")
  SAMPLE="$HERE/samples/sample-events.jsonl"
  OUT=$(mkdir -p "${1:-slaclock-demo}" && cd "${1:-slaclock-demo}" && pwd)
else
  BUILD=${1:?usage: tools/demo.sh BUILD_DIR}
  S="$BUILD/tools/slaclock"
  SAMPLE="$(cd "$HERE/.." && pwd)/samples/sample-events.jsonl"
  OUT="$BUILD/demo"
fi
DB="$OUT/slaclock.db"
AS_OF=2026-10-15T18:00:00+01:00
mkdir -p "$OUT"
rm -f "$DB" "$DB-wal" "$DB-shm"
export SLACLOCK_DB="$DB"
run() { echo; echo "\$ slaclock $*"; "$S" "$@"; }

echo "== business-calendar answers (england-and-wales, Europe/London)"
run calendar add --from 2024-03-28T16:00:00Z --business-hours 4 --format table
run calendar add --from 2024-03-28T16:00:00Z --business-days 4 --format table
run calendar between --from 2024-10-25T16:00:00+01:00 --to 2024-10-28T10:00:00Z --format table

echo; echo "== a database with the shipped rules and the bundled sample (samples/)"
run init
run import "$SAMPLE"
run verify --format table

echo; echo "== the nightly sweep as of $AS_OF (exit status 1 = something is breached)"
status=0
run sweep --as-of "$AS_OF" --format table || status=$?
echo "(sweep exit status: $status)"

echo; echo "== the service desk: overdue now, or due by the close of the next business day (1bd)"
run overdue --as-of "$AS_OF" --due-within 1bd --format table

echo; echo "== an auditor replays one contact exactly as the sweep saw it"
entity=$("$S" overdue --as-of "$AS_OF" --clock resolution --format csv | awk -F, 'NR==2 {print $1}')
[ -n "$entity" ] && run replay "$entity" --as-of "$AS_OF" --as-known --format table

echo; echo "== an auditor proves nothing changed since (record both heads each night)"
run verify --format table

if "$S" --help 2>/dev/null | grep -qE "^  kvi "; then
  echo; echo "== the KVI owner: September's scorecard and the committee pack"
  run kvi --month 2026-09 --format table
  "$S" kvi --month 2026-09 --format html --out "$OUT/scorecard-2026-09.html"
  echo; echo "committee pack written to $OUT/scorecard-2026-09.html"
fi
echo; echo "database: $DB"
