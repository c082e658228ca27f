"""Slow clients against the embedded default (`gunicorn wsgi:app`, its own gunicorn.conf.py):
clients trickling header lines hold a thread each, not a worker, and /healthz keeps
answering (issue 13, item 5). The production front (deploy/nginx.conf) has its own test."""

from __future__ import annotations

import socket
import threading
import time

from tests.security.live import call

SLOW_CLIENTS = 4


def trickle(port: int, stop: threading.Event) -> None:
    """A request whose header lines come one every half second, never finished."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        n = 0
        while not stop.is_set():
            try:
                s.sendall(f"X-Cham-{n}: {'a' * 10}\r\n".encode())
            except OSError:
                return
            n += 1
            stop.wait(0.5)


def test_trickling_clients_do_not_stop_health_probes(serve):
    srv = serve({"VB_WORKERS": "2"})
    stop = threading.Event()
    slow = [threading.Thread(target=trickle, args=(srv.port, stop)) for _ in range(SLOW_CLIENTS)]
    for t in slow:
        t.start()
    time.sleep(1.5)  # every slow client is connected and its request under way
    answered = 0
    try:
        for _ in range(20):
            try:
                answered += call(srv, "GET", "/healthz", timeout=3)[0] == 200
            except OSError:
                pass
            time.sleep(0.1)
    finally:
        stop.set()
        for t in slow:
            t.join()
    assert answered == 20
