"""What LibreOffice processes run, what they listen on, what they leave behind (Linux /proc)."""

from __future__ import annotations

import os
import time
from pathlib import Path

LO_NAMES = ("soffice.bin", "oosplash", "lo_bridge.py", "unoserver", "service.adapters.pdf_pool")


def _stat(pid: int) -> list[str] | None:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None


def alive(pid: int) -> bool:
    fields = _stat(pid)
    return fields is not None and fields[0] != "Z"


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
    except OSError:
        return ""


def live_processes_mentioning(text: str) -> list[int]:
    """Pids of non-zombie processes whose command line contains `text`."""
    return [
        int(entry.name)
        for entry in Path("/proc").iterdir()
        if entry.name.isdigit() and text in cmdline(int(entry.name)) and alive(int(entry.name))
    ]


def descendants(root: int) -> set[int]:
    """Live descendants of `root` (not `root` itself)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (fields := _stat(int(entry.name))) and fields[0] != "Z":
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    out: set[int] = set()
    todo = [root]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in out:
                out.add(child)
                todo.append(child)
    return out


def libreoffice_processes(pids: set[int]) -> set[int]:
    """Those of `pids` that are LibreOffice or the service's LibreOffice helpers."""
    return {pid for pid in pids if any(name in cmdline(pid) for name in LO_NAMES)}


def socket_inodes(pid: int) -> set[str]:
    inodes = set()
    try:
        fds = list(Path(f"/proc/{pid}/fd").iterdir())
    except OSError:
        return inodes
    for fd in fds:
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    return inodes


def tcp_listening_inodes() -> set[str]:
    """Inodes of every listening TCP socket (IPv4 and IPv6) of the machine."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if len(fields) > 9 and fields[3] == "0A":  # TCP_LISTEN
                inodes.add(fields[9])
    return inodes


def unix_listening_paths(pid: int) -> list[str]:
    """Paths of the Unix sockets process `pid` holds (listening ones have a path)."""
    mine = socket_inodes(pid)
    paths = []
    for line in Path("/proc/net/unix").read_text().splitlines()[1:]:
        fields = line.split()
        if len(fields) >= 8 and fields[6] in mine and fields[7].startswith("/"):
            paths.append(fields[7])
    return paths


def wait_gone(pids: set[int] | list[int], limit: float = 10.0) -> set[int]:
    """Wait (bounded) until none of `pids` is alive; return the survivors."""
    end = time.monotonic() + limit
    left = {pid for pid in pids if alive(pid)}
    while left and time.monotonic() < end:
        time.sleep(0.1)
        left = {pid for pid in left if alive(pid)}
    return left
