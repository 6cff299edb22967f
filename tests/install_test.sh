#!/usr/bin/env bash
# ctest "install": `cmake --install` into a temporary prefix, then the
# installed program alone, from an unrelated working directory and with no
# SLACLOCK_HOME, finds its own data: init, import of the installed sample,
# sweep, overdue, the installed demo. Also checks the man page and the bash
# completion installed.
#   tests/install_test.sh CMAKE BUILD_DIR
set -euo pipefail
CMAKE=${1:?usage: install_test.sh CMAKE BUILD_DIR}
BUILD=${2:?usage: install_test.sh CMAKE BUILD_DIR}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
P=$tmp/prefix
fail() {
  echo "install test: $*" >&2
  exit 1
}

"$CMAKE" --install "$BUILD" --prefix "$P" >"$tmp/install.log" || { cat "$tmp/install.log" >&2; fail "cmake --install failed"; }
for f in bin/slaclock bin/slaclock-generate share/slaclock/calendars/england-and-wales.yaml \
  share/slaclock/calendars/scotland.yaml share/slaclock/config/kvi/dsc-kvi-2018.yaml share/slaclock/config/kvi/dsc-kvi-2020.yaml \
  share/slaclock/config/rules/dsc-kvi-2018.yaml share/slaclock/config/rules/dsc-kvi-2020.yaml \
  share/slaclock/samples/sample-events.jsonl share/slaclock/samples/README.md share/slaclock/demo.sh \
  share/bash-completion/completions/slaclock share/doc/slaclock/README.md share/doc/slaclock/docs/events.md \
  share/doc/slaclock/docs/settings.md share/doc/slaclock/docs/json.md share/doc/slaclock/docs/kvi.md; do
  [ -e "$P/$f" ] || fail "$f not installed"
done
if command -v help2man >/dev/null; then
  [ -s "$P/share/man/man1/slaclock.1.gz" ] || fail "share/man/man1/slaclock.1.gz not installed"
  # Read whole, then searched: grep -q after a pipe stops reading, and under
  # pipefail zcat's SIGPIPE then fails the test whenever the page is large.
  man_text=$(zcat "$P/share/man/man1/slaclock.1.gz")
  grep -q "slaclock sweep" <<<"$man_text" || fail "the man page does not describe sweep"
  grep -q "slaclock rules clocks" <<<"$man_text" || fail "the man page does not describe rules clocks"
fi

# (grep -c, not grep -q, after a pipe: -q would stop reading and, under pipefail, fail the pipe.)
has() { [ "$(grep -cx -- "$1")" -gt 0 ]; }

# Only the installed tree: another directory, no SLACLOCK_HOME, no SLACLOCK_DB.
mkdir "$tmp/elsewhere"
cd "$tmp/elsewhere"
unset SLACLOCK_HOME SLACLOCK_DB
S=$P/bin/slaclock
"$S" --version >version.txt
grep -qx "data folder $P/share/slaclock (installed)" version.txt || { cat version.txt >&2; fail "the installed program does not use its own data folder"; }
"$S" init --db t.db >init.txt || fail "init failed"
grep -q "loaded rules dsc-kvi-2020" init.txt || { cat init.txt >&2; fail "init did not load the shipped rules"; }
grep -q "loaded calendar england-and-wales" init.txt || fail "init did not load the shipped calendars"
grep -q "loaded kvi_settings" init.txt || fail "init did not load the shipped KVI settings"
"$S" import "$P/share/slaclock/samples/sample-events.jsonl" --db t.db --format json >import.json || fail "import failed"
grep -q '"rejected": 0' import.json || { cat import.json >&2; fail "import rejected lines"; }
status=0
"$S" sweep --as-of 2026-10-15T18:00:00+01:00 --db t.db --quiet >sweep.out || status=$?
[ "$status" -eq 1 ] || fail "sweep exit status $status, expected 1 (the sample has breached clocks)"
[ ! -s sweep.out ] || fail "sweep --quiet printed something"
"$S" overdue --as-of 2026-10-15T18:00:00+01:00 --db t.db --format csv >overdue.csv || fail "overdue failed"
[ "$(wc -l <overdue.csv)" -gt 1 ] || fail "overdue lists nothing"
"$S" calendar business-day 2026-12-28 --calendar england-and-wales --format json | grep -c '"business_day":false' >/dev/null \
  || fail "calendar business-day failed"

# The installed demo runs from here with the installed program on PATH.
PATH="$P/bin:$PATH" "$P/share/slaclock/demo.sh" "$tmp/demo" >demo.log 2>&1 || { tail -20 demo.log >&2; fail "the installed demo.sh failed"; }
[ -s "$tmp/demo/scorecard-2026-09.html" ] || fail "the installed demo wrote no committee pack"

# The installed bash completion completes commands, options and values.
complete_words() { # complete_words WORD... : COMPREPLY for the last word
  bash -c '
    source "$1"; shift
    COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
    _slaclock; printf "%s\n" "${COMPREPLY[@]}"' _ "$P/share/bash-completion/completions/slaclock" "$@"
}
complete_words "$S" swe | has sweep || fail "completion: 'swe' does not complete to sweep"
complete_words "$S" sweep --as | has --as-of || fail "completion: 'sweep --as' does not offer --as-of"
complete_words "$S" overdue --status "" | has at_risk || fail "completion: --status values"
complete_words "$S" overdue --calendar sc | has scotland || fail "completion: --calendar names"
complete_words "$S" calendar b | has between || fail "completion: 'calendar b' does not offer between"
echo "install test: ok ($P)"
