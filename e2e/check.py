#!/usr/bin/env python3
"""Traffic and checks of the end-to-end suite; started by e2e/run.sh, which starts and stops the
processes. Talks to the shop, Prometheus and Zipkin over their HTTP APIs only.

Writes the result table to stdout; a line "@@stop-zipkin" / "@@start-zipkin" asks run.sh to stop
or restart Zipkin (fault pass) and waits for "ok" on stdin. Exit code 1 when a check fails."""

import base64
import json
import os
import re
import secrets
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

SHOP = os.environ["E2E_SHOP"]
PROM = os.environ["E2E_PROM"]
ZIPKIN = os.environ["E2E_ZIPKIN"]
FAULT = os.environ.get("E2E_FAULT", "1") == "1"

ROWS = []  # (check, expected, actual, verdict)
TARGET_INFO = {}  # labels of target_info{job="shop"}, compared with the span tags


def log(message):
    print(f"[check] {message}", file=sys.stderr, flush=True)


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


# ------------------------------------------------------------------------------------ traffic

SENT = {}  # (method, route, code) -> count, what the shop answered
LATENCIES = []


def send(method, path, route, expected_code, body=None, headers=None):
    started = time.monotonic()
    status, text = http(method, SHOP + path, body, headers)
    LATENCIES.append(time.monotonic() - started)
    key = (method, route, str(status))
    SENT[key] = SENT.get(key, 0) + 1
    if status != expected_code:
        log(f"{method} {path} answered {status}, expected {expected_code}: {text[:200]}")
    return status, text


def wait_for_first_scrape():
    result = eventually(lambda: promql('up{job="shop"}'),
                        lambda r: r and r[0]["value"][1] == "1", 30)
    return bool(result) and result[0]["value"][1] == "1"


# The fixed, counted traffic: (method, path, route template, expected status, body, repetitions).
BOOM_PRIMER = 1
BOOMS = 3
RESTOCKS = 2
ORDERS = 5


def drive():
    # One panic first, then two scrapes, so Prometheus has seen errors_total{type="panic"} before
    # it rises: rate() and increase() need two samples of a series.
    send("GET", "/api/boom", "/api/boom", 500)
    time.sleep(2.5)
    for user in (1, 2, 3, 1, 2, 3):
        send("GET", f"/api/users/{user}", "/api/users/{id}", 200)
    for _ in range(3):
        send("GET", "/api/users/99", "/api/users/{id}", 404)
    order_traces = []
    first_order_id = None
    for _ in range(ORDERS):
        trace_id, parent_id, headers = new_traceparent()
        status, text = send("POST", "/api/orders", "/api/orders", 201, {"item": "book", "quantity": 1}, headers)
        order_traces.append((trace_id, parent_id))
        if status == 201 and first_order_id is None:
            first_order_id = json.loads(text)["id"]
    for _ in range(2):  # out of stock: FAILED_PRECONDITION from gRPC, 409 over HTTP
        send("POST", "/api/orders", "/api/orders", 409, {"item": "book", "quantity": 100000})
    send("POST", f"/api/orders/{first_order_id}/cancel", "/api/orders/{id}/cancel", 200)
    for _ in range(2):
        send("POST", "/api/orders/424242/cancel", "/api/orders/{id}/cancel", 409)
    boom_trace = new_traceparent()
    send("GET", "/api/boom", "/api/boom", 500, headers=boom_trace[2])
    for _ in range(BOOMS - 1):
        send("GET", "/api/boom", "/api/boom", 500)
    restock_trace = new_traceparent()
    send("POST", "/api/inventory/book/restock", "/api/inventory/{item}/restock", 504, headers=restock_trace[2])
    for _ in range(RESTOCKS - 1):
        send("POST", "/api/inventory/book/restock", "/api/inventory/{item}/restock", 504)
    return order_traces, boom_trace, restock_trace


EXPECTED = {
    ("GET", "/api/boom", "500"): BOOM_PRIMER + BOOMS,
    ("GET", "/api/users/{id}", "200"): 6,
    ("GET", "/api/users/{id}", "404"): 3,
    ("POST", "/api/orders", "201"): ORDERS,
    ("POST", "/api/orders", "409"): 2,
    ("POST", "/api/orders/{id}/cancel", "200"): 1,
    ("POST", "/api/orders/{id}/cancel", "409"): 2,
    ("POST", "/api/inventory/{item}/restock", "504"): RESTOCKS,
}


# ------------------------------------------------------------------------------- Prometheus

