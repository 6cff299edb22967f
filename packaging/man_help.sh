#!/usr/bin/env bash
# The text help2man turns into slaclock.1: the program's own --help, then
# every command's --help, each under a heading of its own. help2man runs
#   SLACLOCK=build/tools/slaclock packaging/man_help.sh --help | --version
# (cmake/install.cmake), so the man page always says what the program does.
set -euo pipefail
prog=${SLACLOCK:?set SLACLOCK to the program}
case "${1:-}" in
  --version)
    exec "$prog" --version
    ;;
  --help) ;;
  *)
    echo "usage: SLACLOCK=PROGRAM man_help.sh --help|--version" >&2
    exit 2
    ;;
esac

commands_of() { # the names listed under "Subcommands:" in a help text
  awk '/^Subcommands:$/ { on = 1; next } /^[^ ]/ { on = 0 } on && /^  [^ ]/ { print $1 }'
}

"$prog" --help
walk() { # walk "calendar" -> "calendar add", ...
  local help sub
  help=$("$prog" "$@" --help)
  local subs
  subs=$(commands_of <<<"$help")
  if [ -z "$subs" ]; then
    echo
    echo "slaclock $*:"
    # The one-line description, the usage, then options and footer, indented
    # so that help2man keeps them inside this command's section.
    awk 'NR == 1 { print "  " $0; next } /^Usage:/ { print "  " $0; next } /^Options:$|^Positionals:$/ { next }
         /^  -h,--help|^  --help-all/ { next } /^[^ ]/ { print "  " $0; next } { print }' <<<"$help"
    return
  fi
  for sub in $subs; do walk "$@" "$sub"; done
}
for cmd in $(commands_of <<<"$("$prog" --help)"); do walk "$cmd"; done
