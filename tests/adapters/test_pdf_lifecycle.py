"""LibreOffice held safe: no TCP listener, deadlines that kill and replace a converter,
children that die with their owner, the shared pool's private socket. Real LibreOffice."""

from __future__ import annotations

import json
import os
import signal
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from service.adapters.documents import DocumentService
from service.adapters.pdf import MSG_TIMEOUT, PdfConversionError, PdfConverter, default_uno_python, pdf_text
from service.adapters.pdf_pool import SOCKET_NAME, PoolClient, PoolError, send_frame
from service.errors import RenderTimeout
from tests.adapters.lo_procs import (
    alive,
    descendants,
    libreoffice_processes,
    socket_inodes,
    tcp_listening_inodes,
    unix_listening_paths,
    wait_gone,
)
from tests.adapters.test_pdf import build_docx, nfc

ROOT = Path(__file__).resolve().parents[2]
NOBODY = 65534


def big_table_docx(rows: int = 4000) -> bytes:
    """A kế hoạch whose body is one table of `rows` rows: 4,000 rows take ~6 s of LibreOffice on an
    idle 2-core machine (more under load)."""
    data = json.loads((ROOT / "fixtures" / "ke-hoach.json").read_text(encoding="utf-8"))
    rows_ = [[f"Tập huấn đợt {i}", "1.500.000"] for i in range(rows)]
    data["noi_dung"] = [{"bang": {"tieu_de": ["Nội dung", "Kinh phí"], "dong": rows_}}]
    return DocumentService(str(ROOT / "templates_docx")).render("ke-hoach", data).data


def _as_nobody_connect(path: str) -> str:
    """Try to connect to Unix socket `path` as user nobody; the errno name, or 'connected'."""
    code = (
        "import socket, sys\n"
        "s = socket.socket(socket.AF_UNIX)\n"
        "try:\n    s.connect(sys.argv[1]); print('connected')\n"
        "except OSError as e:\n    import errno; print(errno.errorcode.get(e.errno, e.errno))\n"
    )
    done = subprocess.run(
        ["/usr/bin/python3", "-I", "-c", code, path],
        capture_output=True,
        text=True,
        timeout=30,
        preexec_fn=lambda: (os.setgid(NOBODY), os.setuid(NOBODY)),
        check=True,
    )
    return done.stdout.strip()


def _assert_no_tcp(pids: set[int]) -> None:
    assert pids
    listening = tcp_listening_inodes()
    for pid in pids:
        assert not socket_inodes(pid) & listening, f"process {pid} listens on TCP"


@pytest.fixture(scope="module")
def converter():  # type: ignore[no-untyped-def]
    conv = PdfConverter(workers=2, timeout=60)
    conv.start()
    yield conv
    conv.close()


def test_no_libreoffice_process_listens_on_tcp(converter: PdfConverter) -> None:
    pdf = converter.convert(build_docx([["Không cổng TCP"]]))
    assert "Không cổng TCP" in nfc(pdf_text(pdf))
    processes = libreoffice_processes(descendants(os.getpid()))
    assert set(converter.soffice_pids()) <= processes and set(converter.server_pids()) <= processes
    _assert_no_tcp(processes)
    # LibreOffice's only listeners are Unix sockets of mode 0700, owned by this user.
    for pid in converter.soffice_pids():
        paths = unix_listening_paths(pid)
        assert paths
        for path in paths:
            info = os.stat(path)
            assert info.st_uid == os.getuid() and stat.S_IMODE(info.st_mode) & 0o077 == 0, path


@pytest.mark.skipif(os.getuid() != 0, reason="switching to another user needs root")
def test_another_user_cannot_reach_libreoffice(converter: PdfConverter) -> None:
    for pid in converter.soffice_pids():
        for path in unix_listening_paths(pid):
            assert _as_nobody_connect(path) == "EACCES", path