def check_prometheus():
    record('shop answered every request as planned', f"{sum(EXPECTED.values())} requests as planned",
           "as planned" if SENT == EXPECTED else f"differs: {sorted(SENT.items())}", SENT == EXPECTED)

    up = promql('up{job="shop"}')
    record('up{job="shop"}', 1, up[0]["value"][1] if up else "absent", bool(up) and up[0]["value"][1] == "1")
    noauth = promql('up{job="shop-noauth"}')
    record('up{job="shop-noauth"}', 0, noauth[0]["value"][1] if noauth else "absent",
           bool(noauth) and noauth[0]["value"][1] == "0")
    targets = get_json(f"{PROM}/api/v1/targets?state=active")["data"]["activeTargets"]
    errors = [t.get("lastError", "") for t in targets if t["labels"].get("job") == "shop-noauth"]
    record("shop-noauth lastError", "mentions 401", errors[0] if errors else "no target",
           bool(errors) and "401" in errors[0])

    # Every series of the application's routes; the actuator routes (Prometheus' own scrapes with and
    # without credentials, this script's health polls and rule fetch) are left out.
    query = 'sum by (method, route, code) (http_requests_total{job="shop", route!~"/actuator.*"})'

    def fetch():
        return {(r["metric"].get("method"), r["metric"].get("route"), r["metric"].get("code")): int(float(r["value"][1]))
                for r in promql(query)}

    actual = eventually(fetch, lambda a: a == EXPECTED, 20)
    total = sum(actual.values())
    record('sum(http_requests_total{job="shop",route!~"/actuator.*"})', sum(EXPECTED.values()), total,
           total == sum(EXPECTED.values()))
    for key in sorted(set(EXPECTED) | set(actual)):
        method, route, code = key
        record(f"  http_requests_total {method} {route} {code}", EXPECTED.get(key, 0), actual.get(key, 0),
               EXPECTED.get(key, 0) == actual.get(key, 0))

    # Panics: every /api/boom escapes all handlers (source http); every restock times out in the
    # warehouse inside the gRPC service, classified DEADLINE_EXCEEDED, answered by the fallback
    # handler (source grpc). The HTTP side of a restock is answered by an @ExceptionHandler: handled.
    panics_expected = {("http", "IllegalStateException"): BOOM_PRIMER + BOOMS,
                       ("grpc", "SocketTimeoutException"): RESTOCKS}

    def fetch_panics():
        return {(r["metric"].get("source"), r["metric"].get("exception")): int(float(r["value"][1]))
                for r in promql('sum by (source, exception) (errors_total{job="shop", type="panic"})')}

    panics = eventually(fetch_panics, lambda p: p == panics_expected, 10)
    record('sum(errors_total{type="panic"})', sum(panics_expected.values()), sum(panics.values()),
           sum(panics.values()) == sum(panics_expected.values()))
    for key in sorted(set(panics_expected) | set(panics)):
        record(f"  errors_total panic {key[0]} {key[1]}", panics_expected.get(key, 0),
               panics.get(key, 0), panics_expected.get(key, 0) == panics.get(key, 0))

    target_info = promql('target_info{job="shop"}')
    labels = target_info[0]["metric"] if target_info else {}
    TARGET_INFO.update(labels)
    record("target_info service_name / service_version / commit", "shop / non-empty / non-empty",
           f"{labels.get('service_name', 'absent')} / {labels.get('service_version', 'absent')} / "
           f"{labels.get('vcs_ref_head_revision', 'absent')[:12]}",
           labels.get("service_name") == "shop" and bool(labels.get("service_version"))
           and bool(labels.get("vcs_ref_head_revision")))

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

GRPC_RESERVE = "shop.inventory.inventoryservice/reserve"
# The @Async order confirmation (NotificationService) runs on another thread, after the response.
ASYNC_NOTIFICATION = "send order confirmation"


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


def order_trace_verdict(trace_id, parent_id, spans):
    """(complete, description) of one POST /api/orders trace."""
    by_id = {s["id"]: s for s in spans}
    http_server = [s for s in spans if s.get("kind") == "SERVER" and s.get("parentId") == parent_id]
    if len(http_server) != 1:
        return False, f"{len(http_server)} HTTP server span(s) continuing the traceparent"
    root = http_server[0]
    clients = [s for s in spans if s.get("kind") == "CLIENT" and s.get("name", "").lower() == GRPC_RESERVE]
    if len(clients) != 1 or not is_descendant(clients[0], root["id"], by_id):
        return False, f"{len(clients)} gRPC client span(s) under the HTTP span"
    servers = [s for s in spans if s.get("kind") == "SERVER" and s.get("name", "").lower() == GRPC_RESERVE]
    if len(servers) != 1 or servers[0].get("parentId") != clients[0]["id"]:
        return False, f"{len(servers)} gRPC server span(s) child of the client span"
    notifications = [s for s in spans if s.get("name", "").lower() == ASYNC_NOTIFICATION]
    if len(notifications) != 1 or not is_descendant(notifications[0], root["id"], by_id):
        return False, f"{len(notifications)} @Async notification span(s) under the HTTP span"
    others = [s for s in spans if s not in (root, clients[0], servers[0])]
    orphans = [s["name"] for s in others if not is_descendant(s, root["id"], by_id)]
    if orphans:
        return False, f"spans outside the request: {orphans}"
    return True, "ok"


