"""Fixtures of the attack tests: the real service (`gunicorn wsgi:app`, gunicorn.conf.py) on a
free port of 127.0.0.1, started by the test and stopped by its finalizer."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from bench.load import Server


@pytest.fixture()
def serve() -> Iterator[Callable[..., Server]]:
    """A factory: ``serve({"VB_…": …})`` starts gunicorn with that environment."""
    started: list[Server] = []

    def start(env: dict[str, str] | None = None, args: list[str] | None = None) -> Server:
        srv = Server(env={"VB_PDF_WARM": "0", **(env or {})}, args=args)
        started.append(srv)
        return srv

    yield start
    for srv in started:
        if srv.proc.poll() is None:
            srv.stop()
