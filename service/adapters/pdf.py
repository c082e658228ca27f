"""PDF adapter: .docx bytes → PDF bytes with LibreOffice, PDF → PNG pages/text.

`PdfConverter` keeps N unoserver processes warm (each with its own LibreOffice
profile and process group, see `lo_worker`) and hands documents to whichever is
free: about 0.2 s per document instead of about 1 s for one
`soffice --convert-to pdf` per document (`convert_cold`, the baseline).

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
import queue
import shutil
import subprocess
import tempfile
import threading
import weakref
from pathlib import Path

from service.adapters.lo_worker import (
    DOCX_IMPORT_FILTER,
    START_TIMEOUT,
    DocumentRejected,
    LoWorker,
    WorkerError,
    kill_group,
)
from service.config import unoserver_python
from service.errors import AdapterError, ServiceUnavailable

logger = logging.getLogger(__name__)

REPO_ROOT = Path(__file__).resolve().parents[2]

MSG_NO_LIBREOFFICE = "Không tạo được PDF: LibreOffice chưa được cài đặt trên máy chủ."
MSG_NO_UNOSERVER = "Không tạo được PDF: dịch vụ chuyển đổi PDF (unoserver) chưa được cài đặt trên máy chủ."
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
    """LibreOffice, unoserver or poppler-utils is missing or will not run."""

    public_message = MSG_NO_LIBREOFFICE


class PdfConversionError(PdfError):
    """This document (or PDF) could not be converted."""

    public_message = MSG_BAD_DOCUMENT


def default_unoserver_python() -> str:
    """Python of the unoserver venv made by scripts/install-unoserver.sh (service.config)."""
    return unoserver_python()


class _Pool:
    """Started workers plus a FIFO queue of the idle ones."""

    def __init__(self, workers: list[LoWorker], root: Path) -> None:
        self.workers = workers
        self.root = root
        self.free: queue.Queue[LoWorker] = queue.Queue()
        self.closed = False

    def start(self) -> None:
        errors: list[WorkerError] = []

        def run(worker: LoWorker) -> None:
            try:
                worker.start()
            except WorkerError as exc:
                errors.append(exc)

        threads = [threading.Thread(target=run, args=(w,)) for w in self.workers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        for worker in self.workers:
            self.free.put(worker)  # a failed one is retried when acquired
        if len(errors) == len(self.workers):
            self.close()
            raise PdfUnavailable(f"no unoserver started: {errors[0]}", MSG_SERVICE_DOWN)
        for exc in errors:
            logger.warning("a LibreOffice server did not start: %s", exc)

    def acquire(self, wait: float) -> LoWorker:
        """Take an idle worker, (re)starting it in this thread if it is dead."""
        if self.closed:
            raise PdfUnavailable("PDF converter closed", MSG_SERVICE_DOWN)
        try:
            worker = self.free.get(timeout=wait)
        except queue.Empty:
            raise PdfUnavailable("no LibreOffice server free in time", MSG_SERVICE_DOWN) from None
        if worker.running():
            return worker
        logger.warning("LibreOffice server on port %s is dead; restarting it", worker.port)
        try:
            worker.start()
        except WorkerError as exc:
            self.free.put(worker)
            raise PdfUnavailable(str(exc), MSG_SERVICE_DOWN) from exc
        return worker

    def release(self, worker: LoWorker) -> None:
        self.free.put(worker)

    def restart_later(self, worker: LoWorker) -> None:
        """Restart a failed worker in the background, then make it idle again."""

        def run() -> None:
            try:
                worker.start()
            except WorkerError as exc:
                logger.warning("restarting a LibreOffice server failed: %s", exc)
            finally:
                self.free.put(worker)

        threading.Thread(target=run, name="pdf-worker-restart", daemon=True).start()

    def close(self) -> None:
        self.closed = True
        threads = [threading.Thread(target=w.retire) for w in self.workers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        shutil.rmtree(self.root, ignore_errors=True)


def _close_at_exit(ref: weakref.ref[PdfConverter]) -> None:
    converter = ref()
    if converter is not None:
        converter.close()


class PdfConverter:
    """Thread-safe .docx → PDF converter backed by warm unoserver processes.

    The servers start lazily on the first `convert` (or on `start`).  A dead or
    hung server is restarted and its document retried once on another server.
    `close()` (also run at exit) stops every process and deletes the profiles.
    After a fork (gunicorn --preload) the child starts its own servers.
    """

    def __init__(
        self,
        *,
        soffice: str = "soffice",
        unoserver_python: str | None = None,
        workers: int = 1,
        base_port: int = 2003,
        timeout: float = 60.0,
        workdir: str | None = None,
    ) -> None:
        if workers < 1:
            raise ValueError("workers must be >= 1")
        if timeout <= 0:
            raise ValueError("timeout must be > 0")
        self.soffice = soffice
        self.unoserver_python = unoserver_python or default_unoserver_python()
        self.workers = workers
        self.base_port = base_port
        self.timeout = timeout
        self.workdir = workdir
        self._lock = threading.Lock()
        self._pool: _Pool | None = None
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
        if not os.access(self.unoserver_python, os.X_OK):
            return PdfUnavailable(
                f"unoserver python {self.unoserver_python!r} not found; run scripts/install-unoserver.sh",
                MSG_NO_UNOSERVER,
            )
        return None

    def available(self) -> bool:
        """True when LibreOffice and the unoserver venv are installed."""
        return self._missing() is None

    def start(self) -> None:
        """Start the servers now (convert() does it lazily) and wait for them."""
        self._ensure_pool()

    def _ensure_pool(self) -> _Pool:
        with self._lock:
            if self._pool is not None:
                return self._pool
            missing = self._missing()
            if missing is not None:
                raise missing
            soffice = shutil.which(self.soffice)
            assert soffice is not None
            if self.workdir is not None:
                os.makedirs(self.workdir, exist_ok=True)
            root = Path(tempfile.mkdtemp(prefix="pdfconv-", dir=self.workdir))
            workers = [
                LoWorker(
                    python=self.unoserver_python,
                    soffice=soffice,
                    root=root,
                    base_port=self.base_port,
                    timeout=self.timeout,
                )
                for _ in range(self.workers)
            ]
            pool = _Pool(workers, root)
            pool.start()
            self._pool = pool
            return pool

    def convert(self, docx: bytes) -> bytes:
        """Convert .docx bytes to PDF bytes.

        Raises PdfUnavailable when LibreOffice/unoserver is missing or will not
        start, PdfConversionError when this document cannot be converted.
        """
        data = bytes(docx)
        pool = self._ensure_pool()
        failure: WorkerError | None = None
        for _attempt in range(2):
            worker = pool.acquire(START_TIMEOUT + self.timeout)
            try:
                pdf = worker.convert(data)
            except DocumentRejected as exc:
                pool.release(worker)
                logger.warning("LibreOffice rejected a document: %s", exc)
                raise PdfConversionError(str(exc), MSG_BAD_DOCUMENT) from exc
            except WorkerError as exc:
                logger.warning("LibreOffice server on port %s failed (%s); restarting it", worker.port, exc)
                failure = exc
                pool.restart_later(worker)
                continue
            pool.release(worker)
            if not pdf.startswith(b"%PDF-"):
                raise PdfConversionError("LibreOffice returned no PDF", MSG_CONVERSION_FAILED)
            return pdf
        assert failure is not None
        if pool.closed:
            raise PdfUnavailable(f"PDF converter closed: {failure}", MSG_SERVICE_DOWN)
        message = MSG_TIMEOUT if failure.timed_out else MSG_CONVERSION_FAILED
        raise PdfConversionError(f"failed twice: {failure}", message) from failure

    def server_pids(self) -> list[int]:
        """Pids of the running unoserver processes (each leads a process group)."""
        pool = self._pool
        if pool is None:
            return []
        return [pid for w in pool.workers if w.running() and (pid := w.pid) is not None]

    def profile_root(self) -> Path | None:
        """Directory holding the servers' profiles and temp files, once started."""
        pool = self._pool
        return None if pool is None else pool.root

    def close(self) -> None:
        """Stop every server and its LibreOffice processes; delete the profiles."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.close()


def _forget_after_fork(ref: weakref.ref[PdfConverter]) -> None:
    """In a forked child the servers belong to the parent: start afresh."""
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
