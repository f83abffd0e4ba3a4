#!/usr/bin/env bash
# Throughput of the same small service with no observability, with Spring Boot's own
# (actuator + Micrometer Tracing over OpenTelemetry + Prometheus registry), with the starter, at
# sampling 0.1 and 1.0, and with the OpenTelemetry Java agent on the bare service at sampling 0.1,
# measured with wrk on loopback in one run.
#
#   bash benchmarks/wrk/compare.sh            # build, start all variants, warm up, measure, summarize
#   STACK=reactive bash benchmarks/wrk/compare.sh   # the same on WebFlux (Reactor Netty): bare,
#                                             # Boot at 0.1 / 1.0, the starter at 0.1 / 1.0, and at
#                                             # equal Reactor propagation Boot with "auto" and the
#                                             # starter with "limited", both at 0.1 (no agent)
#
# Settings (environment): ROUNDS (5), DURATION (8s per endpoint and round), WARMUP (20s per
# endpoint, variant and pass), WARMUP_PASSES (6: warm-up passes at most; they stop once a pass saw
# fewer than JIT_SETTLED (100) JIT compilations), CONNECTIONS (16), THREADS (1), JVM_FLAGS (same
# for every variant), SKIP_BUILD=1 to reuse built jars, MAVEN_ARGS (extra Maven arguments, e.g.
# -o), OUT (result dir), OTEL_AGENT_VERSION (version of
# io.opentelemetry.javaagent:opentelemetry-javaagent, fetched from Maven Central into
# benchmarks/target/otel-agent when missing) or OTEL_AGENT (path to an agent jar),
# STACK (servlet, the default, or reactive), SERVER_CPUS (1) and WRK_CPUS (0): the cores the servers
# and wrk are pinned to with taskset, so that they do not take each other's core (empty: no pinning).
#
# The otel-agent-0.1 variant is the bare jar started with -javaagent and the agent's exporters
# turned off (traces, metrics and logs: "none"), sampler parentbased_traceidratio at 0.1: like the
# other variants it measures instrumentation, not export.
#
# Every variant runs all the time on its own loopback port (picked by the system); the rounds
# interleave the variants, rotating their order, so that drifting background load hits all of
# them alike. Ratios are taken per round against "bare" of the same round and summarized by their
# median. Each measurement also reads the server's CPU time (user + system, /proc/<pid>/stat)
# before and after, and reports CPU microseconds per request: on a small machine where wrk takes
# part of the cores, that figure moves much less between rounds than req/s does.
# Needs java (with jstat), mvn, wrk (apt-get install -y wrk), curl, python3 and taskset.
set -euo pipefail

ROUNDS=${ROUNDS:-5}
DURATION=${DURATION:-8s}
WARMUP=${WARMUP:-20s}
WARMUP_PASSES=${WARMUP_PASSES:-6}
JIT_SETTLED=${JIT_SETTLED:-100}
CONNECTIONS=${CONNECTIONS:-16}
THREADS=${THREADS:-1}
JVM_FLAGS=${JVM_FLAGS:--Xms512m -Xmx512m -XX:+UseG1GC}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
STACK=${STACK:-servlet}
SERVER_CPUS=${SERVER_CPUS-1}
WRK_CPUS=${WRK_CPUS-0}
OUT=${OUT:-$ROOT/benchmarks/target/wrk$([ "$STACK" = servlet ] || echo "-$STACK")}
ENDPOINTS=(/hello /api/users/42)
# The starter puts /actuator/prometheus behind basic auth; the other variants ignore the property.
SCRAPE_PASSWORD=bench-$$
OTEL_AGENT_VERSION=${OTEL_AGENT_VERSION:-2.33.1}
OTEL_AGENT=${OTEL_AGENT:-$ROOT/benchmarks/target/otel-agent/opentelemetry-javaagent-$OTEL_AGENT_VERSION.jar}
# name:module (under benchmarks/load-app; its jar is target/load-<module, / as ->.jar):extra arguments
case "$STACK" in
	servlet)
		VARIANTS=(
			"bare:bare:"
			"boot-0.1:boot:--management.tracing.sampling.probability=0.1"
			"boot-1.0:boot:--management.tracing.sampling.probability=1.0"
			"starter-0.1:starter:--management.tracing.sampling.probability=0.1"
			"starter-1.0:starter:--management.tracing.sampling.probability=1.0"
			"otel-agent-0.1:bare:"
		) ;;
	reactive)
		VARIANTS=(
			"bare:reactive/bare:"
			"boot-0.1:reactive/boot:--management.tracing.sampling.probability=0.1"
			"boot-1.0:reactive/boot:--management.tracing.sampling.probability=1.0"
			"starter-0.1:reactive/starter:--management.tracing.sampling.probability=0.1"
			"starter-1.0:reactive/starter:--management.tracing.sampling.probability=1.0"
			"boot-auto-0.1:reactive/boot:--management.tracing.sampling.probability=0.1 --spring.reactor.context-propagation=auto"
			"starter-limited-0.1:reactive/starter:--management.tracing.sampling.probability=0.1 --spring.reactor.context-propagation=limited"
		)
		LOAD_MODULES=benchmarks/load-app/reactive/bare,benchmarks/load-app/reactive/boot,benchmarks/load-app/reactive/starter ;;
	*) echo "STACK must be servlet or reactive, not $STACK" >&2; exit 1 ;;