def check_order_traces(order_traces, label, seconds=20):
    def fetch():
        return {t: fetch_trace(t) for t, _ in order_traces}

    def all_complete(traces):
        return all(order_trace_verdict(t, p, traces[t])[0] for t, p in order_traces)

    traces = eventually(fetch, all_complete, seconds)
    complete = 0
    problems = []
    for trace_id, parent_id in order_traces:
        ok, why = order_trace_verdict(trace_id, parent_id, traces[trace_id])
        complete += ok
        if not ok:
            problems.append(f"{trace_id[:8]}: {why}")
    share = 100.0 * complete / len(order_traces)
    record(f"{label}: complete traces HTTP>gRPC client>gRPC server+@Async", "100%",
           f"{share:.0f}% ({complete}/{len(order_traces)}) {'; '.join(problems[:2])}".strip(), complete == len(order_traces))
    return traces


def is_error(span):
    tags = span.get("tags", {})
    return "error" in tags or tags.get("otel.status_code") == "ERROR"


def check_zipkin(order_traces, boom_trace, restock_trace):
    traces = check_order_traces(order_traces, "Zipkin")
    sample = traces[order_traces[0][0]]
    names = sorted({f"{s.get('kind', 'INTERNAL')} {s.get('name')}" for s in sample})
    info("spans of one order trace", "; ".join(names))
    # The @Async notification's span is required above (a descendant of the HTTP server span); the
    # fan-out on the user's executor creates no span of its own, its log lines carry the trace id.
    async_spans = [s for s in sample if s.get("kind") not in ("SERVER", "CLIENT")]
    info("async/internal spans in an order trace", f"{len(async_spans)} {[s.get('name') for s in async_spans]}")

    boom = eventually(lambda: fetch_trace(boom_trace[0]), lambda s: bool(s), 10)
    boom_server = [s for s in boom if s.get("kind") == "SERVER" and s.get("parentId") == boom_trace[1]]
    record("GET /api/boom: HTTP server span is an error", "error tag",
           (boom_server[0].get("tags", {}).get("error", "no error tag") if boom_server else "no span")[:60],
           bool(boom_server) and is_error(boom_server[0]))

    restock = eventually(lambda: fetch_trace(restock_trace[0]), lambda s: len(s) >= 3, 10)
    by_kind = {}
    for s in restock:
        by_kind.setdefault(s.get("kind"), []).append(s)
    client = [s for s in restock if s.get("kind") == "CLIENT"]
    grpc_server = [s for s in restock if s.get("kind") == "SERVER" and s.get("parentId") != restock_trace[1]]
    http_server = [s for s in restock if s.get("kind") == "SERVER" and s.get("parentId") == restock_trace[1]]
    code = client[0].get("tags", {}).get("rpc.grpc.status_code", "?") if client else "no span"
    record("restock: gRPC client span error, status DEADLINE_EXCEEDED", "error, 4 (DEADLINE_EXCEEDED)",
           f"{'error' if client and is_error(client[0]) else 'no error'}, {code}",
           bool(client) and is_error(client[0]) and code in ("4", "DEADLINE_EXCEEDED"))
    record("restock: gRPC server span error", "error",
           ("error" if is_error(grpc_server[0]) else "no error") if grpc_server else "no span",
           bool(grpc_server) and is_error(grpc_server[0]))
    record("restock: HTTP server span (504) error", "error",
           ("error" if is_error(http_server[0]) else "no error") if http_server else "no span",
           bool(http_server) and is_error(http_server[0]))

    root = [s for s in sample if s.get("kind") == "SERVER" and s.get("parentId") == order_traces[0][1]]
    tags = root[0].get("tags", {}) if root else {}
    service = (root[0].get("localEndpoint") or {}).get("serviceName") if root else None
    record("span localEndpoint.serviceName", "shop", service, service == "shop")
    # OpenTelemetry's Zipkin exporter maps only the resource's service.name (to localEndpoint); the
    # starter's span processor (observability.resource.span-attributes, AUTO with that exporter)
    # copies the other resource attributes onto every span, so they arrive as tags.
    for tag, label in (("service.version", "service_version"), ("vcs.ref.head.revision", "vcs_ref_head_revision")):
        expected = TARGET_INFO.get(label)
        carrying = sum(1 for s in sample if expected and s.get("tags", {}).get(tag) == expected)
        record(f"order server span tag {tag} = target_info", f"{(expected or 'absent')[:12]} (all spans)",
               f"{tags.get(tag, 'absent')[:12]} ({carrying} of {len(sample)} spans)",
               bool(expected) and tags.get(tag) == expected and carrying == len(sample))