def wait_replaced(conv: PdfConverter, old: int) -> None:
    """Wait (bounded) until a replacement LibreOffice runs (a start takes 1-3 s)."""
    end = time.monotonic() + 60
    while (not conv.soffice_pids() or old in conv.soffice_pids()) and time.monotonic() < end:
        time.sleep(0.1)


def test_converter_timeout_kills_and_replaces_the_converter() -> None:
    # The big table needs ~6 s even on an idle machine, three times this converter's timeout;
    # a small document still converts well within it (~0.05 s).
    with PdfConverter(workers=1, timeout=2) as conv:
        conv.start()
        (old_bridge,), (old_soffice,) = conv.server_pids(), conv.soffice_pids()
        big = big_table_docx()
        t0 = time.monotonic()
        with pytest.raises(PdfConversionError) as info:
            conv.convert(big)
        assert time.monotonic() - t0 < 10  # gave up at its timeout (2 s), with room for a loaded machine
        assert info.value.public_message == MSG_TIMEOUT
        assert not wait_gone({old_bridge, old_soffice}), "the abandoned LibreOffice kept running"
        wait_replaced(conv, old_soffice)
        pdf = conv.convert(build_docx([["Văn bản tiếp theo"]]))  # the next PDF succeeds
        assert "Văn bản tiếp theo" in nfc(pdf_text(pdf))
        assert conv.soffice_pids() and old_soffice not in conv.soffice_pids()


def test_render_deadline_inside_a_conversion_hands_the_converter_back() -> None:
    """The request's deadline (SIGALRM → RenderTimeout) fires while LibreOffice works: the
    exception reaches the caller, the converter is replaced, the next PDF succeeds."""

    def on_alarm(signum: int, frame: object) -> None:
        raise RenderTimeout("quá thời gian", cause="render deadline exceeded")

    with PdfConverter(workers=1, timeout=60) as conv:
        conv.start()
        (old_soffice,) = conv.soffice_pids()
        big = big_table_docx()
        previous = signal.signal(signal.SIGALRM, on_alarm)
        signal.setitimer(signal.ITIMER_REAL, 1.5)
        try:
            with pytest.raises(RenderTimeout):
                conv.convert(big)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        assert not wait_gone({old_soffice})
        wait_replaced(conv, old_soffice)
        pdf = conv.convert(build_docx([["Sau hạn chót"]]))
        assert "Sau hạn chót" in nfc(pdf_text(pdf))


OWNER = """
import json, sys, time
sys.path.insert(0, sys.argv[1])
from service.adapters.pdf import PdfConverter
conv = PdfConverter(workers=1, workdir=sys.argv[2])
conv.start()
print(json.dumps({"bridges": conv.server_pids(), "soffice": conv.soffice_pids(),
                  "root": str(conv.profile_root())}), flush=True)
time.sleep(600)
"""


def test_children_die_with_their_owner_killed_by_sigkill(tmp_path: Path) -> None:
    owner = subprocess.Popen(
        [sys.executable, "-c", OWNER, str(ROOT), str(tmp_path / "pdf")], stdout=subprocess.PIPE, text=True
    )
    try:
        info = json.loads(owner.stdout.readline())  # type: ignore[union-attr]
        children = libreoffice_processes(descendants(owner.pid))
        assert set(info["bridges"]) | set(info["soffice"]) <= children
        profiles = list(Path(info["root"]).iterdir())
        assert profiles and all((p / "profile").is_dir() for p in profiles)
        sockets = [path for pid in info["soffice"] for path in unix_listening_paths(pid)]
        owner.kill()  # like the OOM killer or gunicorn's timeout: no chance to clean up
        owner.wait()
        assert not wait_gone(children), "LibreOffice outlived the process that owned it"
        end = time.monotonic() + 10
        while any(p.exists() for p in profiles) and time.monotonic() < end:
            time.sleep(0.1)
        assert not any(p.exists() for p in profiles), "profiles left on disk"
        assert sockets and not any(os.path.exists(path) for path in sockets)
    finally:
        if owner.poll() is None:
            owner.kill()
            owner.wait()


