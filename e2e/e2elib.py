"""What both checkers of the end-to-end suite share (check.py for the servlet shop, check_reactive.py
for the reactive one): talking to the shop, Prometheus and Zipkin over their HTTP APIs, counting the
traffic sent, the checks on what Prometheus scraped, the trace helpers and the result table.

Environment (set by e2e/run.sh): E2E_SHOP, E2E_PROM, E2E_ZIPKIN, E2E_RUN, E2E_JOB (the Prometheus
job of the shop, default "shop"), E2E_SERVICE (its service name, default "shop")."""

import json
import os
import secrets
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

SHOP = os.environ["E2E_SHOP"]
PROM = os.environ["E2E_PROM"]
ZIPKIN = os.environ["E2E_ZIPKIN"]
JOB = os.environ.get("E2E_JOB", "shop")
SERVICE = os.environ.get("E2E_SERVICE", "shop")

ROWS = []  # (check, expected, actual, verdict)
TARGET_INFO = {}  # labels of target_info{job=JOB}, compared with the span tags
SENT = {}  # (method, route, code) -> count, what the shop answered
LATENCIES = []


def log(message):
    print(f"[check {JOB}] {message}", file=sys.stderr, flush=True)


def record(check, expected, actual, ok):
    ROWS.append((check, str(expected), str(actual), "PASS" if ok else "FAIL"))


def info(check, actual):
    ROWS.append((check, "-", str(actual), "INFO"))


def http(method, url, body=None, headers=None, timeout=30):
    data = None
    headers = dict(headers or {})
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def get_json(url):
    status, text = http("GET", url)
    if status != 200:
        raise RuntimeError(f"GET {url} answered {status}: {text[:200]}")
    return json.loads(text)


def promql(query):
    return get_json(f"{PROM}/api/v1/query?" + urllib.parse.urlencode({"query": query}))["data"]["result"]


def eventually(fetch, done, seconds):
    """Calls fetch until done(value) or the time is up; returns the last value (bounded)."""
    deadline = time.monotonic() + seconds
    value = fetch()
    while not done(value) and time.monotonic() < deadline:
        time.sleep(0.5)
        value = fetch()
    return value


def new_traceparent():
    trace_id, parent_id = secrets.token_hex(16), secrets.token_hex(8)
    return trace_id, parent_id, {"traceparent": f"00-{trace_id}-{parent_id}-01"}


def send(method, path, route, expected_code, body=None, headers=None):
    started = time.monotonic()
    status, text = http(method, SHOP + path, body, headers)
    LATENCIES.append(time.monotonic() - started)
    key = (method, route, str(status))
    SENT[key] = SENT.get(key, 0) + 1
    if status != expected_code:
        log(f"{method} {path} answered {status}, expected {expected_code}: {text[:200]}")
    return status, text


def prime_panic():
    """One panic, then two scrapes, so Prometheus has seen errors_total{type="panic"} before it
    rises: rate() and increase() need two samples of a series."""
    send("GET", "/api/boom", "/api/boom", 500)
    time.sleep(2.5)


USERS_FOUND = 6
USERS_NOT_FOUND = 3


def look_up_users():
    """USERS_FOUND lookups of known users (200) and USERS_NOT_FOUND of an unknown one (404)."""
    for i in range(USERS_FOUND):
        send("GET", f"/api/users/{1 + i % 3}", "/api/users/{id}", 200)
    for _ in range(USERS_NOT_FOUND):
        send("GET", "/api/users/99", "/api/users/{id}", 404)


def place_orders(items):
    """One order of quantity 1 per item, each sent with a traceparent of its own (201 expected).
    Returns [(trace_id, parent_id, item)] and the id of the first order placed."""
    placed = []
    first_order_id = None
    for item in items:
        trace_id, parent_id, headers = new_traceparent()
        status, text = send("POST", "/api/orders", "/api/orders", 201, {"item": item, "quantity": 1}, headers)
        placed.append((trace_id, parent_id, item))
        if status == 201 and first_order_id is None:
            first_order_id = json.loads(text)["id"]
    return placed, first_order_id


