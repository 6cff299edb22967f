#!/usr/bin/env bash
# The engine's layer rules (docs/architecture.md), checked on #include lines.
#
#   tools/check_layers.sh          exit 0 when clean; else list "file:line: what" and exit 1
#   tools/check_layers.sh --all    also list the violations the allowlist lets through
#
# Rules:
#   - a file in layer L (engine/src/L/ or engine/include/slaclock/L/) includes
#     no header of a layer ranked above L (<slaclock/X/...>, internal "X/...",
#     or a relative path that lands in another layer's folder);
#   - only engine/src/store includes SQLiteCpp or sqlite3.h, and only
#     engine/src/config includes yaml-cpp: directly, or through a project
#     header that includes them (store/event_store_internal.h, say);
#   - no public header (engine/include) includes <nlohmann/json.hpp>; only
#     report/ may include <nlohmann/json_fwd.hpp>;
#   - the CLI (tools/slaclock) includes no SQLiteCpp (the same rule, named);
#   - only engine/src/serve includes cpp-httplib (httplib.h) in engine/ and
#     tools/ (tests may, as an HTTP client).
#
# tools/layer_exceptions.txt lists files whose violations are tolerated for
# now, one path per line followed by "# why". An entry whose file no longer
# violates anything (or no longer exists) is itself an error, so the list only
# shrinks. Needs only bash, find, sort and a POSIX awk (mawk is enough).
set -euo pipefail

# Bottom to top. A new layer folder goes here and in docs/architecture.md.
LAYERS="base time calendar clock kvi report config store import ops serve"

cd "$(dirname "$0")/.."
ALLOWLIST=tools/layer_exceptions.txt

show_allowed=0
case "${1:-}" in
  "") ;;
  -a | --all) show_allowed=1 ;;
  -h | --help)
    sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p;}' "$0"
    exit 0
    ;;
  *)
    echo "usage: tools/check_layers.sh [--all]" >&2
    exit 2
    ;;
esac

for d in engine tools tests; do
  [ -d "$d" ] || { echo "check_layers: no $d/ folder under $PWD" >&2; exit 2; }
done

mapfile -t files < <(find engine tools tests -type f \
  \( -name '*.h' -o -name '*.hh' -o -name '*.hpp' -o -name '*.cpp' -o -name '*.cc' -o -name '*.cxx' -o -name '*.ipp' \) \
  | LC_ALL=C sort)