esac
# taskset prefixes for the servers and for wrk (none when the CPU lists are empty)
SERVER_PIN=() WRK_PIN=()
[ -n "$SERVER_CPUS" ] && SERVER_PIN=(taskset -c "$SERVER_CPUS")
[ -n "$WRK_CPUS" ] && WRK_PIN=(taskset -c "$WRK_CPUS")
# JVM options a variant adds to JVM_FLAGS (kept apart from VARIANTS: -javaagent: contains a colon).
declare -A JVM_EXTRA=(
	[otel-agent-0.1]="-javaagent:$OTEL_AGENT -Dotel.traces.exporter=none -Dotel.metrics.exporter=none -Dotel.logs.exporter=none -Dotel.traces.sampler=parentbased_traceidratio -Dotel.traces.sampler.arg=0.1"
)

if ! command -v wrk >/dev/null; then
	if [ "$(id -u)" = 0 ]; then apt-get install -y wrk >/dev/null || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }
	else echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; fi
fi

. "$ROOT/benchmarks/load-app/build.sh"

if [ "$STACK" = servlet ] && [ ! -f "$OTEL_AGENT" ]; then
	echo "== fetching the OpenTelemetry Java agent $OTEL_AGENT_VERSION"
	(cd "$ROOT" && mvn -B -q ${MAVEN_ARGS:-} dependency:copy \
		-Dartifact="io.opentelemetry.javaagent:opentelemetry-javaagent:$OTEL_AGENT_VERSION" \
		-DoutputDirectory="$(dirname "$OTEL_AGENT")")
fi

mkdir -p "$OUT"
RESULTS="$OUT/results.tsv"
printf 'round\tvariant\tendpoint\trps\tp50_ms\tp99_ms\terrors\tcpu_us_per_request\n' > "$RESULTS"

declare -A PORT PID
cleanup() {
	for name in "${!PID[@]}"; do
		kill "${PID[$name]}" 2>/dev/null || true
	done
	for name in "${!PID[@]}"; do
		wait "${PID[$name]}" 2>/dev/null || true
	done
}
trap cleanup EXIT INT TERM

