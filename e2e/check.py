#!/usr/bin/env python3
"""Traffic and checks of the end-to-end suite for the servlet shop; started by e2e/run.sh, which
starts and stops the processes. Talks to the shop, Prometheus and Zipkin over their HTTP APIs only
(shared helpers: e2elib.py).

Writes the result table to stdout; a line "@@stop-zipkin" / "@@start-zipkin" asks run.sh to stop
or restart Zipkin (fault pass) and waits for "ok" on stdin. Exit code 1 when a check fails."""

import base64
import json
import os
import re
import sys
import time

from e2elib import (JOB, LATENCIES, SHOP, USERS_FOUND, USERS_NOT_FOUND, boom, cancel_orders, check_boom_span,
                    check_prometheus, check_service_and_resource_tags, check_traces, eventually, fetch_trace, http,
                    info, is_descendant, is_error, log, look_up_users, new_traceparent, outside_spans,
                    place_orders, prime_panic, promql, record, run, send, SENT)

FAULT = os.environ.get("E2E_FAULT", "1") == "1"


# ------------------------------------------------------------------------------------ traffic

# The fixed, counted traffic: (method, path, route template, expected status, body, repetitions).
BOOM_PRIMER = 1
BOOMS = 3
RESTOCKS = 2
ORDERS = 5


# Orders answered 201: each one is exactly one order-placed record published and one processed.
ORDERS_PLACED = [0]


def drive():
    prime_panic()
    look_up_users()
    placed, first_order_id = place_orders(["book"] * ORDERS)
    ORDERS_PLACED[0] += SENT.get(("POST", "/api/orders", "201"), 0)
    for _ in range(2):  # out of stock: FAILED_PRECONDITION from gRPC, 409 over HTTP
        send("POST", "/api/orders", "/api/orders", 409, {"item": "book", "quantity": 100000})
    cancel_orders(first_order_id, 2)
    boom_trace = boom(BOOMS)
    restock_trace = new_traceparent()
    send("POST", "/api/inventory/book/restock", "/api/inventory/{item}/restock", 504, headers=restock_trace[2])
    for _ in range(RESTOCKS - 1):
        send("POST", "/api/inventory/book/restock", "/api/inventory/{item}/restock", 504)
    return [(trace_id, parent_id) for trace_id, parent_id, _ in placed], boom_trace, restock_trace


EXPECTED = {
    ("GET", "/api/boom", "500"): BOOM_PRIMER + BOOMS,
    ("GET", "/api/users/{id}", "200"): USERS_FOUND,
    ("GET", "/api/users/{id}", "404"): USERS_NOT_FOUND,
    ("POST", "/api/orders", "201"): ORDERS,
    ("POST", "/api/orders", "409"): 2,
    ("POST", "/api/orders/{id}/cancel", "200"): 1,
    ("POST", "/api/orders/{id}/cancel", "409"): 2,
    ("POST", "/api/inventory/{item}/restock", "504"): RESTOCKS,
}


# Outbound HTTP (issue 18): every order asks the shop's pricing API for a quote over HTTP (the 409s
# too: the quote comes before the reservation fails), so the shop counts these requests to itself.
PRICE_QUOTES = ORDERS + 2
COUNTED = {**EXPECTED, ("GET", "/api/prices/{item}", "200"): PRICE_QUOTES}


# Panics: every /api/boom escapes all handlers (source http); every restock times out in the
# warehouse inside the gRPC service, classified DEADLINE_EXCEEDED, answered by the fallback
# handler (source grpc). The HTTP side of a restock is answered by an @ExceptionHandler: handled.
PANICS = {("http", "IllegalStateException"): BOOM_PRIMER + BOOMS,
          ("grpc", "SocketTimeoutException"): RESTOCKS}


# ------------------------------------------------------------------------------------ Kafka

def messaging_count(name, labels):
    result = promql(f'sum({name}{{job="{JOB}",system="kafka",destination="order-placed",{labels}}})')
    return int(float(result[0]["value"][1])) if result else 0


