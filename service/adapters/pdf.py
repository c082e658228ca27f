"""PDF adapter: .docx bytes → PDF bytes with LibreOffice, PDF → PNG pages/text.

`PdfConverter` hands documents to warm LibreOffice processes (`pdf_pool.Pool` of
`lo_worker.LoWorker` bridges, each with its own profile and process group): about 0.05 s
per document instead of about 1 s for one `soffice --convert-to pdf` per document
(`convert_cold`, the baseline). No LibreOffice process listens on TCP: the service reaches
its bridges through anonymous pipes and, when gunicorn's processes share one pool
(`endpoint`), through a Unix socket in a directory of mode 0700.

Errors carry two texts: `str(exc)` is the technical cause for the logs, and
`exc.public_message` is a short Vietnamese sentence that may be shown to users.

    converter = PdfConverter(workers=2)
    pdf = converter.convert(docx_bytes)
    pngs = pdf_to_png_pages(pdf, dpi=60)
    converter.close()
"""

from __future__ import annotations

import atexit
import logging
import os
import shutil
import subprocess
import tempfile
import threading
import weakref
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from service.adapters.lo_worker import DOCX_IMPORT_FILTER, LoWorker, kill_group
from service.adapters.pdf_pool import Pool, PoolClient, PoolError
from service.config import unoserver_python
from service.errors import AdapterError, ServiceUnavailable

logger = logging.getLogger(__name__)

REPO_ROOT = Path(__file__).resolve().parents[2]

MSG_NO_LIBREOFFICE = "Không tạo được PDF: LibreOffice chưa được cài đặt trên máy chủ."
MSG_NO_UNO = (
    "Không tạo được PDF: cầu nối LibreOffice (python3-uno, .venv-uno) chưa được cài đặt trên máy chủ."
)
MSG_SERVICE_DOWN = (
    "Không tạo được PDF: dịch vụ chuyển đổi PDF tạm thời không hoạt động, vui lòng thử lại sau."
)
MSG_BAD_DOCUMENT = "Không tạo được PDF: LibreOffice không đọc được văn bản này."
MSG_CONVERSION_FAILED = "Không tạo được PDF: LibreOffice gặp lỗi khi chuyển đổi văn bản này."
MSG_TIMEOUT = "Không tạo được PDF: quá thời gian chuyển đổi, vui lòng thử lại sau."
MSG_NO_POPPLER = "Không đọc được PDF: máy chủ thiếu công cụ poppler-utils."
MSG_BAD_PDF = "Không đọc được tệp PDF."


class PdfError(AdapterError):
    """Base class: `str(exc)` is the logged cause, `public_message` is for users (503)."""

    public_message = "Không tạo được PDF."
    problem = ServiceUnavailable


class PdfUnavailable(PdfError):
    """LibreOffice, its bridge or poppler-utils is missing or will not run."""

    public_message = MSG_NO_LIBREOFFICE


class PdfConversionError(PdfError):
    """This document (or PDF) could not be converted."""

    public_message = MSG_BAD_DOCUMENT


_POOL_ERRORS = {
    "rejected": (PdfConversionError, MSG_BAD_DOCUMENT),
    "timeout": (PdfConversionError, MSG_TIMEOUT),
    "unavailable": (PdfUnavailable, MSG_SERVICE_DOWN),
    "failed": (PdfConversionError, MSG_CONVERSION_FAILED),
}


def default_uno_python() -> str:
    """Python of the venv made by scripts/install-unoserver.sh, which sees the system `uno`
    (service.config)."""
    return unoserver_python()


def _close_at_exit(ref: weakref.ref[PdfConverter]) -> None:
    converter = ref()
    if converter is not None:
        converter.close()


