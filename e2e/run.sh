#!/usr/bin/env bash
# End-to-end suite (issue 13): the sample shop, a real Zipkin and a real Prometheus on loopback,
# a fixed, counted set of requests, then checks through the Prometheus and Zipkin HTTP APIs.
# Exits non-zero if any check fails. Everything it starts is stopped on exit (by process id).
#
#   e2e/run.sh            build the sample jar if missing, run the suite
#   E2E_REBUILD=1 e2e/run.sh   rebuild the sample jar even if it looks up to date
#   E2E_FAULT=0 e2e/run.sh     skip the fault pass (Zipkin stopped and restarted mid-run)
set -euo pipefail

E2E_DIR="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$E2E_DIR/.." && pwd)"
TARGET="$E2E_DIR/target"
ZIPKIN_VERSION="${ZIPKIN_VERSION:-3.5.1}"
ZIPKIN_JAR="$TARGET/zipkin-server-$ZIPKIN_VERSION-exec.jar"
APP_JAR="$ROOT/sample-app/target/sample-app-0.1.0-SNAPSHOT.jar"
EXTRA_LIB="$TARGET/lib-zipkin-exporter"
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
# Rebuild when asked, when the jar is missing, or when any main source or pom is newer than it.
if [ "${E2E_REBUILD:-0}" = "1" ] || [ ! -f "$APP_JAR" ] || [ -n "$(find "$ROOT/pom.xml" "$ROOT"/*/pom.xml \
    "$ROOT"/*/src/main -newer "$APP_JAR" -type f -print -quit 2>/dev/null)" ]; then
  log "building the sample jar (mvn install -DskipTests)"
  # Spring Boot's repackage skips a jar that is already repackaged: without this, a change in the
  # starter alone would leave the old starter inside the sample jar.
  rm -f "$APP_JAR"
  (cd "$ROOT" && { mvn -B -o install -DskipTests || mvn -B install -DskipTests; }) >"$RUN/build.log" 2>&1 \
    || { tail -40 "$RUN/build.log" >&2; die "build failed (see $RUN/build.log)"; }
fi
[ -f "$APP_JAR" ] || die "no $APP_JAR"

if [ ! -f "$ZIPKIN_JAR" ]; then
  log "fetching io.zipkin:zipkin-server:$ZIPKIN_VERSION:exec"
  mvn -q -B -Dstyle.color=never -f "$E2E_DIR/pom.xml" dependency:copy -Dartifact="io.zipkin:zipkin-server:$ZIPKIN_VERSION:jar:exec" \
    -DoutputDirectory="$TARGET" >"$RUN/fetch-zipkin.log" 2>&1 || die "cannot fetch Zipkin (see $RUN/fetch-zipkin.log)"
fi