def check_messaging_counts(label):
    """messaging_publish_total and messaging_process_total for order-placed, code OK, equal the orders
    placed (201), exactly; and no publish or listener invocation failed."""
    expected = ORDERS_PLACED[0]
    for name, labels in (("messaging_publish_total", 'code="OK"'),
                         ("messaging_process_total", 'group="shop",code="OK"')):
        actual = eventually(lambda: messaging_count(name, labels), lambda v: v == expected, 30)
        record(f'{label}{name}{{destination="order-placed",{labels}}}', expected, actual, actual == expected)
    failed = {name: messaging_count(name, 'code!="OK"') for name in ("messaging_publish_total", "messaging_process_total")}
    record(f'{label}messaging_*_total{{destination="order-placed",code!="OK"}}', 0,
           ", ".join(f"{k} {v}" for k, v in failed.items()), not any(failed.values()))


def check_client_counts():
    """http_client_requests_total of the quote calls equals the quotes asked, exactly, under the
    template's route and the shop's own address as peer; no other outbound call was made."""
    def fetch():
        return {(r["metric"].get("method"), r["metric"].get("route"), r["metric"].get("code")): int(float(r["value"][1]))
                for r in promql(f'sum by (method, route, code) (http_client_requests_total{{job="{JOB}"}})')}

    expected = {("GET", "/api/prices/{item}", "200"): PRICE_QUOTES}
    actual = eventually(fetch, lambda a: a == expected, 20)
    record(f'http_client_requests_total{{job="{JOB}"}} by method, route, code',
           "GET /api/prices/{item} 200 = " + str(PRICE_QUOTES),
           ", ".join(f"{m} {r} {c} = {v}" for (m, r, c), v in sorted(actual.items())) or "absent", actual == expected)


# ----------------------------------------------------------------------------------- Zipkin

GRPC_RESERVE = "shop.inventory.inventoryservice/reserve"
# Outbound HTTP (issue 18): the quote call's client span and the pricing API's server span.
PRICE_QUOTE = "get /api/prices/{item}"
# Kafka (issue 19): each order placed is published to order-placed and consumed in the same shop.
ORDER_PLACED_SEND = "send order-placed"
ORDER_PLACED_PROCESS = "process order-placed"
# The @Async order confirmation (NotificationService) runs on another thread, after the response.
ASYNC_NOTIFICATION = "send order confirmation"


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
    price_clients = [s for s in spans if s.get("kind") == "CLIENT" and s.get("name", "").lower() == PRICE_QUOTE]
    if len(price_clients) != 1 or not is_descendant(price_clients[0], root["id"], by_id):
        return False, f"{len(price_clients)} HTTP client span(s) '{PRICE_QUOTE}' under the HTTP span"
    price_servers = [s for s in spans if s.get("kind") == "SERVER" and s.get("name", "").lower() == PRICE_QUOTE]
    if len(price_servers) != 1 or price_servers[0].get("parentId") != price_clients[0]["id"]:
        return False, f"{len(price_servers)} pricing server span(s) child of the HTTP client span"
    notifications = [s for s in spans if s.get("name", "").lower() == ASYNC_NOTIFICATION]
    if len(notifications) != 1 or not is_descendant(notifications[0], root["id"], by_id):
        return False, f"{len(notifications)} @Async notification span(s) under the HTTP span"
    producers = [s for s in spans if s.get("kind") == "PRODUCER" and s.get("name", "").lower() == ORDER_PLACED_SEND]
    if len(producers) != 1 or not is_descendant(producers[0], root["id"], by_id):
        return False, f"{len(producers)} Kafka producer span(s) '{ORDER_PLACED_SEND}' under the HTTP span"
    consumers = [s for s in spans if s.get("kind") == "CONSUMER" and s.get("name", "").lower() == ORDER_PLACED_PROCESS]
    if len(consumers) != 1 or consumers[0].get("parentId") != producers[0]["id"]:
        return False, f"{len(consumers)} Kafka consumer span(s) '{ORDER_PLACED_PROCESS}' child of the producer span"
    orphans = outside_spans(spans, root, (clients[0], servers[0]))
    if orphans:
        return False, f"spans outside the request: {orphans}"
    return True, "ok"


