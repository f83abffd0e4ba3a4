#!/usr/bin/env python3
"""Traffic and checks of the end-to-end suite for the reactive shop (sample-app-reactive); started
by e2e/run.sh after the servlet shop's pass, with the same Zipkin and a Prometheus of its own.
Talks to the shop, Prometheus and Zipkin over their HTTP APIs only (shared helpers: e2elib.py), and
reads the shop's console log (E2E_SHOP_LOG) for the trace ids on its lines.

Writes the result table to stdout. Exit code 1 when a check fails."""

import os
import re
import sys

from e2elib import (USERS_FOUND, USERS_NOT_FOUND, boom, cancel_orders, check_boom_span, check_prometheus,
                    check_service_and_resource_tags, check_traces, eventually, info, is_descendant, log,
                    look_up_users, outside_spans, place_orders, prime_panic, record, run, send)

BOOM_PRIMER = 1
BOOMS = 3
ORDERS = 5
OUT_OF_STOCK = 2
STOCK = 1000  # what the shop's inventory holds of every item


def drive():
    prime_panic()
    look_up_users()
    order_traces, first_order_id = place_orders([f"mug-{i}" for i in range(ORDERS)])
    for _ in range(OUT_OF_STOCK):  # the inventory answers 200 with too little stock: 409 from the handler
        send("POST", "/api/orders", "/api/orders", 409, {"item": "mug", "quantity": STOCK + 1})
    cancel_orders(first_order_id, 2)
    boom_trace = boom(BOOMS)
    return order_traces, boom_trace


PLANNED = {
    ("GET", "/api/boom", "500"): BOOM_PRIMER + BOOMS,
    ("GET", "/api/users/{id}", "200"): USERS_FOUND,
    ("GET", "/api/users/{id}", "404"): USERS_NOT_FOUND,
    ("POST", "/api/orders", "201"): ORDERS,
    ("POST", "/api/orders", "409"): OUT_OF_STOCK,
    ("POST", "/api/orders/{id}/cancel", "200"): 1,
    ("POST", "/api/orders/{id}/cancel", "409"): 2,
}
# Every order, placed or not, asks the shop's own inventory API through the WebClient first.
EXPECTED = dict(PLANNED)
EXPECTED[("GET", "/api/inventory/{item}", "200")] = ORDERS + OUT_OF_STOCK

# /api/boom's error escapes every handler; the order conflicts (cancel and out of stock) are answered
# by the controller's @ExceptionHandler, the unknown users by a ResponseStatusException (404).
PANICS = {("http", "IllegalStateException"): BOOM_PRIMER + BOOMS}
HANDLED = {("http", "OrderConflictException"): 2 + OUT_OF_STOCK, ("http", "ResponseStatusException"): 3}


# ----------------------------------------------------------------------------------- Zipkin

def order_trace_verdict(trace_id, parent_id, spans):
    """(complete, description) of one POST /api/orders trace: the order's server span continuing
    the sent traceparent, the WebClient's client span (made from a boundedElastic worker) under it,
    the inventory request's server span child of that client span, and nothing outside."""
    by_id = {s["id"]: s for s in spans}
    roots = [s for s in spans if s.get("kind") == "SERVER" and s.get("parentId") == parent_id]
    if len(roots) != 1:
        return False, f"{len(roots)} HTTP server span(s) continuing the traceparent"
    root = roots[0]
    clients = [s for s in spans if s.get("kind") == "CLIENT"]
    if len(clients) != 1 or not is_descendant(clients[0], root["id"], by_id):
        return False, f"{len(clients)} WebClient span(s) under the order's server span"
    inventory = [s for s in spans if s.get("kind") == "SERVER" and s.get("parentId") == clients[0]["id"]]
    if len(inventory) != 1 or "/api/inventory" not in inventory[0].get("name", "").lower():
        return False, f"{[s.get('name') for s in inventory]}: not one inventory server span child of the client span"
    orphans = outside_spans(spans, root, (clients[0], inventory[0]))
    if orphans:
        return False, f"spans outside the request: {orphans}"
    return True, "ok"


def check_zipkin(order_traces, boom_trace):
    sent = [(t, p) for t, p, _ in order_traces]
    traces = check_traces(sent, order_trace_verdict,
                          "Zipkin: complete traces HTTP>boundedElastic>WebClient>HTTP inventory")
    sample = traces[sent[0][0]]
    info("spans of one order trace", "; ".join(sorted({f"{s.get('kind', 'INTERNAL')} {s.get('name')}" for s in sample})))
    check_boom_span(boom_trace)
    check_service_and_resource_tags(sample, sent[0][1])


# ------------------------------------------------------------------------------------- logs

# The order's steps, as regular expressions over the log message: on the event loop, on the
# boundedElastic worker the handler hops to (QUOTE), the inventory request (event loop), the
# WebClient's answer and the placed order.
QUOTE = r"Price quoted for 1 x {item}: "
ORDER_STEPS = (r"Order received for 1 x {item}$", QUOTE, r"Stock of {item}: ",
               r"Inventory answered: \d+ x {item} in stock", r"Placed order \d+ for 1 x {item}$")


def check_log_correlation(order_traces):
    """Every step of every order logs with that order's trace id (Boot's [traceId-spanId]
    correlation), whatever thread wrote it; the price quote ran on a boundedElastic worker."""
    path = os.environ["E2E_SHOP_LOG"]

    def verdicts():
        with open(path, encoding="utf-8", errors="replace") as f:
            lines = f.read().splitlines()
        result = []
        for trace_id, _, item in order_traces:
            mine = [line for line in lines if f"[{trace_id}-" in line]
            missing = [step.format(item=item) for step in ORDER_STEPS
                       if not any(re.search(step.format(item=item), line) for line in mine)]
            quote = [line for line in mine if re.search(QUOTE.format(item=item), line)]
            result.append((trace_id, missing, bool(quote) and "cents on boundedElastic-" in quote[0]))
        return result

    results = eventually(verdicts, lambda r: all(not m and w for _, m, w in r), 10)
    complete = sum(1 for _, missing, on_worker in results if not missing and on_worker)
    problems = [f"{t[:8]}: missing {m}" + ("" if w else ", quote not on boundedElastic") for t, m, w in results
                if m or not w]
    record("log lines of every order step carry the order's trace id", f"100% ({len(ORDER_STEPS)} steps)",
           f"{100.0 * complete / len(results):.0f}% ({complete}/{len(results)}) {'; '.join(problems[:2])}".strip(),
           complete == len(results))


def suite():
    log("driving traffic")
    order_traces, boom_trace = drive()
    log("checking Prometheus")
    check_prometheus(PLANNED, EXPECTED, PANICS, HANDLED)
    log("checking Zipkin")
    check_zipkin(order_traces, boom_trace)
    log("checking the shop's log")
    check_log_correlation(order_traces)


if __name__ == "__main__":
    sys.exit(run(suite))