# ------------------------------------------------------------------------------- fault pass

def ask(command):
    print(command, flush=True)
    answer = sys.stdin.readline().strip()
    if answer != "ok":
        raise RuntimeError(f"{command}: {answer!r}")


def p99(values):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.99 * (len(ordered) - 1))))]


# Each iteration is one order (4 spans) and one user lookup (1 span): 500 of them make about 2500
# spans, more than the BatchSpanProcessor's queue holds (2048 by default), so a span buffer that
# grew without bound while Zipkin is down would show in the heap.
FAULT_ITERATIONS = 500
SAMPLE_EVERY = 50  # iterations between two heap samples
MB = 1024 * 1024
HEAP_SHARE = 0.8  # the heap used while Zipkin is down must stay below this share of the max heap
OLD_GEN_GROWTH = 32 * MB  # how much the old generation may grow while Zipkin is down
# A span processor's or exporter's metric, if one reached Micrometer: OpenTelemetry calls them
# otel.sdk.processor.span.*, otel.sdk.exporter.span.* (older: queueSize, processedSpans).
SPAN_METRIC = re.compile(r"span|queuesize", re.IGNORECASE)


def scrape_shop():
    """The shop's own /actuator/prometheus (text format), with the suite's scrape credentials."""
    with open(os.path.join(os.environ["E2E_RUN"], "scrape-password")) as f:
        password = f.read().strip()
    token = base64.b64encode(f"prometheus:{password}".encode()).decode()
    status, text = http("GET", SHOP + "/actuator/prometheus",
                        headers={"Authorization": f"Basic {token}", "Accept": "text/plain;version=0.0.4"})
    if status != 200:
        raise RuntimeError(f"/actuator/prometheus answered {status}")
    return text


SAMPLE_LINE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)')
LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')


def series(text):
    for line in text.splitlines():
        match = SAMPLE_LINE.match(line)
        if match:
            yield match.group(1), dict(LABEL.findall(match.group(2) or "")), float(match.group(3))


def memory_sample():
    """Heap used and max (bytes, summed over the pools), old generation used, and any series that
    looks like a span processor's queue or dropped-span count."""
    sample = {"used": 0.0, "max": 0.0, "old": 0.0, "spans": {}}
    for name, labels, value in series(scrape_shop()):
        if name == "jvm_memory_used_bytes" and labels.get("area") == "heap":
            sample["used"] += value
            if "Old" in labels.get("id", "") or "Tenured" in labels.get("id", ""):
                sample["old"] += value
        elif name == "jvm_memory_max_bytes" and labels.get("area") == "heap" and value > 0:
            sample["max"] += value
        elif SPAN_METRIC.search(name):
            key = name + ("{" + ",".join(f"{k}={v}" for k, v in sorted(labels.items())) + "}" if labels else "")
            sample["spans"][key] = value
    return sample


def fault_pass():
    def http_timed(method, path, body=None):
        started = time.monotonic()
        result = http(method, SHOP + path, body)
        LATENCIES.append(time.monotonic() - started)
        return result

    def burst(n, items, samples=None):
        """n orders and n user lookups; the orders spread over a few items (stock 1000 each)."""
        LATENCIES.clear()
        failures = 0
        for i in range(n):
            status, _ = http_timed("POST", "/api/orders", {"item": f"{items}-{i % 4}", "quantity": 1})
            failures += status != 201
            status, _ = http_timed("GET", f"/api/users/{1 + i % 3}")
            failures += status != 200
            if samples is not None and (i + 1) % SAMPLE_EVERY == 0:
                samples.append(memory_sample())
        return failures, p99(LATENCIES) * 1000

    burst(10, "warm-up")
    before, down, after = [], [], []
    _, p99_up = burst(FAULT_ITERATIONS, "pen", before)
    ask("@@stop-zipkin")
    failures, p99_down = burst(FAULT_ITERATIONS, "ink", down)
    down.append(memory_sample())
    record("fault: requests failing while Zipkin is down", 0, f"{failures} of {2 * FAULT_ITERATIONS}", failures == 0)
    record("fault: p99 without Zipkin <= 2 x p99 with + 100 ms", f"<= {2 * p99_up + 100:.0f} ms",
           f"{p99_down:.0f} ms (with Zipkin: {p99_up:.0f} ms)", p99_down <= 2 * p99_up + 100)
    ask("@@start-zipkin")
    resumed = []
    for _ in range(3):
        trace_id, parent_id, headers = new_traceparent()
        status, _ = http("POST", SHOP + "/api/orders", {"item": "pen", "quantity": 1}, headers)
        resumed.append((trace_id, parent_id))
    check_order_traces(resumed, "fault: after restart", seconds=30)
    burst(SAMPLE_EVERY * 2, "pen", after)
    report_memory(before, down, after)


