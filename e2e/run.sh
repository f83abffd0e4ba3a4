#!/usr/bin/env bash
# End-to-end suite (issue 13): the sample shops, a real Zipkin and a real Prometheus on loopback,
# a fixed, counted set of requests, then checks through the Prometheus and Zipkin HTTP APIs. First
# the servlet shop (check.py), then the reactive shop (check_reactive.py), against the same Zipkin
# and a Prometheus of its own. Exits non-zero if any check fails. Everything it starts is stopped
# on exit (by process id).
#
#   e2e/run.sh            build the sample jars if missing, run the suite
#   E2E_REBUILD=1 e2e/run.sh   rebuild the sample jars even if they look up to date
#   E2E_FAULT=0 e2e/run.sh     skip the fault pass (Zipkin stopped and restarted mid-run)
#   E2E_APPS=reactive e2e/run.sh   run only these passes ("servlet reactive agent" by default)
set -euo pipefail

E2E_DIR="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$E2E_DIR/.." && pwd)"
TARGET="$E2E_DIR/target"
ZIPKIN_VERSION="${ZIPKIN_VERSION:-3.5.1}"
ZIPKIN_JAR="$TARGET/zipkin-server-$ZIPKIN_VERSION-exec.jar"
APP_JAR="$ROOT/sample-app/target/sample-app-0.1.0-SNAPSHOT.jar"
REACTIVE_JAR="$ROOT/sample-app-reactive/target/sample-app-reactive-0.1.0-SNAPSHOT.jar"
E2E_APPS="${E2E_APPS:-servlet reactive agent}"
OTEL_AGENT_VERSION="${OTEL_AGENT_VERSION:-2.31.0}"
# The shop's gRPC deadline (2 s by default): the first calls of a cold JVM on a loaded 2-core
# machine can miss 2 s, and a 504 there is the machine, not what the suite checks.
SHOP_DEADLINE="${SHOP_DEADLINE:-10s}"
SHOP_JVM_OPTS=()  # JVM options of the next start_shop (the agent pass sets -javaagent)
START_TIME=$(date +%s)

log() { printf '[e2e %3ss] %s\n' "$(($(date +%s) - START_TIME))" "$*" >&2; }
die() { log "ERROR: $*"; exit 2; }

for tool in java mvn python3 curl prometheus promtool; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool not found (prometheus/promtool: apt-get install -y prometheus)"
done

mkdir -p "$TARGET"
RUN="$(mktemp -d "$TARGET/run.XXXXXX")"