# The Zipkin span exporter is not in the sample's pom: Boot 4 exports to Zipkin when
# spring-boot-zipkin and opentelemetry-exporter-zipkin are on the classpath. Add them (and what they
# need that the jar does not already hold) through the Boot launcher's loader.path.
if [ ! -f "$EXTRA_LIB/.complete" ]; then
  log "fetching the Zipkin exporter classpath"
  rm -rf "$EXTRA_LIB" "$TARGET/deps"
  mvn -q -B -Dstyle.color=never -f "$E2E_DIR/pom.xml" dependency:copy-dependencies -DincludeScope=runtime \
    -DoutputDirectory="$TARGET/deps" >"$RUN/fetch-exporter.log" 2>&1 || die "cannot fetch the exporter (see $RUN/fetch-exporter.log)"
  mkdir -p "$EXTRA_LIB"
  in_jar="$(python3 -c 'import sys,zipfile; print("\n".join(n.rsplit("/",1)[1] for n in zipfile.ZipFile(sys.argv[1]).namelist() if n.startswith("BOOT-INF/lib/") and n.endswith(".jar")))' "$APP_JAR")"
  for jar in "$TARGET"/deps/*.jar; do
    name="$(basename "$jar")"
    grep -qxF "$name" <<<"$in_jar" && continue
    # Boot's Zipkin sender uses the JDK HttpClient: OkHttp, Kotlin and Brave are not needed.
    case "$name" in kotlin-*|okhttp-*|okio-*|annotations-*|zipkin-sender-okhttp3-*|zipkin-reporter-brave-*) continue ;; esac
    cp "$jar" "$EXTRA_LIB/"
  done
  touch "$EXTRA_LIB/.complete"
fi
log "exporter classpath: $(cd "$EXTRA_LIB" && ls *.jar | tr '\n' ' ')"

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
  wait_http "http://127.0.0.1:$ZIPKIN_PORT/health" 90 || die "Zipkin did not start (see $RUN/zipkin.log)"
}
stop_zipkin() {
  kill "$ZIPKIN_PID" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$ZIPKIN_PID" 2>/dev/null || break; sleep 0.2; done
  kill -9 "$ZIPKIN_PID" 2>/dev/null || true
}

# Micrometer puts exemplars on histogram _count lines; Prometheus before 2.43 rejects the whole
# OpenMetrics scrape for that ("... does not support exemplars"; prometheus#11984, micrometer#3996).
# Debian 12's prometheus is 2.42: on it, this run switches the exemplars off and says so.
PROM_VERSION="$(prometheus --version 2>&1 | head -1 | awk '{print $3}' | sed 's/[+-].*//')"
EXEMPLAR_ARGS=()
E2E_EXEMPLARS="on"
if [ "$(printf '%s\n2.43.0\n' "$PROM_VERSION" | sort -V | head -1)" != "2.43.0" ]; then
  EXEMPLAR_ARGS=(--spring.autoconfigure.exclude=org.springframework.boot.micrometer.tracing.autoconfigure.prometheus.PrometheusExemplarsAutoConfiguration)
  E2E_EXEMPLARS="off (Prometheus $PROM_VERSION < 2.43 rejects exemplars on _count)"
  log "Prometheus $PROM_VERSION < 2.43: exemplars switched off in the shop for this run"
fi

# The commit on target_info and the spans comes from the jar's git.properties. The sample's
# git-properties profile is off where ../.git/logs/HEAD does not exist (a git worktree, whose .git is
# a file, or a repository without commits): then pass the commit as GIT_COMMIT, the starter's
# fallback for images built without .git, and say so in the table.
COMMIT_ENV=()
if python3 -c 'import sys,zipfile; sys.exit("BOOT-INF/classes/git.properties" not in zipfile.ZipFile(sys.argv[1]).namelist())' "$APP_JAR"; then
  E2E_COMMIT_SOURCE="git.properties in the jar"
elif commit="$(git -C "$ROOT" rev-parse HEAD 2>/dev/null)"; then
  COMMIT_ENV=(GIT_COMMIT="$commit")
  E2E_COMMIT_SOURCE="GIT_COMMIT (jar has no git.properties)"
else
  E2E_COMMIT_SOURCE="none (no git.properties, not a git checkout)"
fi
log "commit source: $E2E_COMMIT_SOURCE"

HTTP_PORT=$(free_port)
GRPC_PORT=$(free_port)
SCRAPE_PASSWORD="e2e-$(python3 -c 'import secrets; print(secrets.token_hex(12))')"
printf '%s' "$SCRAPE_PASSWORD" >"$RUN/scrape-password"
chmod 600 "$RUN/scrape-password"

log "starting Zipkin on 127.0.0.1:$ZIPKIN_PORT and the shop on 127.0.0.1:$HTTP_PORT (gRPC $GRPC_PORT)"
launch_zipkin
# An explicit -Xmx: the fault pass judges the heap against it (jvm_memory_max_bytes).
env SCRAPE_PASSWORD="$SCRAPE_PASSWORD" "${COMMIT_ENV[@]}" java -Xmx384m -cp "$APP_JAR" -Dloader.path="$EXTRA_LIB" \
  org.springframework.boot.loader.launch.PropertiesLauncher \
  --server.address=127.0.0.1 --server.port="$HTTP_PORT" \
  --spring.grpc.server.address=127.0.0.1 --spring.grpc.server.port="$GRPC_PORT" \
  --management.tracing.sampling.probability=1.0 \
  --management.tracing.export.zipkin.endpoint="http://127.0.0.1:$ZIPKIN_PORT/api/v2/spans" \
  --management.opentelemetry.tracing.export.schedule-delay=500ms "${EXEMPLAR_ARGS[@]}" \
  >"$RUN/shop.log" 2>&1 &