@pytest.fixture()
def pool_server(tmp_path: Path):  # type: ignore[no-untyped-def]
    directory = tmp_path / "pool"
    directory.mkdir(mode=0o700)
    proc = subprocess.Popen(
        [
            sys.executable, "-m", "service.adapters.pdf_pool", "--dir", str(directory),
            "--workers", "1", "--timeout", "6", "--soffice", "soffice", "--python", default_uno_python(),
        ],
        cwd=ROOT,
    )  # fmt: skip
    path = directory / SOCKET_NAME
    end = time.monotonic() + 30
    while not path.exists() and time.monotonic() < end and proc.poll() is None:
        time.sleep(0.05)
    end = time.monotonic() + 60  # warm: its LibreOffice starts in the background
    while time.monotonic() < end and not PoolClient(path).status().get("soffice"):
        time.sleep(0.1)
    yield proc, path
    if proc.poll() is None:
        proc.terminate()
        proc.wait(20)


def test_shared_pool_is_private_and_replaces_abandoned_work(pool_server) -> None:  # type: ignore[no-untyped-def]
    proc, path = pool_server
    conv = PdfConverter(endpoint=str(path), timeout=6)
    pdf = conv.convert(build_docx([["Qua bể dùng chung"]]))
    assert "Qua bể dùng chung" in nfc(pdf_text(pdf))
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    processes = libreoffice_processes(descendants(proc.pid)) | {proc.pid}
    _assert_no_tcp(processes)
    if os.getuid() == 0:
        assert _as_nobody_connect(str(path)) == "EACCES"
    # A caller that hangs up mid-conversion: its LibreOffice is killed and replaced.
    (old_soffice,) = conv.soffice_pids()
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.connect(str(path))
        send_frame(sock, {"op": "convert", "timeout": 6}, big_table_docx())
        time.sleep(1.0)
    assert not wait_gone({old_soffice})
    # The converter timeout is enforced by the pool as well: a caller asking for 2 s gets its
    # timeout on the table that takes ~6 s on an idle machine (at 6 s it could finish in time).
    wait_replaced(conv, old_soffice)
    (second,) = conv.soffice_pids()
    table = big_table_docx()
    with pytest.raises(PdfConversionError) as info:
        PdfConverter(endpoint=str(path), timeout=2).convert(table)
    assert info.value.public_message == MSG_TIMEOUT
    assert not wait_gone({second})
    wait_replaced(conv, second)
    pdf = conv.convert(build_docx([["Vẫn chạy"]]))
    assert "Vẫn chạy" in nfc(pdf_text(pdf))
    # Killed without warning, the pool takes LibreOffice and the profiles with it.
    children = libreoffice_processes(descendants(proc.pid))
    profiles = list((path.parent / "profiles").iterdir())
    assert children and profiles
    proc.kill()
    proc.wait()
    assert not wait_gone(children)
    end = time.monotonic() + 10
    while any(p.exists() for p in profiles) and time.monotonic() < end:
        time.sleep(0.1)
    assert not any(p.exists() for p in profiles)
    with pytest.raises(PoolError):
        PoolClient(path).status(timeout=2)
    assert not alive(proc.pid)


def test_a_converter_is_recycled_after_many_conversions(monkeypatch: pytest.MonkeyPatch) -> None:
    from service.adapters import pdf_pool

    monkeypatch.setattr(pdf_pool, "RECYCLE_AFTER", 3)
    with PdfConverter(workers=1, timeout=60) as conv:
        conv.start()
        (first,) = conv.soffice_pids()
        for i in range(3):
            assert f"Lần {i}" in nfc(pdf_text(conv.convert(build_docx([[f"Lần {i}"]]))))
        assert not wait_gone({first})  # LibreOffice's memory is handed back now and then
        wait_replaced(conv, first)
        assert "Sau khi thay" in nfc(pdf_text(conv.convert(build_docx([["Sau khi thay"]]))))