# ---------------------------------------------------------------- process bookkeeping
PIDS=()
ZIPKIN_PID=""
cleanup() {
  local rc=$?
  for pid in "${PIDS[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then kill "$pid" 2>/dev/null || true; fi
  done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid" 2>/dev/null || true; fi
  done
  log "stopped ${#PIDS[@]} process(es); logs in $RUN; total $(($(date +%s) - START_TIME))s, exit $rc"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

wait_http() { # url, seconds, [curl args...]
  local url=$1 seconds=$2; shift 2
  local deadline=$(($(date +%s) + seconds))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    if curl -fsS -o /dev/null --max-time 2 "$@" "$url" 2>/dev/null; then return 0; fi
    sleep 0.5
  done
  return 1
}

# ---------------------------------------------------------------- 1. artifacts
# Rebuild when asked, when a jar is missing, or when any main source or pom is newer than a jar.
needs_build() {
  [ "${E2E_REBUILD:-0}" = "1" ] && return 0
  local jar
  for jar in "$APP_JAR" "$REACTIVE_JAR"; do
    [ -f "$jar" ] || return 0
    [ -n "$(find "$ROOT/pom.xml" "$ROOT"/*/pom.xml "$ROOT"/*/src/main -newer "$jar" -type f -print -quit 2>/dev/null)" ] \
      && return 0
  done
  return 1
}
if needs_build; then
  log "building the sample jars (mvn install -DskipTests)"
  # Spring Boot's repackage skips a jar that is already repackaged: without this, a change in the
  # starter alone would leave the old starter inside the sample jar.
  rm -f "$APP_JAR" "$REACTIVE_JAR"
  (cd "$ROOT" && { mvn -B -o install -DskipTests || mvn -B install -DskipTests; }) >"$RUN/build.log" 2>&1 \
    || { tail -40 "$RUN/build.log" >&2; die "build failed (see $RUN/build.log)"; }
fi
[ -f "$APP_JAR" ] || die "no $APP_JAR"
[ -f "$REACTIVE_JAR" ] || die "no $REACTIVE_JAR"

if [ ! -f "$ZIPKIN_JAR" ]; then
  log "fetching io.zipkin:zipkin-server:$ZIPKIN_VERSION:exec"
  mvn -q -B -Dstyle.color=never -f "$E2E_DIR/pom.xml" dependency:copy -Dartifact="io.zipkin:zipkin-server:$ZIPKIN_VERSION:jar:exec" \
    -DoutputDirectory="$TARGET" >"$RUN/fetch-zipkin.log" 2>&1 || die "cannot fetch Zipkin (see $RUN/fetch-zipkin.log)"
fi

# The Zipkin span exporter is not in the samples' poms: Boot 4 exports to Zipkin when
# spring-boot-zipkin and opentelemetry-exporter-zipkin are on the classpath. Add them (and what they
# need that the jar does not already hold) through the Boot launcher's loader.path.
if [ ! -f "$TARGET/deps/.complete" ]; then
  log "fetching the Zipkin exporter classpath"
  rm -rf "$TARGET/deps" "$TARGET"/lib-zipkin-exporter*
  mvn -q -B -Dstyle.color=never -f "$E2E_DIR/pom.xml" dependency:copy-dependencies -DincludeScope=runtime \
    -DoutputDirectory="$TARGET/deps" >"$RUN/fetch-exporter.log" 2>&1 || die "cannot fetch the exporter (see $RUN/fetch-exporter.log)"
  touch "$TARGET/deps/.complete"
fi
exporter_classpath() { # app jar -> prints the directory for its loader.path
  local jar=$1 dir="$TARGET/lib-zipkin-exporter-$(basename "$1" .jar)"
  if [ ! -f "$dir/.complete" ]; then
    mkdir -p "$dir"
    local in_jar name
    in_jar="$(python3 -c 'import sys,zipfile; print("\n".join(n.rsplit("/",1)[1] for n in zipfile.ZipFile(sys.argv[1]).namelist() if n.startswith("BOOT-INF/lib/") and n.endswith(".jar")))' "$jar")"
    for dep in "$TARGET"/deps/*.jar; do
      name="$(basename "$dep")"
      grep -qxF "$name" <<<"$in_jar" && continue
      # Boot's Zipkin sender uses the JDK HttpClient: OkHttp, Kotlin and Brave are not needed.
      case "$name" in kotlin-*|okhttp-*|okio-*|annotations-*|zipkin-sender-okhttp3-*|zipkin-reporter-brave-*) continue ;; esac
      cp "$dep" "$dir/"
    done
    touch "$dir/.complete"
  fi
  log "exporter classpath for $(basename "$jar"): $(cd "$dir" && ls *.jar | tr '\n' ' ')"
  printf '%s' "$dir"
}

# ---------------------------------------------------------------- 2. Zipkin and the shop
ZIPKIN_PORT=$(free_port)
launch_zipkin() {
  # In-memory storage; one port for the API, the UI and the span collector, bound to loopback.
  STORAGE_TYPE=mem java -Xmx256m -jar "$ZIPKIN_JAR" \
    --armeria.ports[0].ip=127.0.0.1 --armeria.ports[0].port="$ZIPKIN_PORT" \
    --armeria.ports[0].protocols[0]=http --logging.level.root=WARN >>"$RUN/zipkin.log" 2>&1 &
  ZIPKIN_PID=$!
  PIDS+=("$ZIPKIN_PID")
}
wait_zipkin() {
  wait_http "http://127.0.0.1:$ZIPKIN_PORT/health" 180 || die "Zipkin did not start (see $RUN/zipkin.log)"
}
stop_pid() {
  kill "$1" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$1" 2>/dev/null || break; sleep 0.2; done
  kill -9 "$1" 2>/dev/null || true
}
stop_zipkin() {
  stop_pid "$ZIPKIN_PID"
}

# Exemplars stay on: the starter keeps them to buckets and counters (valid OpenMetrics 1.0), which
# Debian 12's Prometheus 2.42 accepts; they are stored (exemplar-storage) and checked (issue 24).
PROM_VERSION="$(prometheus --version 2>&1 | head -1 | awk '{print $3}' | sed 's/[+-].*//')"
E2E_EXEMPLARS="on"

# The commit on target_info and the spans comes from the jar's git.properties. The servlet sample's
# git-properties profile is off where ../.git/logs/HEAD does not exist (a git worktree, whose .git is
# a file, or a repository without commits), and the reactive sample has none: then pass the commit
# as GIT_COMMIT, the starter's fallback for images built without .git, and say so in the table.
commit_env() { # app jar -> sets COMMIT_ENV and E2E_COMMIT_SOURCE
  COMMIT_ENV=()
  local commit
  if python3 -c 'import sys,zipfile; sys.exit("BOOT-INF/classes/git.properties" not in zipfile.ZipFile(sys.argv[1]).namelist())' "$1"; then
    E2E_COMMIT_SOURCE="git.properties in the jar"
  elif commit="$(git -C "$ROOT" rev-parse HEAD 2>/dev/null)"; then
    COMMIT_ENV=(GIT_COMMIT="$commit")
    E2E_COMMIT_SOURCE="GIT_COMMIT (jar has no git.properties)"
  else
    E2E_COMMIT_SOURCE="none (no git.properties, not a git checkout)"
  fi
  log "commit source of $(basename "$1"): $E2E_COMMIT_SOURCE"
}

SCRAPE_PASSWORD="e2e-$(python3 -c 'import secrets; print(secrets.token_hex(12))')"
printf '%s' "$SCRAPE_PASSWORD" >"$RUN/scrape-password"
chmod 600 "$RUN/scrape-password"

start_shop() { # name, app jar, HTTP port, extra arguments... -> SHOP_PID; log in $RUN/<name>.log
  local name=$1 jar=$2 port=$3 lib
  shift 3
  lib="$(exporter_classpath "$jar")"
  commit_env "$jar"
  # An explicit -Xmx: the fault pass judges the heap against it (jvm_memory_max_bytes).
  env SCRAPE_PASSWORD="$SCRAPE_PASSWORD" "${COMMIT_ENV[@]}" java -Xmx384m ${SHOP_JVM_OPTS[@]+"${SHOP_JVM_OPTS[@]}"} \
    -cp "$jar" -Dloader.path="$lib" \
    org.springframework.boot.loader.launch.PropertiesLauncher \
    --server.address=127.0.0.1 --server.port="$port" \
    --management.tracing.sampling.probability=1.0 \
    --management.tracing.export.zipkin.endpoint="http://127.0.0.1:$ZIPKIN_PORT/api/v2/spans" \
    --management.opentelemetry.tracing.export.schedule-delay=500ms "$@" \
    >"$RUN/$name.log" 2>&1 &
  SHOP_PID=$!
  PIDS+=("$SHOP_PID")
}

wait_shop() { # name, HTTP port
  wait_http "http://127.0.0.1:$2/actuator/health" 180 || die "$1 did not start (see $RUN/$1.log)"
}

# ---------------------------------------------------------------- 3. Prometheus
start_prometheus() { # job, shop HTTP port -> PROM_PORT, PROM_PID; rules, config and data in $RUN/<job>-*
  local job=$1 port=$2
  curl -fsS -u "prometheus:$SCRAPE_PASSWORD" "http://127.0.0.1:$port/actuator/alertrules" >"$RUN/$job-rules.yml" \
    || die "cannot fetch /actuator/alertrules of $job"
  promtool check rules "$RUN/$job-rules.yml" >"$RUN/$job-promtool.txt" 2>&1 \
    || { cat "$RUN/$job-promtool.txt" >&2; die "promtool rejects the rules of $job"; }
  PROM_PORT=$(free_port)
  cat >"$RUN/$job-prometheus.yml" <<EOF
global:
  scrape_interval: 1s
  scrape_timeout: 1s
  evaluation_interval: 1s
rule_files:
  - $RUN/$job-rules.yml
scrape_configs:
  - job_name: $job
    metrics_path: /actuator/prometheus
    basic_auth:
      username: prometheus
      password_file: $RUN/scrape-password
    static_configs:
      - targets: ['127.0.0.1:$port']
  - job_name: $job-noauth
    metrics_path: /actuator/prometheus
    static_configs:
      - targets: ['127.0.0.1:$port']
EOF
  promtool check config "$RUN/$job-prometheus.yml" >>"$RUN/$job-promtool.txt" 2>&1 \
    || { cat "$RUN/$job-promtool.txt" >&2; die "promtool rejects the config of $job"; }
  prometheus --config.file="$RUN/$job-prometheus.yml" --storage.tsdb.path="$RUN/$job-prometheus-data" \
    --web.listen-address="127.0.0.1:$PROM_PORT" --enable-feature=exemplar-storage --log.level=warn >"$RUN/$job-prometheus.log" 2>&1 &
  PROM_PID=$!
  PIDS+=("$PROM_PID")
  wait_http "http://127.0.0.1:$PROM_PORT/-/ready" 60 || die "Prometheus did not start (see $RUN/$job-prometheus.log)"
  log "Prometheus for $job is up on 127.0.0.1:$PROM_PORT"
}

# ---------------------------------------------------------------- 4.-5. traffic and checks
run_checks() { # checker script (environment: E2E_*) -> its exit code in CHECK_RC
  # The fault pass needs to stop and restart Zipkin: the checker asks for it on stdout/stdin.
  coproc CHECK { python3 -B -u "$E2E_DIR/$1"; }
  local job=$CHECK_PID  # bash unsets CHECK_PID once the coprocess ends
  PIDS+=("$job")
  # Bash also unsets CHECK once the coprocess ends, possibly before its last lines are read: keep
  # our own copies of both pipe ends, so the whole table is read after the checker has exited.
  local check_out check_in line
  exec {check_out}<&"${CHECK[0]}" {check_in}>&"${CHECK[1]}"
  while IFS= read -r line <&"$check_out"; do
    case "$line" in
      "@@stop-zipkin")
        stop_zipkin; log "Zipkin stopped"; echo ok >&"$check_in" ;;
      "@@start-zipkin")
        launch_zipkin; wait_zipkin; log "Zipkin restarted (pid $ZIPKIN_PID)"; echo ok >&"$check_in" ;;
      *) printf '%s\n' "$line" ;;
    esac
  done
  exec {check_out}<&- {check_in}>&-
  wait "$job" && CHECK_RC=0 || CHECK_RC=$?
}

