#!/usr/bin/env bash
# Checks that every *.h / *.cpp under engine/, tools/ and tests/ is formatted
# as .clang-format says. Changes nothing.
#
#   tools/check_format.sh    exit 0 when all are formatted, 1 listing the files that are not,
#                            77 (ctest: skipped) when clang-format is not installed
#
# $CLANG_FORMAT picks the binary (default: clang-format). To fix a file:
# clang-format -i FILE. Different clang-format versions can format the same
# code differently; CI uses Debian 12's (tools/dev.sh installs it).
set -euo pipefail
cd "$(dirname "$0")/.."

CLANG_FORMAT=${CLANG_FORMAT:-clang-format}
if ! command -v "$CLANG_FORMAT" >/dev/null 2>&1; then
  echo "check_format: SKIPPED: $CLANG_FORMAT is not installed (apt-get install clang-format, or tools/dev.sh)" >&2
  exit 77
fi
[ -f .clang-format ] || { echo "check_format: no .clang-format in $PWD" >&2; exit 2; }

mapfile -t files < <(find engine tools tests -type f \( -name '*.h' -o -name '*.hpp' -o -name '*.cpp' -o -name '*.cc' \) \
  | LC_ALL=C sort)
((${#files[@]})) || { echo "check_format: no sources found" >&2; exit 2; }

unformatted=()
for f in "${files[@]}"; do
  if ! out=$("$CLANG_FORMAT" --style=file --dry-run --Werror "$f" 2>&1); then
    if [[ $out != *clang-format-violations* ]]; then
      # Not a formatting difference: a bad .clang-format, an unreadable file...
      printf 'check_format: %s failed on %s:\n%s\n' "$CLANG_FORMAT" "$f" "$out" >&2
      exit 2
    fi
    unformatted+=("$f")
  fi
done

version=$("$CLANG_FORMAT" --version | head -n 1)
if ((${#unformatted[@]})); then
  printf '%s: not formatted\n' "${unformatted[@]}"
  echo "check_format: ${#unformatted[@]} of ${#files[@]} files need formatting ($version); see one with:" \
    "$CLANG_FORMAT --dry-run FILE; fix with: $CLANG_FORMAT -i FILE" >&2
  exit 1
fi
echo "check_format: ${#files[@]} files formatted ($version)"
