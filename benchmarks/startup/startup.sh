#!/usr/bin/env bash
# Startup time and heap after start: the same small service bare, with Boot's built-in
# observability, and with the starter. For each variant and round: time from `java -jar` to the
# first 200 on /hello, then the heap in use after a full GC (jcmd GC.heap_info).
# Usage: benchmarks/startup/startup.sh   (ROUNDS=5 SKIP_BUILD=1 to tune)
set -euo pipefail

ROUNDS=${ROUNDS:-5}
JVM_FLAGS=${JVM_FLAGS:--Xms512m -Xmx512m -XX:+UseG1GC}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=${OUT:-$ROOT/benchmarks/target/startup}
VARIANTS=(bare boot starter)

. "$ROOT/benchmarks/load-app/build.sh"
mkdir -p "$OUT"
RESULTS="$OUT/results.tsv"
printf 'round\tvariant\tfirst_request_ms\theap_after_gc_kb\n' > "$RESULTS"

PID=""
cleanup() { if [ -n "$PID" ]; then kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; fi; }
trap cleanup EXIT

for round in $(seq 1 "$ROUNDS"); do
	for variant in "${VARIANTS[@]}"; do
		jar="$ROOT/benchmarks/load-app/$variant/target/load-$variant.jar"
		log="$OUT/$variant-$round.log"
		start=$(date +%s%N)
		java $JVM_FLAGS -jar "$jar" --server.port=0 --server.address=127.0.0.1 \
			--observability.endpoint.auth.password=startup-bench > "$log" 2>&1 &
		PID=$!
		port=""
		for _ in $(seq 1 900); do
			port=$(sed -n 's/.*Tomcat started on port \([0-9]*\).*/\1/p' "$log" | head -1)
			[ -n "$port" ] && break
			sleep 0.05
		done
		[ -n "$port" ] || { echo "$variant did not start" >&2; exit 1; }
		until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/hello")" = 200 ]; do sleep 0.01; done
		elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
		jcmd "$PID" GC.run > /dev/null
		heap_kb=$(jcmd "$PID" GC.heap_info | sed -n 's/.*garbage-first heap.*used \([0-9]*\)K.*/\1/p' | head -1)
		printf '%s\t%s\t%s\t%s\n' "$round" "$variant" "$elapsed_ms" "$heap_kb" >> "$RESULTS"
		echo "   round $round $variant: first request after $elapsed_ms ms, heap after GC ${heap_kb} KB"
		cleanup
		PID=""
	done
done

python3 - "$RESULTS" <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
variants = ["bare", "boot", "starter"]
median = {v: (statistics.median(int(r["first_request_ms"]) for r in rows if r["variant"] == v),
              statistics.median(int(r["heap_after_gc_kb"]) for r in rows if r["variant"] == v)) for v in variants}
print("\n| variant | first request (median ms) | ratio to bare | heap after GC (median MB) | ratio to bare |")
print("|---|---|---|---|---|")
for v in variants:
    ms, kb = median[v]
    print(f"| {v} | {ms:.0f} | {ms / median['bare'][0]:.2f} | {kb / 1024:.1f} | {kb / median['bare'][1]:.2f} |")
PY