export E2E_ZIPKIN="http://127.0.0.1:$ZIPKIN_PORT" E2E_RUN="$RUN" E2E_EXEMPLARS="$E2E_EXEMPLARS" \
  E2E_PROM_VERSION="$PROM_VERSION" E2E_FAULT="${E2E_FAULT:-1}"
log "starting Zipkin on 127.0.0.1:$ZIPKIN_PORT"
launch_zipkin
RESULTS=()
rc=0

if [[ " $E2E_APPS " == *" servlet "* ]]; then
  HTTP_PORT=$(free_port)
  GRPC_PORT=$(free_port)
  log "starting the shop on 127.0.0.1:$HTTP_PORT (gRPC $GRPC_PORT)"
  start_shop shop "$APP_JAR" "$HTTP_PORT" \
    --spring.grpc.server.host=127.0.0.1 --spring.grpc.server.port="$GRPC_PORT" --shop.inventory.deadline="$SHOP_DEADLINE"
  wait_zipkin
  wait_shop shop "$HTTP_PORT"
  start_prometheus shop "$HTTP_PORT"
  printf '== servlet shop (sample-app)\n'
  E2E_SHOP="http://127.0.0.1:$HTTP_PORT" E2E_PROM="http://127.0.0.1:$PROM_PORT" E2E_JOB=shop E2E_SERVICE=shop \
    E2E_COMMIT_SOURCE="$E2E_COMMIT_SOURCE" run_checks check.py
  RESULTS+=("servlet shop: exit $CHECK_RC")
  [ "$CHECK_RC" = 0 ] || rc=$CHECK_RC
  # Both cores go to the next shop.
  stop_pid "$PROM_PID"
  stop_pid "$SHOP_PID"
