"""Own templates belong to the key that uploaded them; stored templates and versions are bounded."""

from __future__ import annotations

import pytest

from service import create_app
from tests.templates.docx_make import make_docx
from tests.templates.test_api import DATA, upload

OWNER, OTHER = "khoa-so-noi-vu-0123456789", "khoa-so-tai-chinh-987654321"


def config(tmp_path, database_url="", **extra):
    return {
        "DATA_DIR": str(tmp_path / "var"),
        "DATABASE_URL": database_url,
        "TESTING": True,
        "PDF_ENABLED": False,
        **extra,
    }


def as_key(app, key):
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {key}"
    return client


def refused(resp, status):
    assert resp.status_code == status, resp.get_data(as_text=True)
    assert resp.mimetype == "application/problem+json"
    return resp.get_json()["detail"]


def test_only_the_owner_changes_or_deletes_every_key_reads_and_renders(tmp_path, database_url):
    app = create_app(config(tmp_path, database_url, API_KEYS=[OWNER, OTHER]))
    owner, other = as_key(app, OWNER), as_key(app, OTHER)
    assert upload(owner).status_code == 201

    detail = refused(upload(other, data=make_docx("Khác {{ ho_ten }}"), method="put"), 403)
    assert "chỉ khóa đã tải mẫu lên" in detail
    assert "chỉ khóa đã tải mẫu lên" in refused(other.delete("/api/v1/templates/giay-chung-nhan"), 403)
    # Nothing changed, and the other office still reads and renders the shared form.
    versions = other.get("/api/v1/templates/giay-chung-nhan/versions")
    assert versions.status_code == 200 and [v["phien_ban"] for v in versions.get_json()] == [1]
    assert other.get("/api/v1/templates/giay-chung-nhan").status_code == 200
    assert other.post("/api/v1/documents/giay-chung-nhan", json=DATA).status_code == 200

    resp = upload(owner, data=make_docx("Hai {{ ho_ten }}"), method="put")
    assert resp.status_code == 200 and resp.get_json()["phien_ban"] == 2
    assert owner.delete("/api/v1/templates/giay-chung-nhan").status_code == 204
    assert other.get("/api/v1/templates/giay-chung-nhan").status_code == 404


def test_template_without_owner_is_read_only_once_keys_are_set(tmp_path):
    open_app = create_app(config(tmp_path))
    assert upload(open_app.test_client()).status_code == 201  # open service: no owner recorded
    keyed = as_key(create_app(config(tmp_path, API_KEYS=[OWNER])), OWNER)
    refused(upload(keyed, data=make_docx("Hai {{ ho_ten }}"), method="put"), 403)
    refused(keyed.delete("/api/v1/templates/giay-chung-nhan"), 403)
    assert keyed.post("/api/v1/documents/giay-chung-nhan", json=DATA).status_code == 200
    # Open again: everyone is the same caller and may change it.
    assert (
        create_app(config(tmp_path)).test_client().delete("/api/v1/templates/giay-chung-nhan").status_code
        == 204
    )


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_limits_on_templates_and_versions(tmp_path, database_url):
    client = create_app(
        config(tmp_path, database_url, MAX_TEMPLATES=1, MAX_TEMPLATE_VERSIONS=2)
    ).test_client()
    assert upload(client).status_code == 201
    assert "VB_MAX_TEMPLATES" in refused(upload(client, "mau-thu-hai"), 409)
    assert client.get("/api/v1/templates/mau-thu-hai").status_code == 404
    assert upload(client, data=make_docx("Hai {{ ho_ten }}"), method="put").status_code == 200
    assert "VB_MAX_TEMPLATE_VERSIONS" in refused(
        upload(client, data=make_docx("Ba {{ x }}"), method="put"), 409
    )
    versions = client.get("/api/v1/templates/giay-chung-nhan/versions").get_json()
    assert [v["phien_ban"] for v in versions] == [1, 2]
    # Deleting makes room again.
    assert client.delete("/api/v1/templates/giay-chung-nhan").status_code == 204
    assert upload(client, "mau-thu-hai").status_code == 201
