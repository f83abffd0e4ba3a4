#!/usr/bin/env python3
"""The OpenTelemetry Java agent pass of the end-to-end suite (issue 22): the servlet shop runs with the
real agent (-javaagent, exporting to the suite's Zipkin as service "shop-agent", while Spring Boot's
exporter sends the starter's own spans as "shop"). Checks that every HTTP request and gRPC call has
exactly one server span (the agent's: the starter stepped aside), that the trace ids in the shop's
log lines are the ones Zipkin holds, that the seed metrics are counted once, and what the pitfall
report says.

Environment (set by e2e/run.sh): E2E_SHOP, E2E_ZIPKIN, E2E_RUN, E2E_SHOP_LOG, E2E_AGENT_SERVICE.
Writes the result table to stdout. Exit code 1 when a check fails."""

import base64
import json
import os
import re
import sys

from e2elib import (ROWS, SHOP, eventually, fetch_trace, http, info, is_descendant, log, new_traceparent,
                    print_table, record, send)

AGENT_SERVICE = os.environ.get("E2E_AGENT_SERVICE", "shop-agent")
STARTER_SERVICE = "shop"
ORDERS = 4
UNKNOWN_USERS = 3  # GET /api/users/99 without a traceparent: the agent starts each trace
GRPC_RESERVE = "shop.inventory.inventoryservice/reserve"
ASYNC_NOTIFICATION = "send order confirmation"
# Outbound HTTP (issue 18): each order asks the shop's pricing API for a quote over HTTP.
PRICE_QUOTE = "get /api/prices/{item}"


def actuator(path, accept="application/json"):
    """GET an actuator endpoint of the shop with the suite's scrape credentials."""
    with open(os.path.join(os.environ["E2E_RUN"], "scrape-password")) as f:
        token = base64.b64encode(f"prometheus:{f.read().strip()}".encode()).decode()
    status, text = http("GET", SHOP + path, headers={"Authorization": f"Basic {token}", "Accept": accept})
    if status != 200:
        raise RuntimeError(f"{path} answered {status}")
    return text


def service(span):
    return (span.get("localEndpoint") or {}).get("serviceName")


def warm_up():
    """Orders until three in a row succeed, not counted: the agent instruments gRPC's classes as they
    load, and on a busy machine the first calls of a cold JVM miss the shop's 2 s gRPC deadline."""
    streak = 0
    for _ in range(30):
        status, _ = http("POST", SHOP + "/api/orders", {"item": "book", "quantity": 1})
        streak = streak + 1 if status == 201 else 0
        if streak == 3:
            return True
    return False


def drive():
    orders = []
    for _ in range(ORDERS):
        trace_id, parent_id, headers = new_traceparent()
        send("POST", "/api/orders", "/api/orders", 201, {"item": "book", "quantity": 1}, headers)
        orders.append((trace_id, parent_id))
    for _ in range(UNKNOWN_USERS):
        send("GET", "/api/users/99", "/api/users/{id}", 404)
    return orders


# ----------------------------------------------------------------------------------- Zipkin