def cancel_orders(order_id, conflicts):
    """Cancels a placed order (200), then an unknown one `conflicts` times (409)."""
    send("POST", f"/api/orders/{order_id}/cancel", "/api/orders/{id}/cancel", 200)
    for _ in range(conflicts):
        send("POST", "/api/orders/424242/cancel", "/api/orders/{id}/cancel", 409)


def boom(count):
    """count panics on /api/boom (500), the first with a traceparent, whose (trace id, parent id,
    headers) it returns."""
    traced = new_traceparent()
    send("GET", "/api/boom", "/api/boom", 500, headers=traced[2])
    for _ in range(count - 1):
        send("GET", "/api/boom", "/api/boom", 500)
    return traced


# ------------------------------------------------------------------------------- Prometheus

def check_prometheus(planned, expected, panics_expected, handled_expected=None):
    """planned: what the script sends, by (method, route, code); expected: what the shop must have
    counted in http_requests_total (the plan plus the requests the shop makes to itself);
    panics_expected / handled_expected: errors_total by (source, exception)."""
    record("shop answered every request as planned", f"{sum(planned.values())} requests as planned",
           "as planned" if SENT == planned else f"differs: {sorted(SENT.items())}", SENT == planned)
    check_scrape_auth()
    check_request_counts(expected)
    check_errors("panic", panics_expected)
    if handled_expected is not None:
        check_errors("handled", handled_expected)
    check_target_info()
    check_exemplars()
    check_rules_and_panic_alert()


def check_exemplars():
    """The target is scraped with exemplars on, and latency buckets' exemplars are queryable."""
    def fetch():
        now = time.time()
        query = urllib.parse.urlencode({"query": f'http_request_duration_seconds_bucket{{job="{JOB}"}}',
                                        "start": now - 600, "end": now + 60})
        data = get_json(f"{PROM}/api/v1/query_exemplars?" + query)["data"]
        return [e for series in data for e in series.get("exemplars", [])
                if len(e.get("labels", {}).get("trace_id", "")) == 32]

    exemplars = eventually(fetch, lambda found: len(found) > 0, 30)
    record(f'query_exemplars(http_request_duration_seconds_bucket{{job="{JOB}"}}) with a trace_id', "> 0",
           len(exemplars), len(exemplars) > 0)


def check_scrape_auth():
    up = promql(f'up{{job="{JOB}"}}')
    record(f'up{{job="{JOB}"}}', 1, up[0]["value"][1] if up else "absent", bool(up) and up[0]["value"][1] == "1")
    noauth = promql(f'up{{job="{JOB}-noauth"}}')
    record(f'up{{job="{JOB}-noauth"}}', 0, noauth[0]["value"][1] if noauth else "absent",
           bool(noauth) and noauth[0]["value"][1] == "0")
    targets = get_json(f"{PROM}/api/v1/targets?state=active")["data"]["activeTargets"]
    errors = [t.get("lastError", "") for t in targets if t["labels"].get("job") == f"{JOB}-noauth"]
    record(f"{JOB}-noauth lastError", "mentions 401", errors[0] if errors else "no target",
           bool(errors) and "401" in errors[0])


def check_request_counts(expected):
    # Every series of the application's routes; the actuator routes (Prometheus' own scrapes with and
    # without credentials, the script's health polls and rule fetch) are left out.
    query = f'sum by (method, route, code) (http_requests_total{{job="{JOB}", route!~"/actuator.*"}})'

    def fetch():
        return {(r["metric"].get("method"), r["metric"].get("route"), r["metric"].get("code")): int(float(r["value"][1]))
                for r in promql(query)}

    actual = eventually(fetch, lambda a: a == expected, 20)
    total = sum(actual.values())
    record(f'sum(http_requests_total{{job="{JOB}",route!~"/actuator.*"}})', sum(expected.values()), total,
           total == sum(expected.values()))
    for key in sorted(set(expected) | set(actual)):
        method, route, code = key
        record(f"  http_requests_total {method} {route} {code}", expected.get(key, 0), actual.get(key, 0),
               expected.get(key, 0) == actual.get(key, 0))