def check_order_traces(order_traces, label, seconds=20):
    return check_traces(order_traces, order_trace_verdict,
                        f"{label}: complete traces HTTP>gRPC>gRPC server+HTTP>pricing+@Async+Kafka>listener", seconds)


def check_zipkin(order_traces, boom_trace, restock_trace):
    traces = check_order_traces(order_traces, "Zipkin")
    sample = traces[order_traces[0][0]]
    names = sorted({f"{s.get('kind', 'INTERNAL')} {s.get('name')}" for s in sample})
    info("spans of one order trace", "; ".join(names))
    # The @Async notification's span is required above (a descendant of the HTTP server span); the
    # fan-out on the user's executor creates no span of its own, its log lines carry the trace id.
    async_spans = [s for s in sample if s.get("kind") not in ("SERVER", "CLIENT", "PRODUCER", "CONSUMER")]
    info("async/internal spans in an order trace", f"{len(async_spans)} {[s.get('name') for s in async_spans]}")

    check_boom_span(boom_trace)

    restock = eventually(lambda: fetch_trace(restock_trace[0]), lambda s: len(s) >= 3, 10)
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

    check_service_and_resource_tags(sample, order_traces[0][1])


# ------------------------------------------------------------------------------- fault pass

def ask(command):
    print(command, flush=True)
    answer = sys.stdin.readline().strip()
    if answer != "ok":
        raise RuntimeError(f"{command}: {answer!r}")


def p99(values):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.99 * (len(ordered) - 1))))]


# Each iteration is one order (6 spans: 4, plus the Kafka producer and listener spans) and one user
# lookup (1 span): 500 of them make about 3500 spans, more than the BatchSpanProcessor's queue
# holds (2048 by default), so a span buffer that grew without bound while Zipkin is down would show
# in the heap.
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


def span_counters():
    """The starter's span export health from the shop's scrape: spans exported by outcome, dropped
    by reason, and the export queue (None when a series is missing)."""
    found = {}
    for name, labels, value in series(scrape_shop()):
        if name == "observability_spans_exported_total":
            found["exported_" + labels.get("outcome", "")] = value
        elif name == "observability_spans_dropped_total":
            found["dropped_" + labels.get("reason", "")] = value
        elif name == "observability_span_queue_size":
            found["queue"] = value
    return {key: found.get(key) for key in ("exported_success", "exported_failure", "dropped_export_failed",
                                            "dropped_queue_full", "queue")}


def describe(counters):
    return ", ".join(f"{k}={v:g}" if v is not None else f"{k}=missing" for k, v in counters.items())


def observability_finding(finding_id):
    """One finding of the shop's pitfall report (GET /actuator/observability, scrape credentials)."""
    with open(os.path.join(os.environ["E2E_RUN"], "scrape-password")) as f:
        password = f.read().strip()
    token = base64.b64encode(f"prometheus:{password}".encode()).decode()
    status, text = http("GET", SHOP + "/actuator/observability", headers={"Authorization": f"Basic {token}"})
    if status != 200:
        return None
    for finding in json.loads(text).get("findings", []):
        if finding.get("id") == finding_id:
            return finding
    return None