def order_verdict(parent_id, spans):
    """(complete, why) of one order trace: one HTTP server span (the agent's, continuing the sent
    traceparent), one gRPC client span and one gRPC server span (the agent's), the pricing API's
    server span (the agent's) child of the quote call's one client span (the agent's: the starter
    adds none), no second server span from the starter, and the starter's @Async span inside the
    same trace."""
    by_id = {s["id"]: s for s in spans}
    servers = [s for s in spans if s.get("kind") == "SERVER"]
    http_server = [s for s in servers if s.get("parentId") == parent_id]
    grpc_server = [s for s in servers if s.get("name", "").lower() == GRPC_RESERVE]
    price_server = [s for s in servers if s.get("name", "").lower() == PRICE_QUOTE]
    grpc_clients = [s for s in spans if s.get("kind") == "CLIENT" and s.get("name", "").lower() == GRPC_RESERVE]
    notification = [s for s in spans if s.get("name", "").lower() == ASYNC_NOTIFICATION]
    if len(servers) != 3 or len(http_server) != 1 or len(grpc_server) != 1 or len(price_server) != 1:
        return False, f"server spans {[(s.get('name'), service(s)) for s in servers]}: not 1 HTTP + 1 gRPC + 1 pricing"
    if any(service(s) != AGENT_SERVICE for s in servers):
        return False, f"server spans not all the agent's: {[service(s) for s in servers]}"
    if len(grpc_clients) != 1 or grpc_server[0].get("parentId") != grpc_clients[0]["id"] \
            or not is_descendant(grpc_clients[0], http_server[0]["id"], by_id):
        return False, f"{len(grpc_clients)} gRPC client span(s); want one, under the HTTP span, parent of the gRPC span"
    http_clients = [s for s in spans if s.get("kind") == "CLIENT" and s not in grpc_clients]
    if len(http_clients) != 1 or service(http_clients[0]) != AGENT_SERVICE \
            or price_server[0].get("parentId") != http_clients[0]["id"] \
            or not is_descendant(http_clients[0], http_server[0]["id"], by_id):
        return False, (f"HTTP client spans {[(s.get('name'), service(s)) for s in http_clients]}: want one, the "
                       "agent's, under the HTTP span, parent of the pricing server span")
    if len(notification) != 1 or service(notification[0]) != STARTER_SERVICE \
            or not is_descendant(notification[0], http_server[0]["id"], by_id):
        return False, f"{len(notification)} @Async span(s) of {STARTER_SERVICE} under the agent's HTTP span"
    return True, "ok"


def check_orders(orders):
    def fetch():
        return {t: fetch_trace(t) for t, _ in orders}

    traces = eventually(fetch, lambda found: all(order_verdict(p, found[t])[0] for t, p in orders), 30)
    problems = [f"{t[:8]}: {order_verdict(p, traces[t])[1]}" for t, p in orders if not order_verdict(p, traces[t])[0]]
    complete = len(orders) - len(problems)
    record("orders: 1 HTTP + 1 gRPC + 1 pricing server span, 1 gRPC + 1 HTTP client span (all agent's), @Async",
           f"{len(orders)}/{len(orders)}", f"{complete}/{len(orders)} {'; '.join(problems[:2])}".strip(),
           complete == len(orders))
    sample = traces[orders[0][0]]
    log("spans of one order trace: " + "; ".join(sorted(
        f"{s.get('kind', 'INTERNAL')} {s.get('name')} ({service(s)}, {s.get('tags', {}).get('otel.scope.name', '?')})"
        for s in sample)))
    info("spans of one order trace", "; ".join(sorted(
        f"{s.get('kind', 'INTERNAL')} {s.get('name')} ({service(s)}, {s.get('tags', {}).get('otel.scope.name', '?')})"
        for s in sample)))
    return traces


# ------------------------------------------------------------------------------------- logs

LINE_TRACE = re.compile(r"\[([0-9a-f]{32})-([0-9a-f]{16})\]")


def log_lines():
    with open(os.environ["E2E_SHOP_LOG"], encoding="utf-8", errors="replace") as f:
        return f.read().splitlines()


def check_order_logs(orders):
    """The order's lines on the request thread and in the gRPC service carry the trace id Zipkin holds
    the order under (the one the script sent: the agent continued it)."""
    steps = (r"Placed order \d+ for 1 x book", r"Reserved 1 x book")

    def verdicts():
        lines = log_lines()
        return [(t, [s for s in steps if not any(re.search(s, l) and f"[{t}-" in l for l in lines)]) for t, _ in orders]

    results = eventually(verdicts, lambda r: all(not missing for _, missing in r), 10)
    problems = [f"{t[:8]}: no {missing}" for t, missing in results if missing]
    record("order log lines (request thread, gRPC service) carry the order's trace id",
           f"{len(orders)}/{len(orders)}", f"{len(orders) - len(problems)}/{len(orders)} {'; '.join(problems[:2])}".strip(),
           not problems)