def check_errors(error_type, expected):
    """errors_total{type=error_type} by (source, exception) must equal expected."""
    def fetch():
        return {(r["metric"].get("source"), r["metric"].get("exception")): int(float(r["value"][1]))
                for r in promql(f'sum by (source, exception) (errors_total{{job="{JOB}", type="{error_type}"}})')}

    actual = eventually(fetch, lambda p: p == expected, 10)
    record(f'sum(errors_total{{type="{error_type}"}})', sum(expected.values()), sum(actual.values()),
           sum(actual.values()) == sum(expected.values()))
    for key in sorted(set(expected) | set(actual)):
        record(f"  errors_total {error_type} {key[0]} {key[1]}", expected.get(key, 0),
               actual.get(key, 0), expected.get(key, 0) == actual.get(key, 0))


def check_target_info():
    target_info = promql(f'target_info{{job="{JOB}"}}')
    labels = target_info[0]["metric"] if target_info else {}
    TARGET_INFO.update(labels)
    record("target_info service_name / service_version / commit", f"{SERVICE} / non-empty / non-empty",
           f"{labels.get('service_name', 'absent')} / {labels.get('service_version', 'absent')} / "
           f"{labels.get('vcs_ref_head_revision', 'absent')[:12]}",
           labels.get("service_name") == SERVICE and bool(labels.get("service_version"))
           and bool(labels.get("vcs_ref_head_revision")))


def check_rules_and_panic_alert():
    def fetch_rules():
        return get_json(f"{PROM}/api/v1/rules")["data"]["groups"]

    def all_evaluated(groups):
        rules = [r for g in groups for r in g["rules"]]
        return bool(rules) and all(r.get("health") == "ok" for r in rules)

    groups = eventually(fetch_rules, all_evaluated, 15)
    rules = [r for g in groups for r in g["rules"]]
    bad = [f"{r['name']}={r.get('health')}:{r.get('lastError', '')}" for r in rules if r.get("health") != "ok"]
    record("rule groups loaded, every rule health ok", "groups > 0, 0 not ok",
           f"{len(groups)} groups, {len(rules)} rules, {len(bad)} not ok {bad[:3] if bad else ''}".strip(),
           bool(groups) and not bad)

    def fetch_alert():
        alerts = get_json(f"{PROM}/api/v1/alerts")["data"]["alerts"]
        return [a for a in alerts if a["labels"].get("alertname") == "PanicDetected"]

    alerts = eventually(fetch_alert, lambda a: bool(a), 20)
    states = sorted({f"{a['state']}({a['labels'].get('source', '?')})" for a in alerts})
    record("PanicDetected alert", "pending or firing", ", ".join(states) or "absent",
           any(a["state"] in ("pending", "firing") for a in alerts))


# ----------------------------------------------------------------------------------- Zipkin

def fetch_trace(trace_id):
    status, text = http("GET", f"{ZIPKIN}/api/v2/trace/{trace_id}")
    return json.loads(text) if status == 200 else []


def is_descendant(span, ancestor_id, by_id):
    seen = 0
    current = span
    while current is not None and seen < 50:
        if current.get("parentId") == ancestor_id:
            return True
        current = by_id.get(current.get("parentId"))
        seen += 1
    return False


def is_error(span):
    tags = span.get("tags", {})
    return "error" in tags or tags.get("otel.status_code") == "ERROR"


def check_traces(traces_sent, verdict, label, seconds=20):
    """Waits until every (trace_id, parent_id) sent has a complete trace by verdict(trace_id,
    parent_id, spans) -> (complete, why), records the share of complete ones, returns the spans."""
    def fetch():
        return {t: fetch_trace(t) for t, _ in traces_sent}

    def all_complete(traces):
        return all(verdict(t, p, traces[t])[0] for t, p in traces_sent)

    traces = eventually(fetch, all_complete, seconds)
    complete = 0
    problems = []
    for trace_id, parent_id in traces_sent:
        ok, why = verdict(trace_id, parent_id, traces[trace_id])
        complete += ok
        if not ok:
            problems.append(f"{trace_id[:8]}: {why}")
    share = 100.0 * complete / len(traces_sent)
    record(label, "100%",
           f"{share:.0f}% ({complete}/{len(traces_sent)}) {'; '.join(problems[:2])}".strip(), complete == len(traces_sent))
    return traces