start() { # name module args
	local name=$1 jar=$ROOT/benchmarks/load-app/$2/target/load-${2//\//-}.jar args=$3 log=$OUT/$1.log
	: > "$log"  # exists before the port is looked for in it, however late the server starts
	# shellcheck disable=SC2086
	"${SERVER_PIN[@]}" java $JVM_FLAGS ${JVM_EXTRA[$name]:-} -jar "$jar" $args \
		--management.endpoints.web.exposure.include=health,prometheus \
		--observability.endpoint.auth.password="$SCRAPE_PASSWORD" > "$log" 2>&1 &
	PID[$name]=$!
	local port="" i
	for i in $(seq 1 180); do
		port=$(sed -n 's/.*\(Tomcat\|Netty\) started on port \([0-9]*\).*/\2/p' "$log" | head -1)
		[ -n "$port" ] && break
		kill -0 "${PID[$name]}" 2>/dev/null || { echo "$name died:" >&2; tail -20 "$log" >&2; exit 1; }
		sleep 0.5
	done
	[ -n "$port" ] || { echo "$name did not start in 90 s" >&2; exit 1; }
	PORT[$name]=$port
	for endpoint in "${ENDPOINTS[@]}"; do
		local code
		code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port$endpoint")
		[ "$code" = 200 ] || { echo "$name: $endpoint answered $code" >&2; exit 1; }
	done
	echo "   $name on 127.0.0.1:$port (pid ${PID[$name]})"
}

# wrk output -> "rps<TAB>p50_ms<TAB>p99_ms<TAB>errors<TAB>requests"
parse() {
	awk '
		function ms(v) {
			if (v ~ /us$/) { sub(/us$/, "", v); return v / 1000 }
			if (v ~ /ms$/) { sub(/ms$/, "", v); return v + 0 }
			if (v ~ /s$/)  { sub(/s$/, "", v);  return v * 1000 }
			return v
		}
		$1 == "50%" { p50 = ms($2) }
		$1 == "99%" { p99 = ms($2) }
		/^Requests\/sec:/ { rps = $2 }
		/requests in/ { requests = $1 }
		/Non-2xx or 3xx responses:/ { errors += $NF }
		/Socket errors:/ { gsub(/,/, ""); errors += $4 + $6 + $8 + $10 }
		END { printf "%s\t%.3f\t%.3f\t%d\t%d\n", rps, p50, p99, errors, requests }'
}

# CPU time (user + system, in clock ticks) the process has used so far
cpu_ticks() {
	awk '{ print $14 + $15 }' "/proc/$1/stat"
}

# -> "rps<TAB>p50_ms<TAB>p99_ms<TAB>errors<TAB>cpu_us_per_request": the server's own CPU time per
# request does not depend on how much of the two cores wrk took, unlike req/s.
measure() { # variant endpoint duration
	local before after line
	before=$(cpu_ticks "${PID[$1]}")
	line=$("${WRK_PIN[@]}" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$3" --latency "http://127.0.0.1:${PORT[$1]}$2" | parse)
	after=$(cpu_ticks "${PID[$1]}")
	awk -F'\t' -v ticks=$((after - before)) -v hz="$(getconf CLK_TCK)" \
		'{ printf "%s\t%s\t%s\t%s\t%.1f\n", $1, $2, $3, $4, ($5 > 0) ? ticks / hz * 1e6 / $5 : 0 }' <<< "$line"
}

echo "== $STACK stack; machine: $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB, load before start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== servers on CPU(s) ${SERVER_CPUS:-any}, wrk on CPU(s) ${WRK_CPUS:-any}"
echo "== starting ${#VARIANTS[@]} variants with: $JVM_FLAGS"
for variant in "${VARIANTS[@]}"; do
	IFS=: read -r name jar args <<< "$variant"
	start "$name" "$jar" "$args"
done

# The JIT needs minutes of load to settle when it shares the server's one core (a WebFlux variant
# with the starter still compiled 100 methods a second after two minutes): during its warm-up a
# server may use every core, so that the compiler threads run beside it, and is pinned back after.
repin() { # pid cpus
	[ -n "$SERVER_CPUS" ] && taskset -a -p -c "$2" "$1" > /dev/null
	return 0
}
# Methods the JIT has compiled in a server so far (jstat ships with the JDK).
compiled() {
	jstat -compiler "$1" 2>/dev/null | awk 'NR == 2 { print $1 }'
}
echo "== warm-up: $WARMUP per endpoint and variant, then again until the JIT settles (fewer than" \
	"$JIT_SETTLED compilations in a pass, at most $WARMUP_PASSES passes); the server on every core meanwhile"
for variant in "${VARIANTS[@]}"; do
	name=${variant%%:*}
	repin "${PID[$name]}" "0-$(($(nproc) - 1))"
	before=$(compiled "${PID[$name]}")
	for pass in $(seq 1 "$WARMUP_PASSES"); do
		for endpoint in "${ENDPOINTS[@]}"; do
			measure "$name" "$endpoint" "$WARMUP" > /dev/null
		done
		after=$(compiled "${PID[$name]}")
		delta=$((${after:-0} - ${before:-0}))
		[ -n "$before" ] && [ -n "$after" ] && [ "$delta" -lt "$JIT_SETTLED" ] && break
		before=$after
	done
	echo "   $name: $pass warm-up pass(es), $delta JIT compilations in the last"
	repin "${PID[$name]}" "$SERVER_CPUS"
done

echo "== $ROUNDS rounds of $DURATION per endpoint, wrk -t$THREADS -c$CONNECTIONS, order rotating"
count=${#VARIANTS[@]}
for round in $(seq 1 "$ROUNDS"); do
	for i in $(seq 0 $((count - 1))); do
		variant=${VARIANTS[$(((i + round - 1) % count))]}
		name=${variant%%:*}
		for endpoint in "${ENDPOINTS[@]}"; do
			line=$(measure "$name" "$endpoint" "$DURATION")
			printf '%s\t%s\t%s\t%s\n' "$round" "$name" "$endpoint" "$line" >> "$RESULTS"
		done
	done
	echo "   round $round done (load $(cut -d' ' -f1-3 /proc/loadavg))"
done

echo "== what each variant recorded (series in /actuator/prometheus)"
for variant in "${VARIANTS[@]}"; do
	name=${variant%%:*}
	body=$(curl -s -u "prometheus:$SCRAPE_PASSWORD" "http://127.0.0.1:${PORT[$name]}/actuator/prometheus" || true)
	status=$(curl -s -o /dev/null -w '%{http_code}' -u "prometheus:$SCRAPE_PASSWORD" \
		"http://127.0.0.1:${PORT[$name]}/actuator/prometheus" || true)
	printf '   %-14s scrape %s, http_requests_total series: %s, http_server_requests_seconds_count series: %s\n' \
		"$name" "$status" \
		"$(grep -c '^http_requests_total{' <<< "$body" || true)" \
		"$(grep -c '^http_server_requests_seconds_count{' <<< "$body" || true)"
done
if [ -n "${PORT[otel-agent-0.1]:-}" ]; then
	printf '   %-14s %s\n' otel-agent-0.1 \
		"$(grep -m1 -o 'opentelemetry-javaagent - version: [^ ]*' "$OUT/otel-agent-0.1.log" || echo 'agent banner not found in the log')"
fi

echo "== summary (raw rounds in $RESULTS)"
python3 - "$RESULTS" <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
variants = list(dict.fromkeys(r["variant"] for r in rows))
endpoints = list(dict.fromkeys(r["endpoint"] for r in rows))
by = {(r["round"], r["variant"], r["endpoint"]): r for r in rows}
rounds = sorted({r["round"] for r in rows}, key=int)
def paired(variant, base, endpoint):
    return [float(by[(n, variant, endpoint)]["rps"]) / float(by[(n, base, endpoint)]["rps"])
            for n in rounds if (n, variant, endpoint) in by and (n, base, endpoint) in by]
for endpoint in endpoints:
    print(f"\n{endpoint}")
    print(f"{'variant':<14} {'req/s med':>10} {'min-max':>17} {'spread':>7} {'p50 ms':>7} {'p99 ms':>7} "
          f"{'vs bare':>8} {'(min-max)':>13} {'errors':>6} {'CPU us/req':>10} {'vs bare':>8}")
    base_cpu = statistics.median(float(r["cpu_us_per_request"]) for r in rows
                                 if r["variant"] == "bare" and r["endpoint"] == endpoint)
    for v in variants:
        sel = [r for r in rows if r["variant"] == v and r["endpoint"] == endpoint]
        rps = [float(r["rps"]) for r in sel]
        med = statistics.median(rps)
        ratio = paired(v, "bare", endpoint)
        print(f"{v:<14} {med:>10.0f} {min(rps):>8.0f}-{max(rps):<8.0f} {100 * (max(rps) - min(rps)) / med:>6.1f}% "
              f"{statistics.median(float(r['p50_ms']) for r in sel):>7.3f} "
              f"{statistics.median(float(r['p99_ms']) for r in sel):>7.3f} "
              f"{statistics.median(ratio):>8.3f} {min(ratio):>6.3f}-{max(ratio):<6.3f} "
              f"{sum(int(r['errors']) for r in sel):>6} "
              f"{statistics.median(float(r['cpu_us_per_request']) for r in sel):>10.1f} "
              f"{statistics.median(float(r['cpu_us_per_request']) for r in sel) / base_cpu:>8.3f}")
    for p in ("0.1", "1.0"):
        ratio = paired(f"starter-{p}", f"boot-{p}", endpoint)
        if ratio:
            print(f"starter/boot at sampling {p}: median {statistics.median(ratio):.3f} "
                  f"(rounds {min(ratio):.3f}-{max(ratio):.3f})")
    # Issue 17's target: what the starter adds to bare's CPU per request is at most half of what
    # Boot's built-in observation adds, at the same sampling; paired per round.
    def cpu(n, variant):
        return float(by[(n, variant, endpoint)]["cpu_us_per_request"])
    for p in ("0.1", "1.0"):
        starter, boot = f"starter-{p}", f"boot-{p}"
        over = [(cpu(n, starter) - cpu(n, "bare")) / (cpu(n, boot) - cpu(n, "bare")) for n in rounds
                if all((n, v, endpoint) in by for v in ("bare", starter, boot)) and cpu(n, boot) > cpu(n, "bare")]
        if over:
            med = statistics.median(over)
            print(f"CPU us/req over bare, starter/boot at sampling {p}: median {med:.3f} "
                  f"(rounds {min(over):.3f}-{max(over):.3f}); target <= 0.5: {'met' if med <= 0.5 else 'missed'}")
    # At equal Reactor context propagation: the starter's measurement without the automatic
    # propagation it switches on, and Boot's with it (reactive stack only).
    for starter, boot in (("starter-limited-0.1", "boot-0.1"), ("starter-0.1", "boot-auto-0.1")):
        over = [(cpu(n, starter) - cpu(n, "bare")) / (cpu(n, boot) - cpu(n, "bare")) for n in rounds
                if all((n, v, endpoint) in by for v in ("bare", starter, boot)) and cpu(n, boot) > cpu(n, "bare")]
        if over:
            print(f"CPU us/req over bare, {starter}/{boot}: median {statistics.median(over):.3f} "
                  f"(rounds {min(over):.3f}-{max(over):.3f})")
    ratio = paired("starter-0.1", "otel-agent-0.1", endpoint)
    if ratio:
        print(f"starter-0.1/otel-agent-0.1: median {statistics.median(ratio):.3f} "
              f"(rounds {min(ratio):.3f}-{max(ratio):.3f})")
PY
