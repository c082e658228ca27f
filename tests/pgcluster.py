"""A throwaway PostgreSQL cluster from Debian's postgresql package, for tests and benchmarks.

`initdb` refuses to run as root, so when the tests run as root (CI, this machine) the cluster
belongs to the `postgres` system user: the server and initdb are started with subprocess's
`user=` (a setuid in the child, no shell, no runuser). The data directory is a fresh temporary
directory; the server listens on no TCP port at all, only on a Unix socket inside that private
directory (mode 0700), so no other local user can reach it. The server gets a parent-death
signal, so it stops even if the test process is killed; `stop()` removes everything.
"""

from __future__ import annotations

import ctypes
import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

PG_BIN = Path(os.environ.get("VB_TEST_PG_BIN", "/usr/lib/postgresql/15/bin"))
PR_SET_PDEATHSIG = 1


def available() -> bool:
    return (PG_BIN / "initdb").exists() and (PG_BIN / "postgres").exists()


def _die_with_parent() -> None:  # runs in the child, after the setuid
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGINT)  # fast shutdown


class PostgresCluster:
    def __init__(self, *, fsync: bool = False):
        self.user = "postgres" if os.geteuid() == 0 else None
        self.dir = Path(tempfile.mkdtemp(prefix="vb-pg-"))
        self.data = self.dir / "data"
        self.sock = self.dir / "sock"
        self.sock.mkdir(mode=0o700)
        if self.user:
            pw = pwd.getpwnam(self.user)
            for p in (self.dir, self.sock):
                os.chown(p, pw.pw_uid, pw.pw_gid)
        self.role = self.user or pwd.getpwuid(os.geteuid()).pw_name
        self.port = 5432  # names the socket file only: no TCP listener
        self.log = self.dir / "postgres.log"
        self._initdb()
        self._start(fsync)

    def _run(self, args: list[str]) -> None:
        subprocess.run(args, user=self.user, check=True, capture_output=True, cwd=self.dir, timeout=120)

    def _initdb(self) -> None:
        self._run(
            [str(PG_BIN / "initdb"), "-D", str(self.data), "-A", "trust", "-U", self.role, "-E", "UTF8",
             "--locale=C.UTF-8", "--no-sync"]
        )  # fmt: skip

    def _start(self, fsync: bool) -> None:
        settings = {
            "listen_addresses": "",
            "unix_socket_directories": str(self.sock),
            "unix_socket_permissions": "0700",
            "port": str(self.port),
            "max_connections": "60",
            "shared_buffers": "32MB",
            "fsync": "on" if fsync else "off",
            "synchronous_commit": "on" if fsync else "off",
            "full_page_writes": "on" if fsync else "off",
        }
        args = [str(PG_BIN / "postgres"), "-D", str(self.data)]
        for k, v in settings.items():
            args += ["-c", f"{k}={v}"]
        logf = open(self.log, "ab")
        self.proc = subprocess.Popen(
            args,
            user=self.user,
            stdout=logf,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            cwd=self.dir,
            preexec_fn=_die_with_parent,
        )
        logf.close()
        end = time.monotonic() + 60
        while time.monotonic() < end:
            if self.proc.poll() is not None:
                raise RuntimeError("postgres exited:\n" + self.log.read_text(errors="replace"))
            ready = subprocess.run(
                [str(PG_BIN / "pg_isready"), "-h", str(self.sock), "-p", str(self.port), "-q"],
                check=False,
            )
            if ready.returncode == 0:
                return
            time.sleep(0.1)
        self.stop()
        raise RuntimeError("postgres did not start:\n" + self.log.read_text(errors="replace"))

    def url(self, database: str = "postgres") -> str:
        """SQLAlchemy URL (psycopg 3) of a database of this cluster, through the Unix socket."""
        return f"postgresql+psycopg://{self.role}@/{database}?host={self.sock}&port={self.port}"

    def create_database(self) -> str:
        """A new empty database; returns its URL."""
        import psycopg

        name = "t_" + uuid.uuid4().hex[:16]
        with psycopg.connect(host=str(self.sock), port=self.port, user=self.role, dbname="postgres",
                             autocommit=True) as conn:  # fmt: skip
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)  # fast shutdown: disconnects clients
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        shutil.rmtree(self.dir, ignore_errors=True)