def report_memory(before, down, after):
    def mb(value):
        return f"{value / MB:.0f}"

    def used(samples, field="used"):
        return [s[field] for s in samples]

    heap_max = max(s["max"] for s in before + down + after)
    info("fault: heap used MB min-max (samples): Zipkin up / down / back",
         " / ".join(f"{mb(min(used(p)))}-{mb(max(used(p)))} ({len(p)})" for p in (before, down, after)))
    info("fault: old gen used MB min-max: Zipkin up / down / back",
         " / ".join(f"{mb(min(used(p, 'old')))}-{mb(max(used(p, 'old')))}" for p in (before, down, after)))
    limit = HEAP_SHARE * heap_max
    record(f"fault: heap stays bounded: max while down <= {HEAP_SHARE:.0%} of max heap",
           f"<= {mb(limit)} MB of {mb(heap_max)} MB", f"{mb(max(used(down)))} MB",
           heap_max > 0 and max(used(down)) <= limit)
    # Total heap used swings with the young generation; what a span buffer kept while Zipkin is down
    # would survive young collections and be promoted: the old generation must not grow by more
    # than OLD_GEN_GROWTH over its level with Zipkin up.
    old_limit = max(used(before, "old")) + OLD_GEN_GROWTH
    record(f"fault: old gen while down <= max with Zipkin up + {mb(OLD_GEN_GROWTH)} MB",
           f"<= {mb(old_limit)} MB", f"{mb(max(used(down, 'old')))} MB", max(used(down, "old")) <= old_limit)
    span_series = {}
    for sample in before + down + after:
        for key, value in sample["spans"].items():
            span_series.setdefault(key, []).append(value)
    info("fault: span processor series on /actuator/prometheus",
         "; ".join(f"{k} {min(v):g}-{max(v):g}" for k, v in sorted(span_series.items()))
         or "none exposed")


# ------------------------------------------------------------------------------------- main

def print_table():
    headers = ("check", "expected", "actual", "result")
    widths = [min(64, max(len(r[i]) for r in ROWS + [headers])) for i in range(4)]
    line = lambda r: " | ".join(str(c)[:widths[i]].ljust(widths[i]) for i, c in enumerate(r)).rstrip()
    print(line(headers))
    print("-+-".join("-" * w for w in widths))
    for row in ROWS:
        print(line(row))


def main():
    try:
        if not wait_for_first_scrape():
            targets = get_json(f"{PROM}/api/v1/targets?state=active")["data"]["activeTargets"]
            errors = [t.get("lastError", "") for t in targets if t["labels"].get("job") == "shop"]
            record('up{job="shop"} before traffic', 1, f"never 1: {errors[:1]}"[:400], False)
        else:
            info("Prometheus version / exemplars", f"{os.environ.get('E2E_PROM_VERSION')} / {os.environ.get('E2E_EXEMPLARS')}")
            info("commit source", os.environ.get("E2E_COMMIT_SOURCE", "?"))
            log("driving traffic")
            order_traces, boom_trace, restock_trace = drive()
            log("checking Prometheus")
            check_prometheus()
            log("checking Zipkin")
            check_zipkin(order_traces, boom_trace, restock_trace)
            if FAULT:
                log("fault pass")
                fault_pass()
    except Exception as error:  # a check that cannot run is a failed check
        record("suite ran to the end", "no error", f"{type(error).__name__}: {error}"[:120], False)
    print_table()
    failed = sum(1 for r in ROWS if r[3] == "FAIL")
    passed = sum(1 for r in ROWS if r[3] == "PASS")
    skipped = sum(1 for r in ROWS if r[3] == "SKIP")
    print(f"\n{passed} passed, {failed} failed, {skipped} skipped")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
