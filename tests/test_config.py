"""Configuration read in one place (service/config.py), every variable in the README, and the
generated secret kept under VB_DATA_DIR so a restart does not expire a clerk's session."""

from __future__ import annotations

import re
import stat
from pathlib import Path

from service import config, create_app

ROOT = Path(__file__).resolve().parent.parent
# Reading a variable (copying the whole environment for a child process is not reading one).
_READS = re.compile(r"os\.environ\.get\(|os\.environ\[\s*['\"]|os\.getenv\(|environ\.get\(")


def _sources() -> list[Path]:
    return [*sorted((ROOT / "service").rglob("*.py")), ROOT / "wsgi.py"]


def test_only_config_reads_the_environment():
    readers = [
        str(p.relative_to(ROOT))
        for p in _sources()
        if p.name != "config.py" and _READS.search(p.read_text(encoding="utf-8"))
    ]
    assert readers == []
    gunicorn_conf = (ROOT / "gunicorn.conf.py").read_text(encoding="utf-8")
    assert "os.environ.get(" not in gunicorn_conf and "from service.config import server" in gunicorn_conf


def test_every_variable_is_in_the_readme_table():
    source = (ROOT / "service" / "config.py").read_text(encoding="utf-8")
    read = r"(?:_int\(|_float\(|_list\(|environ\.get\(|env\.get\(|environ\[)\s*\"([A-Z][A-Z0-9_]*)\""
    names = set(re.findall(read, source))
    assert {"VB_DATA_DIR", "VB_SECRET_KEY", "VB_BIND", "VB_PDF_WARM", "PORT", "UNOSERVER_VENV"} <= names
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Configuration (environment variables)", 1)[1].split("\n## ", 1)[0]
    missing = sorted(n for n in names if f"`{n}`" not in table)
    assert missing == []


def test_generated_secret_survives_a_restart(tmp_path, monkeypatch):
    monkeypatch.delenv("VB_SECRET_KEY", raising=False)
    first = create_app({"DATA_DIR": str(tmp_path), "TESTING": True, "PDF_ENABLED": False})
    key_file = tmp_path / config.SECRET_FILE
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    second = create_app({"DATA_DIR": str(tmp_path), "TESTING": True, "PDF_ENABLED": False})
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"] == key_file.read_text()
    assert len(first.config["SECRET_KEY"]) >= 32

    # A clerk opens the form, the service restarts, the clerk submits: no "session expired".
    before = first.test_client()
    page = before.get("/mau/ke-hoach").get_data(as_text=True)
    token = re.search(r'name="_csrf" value="([^"]+)"', page).group(1)
    after = second.test_client()
    after.set_cookie("session", before.get_cookie("session").value)
    resp = after.post("/mau/ke-hoach", data={"_csrf": token, "_hanh_dong": "xem", "trich_yeu": ""})
    assert resp.status_code == 422  # the form's own errors, not the CSRF refusal (400)
    assert "Phiên làm việc đã hết hạn" not in resp.get_data(as_text=True)


def test_vb_secret_key_wins(tmp_path, monkeypatch):
    monkeypatch.setenv("VB_SECRET_KEY", "k" * 40)
    app = create_app({"DATA_DIR": str(tmp_path), "TESTING": True, "PDF_ENABLED": False})
    assert app.config["SECRET_KEY"] == "k" * 40
    assert not (tmp_path / config.SECRET_FILE).exists()


def test_a_truncated_secret_file_is_replaced(tmp_path, monkeypatch):
    monkeypatch.delenv("VB_SECRET_KEY", raising=False)
    (tmp_path / config.SECRET_FILE).write_text("short")
    key = config.secret_key(tmp_path)
    assert len(key) == 64 and (tmp_path / config.SECRET_FILE).read_text() == key