PIDS+=("$!")
wait_zipkin
wait_http "http://127.0.0.1:$HTTP_PORT/actuator/health" 120 || die "the shop did not start (see $RUN/shop.log)"
log "Zipkin and the shop are up"

# ---------------------------------------------------------------- 3. Prometheus
curl -fsS -u "prometheus:$SCRAPE_PASSWORD" "http://127.0.0.1:$HTTP_PORT/actuator/alertrules" >"$RUN/rules.yml" \
  || die "cannot fetch /actuator/alertrules"
promtool check rules "$RUN/rules.yml" >"$RUN/promtool.txt" 2>&1 || { cat "$RUN/promtool.txt" >&2; die "promtool rejects the rules"; }
PROM_PORT=$(free_port)
cat >"$RUN/prometheus.yml" <<EOF
global:
  scrape_interval: 1s
  scrape_timeout: 1s
  evaluation_interval: 1s
rule_files:
  - $RUN/rules.yml
scrape_configs:
  - job_name: shop
    metrics_path: /actuator/prometheus
    basic_auth:
      username: prometheus
      password_file: $RUN/scrape-password
    static_configs:
      - targets: ['127.0.0.1:$HTTP_PORT']
  - job_name: shop-noauth
    metrics_path: /actuator/prometheus
    static_configs:
      - targets: ['127.0.0.1:$HTTP_PORT']
EOF
promtool check config "$RUN/prometheus.yml" >>"$RUN/promtool.txt" 2>&1 || { cat "$RUN/promtool.txt" >&2; die "promtool rejects the config"; }
prometheus --config.file="$RUN/prometheus.yml" --storage.tsdb.path="$RUN/prometheus-data" \
  --web.listen-address="127.0.0.1:$PROM_PORT" --log.level=warn >"$RUN/prometheus.log" 2>&1 &
PIDS+=("$!")
wait_http "http://127.0.0.1:$PROM_PORT/-/ready" 60 || die "Prometheus did not start (see $RUN/prometheus.log)"
log "Prometheus is up on 127.0.0.1:$PROM_PORT"

# ---------------------------------------------------------------- 4.-5. traffic and checks
export E2E_SHOP="http://127.0.0.1:$HTTP_PORT" E2E_PROM="http://127.0.0.1:$PROM_PORT" \
  E2E_ZIPKIN="http://127.0.0.1:$ZIPKIN_PORT" E2E_RUN="$RUN" E2E_EXEMPLARS="$E2E_EXEMPLARS" E2E_PROM_VERSION="$PROM_VERSION" E2E_FAULT="${E2E_FAULT:-1}" \
  E2E_COMMIT_SOURCE="$E2E_COMMIT_SOURCE"
# The fault pass needs to stop and restart Zipkin: check.py asks for it on stdout/stdin.
coproc CHECK { python3 -u "$E2E_DIR/check.py"; }
CHECK_JOB=$CHECK_PID  # bash unsets CHECK_PID once the coprocess ends
PIDS+=("$CHECK_JOB")
# Bash also unsets CHECK once the coprocess ends, possibly before its last lines are read: keep
# our own copies of both pipe ends, so the whole table is read after check.py has exited.
exec {CHECK_OUT}<&"${CHECK[0]}" {CHECK_IN}>&"${CHECK[1]}"
while IFS= read -r line <&"$CHECK_OUT"; do
  case "$line" in
    "@@stop-zipkin")
      stop_zipkin; log "Zipkin stopped"; echo ok >&"$CHECK_IN" ;;
    "@@start-zipkin")
      launch_zipkin; wait_zipkin; log "Zipkin restarted (pid $ZIPKIN_PID)"; echo ok >&"$CHECK_IN" ;;
    *) printf '%s\n' "$line" ;;
  esac
done
exec {CHECK_OUT}<&- {CHECK_IN}>&-
wait "$CHECK_JOB" && rc=0 || rc=$?
exit "$rc"