def outside_spans(spans, root, inside):
    """Names of the spans that are neither listed in inside nor descendants of root."""
    by_id = {s["id"]: s for s in spans}
    return [s["name"] for s in spans if s is not root and s not in inside and not is_descendant(s, root["id"], by_id)]


def check_boom_span(boom_trace):
    boom = eventually(lambda: fetch_trace(boom_trace[0]), lambda s: bool(s), 10)
    boom_server = [s for s in boom if s.get("kind") == "SERVER" and s.get("parentId") == boom_trace[1]]
    record("GET /api/boom: HTTP server span is an error", "error tag",
           (boom_server[0].get("tags", {}).get("error", "no error tag") if boom_server else "no span")[:60],
           bool(boom_server) and is_error(boom_server[0]))


def check_service_and_resource_tags(sample, parent_id):
    """The service name of the order's server span, and the resource attributes target_info shows
    as tags on every span of the trace."""
    root = [s for s in sample if s.get("kind") == "SERVER" and s.get("parentId") == parent_id]
    tags = root[0].get("tags", {}) if root else {}
    service = (root[0].get("localEndpoint") or {}).get("serviceName") if root else None
    record("span localEndpoint.serviceName", SERVICE, service, service == SERVICE)
    # OpenTelemetry's Zipkin exporter maps only the resource's service.name (to localEndpoint); the
    # starter's span processor (observability.resource.span-attributes, AUTO with that exporter)
    # copies the other resource attributes onto every span, so they arrive as tags.
    for tag, label in (("service.version", "service_version"), ("vcs.ref.head.revision", "vcs_ref_head_revision")):
        expected = TARGET_INFO.get(label)
        carrying = sum(1 for s in sample if expected and s.get("tags", {}).get(tag) == expected)
        record(f"order server span tag {tag} = target_info", f"{(expected or 'absent')[:12]} (all spans)",
               f"{tags.get(tag, 'absent')[:12]} ({carrying} of {len(sample)} spans)",
               bool(expected) and tags.get(tag) == expected and carrying == len(sample))


# ------------------------------------------------------------------------------------- main

def wait_for_first_scrape():
    result = eventually(lambda: promql(f'up{{job="{JOB}"}}'),
                        lambda r: r and r[0]["value"][1] == "1", 30)
    return bool(result) and result[0]["value"][1] == "1"


def print_table():
    headers = ("check", "expected", "actual", "result")
    widths = [min(64, max(len(r[i]) for r in ROWS + [headers])) for i in range(4)]
    line = lambda r: " | ".join(str(c)[:widths[i]].ljust(widths[i]) for i, c in enumerate(r)).rstrip()
    print(line(headers))
    print("-+-".join("-" * w for w in widths))
    for row in ROWS:
        print(line(row))


def run(suite):
    """Waits for the first scrape, runs suite() (traffic and checks), prints the table; returns the
    exit code: 1 when a check failed or the suite could not run to the end."""
    try:
        if not wait_for_first_scrape():
            targets = get_json(f"{PROM}/api/v1/targets?state=active")["data"]["activeTargets"]
            errors = [t.get("lastError", "") for t in targets if t["labels"].get("job") == JOB]
            record(f'up{{job="{JOB}"}} before traffic', 1, f"never 1: {errors[:1]}"[:400], False)
        else:
            info("Prometheus version / exemplars", f"{os.environ.get('E2E_PROM_VERSION')} / {os.environ.get('E2E_EXEMPLARS')}")
            info("commit source", os.environ.get("E2E_COMMIT_SOURCE", "?"))
            suite()
    except Exception as error:  # a check that cannot run is a failed check
        record("suite ran to the end", "no error", f"{type(error).__name__}: {error}"[:120], False)
    print_table()
    failed = sum(1 for r in ROWS if r[3] == "FAIL")
    passed = sum(1 for r in ROWS if r[3] == "PASS")
    skipped = sum(1 for r in ROWS if r[3] == "SKIP")
    print(f"\n{passed} passed, {failed} failed, {skipped} skipped")
    return 1 if failed else 0