((${#files[@]})) || { echo "check_layers: no sources found" >&2; exit 2; }

# One "path:line: what" per violation.
# shellcheck disable=SC2016  # the program is awk, not shell
violations=$(awk -v layer_list="$LAYERS" '
function layer_of(path,    p) {
  # The layer a path under engine/ belongs to: "" when outside engine/,
  # "-" when under engine/ but in no layer folder.
  if (path !~ /^engine\//) return ""
  if (path ~ /^engine\/src\/[^\/]+\//) { p = path; sub(/^engine\/src\//, "", p); sub(/\/.*/, "", p); return p }
  if (path ~ /^engine\/include\/slaclock\/[^\/]+\//) {
    p = path; sub(/^engine\/include\/slaclock\//, "", p); sub(/\/.*/, "", p); return p
  }
  return "-"
}
function normalise(path,    n, parts, out, k, i) {
  # Resolves "." and ".." segments.
  n = split(path, parts, "/")
  k = 0
  for (i = 1; i <= n; i++) {
    if (parts[i] == "" || parts[i] == ".") continue
    if (parts[i] == "..") { if (k > 0) k--; continue }
    out[++k] = parts[i]
  }
  path = ""
  for (i = 1; i <= k; i++) path = path (i > 1 ? "/" : "") out[i]
  return path
}
function resolve(inc, quoted, file,    dir, first) {
  # The repository path an include of the project names, or "" for a
  # library or system header.
  dir = file; sub(/\/[^\/]*$/, "", dir)
  if (inc ~ /^slaclock\/[^\/]+\//) return "engine/include/" inc
  if (quoted && inc ~ /^\.\.?\//) return normalise(dir "/" inc)
  # "clock/clock_settle.h" (or <clock/...>): engine/src is on the engine include path.
  first = inc; sub(/\/.*/, "", first)
  if (inc ~ /^[^\/]+\// && (first in rank)) return "engine/src/" inc
  if (quoted && inc !~ /\//) return dir "/" inc
  return ""
}
function report(what) { printf "%s:%d: %s\n", FILENAME, FNR, what }

BEGIN {
  n = split(layer_list, names, " ")
  for (i = 1; i <= n; i++) rank[names[i]] = i
}

FNR == 1 {
  layer = layer_of(FILENAME)
  if (layer == "-") report("not inside a layer folder (engine/src/<layer>/ or engine/include/slaclock/<layer>/)")
  else if (layer != "" && !(layer in rank))
    report("folder \"" layer "\" is not a known layer (add it to LAYERS in tools/check_layers.sh and to docs/architecture.md)")
  in_store = FILENAME ~ /^engine\/src\/store\//
  in_config = FILENAME ~ /^engine\/src\/config\//
  public_header = FILENAME ~ /^engine\/include\//
  in_cli = FILENAME ~ /^tools\/slaclock\//
  in_serve = FILENAME ~ /^engine\/src\/serve\//
  in_tests = FILENAME ~ /^tests\//
}

/^[ \t]*#[ \t]*include[ \t]*[<"]/ {
  line = $0
  sub(/\r$/, "", line)
  sub(/^[ \t]*#[ \t]*include[ \t]*/, "", line)
  quoted = substr(line, 1, 1) == "\""
  line = substr(line, 2)
  end = index(line, quoted ? "\"" : ">")
  if (end == 0) next
  inc = substr(line, 1, end - 1)
  shown = quoted ? "\"" inc "\"" : "<" inc ">"
  target = resolve(inc, quoted, FILENAME)

  if (layer != "" && layer != "-" && (layer in rank) && target != "") {
    to = layer_of(target)
    if (to != "" && to != "-" && !(to in rank))
      report("includes " shown " from \"" to "\", which is not a known layer")
    else if (to != "" && to != "-" && rank[to] > rank[layer])
      report("layer " layer " includes " shown " from layer " to ", which is above it")
  }

  if (inc ~ /(^|\/)SQLiteCpp(\/|\.h$)/ || inc ~ /(^|\/)sqlite3(ext)?\.h$/) {
    if (!(FILENAME in sql)) sql[FILENAME] = shown
    if (in_cli) report("the CLI includes " shown ": it stays above the engine (SQL belongs in engine/src/store)")
    else if (!in_store) report("includes " shown " outside engine/src/store (all SQL belongs in store)")
  }
  if (inc == "httplib.h" && !in_serve && !in_tests)
    report("includes " shown " outside engine/src/serve (HTTP belongs in the serve layer)")
  if (inc ~ /^yaml-cpp\//) {
    if (!(FILENAME in yaml)) yaml[FILENAME] = shown
    if (!in_config) report("includes " shown " outside engine/src/config (all YAML reading belongs in config)")
  }
  if (public_header && inc ~ /^nlohmann\//) {
    if (inc == "nlohmann/json_fwd.hpp") {
      if (FILENAME !~ /^engine\/include\/slaclock\/report\//)
        report("public header includes " shown ": only report/ headers may mention JSON")
    } else {
      report("public header includes " shown ": use <nlohmann/json_fwd.hpp> (report/ only) and include the full header in a .cpp")
    }
  }

  # Remembered for END: a project header that brings SQLite or yaml-cpp with it counts as including them.
  if (target != "") {
    edges++
    from[edges] = FILENAME; to_path[edges] = target; at_line[edges] = FNR; named[edges] = shown
    outside_store[edges] = !in_store; outside_config[edges] = !in_config; cli[edges] = in_cli
  }
}

END {
  # Which headers bring SQLite or yaml-cpp in, directly or through other project headers.
  do {
    changed = 0
    for (e = 1; e <= edges; e++) {
      if ((to_path[e] in sql) && !(from[e] in sql)) { sql[from[e]] = sql[to_path[e]]; changed = 1 }
      if ((to_path[e] in yaml) && !(from[e] in yaml)) { yaml[from[e]] = yaml[to_path[e]]; changed = 1 }
    }
  } while (changed)
  for (e = 1; e <= edges; e++) {
    where = from[e] ":" at_line[e] ": "
    if ((to_path[e] in sql) && cli[e])
      print where "the CLI includes " named[e] ", which brings in " sql[to_path[e]] " (SQL belongs in engine/src/store)"
    else if ((to_path[e] in sql) && outside_store[e])
      print where "includes " named[e] ", which brings in " sql[to_path[e]] " outside engine/src/store (all SQL belongs in store)"
    if ((to_path[e] in yaml) && outside_config[e])
      print where "includes " named[e] ", which brings in " yaml[to_path[e]] " outside engine/src/config (all YAML reading belongs in config)"
  }
}
' "${files[@]}" | LC_ALL=C sort -t: -k1,1 -k2,2n)

# The allowlist: "path  # why"; blank lines and lines starting with # are skipped.
declare -A allowed=()
problems=()
if [ -f "$ALLOWLIST" ]; then
  n=0
  while IFS= read -r raw || [ -n "$raw" ]; do
    n=$((n + 1))
    entry=${raw%%#*}
    entry=${entry//$'\r'/}
    read -r entry rest <<<"$entry" || true
    [ -n "$entry" ] || continue
    entry=${entry#./}
    if [ -n "${rest:-}" ]; then
      problems+=("$ALLOWLIST:$n: one path per line, then \"# why\" (got \"$raw\")")
      continue
    fi
    [[ $raw == *"#"* ]] || problems+=("$ALLOWLIST:$n: $entry: say why after a \"#\"")
    allowed[$entry]=0
  done <"$ALLOWLIST"
fi

shown_allowed=()
failed=()
if [ -n "$violations" ]; then
  while IFS= read -r v; do
    path=${v%%:*}
    if [[ -v allowed[$path] ]]; then
      allowed[$path]=$((allowed[$path] + 1))
      shown_allowed+=("$v (allowed by $ALLOWLIST)")
    else
      failed+=("$v")
    fi
  done <<<"$violations"
fi

for path in "${!allowed[@]}"; do
  if [ ! -e "$path" ]; then
    problems+=("$ALLOWLIST: $path: no such file; remove the entry")
  elif [ "${allowed[$path]}" -eq 0 ]; then
    problems+=("$ALLOWLIST: $path: no longer violates a layer rule; remove the entry")
  fi
done

if ((show_allowed)) && ((${#shown_allowed[@]})); then
  printf '%s\n' "${shown_allowed[@]}"
fi
if ((${#failed[@]})); then printf '%s\n' "${failed[@]}"; fi
if ((${#problems[@]})); then printf '%s\n' "${problems[@]}" | LC_ALL=C sort; fi

tolerated="${#shown_allowed[@]} tolerated in ${#allowed[@]} allowlisted file(s)"
if ((${#failed[@]} + ${#problems[@]})); then
  echo "check_layers: ${#failed[@]} violation(s), ${#problems[@]} allowlist problem(s); $tolerated" \
    "(rules: docs/architecture.md)" >&2
  exit 1
fi
echo "check_layers: ${#files[@]} files checked, no violations outside the allowlist; $tolerated"
