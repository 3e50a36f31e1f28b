#!/usr/bin/env python3
"""A local alert receiver for bench/alerts.sh: answers every POST with 200 and remembers when it
came, its X-Vigil-Delivery, the customer it names and how many statuses it lists (webhook JSON or
Slack text) and, for webhooks, how long the message came after the earliest change it names. GET / answers the tally as JSON. Usage: receiver.py PORT"""
import json
import sys
import threading
import time
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

lock = threading.Lock()
arrivals = []


def describe(body):
    """The customer a message is about, how many statuses it names and, for a webhook, when
    the earliest of them changed (epoch seconds; None for Slack text)."""
    try:
        doc = json.loads(body)
    except ValueError:
        return None, 0, None
    if "events" in doc:
        created = [datetime.fromisoformat(e["created"]).timestamp() for e in doc["events"]]
        return (doc.get("customer") or {}).get("uuid"), len(created), min(created, default=None)
    lines = (doc.get("text") or "").split("\n")
    # Slack: "*10 agents of Customer 7 disconnected*" then one "- ..." line per status.
    return lines[0], sum(1 for line in lines if line.startswith("- ")), None


class Receiver(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # The headers and the body go out as two writes; with Nagle's algorithm the body waits
    # for the client's delayed ACK of the headers (up to 40 ms a message).
    disable_nagle_algorithm = True

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        arrived = time.time()
        customer, statuses, changed = describe(body)
        with lock:
            arrivals.append((arrived, self.headers.get("X-Vigil-Delivery"), customer, statuses, changed))
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def do_GET(self):
        with lock:
            seen = list(arrivals)
        deliveries = [a[1] for a in seen if a[1] is not None]
        waits = [a[0] - a[4] for a in seen if a[4] is not None]
        customers = [a[2] for a in seen]
        tally = {
            "messages": len(seen),
            "first": min((a[0] for a in seen), default=None),
            "last": max((a[0] for a in seen), default=None),
            "duplicate_deliveries": len(deliveries) - len(set(deliveries)),
            "customers": len(set(customers)),
            "extra_per_customer": len(customers) - len(set(customers)),
            "statuses": sum(a[3] for a in seen),
            # The longest any status waited from its change to the message naming it.
            "longest_wait": max(waits, default=None),
        }
        body = json.dumps(tally).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


ThreadingHTTPServer.daemon_threads = True
# Python's default backlog of 5 resets connections when many senders connect at once.
ThreadingHTTPServer.request_queue_size = 256
ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Receiver).serve_forever()