def check_agent_started_traces():
    """Requests sent without a traceparent: the agent started their traces. The trace id on each
    "No user 99" line must be a trace in Zipkin with exactly one server span, the agent's, whose span
    id is the line's span id."""
    ids = eventually(lambda: [LINE_TRACE.search(l).groups() for l in log_lines()
                              if "No user 99" in l and LINE_TRACE.search(l)],
                     lambda found: len(found) >= UNKNOWN_USERS, 10)
    record('"No user 99" lines with a trace id', UNKNOWN_USERS, len(ids), len(ids) == UNKNOWN_USERS)

    def verdict(trace_id, span_id, spans):
        servers = [s for s in spans if s.get("kind") == "SERVER"]
        if len(servers) != 1:
            return False, f"{len(servers)} server spans"
        if service(servers[0]) != AGENT_SERVICE or servers[0]["id"] != span_id:
            return False, f"server span {servers[0]['id']} of {service(servers[0])}, line has {span_id}"
        return True, "ok"

    traces = eventually(lambda: {t: fetch_trace(t) for t, _ in ids},
                        lambda found: all(verdict(t, s, found[t])[0] for t, s in ids), 30)
    problems = [f"{t[:8]}: {verdict(t, s, traces[t])[1]}" for t, s in ids if not verdict(t, s, traces[t])[0]]
    record("log line trace id = Zipkin trace with 1 server span (the agent's, the line's span id)",
           f"{len(ids)}/{len(ids)}", f"{len(ids) - len(problems)}/{len(ids)} {'; '.join(problems[:2])}".strip(),
           bool(ids) and not problems)


# ---------------------------------------------------------------------------------- metrics

SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)\{(.*)\}\s+(\S+)')


def seed_counts():
    """The seed-named request counters of the application's routes and the gRPC reserve call, from
    the shop's own scrape."""
    text = actuator("/actuator/prometheus", "text/plain;version=0.0.4")
    counts = {}
    for line in text.splitlines():
        match = SAMPLE.match(line)
        if not match:
            continue
        labels = dict(re.findall(r'([a-zA-Z_][a-zA-Z0-9_]*)="([^"]*)"', match.group(2)))
        if match.group(1) == "http_requests_total" and labels.get("route", "").startswith("/api/"):
            key = f"http {labels.get('method')} {labels.get('route')} {labels.get('code')}"
        elif match.group(1) in ("grpc_server_requests_total", "grpc_client_requests_total") \
                and labels.get("method", "").lower() == "reserve":
            key = f"{match.group(1).split('_')[1]} reserve {labels.get('code')}"
        else:
            continue
        counts[key] = counts.get(key, 0) + int(float(match.group(3)))
    return counts


def check_metrics(before):
    """The seed-named metrics count each request and call of the counted traffic once."""
    after = seed_counts()
    counts = {k: v - before.get(k, 0) for k, v in after.items() if v != before.get(k, 0)}
    expected = {"http POST /api/orders 201": ORDERS, "http GET /api/users/{id} 404": UNKNOWN_USERS,
                "http GET /api/prices/{item} 200": ORDERS, "server reserve OK": ORDERS, "client reserve OK": ORDERS}
    record("seed metrics: increase over the counted traffic (http_requests_total, grpc_*_requests_total)",
           ", ".join(f"{k}={v}" for k, v in sorted(expected.items())),
           ", ".join(f"{k}={v}" for k, v in sorted(counts.items())), counts == expected)


def check_report():
    report = json.loads(actuator("/actuator/observability"))
    finding = next((f for f in report.get("findings", []) if f.get("id") == "agents.double-instrumentation"), None)
    message = (finding or {}).get("message", "")
    log(f"agents.double-instrumentation: {(finding or {}).get('severity')}: {message}")
    ok = bool(finding) and finding.get("severity") == "ok" and "OpenTelemetry Java agent" in message \
        and "stepped aside" in message
    record("report agents.double-instrumentation names the agent and what the starter changed",
           "ok, names the agent, stepped aside", f"{(finding or {}).get('severity', 'absent')}: {message}"[:200], ok)


def main():
    try:
        log("warming up")
        info("warm-up (not counted): three orders in a row answered 201", "yes" if warm_up() else "no, after 30")
        before = seed_counts()
        log("driving traffic")
        orders = drive()
        log("checking Zipkin, the shop's log, its scrape and its report")
        check_orders(orders)
        check_order_logs(orders)
        check_agent_started_traces()
        check_metrics(before)
        check_report()
    except Exception as error:  # a check that cannot run is a failed check
        record("suite ran to the end", "no error", f"{type(error).__name__}: {error}"[:120], False)
    print_table()
    failed = sum(1 for r in ROWS if r[3] == "FAIL")
    print(f"\n{sum(1 for r in ROWS if r[3] == 'PASS')} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
