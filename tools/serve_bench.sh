#!/usr/bin/env bash
# Latency of the dashboard's pages on a database (issue 13's speed goal: the
# overdue board under 100 ms at p99). Starts `slaclock serve` on a free
# loopback port, asks each address N times in a row with curl, prints p50,
# p99 and the maximum in milliseconds, and stops the server.
#
#   tools/serve_bench.sh DB [AS_OF] [N]      (BUILD=build by default)
set -euo pipefail
DB=${1:?usage: tools/serve_bench.sh DB [AS_OF] [N]}
AS_OF=${2:-}
N=${3:-200}
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
S="${BUILD:-$ROOT/build}/tools/slaclock"
command -v curl >/dev/null || { echo "serve_bench: needs curl" >&2; exit 2; }
out=$(mktemp)
args=(serve --db "$DB" --listen 127.0.0.1:0 --quiet)
[ -n "$AS_OF" ] && args+=(--as-of "$AS_OF")
"$S" "${args[@]}" >"$out" &
pid=$!
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -f "$out"' EXIT
for _ in $(seq 100); do grep -q 'http://' "$out" && break; sleep 0.1; done
base=$(grep -o 'http://[^/]*' "$out")
[ -n "$base" ] || { echo "serve_bench: the server did not start" >&2; exit 2; }
echo "$(basename "$DB"), $N requests each, one at a time ($base)"
printf '%-40s %8s %8s %8s %8s\n' address p50_ms p99_ms max_ms bytes
for path in "/" "/?due_within=1d" "/api/overdue" "/api/overdue?due_within=1d" "/sweeps" "/notices"; do
  times=$(for _ in $(seq "$N"); do curl -s -o /dev/null -w '%{time_total} %{size_download}\n' "$base$path"; done)
  bytes=$(tail -1 <<<"$times" | cut -d' ' -f2)
  cut -d' ' -f1 <<<"$times" | sort -n | awk -v path="$path" -v bytes="$bytes" \
    '{ t[NR] = $1 * 1000 } END { p50 = t[int(NR * 0.50 + 0.5)]; p99 = t[int(NR * 0.99 + 0.5)];
       printf "%-40s %8.1f %8.1f %8.1f %8d\n", path, p50, p99, t[NR], bytes }'
done