class PdfConverter:
    """Thread-safe .docx → PDF converter backed by warm LibreOffice bridges.

    Without `endpoint` the bridges are children of this process: they start lazily on the
    first `convert` (or on `start`), die with it, and `close()` (also run at exit) stops them
    and deletes their profiles. After a fork the child starts bridges of its own.
    With `endpoint` (the Unix socket of a `pdf_pool` server, shared by gunicorn's workers)
    every conversion goes to that server's pool.

    `timeout` bounds one conversion (waiting for a free converter included); a conversion
    that exceeds it, or whose caller is interrupted (the render deadline), kills and
    replaces its converter.
    """

    def __init__(
        self,
        *,
        soffice: str = "soffice",
        uno_python: str | None = None,
        workers: int = 1,
        timeout: float = 20.0,
        workdir: str | None = None,
        endpoint: str | None = None,
    ) -> None:
        if workers < 1:
            raise ValueError("workers must be >= 1")
        if timeout <= 0:
            raise ValueError("timeout must be > 0")
        self.soffice = soffice
        self.uno_python = uno_python or default_uno_python()
        self.workers = workers
        self.timeout = timeout
        self.workdir = workdir
        self.endpoint = endpoint
        self._lock = threading.Lock()
        self._pool: Pool | None = None
        ref = weakref.ref(self)
        atexit.register(_close_at_exit, ref)
        os.register_at_fork(after_in_child=lambda: _forget_after_fork(ref))

    def __enter__(self) -> PdfConverter:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _missing(self) -> PdfUnavailable | None:
        if shutil.which(self.soffice) is None:
            return PdfUnavailable(f"LibreOffice executable {self.soffice!r} not found", MSG_NO_LIBREOFFICE)
        if not os.access(self.uno_python, os.X_OK):
            return PdfUnavailable(
                f"uno python {self.uno_python!r} not found; run scripts/install-unoserver.sh",
                MSG_NO_UNO,
            )
        return None

    def available(self) -> bool:
        """True when LibreOffice and the Python with its `uno` module are installed."""
        return self._missing() is None

    def start(self) -> None:
        """Start the bridges now (convert() does it lazily) and wait for them."""
        if self.endpoint is None:
            self._ensure_pool()

    def _ensure_pool(self) -> Pool:
        with self._lock:
            if self._pool is not None:
                return self._pool
            missing = self._missing()
            if missing is not None:
                raise missing
            soffice = shutil.which(self.soffice)
            assert soffice is not None
            if self.workdir is not None:
                os.makedirs(self.workdir, mode=0o700, exist_ok=True)
            root = Path(tempfile.mkdtemp(prefix="pdfconv-", dir=self.workdir))
            pool = Pool(
                lambda: LoWorker(python=self.uno_python, soffice=soffice, root=root, timeout=self.timeout),
                self.workers,
                root,
            )
            try:
                pool.start()
            except PoolError as exc:
                raise PdfUnavailable(str(exc), MSG_SERVICE_DOWN) from exc
            self._pool = pool
            return pool

    def convert(self, docx: bytes, *, timeout: float | None = None, destinations: bool = False) -> bytes:
        """Convert .docx bytes to PDF bytes.

        `destinations` exports the document's bookmarks as PDF named destinations (used to
        split a merged batch). Raises PdfUnavailable when LibreOffice is missing or will not
        start, PdfConversionError when this document cannot be converted in time.
        """
        data = bytes(docx)
        if not data.startswith(b"PK\x03\x04"):  # a .docx is a zip; LibreOffice takes anything
            raise PdfConversionError("not a .docx (no zip signature)", MSG_BAD_DOCUMENT)
        limit = self.timeout if timeout is None else min(timeout, self.timeout)
        try:
            if self.endpoint is not None:
                missing = self._missing()
                if missing is not None:
                    raise missing
                pdf = PoolClient(self.endpoint).convert(data, timeout=limit, destinations=destinations)
            else:
                pdf = self._ensure_pool().convert(data, timeout=limit, destinations=destinations)
        except PoolError as exc:
            cls, message = _POOL_ERRORS.get(exc.kind, _POOL_ERRORS["failed"])
            logger.warning("PDF conversion failed (%s): %s", exc.kind, exc)
            raise cls(f"{exc.kind}: {exc}", message) from exc
        if not pdf.startswith(b"%PDF-"):
            raise PdfConversionError("LibreOffice returned no PDF", MSG_CONVERSION_FAILED)
        return pdf

    def _pids(self) -> dict[str, list[int]]:
        if self.endpoint is not None:
            try:
                return PoolClient(self.endpoint).status()
            except PoolError:
                return {}
        pool = self._pool
        return {} if pool is None else pool.pids()

    def server_pids(self) -> list[int]:
        """Pids of the running bridges (each leads a process group with its soffice.bin)."""
        return list(self._pids().get("bridges", []))

    def soffice_pids(self) -> list[int]:
        """Pids of the running soffice.bin processes."""
        return list(self._pids().get("soffice", []))

    def profile_root(self) -> Path | None:
        """Directory holding this process's bridges' profiles and temp files, once started."""
        pool = self._pool
        return None if pool is None else pool.root

    def close(self) -> None:
        """Stop every bridge and its LibreOffice; delete the profiles."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.close()


def converter_from_config(cfg: Mapping[str, Any]) -> PdfConverter:
    """The converter the service's configuration describes (service/config.py keys)."""
    return PdfConverter(
        soffice=cfg.get("PDF_SOFFICE") or "soffice",
        workers=max(1, int(cfg.get("PDF_WORKERS") or 1)),
        timeout=float(cfg.get("PDF_TIMEOUT_S") or 20),
        uno_python=cfg.get("UNOSERVER_PYTHON") or None,
        workdir=str(Path(cfg["DATA_DIR"]) / "pdf"),
        endpoint=cfg.get("PDF_POOL_SOCKET") or None,
    )


def _forget_after_fork(ref: weakref.ref[PdfConverter]) -> None:
    """In a forked child the bridges belong to the parent: start afresh."""
    converter = ref()
    if converter is not None:
        converter._lock = threading.Lock()
        converter._pool = None


def _clean_env() -> dict[str, str]:
    drop = ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")
    return {k: v for k, v in os.environ.items() if k not in drop}