def check_span_export_health(up, down, back):
    """With Zipkin down the failure counters rise; once it is back they stop rising."""
    failed_down = (down["exported_failure"] or 0) - (up["exported_failure"] or 0)
    dropped_down = (down["dropped_export_failed"] or 0) - (up["dropped_export_failed"] or 0)
    record("fault: spans failed while Zipkin is down (exported{failure}, dropped{export_failed})",
           "> 0, equal", f"{failed_down:g}, {dropped_down:g}", failed_down > 0 and failed_down == dropped_down)
    failed_back = (back["exported_failure"] or 0) - (down["exported_failure"] or 0)
    exported_back = (back["exported_success"] or 0) - (down["exported_success"] or 0)
    record("fault: after Zipkin returns, failures stop rising and exports succeed",
           "failure +0, success > 0", f"failure +{failed_back:g}, success +{exported_back:g}",
           failed_back == 0 and exported_back > 0)
    info("fault: span counters up / down / back", " | ".join(describe(c) for c in (up, down, back)))


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
            ORDERS_PLACED[0] += status == 201
            status, _ = http_timed("GET", f"/api/users/{1 + i % 3}")
            failures += status != 200
            if samples is not None and (i + 1) % SAMPLE_EVERY == 0:
                samples.append(memory_sample())
        return failures, p99(LATENCIES) * 1000

    burst(10, "warm-up")
    before, down, after = [], [], []
    _, p99_up = burst(FAULT_ITERATIONS, "pen", before)
    counters_up = span_counters()
    ask("@@stop-zipkin")
    failures, p99_down = burst(FAULT_ITERATIONS, "ink", down)
    down.append(memory_sample())
    # The batch processor exports every 5 s (Boot's default delay): wait until a failed export
    # was counted, then until the failure count holds still (the queue drained or dropped).
    eventually(span_counters, lambda c: (c["exported_failure"] or 0) > (counters_up["exported_failure"] or 0), 60)
    health = observability_finding("tracing.export-health")
    record("fault: report while Zipkin is down: tracing.export-health", "fail",
           f"{health['severity']}: {health['message'][:90]}" if health else "missing",
           health is not None and health["severity"] == "fail")
    record("fault: requests failing while Zipkin is down", 0, f"{failures} of {2 * FAULT_ITERATIONS}", failures == 0)
    record("fault: p99 without Zipkin <= 2 x p99 with + 100 ms", f"<= {2 * p99_up + 100:.0f} ms",
           f"{p99_down:.0f} ms (with Zipkin: {p99_up:.0f} ms)", p99_down <= 2 * p99_up + 100)
    ask("@@start-zipkin")
    resumed = []
    for _ in range(3):
        trace_id, parent_id, headers = new_traceparent()
        status, _ = http("POST", SHOP + "/api/orders", {"item": "pen", "quantity": 1}, headers)
        ORDERS_PLACED[0] += status == 201
        resumed.append((trace_id, parent_id))
    check_order_traces(resumed, "fault: after restart", seconds=30)
    # Exports succeed again (the traces above arrived): from here on the failures hold still.
    counters_down = span_counters()
    burst(SAMPLE_EVERY * 2, "pen", after)
    counters_back = eventually(
        span_counters, lambda c: (c["exported_success"] or 0) > (counters_down["exported_success"] or 0), 30)
    check_span_export_health(counters_up, counters_down, counters_back)
    check_messaging_counts("fault: all orders: ")
    coverage = observability_finding("logs.trace-coverage")
    record("log lines without trace id while work was in progress (logs.trace-coverage)",
           "ok, 0.0 %",
           f"{coverage['severity']}: {coverage['message'][:60]}" if coverage else "missing",
           coverage is not None and coverage["severity"] == "ok" and coverage["message"].startswith("0.0 %"))
    if coverage is not None and coverage["severity"] != "ok":
        print(f"logs.trace-coverage: {coverage['message']}", file=sys.stderr)
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

def suite():
    log("driving traffic")
    order_traces, boom_trace, restock_trace = drive()
    log("checking Prometheus")
    check_prometheus(EXPECTED, COUNTED, PANICS)
    check_client_counts()
    check_messaging_counts("")
    log("checking Zipkin")
    check_zipkin(order_traces, boom_trace, restock_trace)
    if FAULT:
        log("fault pass")
        fault_pass()


if __name__ == "__main__":
    sys.exit(run(suite))