fi

if [[ " $E2E_APPS " == *" reactive "* ]]; then
  HTTP_PORT=$(free_port)
  log "starting the reactive shop on 127.0.0.1:$HTTP_PORT"
  start_shop shop-reactive "$REACTIVE_JAR" "$HTTP_PORT"
  wait_zipkin
  wait_shop shop-reactive "$HTTP_PORT"
  start_prometheus shop-reactive "$HTTP_PORT"
  printf '\n== reactive shop (sample-app-reactive)\n'
  E2E_SHOP="http://127.0.0.1:$HTTP_PORT" E2E_PROM="http://127.0.0.1:$PROM_PORT" E2E_JOB=shop-reactive \
    E2E_SERVICE=shop-reactive E2E_SHOP_LOG="$RUN/shop-reactive.log" E2E_COMMIT_SOURCE="$E2E_COMMIT_SOURCE" \
    run_checks check_reactive.py
  RESULTS+=("reactive shop: exit $CHECK_RC")
  [ "$CHECK_RC" = 0 ] || rc=$CHECK_RC
  stop_pid "$PROM_PID"
  stop_pid "$SHOP_PID"
fi

# ---------------------------------------------------------------- the OpenTelemetry Java agent (issue 22)
# The servlet shop again, with the real agent exporting its spans to the same Zipkin as service
# "shop-agent" (Boot's exporter sends the starter's own spans as "shop"): one server span per
# request and call, the trace ids of the log lines in Zipkin, the seed metrics counted once.
if [[ " $E2E_APPS " == *" agent "* ]]; then
  AGENT_START=$(date +%s)
  AGENT_JAR="$TARGET/opentelemetry-javaagent-$OTEL_AGENT_VERSION.jar"
  if [ ! -f "$AGENT_JAR" ]; then
    log "fetching io.opentelemetry.javaagent:opentelemetry-javaagent:$OTEL_AGENT_VERSION"
    mvn -q -B -Dstyle.color=never -f "$E2E_DIR/pom.xml" dependency:copy \
      -Dartifact="io.opentelemetry.javaagent:opentelemetry-javaagent:$OTEL_AGENT_VERSION" -DoutputDirectory="$TARGET" \
      >"$RUN/fetch-agent.log" 2>&1 || die "cannot fetch the agent (see $RUN/fetch-agent.log)"
  fi
  HTTP_PORT=$(free_port)
  GRPC_PORT=$(free_port)
  log "starting the shop with the OpenTelemetry Java agent $OTEL_AGENT_VERSION on 127.0.0.1:$HTTP_PORT (gRPC $GRPC_PORT)"
  SHOP_JVM_OPTS=(-javaagent:"$AGENT_JAR" -Dotel.service.name=shop-agent -Dotel.traces.exporter=zipkin
    -Dotel.exporter.zipkin.endpoint="http://127.0.0.1:$ZIPKIN_PORT/api/v2/spans" -Dotel.bsp.schedule.delay=500
    -Dotel.metrics.exporter=none -Dotel.logs.exporter=none)
  start_shop shop-agent "$APP_JAR" "$HTTP_PORT" \
    --spring.grpc.server.host=127.0.0.1 --spring.grpc.server.port="$GRPC_PORT" --shop.inventory.deadline="$SHOP_DEADLINE"
  SHOP_JVM_OPTS=()
  wait_zipkin
  wait_shop shop-agent "$HTTP_PORT"
  printf '\n== servlet shop with the OpenTelemetry Java agent %s\n' "$OTEL_AGENT_VERSION"
  E2E_SHOP="http://127.0.0.1:$HTTP_PORT" E2E_PROM="" E2E_JOB=shop-agent E2E_AGENT_SERVICE=shop-agent \
    E2E_SHOP_LOG="$RUN/shop-agent.log" run_checks check_agent.py
  RESULTS+=("agent pass: exit $CHECK_RC in $(($(date +%s) - AGENT_START))s")
  [ "$CHECK_RC" = 0 ] || rc=$CHECK_RC
  stop_pid "$SHOP_PID"
fi

log "${RESULTS[*]}"
exit "$rc"