def convert_cold(docx: bytes, soffice: str = "soffice", *, timeout: float = 120.0) -> bytes:
    """Convert with one `soffice --headless --convert-to pdf` in a fresh profile.

    The slow baseline (about 1 s per document) that `PdfConverter` beats.
    """
    exe = shutil.which(soffice)
    if exe is None:
        raise PdfUnavailable(f"LibreOffice executable {soffice!r} not found", MSG_NO_LIBREOFFICE)
    with tempfile.TemporaryDirectory(prefix="pdfcold-") as tmp:
        root = Path(tmp)
        src = root / "document.docx"
        src.write_bytes(docx)
        outdir = root / "out"
        cmd = [
            exe, "--headless", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
            f"-env:UserInstallation={(root / 'profile').as_uri()}",
            f"--infilter={DOCX_IMPORT_FILTER}",
            "--convert-to", "pdf", "--outdir", str(outdir), str(src),
        ]  # fmt: skip
        with open(root / "soffice.log", "wb") as log:
            proc = subprocess.Popen(
                cmd,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=root,
                env=_clean_env(),
                start_new_session=True,
            )
            try:
                proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                raise PdfConversionError(f"soffice timed out after {timeout} s", MSG_TIMEOUT) from None
            finally:
                kill_group(proc)  # nothing of it may linger
        pdf_path = outdir / "document.pdf"
        if not pdf_path.is_file():
            output = (root / "soffice.log").read_text("utf-8", "replace").strip()
            raise PdfConversionError(
                f"soffice exited with {proc.returncode} and no PDF: {output[-1000:]}",
                MSG_BAD_DOCUMENT,
            )
        return pdf_path.read_bytes()


def _poppler(tool: str, args: list[str], pdf: bytes, tmp: Path) -> bytes:
    """Run a poppler-utils tool on `pdf` (saved as tmp/input.pdf); return stdout."""
    exe = shutil.which(tool)
    if exe is None:
        raise PdfUnavailable(f"{tool} not found (install poppler-utils)", MSG_NO_POPPLER)
    src = tmp / "input.pdf"
    src.write_bytes(pdf)
    try:
        done = subprocess.run([exe, *args], cwd=tmp, capture_output=True, timeout=120, env=_clean_env())
    except subprocess.TimeoutExpired:
        raise PdfConversionError(f"{tool} timed out", MSG_BAD_PDF) from None
    if done.returncode != 0:
        err = done.stderr.decode("utf-8", "replace").strip()
        raise PdfConversionError(f"{tool} exited with {done.returncode}: {err}", MSG_BAD_PDF)
    return done.stdout


def page_number(filename: str) -> int:
    """Page number of a pdftoppm output file (it zero-pads to the page count).

    >>> page_number("page-07.png")
    7
    >>> sorted(["page-10.png", "page-9.png"], key=page_number)
    ['page-9.png', 'page-10.png']
    """
    return int(filename.rsplit("-", 1)[1].split(".", 1)[0])


def parse_page_count(pdfinfo_output: str) -> int:
    """The `Pages:` value of pdfinfo's output.

    >>> parse_page_count("Producer:       LibreOffice 7.4\\nPages:          3\\n")
    3
    """
    for line in pdfinfo_output.splitlines():
        key, _, value = line.partition(":")
        if key.strip() == "Pages":
            return int(value.strip())
    raise ValueError("no 'Pages:' line in pdfinfo output")


def pdf_to_png_pages(
    pdf: bytes, *, dpi: int = 60, first: int | None = None, last: int | None = None
) -> list[bytes]:
    """Render pages `first`..`last` (1-based, default all) as PNG bytes."""
    if dpi < 1:
        raise ValueError("dpi must be >= 1")
    args = ["-png", "-r", str(dpi)]
    if first is not None:
        args += ["-f", str(first)]
    if last is not None:
        args += ["-l", str(last)]
    with tempfile.TemporaryDirectory(prefix="pdfpng-") as tmp:
        out = Path(tmp, "pages")
        out.mkdir()
        _poppler("pdftoppm", [*args, "input.pdf", str(out / "page")], pdf, Path(tmp))
        names = sorted((p.name for p in out.glob("page-*.png")), key=page_number)
        return [(out / name).read_bytes() for name in names]


def pdf_page_count(pdf: bytes) -> int:
    """Number of pages, from pdfinfo."""
    with tempfile.TemporaryDirectory(prefix="pdfinfo-") as tmp:
        output = _poppler("pdfinfo", ["input.pdf"], pdf, Path(tmp))
    try:
        return parse_page_count(output.decode("utf-8", "replace"))
    except ValueError as exc:
        raise PdfConversionError(str(exc), MSG_BAD_PDF) from exc


def pdf_text(pdf: bytes) -> str:
    """Text of the PDF (pdftotext -layout, UTF-8); pages end with a form feed."""
    with tempfile.TemporaryDirectory(prefix="pdftext-") as tmp:
        output = _poppler("pdftotext", ["-layout", "-enc", "UTF-8", "input.pdf", "-"], pdf, Path(tmp))
    return output.decode("utf-8", "replace")
